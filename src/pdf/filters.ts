/**
 * Stream filters (§7.4) with size caps. Hand-written because the reader must run synchronously in
 * browsers and count every decoded byte against the caller's limits.
 */
import { formatError, isCrossignError } from '../lib/errors.js';
import { inflateZlib } from './inflate.js';
import { isInt, isName, PdfDict, type PdfObject } from './objects.js';
import {
  PDF_DECOMPRESSION_BUDGET,
  PDF_FILTER_ERROR,
  PDF_FILTER_UNSUPPORTED,
  PDF_STREAM_TOO_LARGE,
} from './problems.js';

export interface DecodeBudget {
  maxStreamBytes: number;
  /** Bytes left of maxTotalDecompressedBytes for the whole document. */
  remaining: number;
}

function fail(msg: string): never {
  throw formatError(PDF_FILTER_ERROR, msg);
}

function cap(budget: DecodeBudget): number {
  return Math.min(budget.maxStreamBytes, budget.remaining);
}

function charge(budget: DecodeBudget, out: Uint8Array): Uint8Array {
  if (out.length > budget.maxStreamBytes)
    throw formatError(PDF_STREAM_TOO_LARGE, 'decoded stream exceeds the size limit');
  if (out.length > budget.remaining)
    throw formatError(PDF_DECOMPRESSION_BUDGET, 'total decompressed bytes exceed the limit');
  budget.remaining -= out.length;
  return out;
}

/** Applies a /Filter chain with its /DecodeParms. Filter and parms must already be resolved objects. */
export function decodeStreamData(
  raw: Uint8Array,
  filter: PdfObject | undefined,
  parms: PdfObject | undefined,
  budget: DecodeBudget,
): Uint8Array {
  const filters = filter === undefined ? [] : Array.isArray(filter) ? filter : [filter];
  const parmList = parms === undefined ? [] : Array.isArray(parms) ? parms : [parms];
  let data = raw;
  for (let i = 0; i < filters.length; i++) {
    const f = filters[i];
    if (!isName(f)) fail('/Filter entry is not a name');
    const p = parmList[i];
    const dp = p instanceof PdfDict ? p : undefined;
    let out: Uint8Array;
    try {
      out = applyFilter(f.name, data, dp, cap(budget));
    } catch (e) {
      // A filter stops at the smaller of the two caps; name the one that was actually reached.
      if (
        isCrossignError(e) &&
        e.problem === PDF_STREAM_TOO_LARGE &&
        budget.remaining < budget.maxStreamBytes
      )
        throw formatError(PDF_DECOMPRESSION_BUDGET, 'total decompressed bytes exceed the limit');
      throw e;
    }
    data = charge(budget, out);
  }
  return data;
}

function applyFilter(name: string, data: Uint8Array, parms: PdfDict | undefined, limit: number): Uint8Array {
  switch (name) {
    case 'FlateDecode':
    case 'Fl':
      return predict(inflateZlib(data, limit), parms, limit);
    case 'LZWDecode':
    case 'LZW': {
      const early = parms?.get('EarlyChange');
      return predict(lzw(data, early === 0 ? 0 : 1, limit), parms, limit);
    }
    case 'ASCIIHexDecode':
    case 'AHx':
      return asciiHex(data, limit);
    case 'ASCII85Decode':
    case 'A85':
      return ascii85(data, limit);
    case 'RunLengthDecode':
    case 'RL':
      return runLength(data, limit);
    default:
      throw formatError(PDF_FILTER_UNSUPPORTED, `stream filter /${name} is not supported`);
  }
}

function intParam(parms: PdfDict | undefined, key: string, def: number): number {
  const v = parms?.get(key);
  if (v === undefined) return def;
  if (!isInt(v) || v < 0) fail(`/DecodeParms /${key} is not a non-negative integer`);
  return v;
}

