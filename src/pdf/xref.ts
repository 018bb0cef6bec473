/** Cross-reference sections (§7.5.4 tables, §7.5.8 streams, hybrid files) parsed strictly, no repair. */
import { formatError } from '../lib/errors.js';
import type { DecodeBudget } from './filters.js';
import { decodeStreamData } from './filters.js';
import { Lexer } from './lexer.js';
import { isInt, isName, PdfDict, type PdfObject, PdfStream, parseObject } from './objects.js';
import { PDF_TOO_MANY_OBJECTS, PDF_XREF_BROKEN } from './problems.js';

export type XrefEntry =
  | { type: 0; gen: number }
  | { type: 1; offset: number; gen: number }
  | { type: 2; stream: number; index: number };

export interface XrefSection {
  /** File offset of the `xref` keyword or of the xref stream object. */
  offset: number;
  kind: 'table' | 'stream' | 'hybrid';
  entries: Map<number, XrefEntry>;
  trailer: PdfDict;
  prev: number | undefined;
  /** Object number of the xref stream (stream and hybrid sections). */
  streamObject: number | undefined;
}

export interface XrefContext {
  bytes: Uint8Array;
  budget: DecodeBudget;
  /** Running count of xref entries across all sections, checked against maxObjects. */
  counter: { entries: number; maxObjects: number };
}

function broken(msg: string): never {
  throw formatError(PDF_XREF_BROKEN, msg);
}

function count(ctx: XrefContext, n: number): void {
  ctx.counter.entries += n;
  if (ctx.counter.entries > ctx.counter.maxObjects)
    throw formatError(PDF_TOO_MANY_OBJECTS, 'the cross-reference sections list too many objects');
}

export function parseXrefSection(ctx: XrefContext, offset: number): XrefSection {
  if (!Number.isSafeInteger(offset) || offset < 0 || offset >= ctx.bytes.length)
    broken(`cross-reference offset ${offset} is outside the file`);
  const lex = new Lexer(ctx.bytes, offset, 0);
  const save = lex.pos;
  const first = lex.next();
  // Only whitespace may lie between the offset and the section (writers that count one EOL too few).
  if (first.start !== offset && !onlyWhite(ctx.bytes, offset, first.start))
    broken(`startxref/Prev ${offset} does not point at a cross-reference section`);
  if (first.t === 'kw' && first.v === 'xref') {
    return parseTable(ctx, lex, offset);
  }
  lex.pos = save;
  if (first.t === 'int') {
    const xs = parseXrefStreamAt(ctx, first.start);
    return {
      offset,
      kind: 'stream',
      entries: xs.entries,
      trailer: xs.dict,
      prev: prevOf(xs.dict),
      streamObject: xs.num,
    };
  }
  return broken(`no cross-reference section at offset ${offset}`);
}

export function onlyWhite(bytes: Uint8Array, from: number, to: number): boolean {
  if (to - from > 4) return false;
  for (let p = from; p < to; p++) {
    const c = bytes[p]!;
    if (c !== 0x0a && c !== 0x0d && c !== 0x20 && c !== 0x09 && c !== 0x0c && c !== 0) return false;
  }
  return true;
}

function prevOf(trailer: PdfDict): number | undefined {
  const p = trailer.get('Prev');
  if (p === undefined) return undefined;
  if (!isInt(p) || p < 0) broken('/Prev is not a non-negative integer');
  return p;
}

function parseTable(ctx: XrefContext, lex: Lexer, offset: number): XrefSection {
  const entries = new Map<number, XrefEntry>();
  for (;;) {
    const t = lex.next();
    if (t.t === 'kw' && t.v === 'trailer') break;
    if (t.t !== 'int') broken('malformed cross-reference table');
    const startNum = t.v;
    const n = lex.next();
    if (n.t !== 'int' || n.v < 0 || startNum < 0) broken('malformed cross-reference subsection header');
    count(ctx, n.v);
    for (let i = 0; i < n.v; i++) {
      const o = lex.next();
      const g = lex.next();
      const k = lex.next();
      if (o.t !== 'int' || g.t !== 'int' || k.t !== 'kw' || (k.v !== 'n' && k.v !== 'f'))
        broken('malformed cross-reference entry');
      const num = startNum + i;
      // A later subsection repeating an object number is ambiguous: refuse it.
      if (entries.has(num)) broken(`object ${num} listed twice in one cross-reference table`);
      if (k.v === 'f') entries.set(num, { type: 0, gen: g.v });
      else {
        if (num === 0) broken('object 0 marked in use');
        entries.set(num, { type: 1, offset: o.v, gen: g.v });
      }
    }
  }
  const trailer = parseObject(lex);
  if (!(trailer instanceof PdfDict)) broken('trailer is not a dictionary');
  const section: XrefSection = {
    offset,
    kind: 'table',
    entries,
    trailer,
    prev: prevOf(trailer),
    streamObject: undefined,
  };
  const stm = trailer.get('XRefStm');
  if (stm !== undefined) {
    if (!isInt(stm)) broken('/XRefStm is not an integer');
    const xs = parseXrefStreamAt(ctx, stm);
    // Hybrid file (§7.5.8.4): the stream supplies objects the table marks free or omits. Readers that
    // know XRefStm read the table first and let it win, as do readers that ignore XRefStm, so an
    // in-use table entry wins for every reader.
    for (const [num, e] of xs.entries) {
      const te = entries.get(num);
      if ((te === undefined || te.type === 0) && e.type !== 0) entries.set(num, e);
    }
    section.kind = 'hybrid';
    section.streamObject = xs.num;
  }
  return section;
}

