/**
 * Hand-written inflate (RFC 1950/1951): DecompressionStream is async and missing in some runtimes, and
 * no inflate package is installed; this one is synchronous and enforces an output cap while decoding.
 */
import { formatError } from '../lib/errors.js';
import { PDF_FILTER_ERROR, PDF_STREAM_TOO_LARGE } from './problems.js';

const LEN_BASE = [
  3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195,
  227, 258,
];
const LEN_EXTRA = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];
const DIST_BASE = [
  1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097,
  6145, 8193, 12289, 16385, 24577,
];
const DIST_EXTRA = [
  0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13,
];
const CL_ORDER = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];

interface Huffman {
  counts: Uint16Array;
  symbols: Uint16Array;
}

function bad(msg: string): never {
  throw formatError(PDF_FILTER_ERROR, `FlateDecode: ${msg}`);
}

function buildHuffman(lengths: ArrayLike<number>, n: number): Huffman {
  const counts = new Uint16Array(16);
  for (let i = 0; i < n; i++) counts[lengths[i]!]!++;
  counts[0] = 0;
  let left = 1;
  for (let len = 1; len < 16; len++) {
    left <<= 1;
    left -= counts[len]!;
    if (left < 0) bad('over-subscribed code');
  }
  const offs = new Uint16Array(16);
  for (let len = 1; len < 15; len++) offs[len + 1] = offs[len]! + counts[len]!;
  const symbols = new Uint16Array(n);
  for (let i = 0; i < n; i++) if (lengths[i] !== 0) symbols[offs[lengths[i]!]!++] = i;
  return { counts, symbols };
}

class Output {
  buf: Uint8Array;
  len = 0;
  constructor(
    initial: number,
    readonly cap: number,
  ) {
    this.buf = new Uint8Array(Math.max(1024, Math.min(initial, cap)));
  }
  ensure(extra: number): void {
    const need = this.len + extra;
    if (need > this.cap)
      throw formatError(PDF_STREAM_TOO_LARGE, 'decompressed stream exceeds the size limit');
    if (need <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < need) size *= 2;
    const next = new Uint8Array(Math.min(size, Math.max(need, this.cap)));
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
  }
}

/** Inflates a zlib stream (RFC 1950); `cap` bounds the output size. Trailing bytes are ignored. */
export function inflateZlib(data: Uint8Array, cap: number): Uint8Array {
  if (data.length < 2) bad('stream too short');
  const cmf = data[0]!;
  const flg = data[1]!;
  if ((cmf & 0x0f) !== 8 || ((cmf << 8) | flg) % 31 !== 0) bad('bad zlib header');
  if (flg & 0x20) bad('preset dictionary not supported');
  return inflateRaw(data, 2, cap);
}

/** Inflates raw DEFLATE data starting at `start`. A missing final block is an error (no partial output). */
export function inflateRaw(data: Uint8Array, start: number, cap: number): Uint8Array {
  let pos = start;
  let bitBuf = 0;
  let bitCnt = 0;
  const out = new Output(data.length * 4, cap);

  const bits = (need: number): number => {
    while (bitCnt < need) {
      if (pos >= data.length) bad('unexpected end of data');
      bitBuf |= data[pos++]! << bitCnt;
      bitCnt += 8;
    }
    const v = bitBuf & ((1 << need) - 1);
    bitBuf >>>= need;
    bitCnt -= need;
    return v;
  };

  const decodeSym = (h: Huffman): number => {
    let code = 0;
    let first = 0;
    let index = 0;
    for (let len = 1; len < 16; len++) {
      code |= bits(1);
      const count = h.counts[len]!;
      if (code - count < first) return h.symbols[index + (code - first)]!;
      index += count;
      first += count;
      first <<= 1;
      code <<= 1;
    }
    return bad('invalid Huffman code');
  };

  let fixedLit: Huffman | undefined;
  let fixedDist: Huffman | undefined;
  for (;;) {
    const final = bits(1);
    const type = bits(2);
    if (type === 0) {
      bitBuf = 0;
      bitCnt = 0;
      if (pos + 4 > data.length) bad('truncated stored block');
      const len = data[pos]! | (data[pos + 1]! << 8);
      const nlen = data[pos + 2]! | (data[pos + 3]! << 8);
      pos += 4;
      if ((len ^ 0xffff) !== nlen) bad('stored block length mismatch');
      if (pos + len > data.length) bad('truncated stored block');
      out.ensure(len);
      out.buf.set(data.subarray(pos, pos + len), out.len);
      out.len += len;
      pos += len;
    } else if (type === 1 || type === 2) {
      let lit: Huffman;
      let dist: Huffman;
      if (type === 1) {
        if (!fixedLit || !fixedDist) {
          const l = new Uint8Array(288);
          l.fill(8, 0, 144);
          l.fill(9, 144, 256);
          l.fill(7, 256, 280);
          l.fill(8, 280, 288);
          fixedLit = buildHuffman(l, 288);
          fixedDist = buildHuffman(new Uint8Array(30).fill(5), 30);
        }
        lit = fixedLit;
        dist = fixedDist;
      } else {
        const nlen = bits(5) + 257;
        const ndist = bits(5) + 1;
        const ncode = bits(4) + 4;
        if (nlen > 286 || ndist > 30) bad('bad dynamic block counts');
        const cl = new Uint8Array(19);
        for (let i = 0; i < ncode; i++) cl[CL_ORDER[i]!] = bits(3);
        const clh = buildHuffman(cl, 19);
        const lengths = new Uint8Array(nlen + ndist);
        let i = 0;
        while (i < nlen + ndist) {
          const sym = decodeSym(clh);
          if (sym < 16) lengths[i++] = sym;
          else {
            let rep: number;
            let val = 0;
            if (sym === 16) {
              if (i === 0) bad('repeat with no previous length');
              val = lengths[i - 1]!;
              rep = 3 + bits(2);
            } else if (sym === 17) rep = 3 + bits(3);
            else rep = 11 + bits(7);
            if (i + rep > nlen + ndist) bad('too many code lengths');
            lengths.fill(val, i, i + rep);
            i += rep;
          }
        }
        if (lengths[256] === 0) bad('no end-of-block code');
        lit = buildHuffman(lengths.subarray(0, nlen), nlen);
        dist = buildHuffman(lengths.subarray(nlen), ndist);
      }
      for (;;) {
        const sym = decodeSym(lit);
        if (sym < 256) {
          out.ensure(1);
          out.buf[out.len++] = sym;
        } else if (sym === 256) break;
        else {
          const li = sym - 257;
          if (li >= 29) bad('bad length symbol');
          const len = LEN_BASE[li]! + bits(LEN_EXTRA[li]!);
          const di = decodeSym(dist);
          if (di >= 30) bad('bad distance symbol');
          const d = DIST_BASE[di]! + bits(DIST_EXTRA[di]!);
          if (d > out.len) bad('distance too far back');
          out.ensure(len);
          const b = out.buf;
          let o = out.len;
          for (let k = 0; k < len; k++, o++) b[o] = b[o - d]!;
          out.len = o;
        }
      }
    } else bad('invalid block type');
    if (final) break;
  }
  return out.buf.subarray(0, out.len);
}