function predict(data: Uint8Array, parms: PdfDict | undefined, limit: number): Uint8Array {
  const predictor = intParam(parms, 'Predictor', 1);
  if (predictor === 1) return data;
  const colors = intParam(parms, 'Colors', 1);
  const bpc = intParam(parms, 'BitsPerComponent', 8);
  const columns = intParam(parms, 'Columns', 1);
  if (colors < 1 || colors > 32 || ![1, 2, 4, 8, 16].includes(bpc) || columns < 1 || columns > 1 << 24)
    fail('bad predictor parameters');
  const bpp = Math.max(1, (colors * bpc) >> 3);
  const rowLen = Math.ceil((colors * bpc * columns) / 8);
  if (predictor === 2) {
    if (bpc !== 8) fail('TIFF predictor is only supported with 8 bits per component');
    const out = data.slice();
    for (let r = 0; r + rowLen <= out.length; r += rowLen)
      for (let i = bpp; i < rowLen; i++) out[r + i] = (out[r + i]! + out[r + i - bpp]!) & 0xff;
    return out;
  }
  if (predictor < 10 || predictor > 15) fail(`unknown predictor ${predictor}`);
  const rows = Math.floor(data.length / (rowLen + 1));
  if (rows * rowLen > limit) throw formatError(PDF_STREAM_TOO_LARGE, 'decoded stream exceeds the size limit');
  const out = new Uint8Array(rows * rowLen);
  let prev = new Uint8Array(rowLen);
  for (let r = 0; r < rows; r++) {
    const inOff = r * (rowLen + 1);
    const type = data[inOff]!;
    const row = out.subarray(r * rowLen, (r + 1) * rowLen);
    row.set(data.subarray(inOff + 1, inOff + 1 + rowLen));
    for (let i = 0; i < rowLen; i++) {
      const left = i >= bpp ? row[i - bpp]! : 0;
      const up = prev[i]!;
      const ul = i >= bpp ? prev[i - bpp]! : 0;
      switch (type) {
        case 0:
          break;
        case 1:
          row[i] = (row[i]! + left) & 0xff;
          break;
        case 2:
          row[i] = (row[i]! + up) & 0xff;
          break;
        case 3:
          row[i] = (row[i]! + ((left + up) >> 1)) & 0xff;
          break;
        case 4: {
          const pa = Math.abs(up - ul);
          const pb = Math.abs(left - ul);
          const pc = Math.abs(left + up - 2 * ul);
          const pred = pa <= pb && pa <= pc ? left : pb <= pc ? up : ul;
          row[i] = (row[i]! + pred) & 0xff;
          break;
        }
        default:
          fail(`bad PNG predictor row type ${type}`);
      }
    }
    prev = row;
  }
  return out;
}

class Growable {
  buf = new Uint8Array(1024);
  len = 0;
  constructor(readonly limit: number) {}
  push(b: number): void {
    if (this.len >= this.buf.length) this.grow(1);
    this.buf[this.len++] = b;
  }
  grow(extra: number): void {
    if (this.len + extra > this.limit)
      throw formatError(PDF_STREAM_TOO_LARGE, 'decoded stream exceeds the size limit');
    let size = this.buf.length * 2;
    while (size < this.len + extra) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
  }
  result(): Uint8Array {
    return this.buf.subarray(0, this.len);
  }
}

function hexDigit(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 65 && c <= 70) return c - 55;
  if (c >= 97 && c <= 102) return c - 87;
  return -1;
}

function isWs(c: number): boolean {
  return c === 0 || c === 9 || c === 10 || c === 12 || c === 13 || c === 32;
}

function asciiHex(data: Uint8Array, limit: number): Uint8Array {
  const out = new Growable(limit);
  let hi = -1;
  for (let i = 0; i < data.length; i++) {
    const c = data[i]!;
    if (c === 0x3e) break;
    if (isWs(c)) continue;
    const v = hexDigit(c);
    if (v < 0) fail('bad character in ASCIIHex data');
    if (hi < 0) hi = v;
    else {
      out.push(hi * 16 + v);
      hi = -1;
    }
  }
  if (hi >= 0) out.push(hi * 16);
  return out.result();
}