interface XrefStreamParse {
  num: number;
  dict: PdfDict;
  entries: Map<number, XrefEntry>;
}

/** Reads the xref stream object at `offset`; its dictionary entries must be direct (§7.5.8.2). */
function parseXrefStreamAt(ctx: XrefContext, offset: number): XrefStreamParse {
  if (offset < 0 || offset >= ctx.bytes.length) broken('xref stream offset is outside the file');
  const lex = new Lexer(ctx.bytes, offset, 0);
  const tn = lex.next();
  const tg = lex.next();
  const to = lex.next();
  if (tn.t !== 'int' || tg.t !== 'int' || to.t !== 'kw' || to.v !== 'obj' || tn.start !== offset)
    broken(`no xref stream object at offset ${offset}`);
  const dict = parseObject(lex);
  if (!(dict instanceof PdfDict)) broken('xref stream is not a stream');
  const st = lex.next();
  if (st.t !== 'kw' || st.v !== 'stream') broken('xref stream is not a stream');
  const len = dict.get('Length');
  if (!isInt(len) || len < 0) broken('xref stream /Length must be a direct integer');
  const dataStart = streamDataStart(ctx.bytes, lex.pos);
  if (dataStart + len > ctx.bytes.length) broken('xref stream runs past the end of the file');
  const raw = ctx.bytes.subarray(dataStart, dataStart + len);
  lex.pos = dataStart + len;
  const es = lex.next();
  if (es.t !== 'kw' || es.v !== 'endstream') broken('xref stream /Length does not end at "endstream"');
  const eo = lex.next();
  if (eo.t !== 'kw' || eo.v !== 'endobj') broken('xref stream object lacks "endobj"');
  const stream = new PdfStream(dict, raw, dataStart);
  return { num: tn.v, dict, entries: decodeXrefStream(ctx, stream) };
}

/** Position of the first data byte after the `stream` keyword's end-of-line. */
export function streamDataStart(bytes: Uint8Array, afterKeyword: number): number {
  const c = bytes[afterKeyword];
  if (c === 0x0a) return afterKeyword + 1;
  if (c === 0x0d) return bytes[afterKeyword + 1] === 0x0a ? afterKeyword + 2 : afterKeyword + 1;
  return broken('"stream" keyword is not followed by an end-of-line');
}

function decodeXrefStream(ctx: XrefContext, stream: PdfStream): Map<number, XrefEntry> {
  const d = stream.dict;
  if (!isName(d.get('Type'), 'XRef')) broken('xref stream lacks /Type /XRef');
  const w = d.get('W');
  if (!Array.isArray(w) || w.length !== 3 || !w.every((x) => isInt(x) && x >= 0 && x <= 8))
    broken('xref stream /W is invalid');
  const [w0, w1, w2] = w as [number, number, number];
  const size = d.get('Size');
  if (!isInt(size) || size < 0) broken('xref stream /Size is invalid');
  const index: PdfObject = d.get('Index') ?? [0, size];
  if (!Array.isArray(index) || index.length % 2 !== 0 || !index.every((x) => isInt(x) && x >= 0))
    broken('xref stream /Index is invalid');
  const data = decodeStreamData(stream.raw, d.get('Filter'), d.get('DecodeParms'), ctx.budget);
  const rowLen = w0 + w1 + w2;
  if (rowLen === 0) broken('xref stream /W is all zero');
  const entries = new Map<number, XrefEntry>();
  let pos = 0;
  const field = (width: number, def: number): number => {
    if (width === 0) return def;
    let v = 0;
    for (let i = 0; i < width; i++) v = v * 256 + data[pos++]!;
    return v;
  };
  for (let i = 0; i < index.length; i += 2) {
    const start = index[i] as number;
    const n = index[i + 1] as number;
    count(ctx, n);
    if (pos + n * rowLen > data.length) broken('xref stream data is shorter than its /Index');
    for (let k = 0; k < n; k++) {
      const type = field(w0, 1);
      const f2 = field(w1, 0);
      const f3 = field(w2, 0);
      const num = start + k;
      if (entries.has(num)) broken(`object ${num} listed twice in one xref stream`);
      if (type === 0) entries.set(num, { type: 0, gen: f3 });
      else if (type === 1) entries.set(num, { type: 1, offset: f2, gen: f3 });
      else if (type === 2) entries.set(num, { type: 2, stream: f2, index: f3 });
      // Other types are reserved and read as the null object (§7.5.8.3): leave them out.
    }
  }
  return entries;
}