function ascii85(data: Uint8Array, limit: number): Uint8Array {
  const out = new Growable(limit);
  const group: number[] = [];
  let i = 0;
  if (data[0] === 0x3c && data[1] === 0x7e) i = 2;
  for (; i < data.length; i++) {
    const c = data[i]!;
    if (isWs(c)) continue;
    if (c === 0x7e) {
      if (data[i + 1] !== 0x3e) fail('bad ASCII85 end marker');
      break;
    }
    if (c === 0x7a) {
      if (group.length) fail('"z" inside an ASCII85 group');
      for (let k = 0; k < 4; k++) out.push(0);
      continue;
    }
    if (c < 0x21 || c > 0x75) fail('bad character in ASCII85 data');
    group.push(c - 33);
    if (group.length === 5) {
      let v = 0;
      for (const g of group) v = v * 85 + g;
      if (v > 0xffffffff) fail('ASCII85 group overflows');
      out.push(v >>> 24);
      out.push((v >>> 16) & 0xff);
      out.push((v >>> 8) & 0xff);
      out.push(v & 0xff);
      group.length = 0;
    }
  }
  if (group.length === 1) fail('truncated ASCII85 group');
  if (group.length) {
    const n = group.length;
    while (group.length < 5) group.push(84);
    let v = 0;
    for (const g of group) v = v * 85 + g;
    if (v > 0xffffffff) fail('ASCII85 group overflows');
    const bytes = [v >>> 24, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff];
    for (let k = 0; k < n - 1; k++) out.push(bytes[k]!);
  }
  return out.result();
}

function runLength(data: Uint8Array, limit: number): Uint8Array {
  const out = new Growable(limit);
  let i = 0;
  while (i < data.length) {
    const n = data[i++]!;
    if (n === 128) break;
    if (n < 128) {
      if (i + n + 1 > data.length) fail('truncated RunLength data');
      for (let k = 0; k <= n; k++) out.push(data[i + k]!);
      i += n + 1;
    } else {
      if (i >= data.length) fail('truncated RunLength data');
      const b = data[i++]!;
      for (let k = 0; k < 257 - n; k++) out.push(b);
    }
  }
  return out.result();
}

function lzw(data: Uint8Array, early: number, limit: number): Uint8Array {
  const out = new Growable(limit);
  const prefix = new Int32Array(4096);
  const suffix = new Uint8Array(4096);
  const lengths = new Uint16Array(4096);
  for (let i = 0; i < 256; i++) {
    prefix[i] = -1;
    suffix[i] = i;
    lengths[i] = 1;
  }
  let next = 258;
  let width = 9;
  let bitBuf = 0;
  let bitCnt = 0;
  let pos = 0;
  let prev = -1;
  const tmp = new Uint8Array(4096);
  const emit = (code: number): number => {
    const len = lengths[code]!;
    let c = code;
    for (let k = len - 1; k >= 0; k--) {
      tmp[k] = suffix[c]!;
      c = prefix[c]!;
    }
    for (let k = 0; k < len; k++) out.push(tmp[k]!);
    return tmp[0]!;
  };
  for (;;) {
    while (bitCnt < width && pos < data.length) {
      bitBuf = ((bitBuf << 8) | data[pos++]!) >>> 0;
      bitCnt += 8;
    }
    if (bitCnt < width) break;
    const code = (bitBuf >>> (bitCnt - width)) & ((1 << width) - 1);
    bitCnt -= width;
    bitBuf &= (1 << bitCnt) - 1;
    if (code === 256) {
      next = 258;
      width = 9;
      prev = -1;
      continue;
    }
    if (code === 257) break;
    if (prev < 0) {
      if (code > 255) fail('bad first LZW code');
      emit(code);
      prev = code;
      continue;
    }
    let first: number;
    if (code < next) first = emit(code);
    else if (code === next) {
      const f = emit(prev);
      out.push(f);
      first = f;
    } else fail('bad LZW code');
    if (next < 4096) {
      prefix[next] = prev;
      suffix[next] = first;
      lengths[next] = lengths[prev]! + 1;
      next++;
    }
    if (next + early >= 1 << width && width < 12) width++;
    prev = code;
  }
  return out.result();
}
