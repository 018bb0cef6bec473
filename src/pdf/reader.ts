/**
 * Hand-written strict PDF reader: no maintained library exposes every incremental revision and the raw
 * signature bytes strictly enough (no repair, no xref reconstruction) and also runs in browsers.
 *
 * Revisions are found only through startxref → xref → /Prev; objects resolve lazily against the
 * object table as of a given revision. Anything malformed throws formatError('PDF_…'): an attacker must
 * never be able to choose, through damage the reader repairs, which objects the checks see.
 * Two bounded tolerances match what viewers read, each only when exactly one reading exists and each
 * recorded in `warnings`: a stream /Length that misses `endstream` (the only `endstream … endobj`
 * within reach is taken), and a startxref or /Prev that misses its section (the only xref table in
 * that revision's bytes is taken; the revision is marked `repaired`, which the change analysis turns
 * into a disallowed change for every signature that does not cover the last revision).
 */
import { formatError, isCrossignError } from '../lib/errors.js';
import type { Limits } from '../options.js';
import type { Problem } from '../verdict/schema.js';
import { type DecodeBudget, decodeStreamData } from './filters.js';
import { Lexer } from './lexer.js';
import { isInt, PdfDict, type PdfObject, PdfRef, PdfStream, parseObject } from './objects.js';
import {
  PDF_ENCRYPTED_UNSUPPORTED,
  PDF_HEADER,
  PDF_NO_STARTXREF,
  PDF_OBJECT_LOOP,
  PDF_OBJECT_STREAM_BROKEN,
  PDF_REVISION_ORDER,
  PDF_STREAM_LENGTH,
  PDF_STREAM_LENGTH_MISMATCH,
  PDF_SYNTAX,
  PDF_TOO_MANY_REVISIONS,
  PDF_XREF_LOOP,
  PDF_XREF_OFFSET_CORRECTED,
  PDF_XREF_OFFSET_MISMATCH,
  problem,
} from './problems.js';
import {
  parseXrefSection,
  streamDataStart,
  type XrefContext,
  type XrefEntry,
  type XrefSection,
} from './xref.js';

export interface Revision {
  /** 0-based; revision 0 is the original document. */
  index: number;
  /** First byte of the revision (the previous revision's end, 0 for the first). */
  start: number;
  /** Just past %%EOF and its end-of-line, if any. */
  end: number;
  /** Just past %%EOF. */
  eofEnd: number;
  /** The startxref value that closes this revision. */
  startxref: number;
  /** Its xref sections, newest first (more than one only in linearized files). */
  sections: XrefSection[];
  trailer: PdfDict;
  /** Entries of this revision's own sections (the delta against the previous revision). */
  entries: Map<number, XrefEntry>;
  /**
   * Set when a startxref or /Prev written in this revision had to be corrected: viewers rebuild
   * such files by scanning, so nothing this revision changes can be judged against earlier ones.
   */
  repaired?: string;
}

interface Marker {
  /** Offset of the `startxref` keyword. */
  pos: number;
  value: number;
  eofEnd: number;
  end: number;
}

export interface ResolvedObject {
  obj: PdfObject;
  /** Where the object's bytes come from, e.g. "o1234" or "o1234#5": equal keys mean identical bytes. */
  loc: string;
  /** The revision whose xref entry defines the object. */
  definedIn: number;
}

const enc = new TextEncoder();
const STARTXREF = enc.encode('startxref');
const EOF_MARK = enc.encode('%%EOF');

function syntax(msg: string): never {
  throw formatError(PDF_SYNTAX, msg);
}

export function isPdfHeader(bytes: Uint8Array): boolean {
  return (
    bytes.length >= 8 &&
    bytes[0] === 0x25 &&
    bytes[1] === 0x50 &&
    bytes[2] === 0x44 &&
    bytes[3] === 0x46 &&
    bytes[4] === 0x2d &&
    bytes[5]! >= 0x31 &&
    bytes[5]! <= 0x32 &&
    bytes[6] === 0x2e
  );
}

function matchAt(bytes: Uint8Array, pos: number, pat: Uint8Array): boolean {
  if (pos + pat.length > bytes.length) return false;
  for (let i = 0; i < pat.length; i++) if (bytes[pos + i] !== pat[i]) return false;
  return true;
}

/** Every `startxref N %%EOF` in the file, in order. One linear pass. */
function findMarkers(bytes: Uint8Array): Marker[] {
  const out: Marker[] = [];
  let from = 0;
  for (;;) {
    const p = bytes.indexOf(0x73, from);
    if (p < 0) break;
    from = p + 1;
    if (!matchAt(bytes, p, STARTXREF)) continue;
    if (p > 0 && bytes[p - 1] !== 0x0a && bytes[p - 1] !== 0x0d && bytes[p - 1] !== 0x20) continue;
    const lex = new Lexer(bytes, p + STARTXREF.length, 0);
    let value: number;
    let eofEnd: number;
    try {
      const t = lex.next();
      if (t.t !== 'int') continue;
      value = t.v;
      // %%EOF is a comment to the lexer; find it by hand after whitespace.
      let q = lex.pos;
      while (
        q < bytes.length &&
        (bytes[q] === 0x0a || bytes[q] === 0x0d || bytes[q] === 0x20 || bytes[q] === 0x09)
      )
        q++;
      if (!matchAt(bytes, q, EOF_MARK)) continue;
      eofEnd = q + EOF_MARK.length;
    } catch {
      continue;
    }
    let end = eofEnd;
    if (bytes[end] === 0x0d) end++;
    if (bytes[end] === 0x0a) end++;
    out.push({ pos: p, value, eofEnd, end });
    from = eofEnd;
  }
  return out;
}

export interface PdfFile {
  bytes: Uint8Array;
  version: string;
  revisions: Revision[];
  /** Bytes after the end of the last revision. */
  trailingBytes: number;
  encrypted: boolean;
  /** The object with number `num` as of revision `rev` (null when free or absent). */
  resolve(num: number, rev: number): ResolvedObject | undefined;
  /** Follows a reference (or returns the object) as of revision `rev`. */
  deref(o: PdfObject | undefined, rev: number): PdfObject | undefined;
  entryOf(num: number, rev: number): { entry: XrefEntry; revision: number } | undefined;
  decode(stream: PdfStream, rev: number): Uint8Array;
  budget: DecodeBudget;
  /** Damage read past under a bounded tolerance (e.g. a wrong stream /Length); grows as objects are read. */
  warnings: Problem[];
}

export function readPdf(bytes: Uint8Array, limits: Limits): PdfFile {
  if (!isPdfHeader(bytes))
    throw formatError(PDF_HEADER, 'not a PDF: no %PDF-1.x / %PDF-2.x header at offset 0');
  const version = String.fromCharCode(bytes[5]!, bytes[6]!, bytes[7]!);
  const budget: DecodeBudget = {
    maxStreamBytes: limits.maxStreamBytes,
    remaining: limits.maxTotalDecompressedBytes,
  };
  const xctx: XrefContext = { bytes, budget, counter: { entries: 0, maxObjects: limits.maxPdfObjects } };

  const markers = findMarkers(bytes);
  const last = markers[markers.length - 1];
  if (!last) throw formatError(PDF_NO_STARTXREF, 'no "startxref … %%EOF" at the end of the file');

  const warnings: Problem[] = [];
  // Walk the /Prev chain from the last startxref.
  const chain: ChainItem[] = [];
  const seen = new Set<number>();
  let pointer: { value: number; span: Span | undefined; from: 'startxref' | number } | undefined = {
    value: last.value,
    span: spanClosedBy(markers, markers.length - 1),
    from: 'startxref',
  };
  while (pointer !== undefined) {
    if (chain.length >= limits.maxPdfRevisions * 2)
      throw formatError(PDF_TOO_MANY_REVISIONS, 'too many cross-reference sections');
    const found = locateSection(xctx, pointer.value, pointer.span);
    const sec = found.section;
    if (seen.has(sec.offset))
      throw formatError(PDF_XREF_LOOP, 'the /Prev chain of cross-reference sections loops');
    seen.add(sec.offset);
    const item: ChainItem = { sec };
    if (found.corrected) {
      const what =
        pointer.from === 'startxref' ? 'the last startxref' : `the /Prev of the section at ${pointer.from}`;
      warnings.push(
        problem(
          PDF_XREF_OFFSET_CORRECTED,
          `${what} (${pointer.value}) does not point at a cross-reference section; the only cross-reference table of that revision, at ${sec.offset}, was used`,
          'warning',
        ),
      );
      if (pointer.span) item.marker = markers[pointer.span.marker];
      if (pointer.from === 'startxref') item.repairedBy = 'startxref';
      else chain[chain.length - 1]!.prevRepaired = true;
    }
    chain.push(item);
    pointer =
      sec.prev === undefined
        ? undefined
        : { value: sec.prev, span: spanBefore(markers, sec.offset), from: sec.offset };
  }

  // Group sections into revisions: a section opens a new (older) revision when a startxref names it;
  // otherwise it belongs to the newer one (the main xref of a linearized file).
  interface Group {
    marker: Marker;
    sections: XrefSection[];
    repaired: boolean;
  }
  const groups: Group[] = [
    { marker: last, sections: [chain[0]!.sec], repaired: !!chain[0]!.repairedBy || !!chain[0]!.prevRepaired },
  ];
  for (let i = 1; i < chain.length; i++) {
    const { sec, marker, prevRepaired } = chain[i]!;
    const newer = groups[groups.length - 1]!;
    const newerStart = Math.min(...newer.sections.map((s) => s.offset));
    const m = marker ?? findMarkerFor(markers, sec.offset, newer.marker.pos);
    if (m && m.end <= newerStart) groups.push({ marker: m, sections: [sec], repaired: !!prevRepaired });
    else {
      newer.sections.push(sec);
      if (prevRepaired) newer.repaired = true;
    }
  }
  groups.reverse();
  if (groups.length > limits.maxPdfRevisions) throw formatError(PDF_TOO_MANY_REVISIONS, 'too many revisions');

  const revisions: Revision[] = [];
  let start = 0;
  for (let i = 0; i < groups.length; i++) {
    const g = groups[i]!;
    if (g.marker.end <= start || g.sections.some((s) => s.offset < start || s.offset >= g.marker.pos))
      throw formatError(PDF_REVISION_ORDER, `revision ${i + 1} is not laid out after revision ${i}`);
    const entries = new Map<number, XrefEntry>();
    for (const s of g.sections) for (const [n, e] of s.entries) if (!entries.has(n)) entries.set(n, e);
    const rev: Revision = {
      index: i,
      start,
      end: g.marker.end,
      eofEnd: g.marker.eofEnd,
      startxref: g.marker.value,
      sections: g.sections,
      trailer: g.sections[0]!.trailer,
      entries,
    };
    if (g.repaired)
      rev.repaired =
        'a cross-reference pointer written in this revision is wrong; viewers rebuild the object table by scanning the file, so what they show may differ from the objects read here';
    revisions.push(rev);
    start = g.marker.end;
  }
  const lastRev = revisions[revisions.length - 1]!;
  const encrypted = revisions.some((r) => r.trailer.has('Encrypt'));

  const cache = new Map<string, { obj: PdfObject; lengthRef?: PdfRef; lengthValue?: number }>();
  const objStreams = new Map<string, { data: Uint8Array; offsets: Array<[number, number]>; first: number }>();
  const resolving = new Set<string>();
  const lengthWarned = new Set<number>();

  const entryOf = (num: number, rev: number): { entry: XrefEntry; revision: number } | undefined => {
    for (let r = Math.min(rev, revisions.length - 1); r >= 0; r--) {
      const e = revisions[r]!.entries.get(num);
      if (e) return { entry: e, revision: r };
    }
    return undefined;
  };

  const resolve = (num: number, rev: number): ResolvedObject | undefined => {
    const found = entryOf(num, rev);
    if (!found || found.entry.type === 0) return undefined;
    const e = found.entry;
    if (e.type === 1) {
      const loc = `o${e.offset}`;
      const obj = readIndirect(num, e.offset, e.gen, rev, loc);
      return { obj, loc, definedIn: found.revision };
    }
    const stm = entryOf(e.stream, rev);
    if (stm?.entry.type !== 1)
      throw formatError(
        PDF_OBJECT_STREAM_BROKEN,
        `object ${num} is in object stream ${e.stream}, which is not a plain object`,
      );
    const stmLoc = `o${stm.entry.offset}`;
    const loc = `${stmLoc}#${e.index}`;
    const hit = cache.get(loc);
    if (hit) return { obj: hit.obj, loc, definedIn: found.revision };
    const os = objectStream(e.stream, stm.entry.offset, stm.entry.gen, rev, stmLoc);
    const pair = os.offsets[e.index];
    if (!pair || pair[0] !== num)
      throw formatError(
        PDF_OBJECT_STREAM_BROKEN,
        `object stream ${e.stream} does not hold object ${num} at index ${e.index}`,
      );
    const lex = new Lexer(os.data, os.first + pair[1], -1);
    const obj = parseObject(lex);
    if (obj instanceof PdfRef)
      throw formatError(PDF_OBJECT_STREAM_BROKEN, 'object in an object stream is a bare reference');
    cache.set(loc, { obj });
    return { obj, loc, definedIn: found.revision };
  };

  const readIndirect = (num: number, offset: number, gen: number, rev: number, loc: string): PdfObject => {
    const hit = cache.get(loc);
    if (hit) {
      if (!hit.lengthRef) return hit.obj;
      if (lengthValue(hit.lengthRef, rev) === hit.lengthValue) return hit.obj;
    }
    if (resolving.has(loc))
      throw formatError(PDF_OBJECT_LOOP, `object ${num} refers to itself while being read`);
    resolving.add(loc);
    try {
      const parsed = parseIndirectAt(num, offset, gen, rev);
      cache.set(loc, parsed);
      return parsed.obj;
    } finally {
      resolving.delete(loc);
    }
  };

  const lengthValue = (ref: PdfRef, rev: number): number => {
    const r = resolve(ref.num, rev);
    const v = r?.obj;
    if (!isInt(v) || v < 0)
      throw formatError(PDF_STREAM_LENGTH, 'indirect stream /Length is not a non-negative integer');
    return v;
  };

  const parseIndirectAt = (
    num: number,
    offset: number,
    gen: number,
    rev: number,
  ): { obj: PdfObject; lengthRef?: PdfRef; lengthValue?: number } => {
    if (offset <= 0 || offset >= bytes.length)
      throw formatError(
        PDF_XREF_OFFSET_MISMATCH,
        `xref offset ${offset} of object ${num} is outside the file`,
      );
    const lex = new Lexer(bytes, offset, 0);
    const tn = lex.next();
    const tg = lex.next();
    const to = lex.next();
    if (tn.t !== 'int' || tg.t !== 'int' || to.t !== 'kw' || to.v !== 'obj' || tn.v !== num || tg.v !== gen)
      throw formatError(
        PDF_XREF_OFFSET_MISMATCH,
        `xref entry of object ${num} ${gen} does not point at "${num} ${gen} obj"`,
      );
    // Only whitespace may sit between the xref offset and the object header.
    for (let p = offset; p < tn.start; p++) {
      const c = bytes[p]!;
      if (c !== 0x0a && c !== 0x0d && c !== 0x20 && c !== 0x09 && c !== 0x0c && c !== 0)
        throw formatError(PDF_XREF_OFFSET_MISMATCH, `xref offset of object ${num} is not at its header`);
    }
    const obj = parseObject(lex);
    const t = lex.next();
    if (t.t === 'kw' && t.v === 'endobj') return { obj };
    if (!(t.t === 'kw' && t.v === 'stream') || !(obj instanceof PdfDict))
      return syntax(`object ${num} ${gen} is not closed by "endobj"`);
    let len = obj.get('Length');
    let lengthRef: PdfRef | undefined;
    if (len instanceof PdfRef) {
      lengthRef = len;
      len = lengthValue(len, rev);
    }
    if (!isInt(len) || len < 0) throw formatError(PDF_STREAM_LENGTH, `stream ${num} has no valid /Length`);
    const dataStart = streamDataStart(bytes, lex.pos);
    let dataEnd = dataStart + len;
    if (!endsAtEndstream(bytes, dataEnd)) {
      // What viewers do with a wrong /Length: take the `endstream` keyword instead. Only when exactly
      // one lies within reach; with two, the attacker could pick which reading a viewer shows.
      const found = soleEndstream(bytes, dataStart, dataStart + len + LENGTH_SLACK);
      if (found === undefined)
        throw formatError(PDF_STREAM_LENGTH, `stream ${num} /Length does not end at "endstream"`);
      dataEnd = found;
      if (!lengthWarned.has(offset)) {
        lengthWarned.add(offset);
        warnings.push(
          problem(
            PDF_STREAM_LENGTH_MISMATCH,
            `stream ${num} ${gen} at offset ${offset}: /Length ${len} does not end at "endstream"; the data read is the ${dataEnd - dataStart} bytes up to the only "endstream" within reach`,
            'warning',
            `o${offset}`,
          ),
        );
      }
    }
    lex.pos = dataEnd;
    const es = lex.next();
    if (es.t !== 'kw' || es.v !== 'endstream')
      throw formatError(PDF_STREAM_LENGTH, `stream ${num} /Length does not end at "endstream"`);
    const eo = lex.next();
    if (eo.t !== 'kw' || eo.v !== 'endobj') syntax(`stream object ${num} is not closed by "endobj"`);
    const stream = new PdfStream(obj, bytes.subarray(dataStart, dataEnd), dataStart);
    return lengthRef ? { obj: stream, lengthRef, lengthValue: len } : { obj: stream };
  };

  const objectStream = (num: number, offset: number, gen: number, rev: number, stmLoc: string) => {
    const key = `${stmLoc}:${rev}`;
    const hit = objStreams.get(stmLoc) ?? objStreams.get(key);
    if (hit) return hit;
    const s = readIndirect(num, offset, gen, rev, stmLoc);
    if (
      !(s instanceof PdfStream) ||
      !(s.dict.get('Type') as { name?: string } | undefined)?.name?.startsWith('ObjStm')
    )
      throw formatError(PDF_OBJECT_STREAM_BROKEN, `object ${num} is not an object stream`);
    const n = s.dict.get('N');
    const first = s.dict.get('First');
    if (!isInt(n) || !isInt(first) || n < 0 || first < 0)
      throw formatError(PDF_OBJECT_STREAM_BROKEN, `object stream ${num} has invalid /N or /First`);
    const filter = s.dict.get('Filter');
    const parms = s.dict.get('DecodeParms');
    if (filter instanceof PdfRef || parms instanceof PdfRef)
      throw formatError(
        PDF_OBJECT_STREAM_BROKEN,
        `object stream ${num} has an indirect /Filter or /DecodeParms`,
      );
    // Object streams of encrypted files are encrypted; decrypting needs a synchronous AES, not available here.
    if (encrypted)
      throw formatError(PDF_ENCRYPTED_UNSUPPORTED, 'encrypted PDFs that use object streams cannot be read');
    const data = decodeStreamData(s.raw, filter, parms, budget);
    if (first > data.length)
      throw formatError(PDF_OBJECT_STREAM_BROKEN, `object stream ${num} /First is past its data`);
    const lex = new Lexer(data.subarray(0, first), 0, -1);
    const offsets: Array<[number, number]> = [];
    for (let i = 0; i < n; i++) {
      const a = lex.next();
      const b = lex.next();
      if (a.t !== 'int' || b.t !== 'int' || b.v < 0 || first + b.v >= data.length)
        throw formatError(PDF_OBJECT_STREAM_BROKEN, `object stream ${num} has a malformed header`);
      offsets.push([a.v, b.v]);
    }
    const os = { data, offsets, first };
    objStreams.set(s.dict.get('Length') instanceof PdfRef ? key : stmLoc, os);
    return os;
  };

  const deref = (o: PdfObject | undefined, rev: number): PdfObject | undefined => {
    if (o instanceof PdfRef) {
      const r = resolve(o.num, rev);
      if (!r) return null;
      // A reference whose generation differs from the xref entry is a reference to the null object.
      const e = entryOf(o.num, rev)!.entry;
      if (e.type === 1 && e.gen !== o.gen) return null;
      if (e.type === 2 && o.gen !== 0) return null;
      return r.obj;
    }
    return o;
  };

  const decode = (stream: PdfStream, rev: number): Uint8Array => {
    const filter = deref(stream.dict.get('Filter'), rev);
    const parmsRaw = deref(stream.dict.get('DecodeParms'), rev);
    const parms = Array.isArray(parmsRaw) ? parmsRaw.map((p) => deref(p, rev) ?? null) : parmsRaw;
    const filters = Array.isArray(filter) ? filter.map((f) => deref(f, rev) ?? null) : filter;
    return decodeStreamData(stream.raw, filters, parms ?? undefined, budget);
  };

  return {
    bytes,
    version,
    revisions,
    trailingBytes: bytes.length - lastRev.end,
    encrypted,
    resolve,
    deref,
    entryOf,
    decode,
    budget,
    warnings,
  };
}

function findMarkerFor(markers: Marker[], value: number, before: number): Marker | undefined {
  let found: Marker | undefined;
  for (const m of markers) if (m.value === value && m.pos > value && m.pos < before) found = m;
  return found;
}

/** How far past the declared end of a stream a misplaced `endstream` is still looked for. */
const LENGTH_SLACK = 1024;
const ENDSTREAM = enc.encode('endstream');
const ENDOBJ = enc.encode('endobj');

function isWs(c: number | undefined): boolean {
  return c === 0x0a || c === 0x0d || c === 0x20 || c === 0x09 || c === 0x0c || c === 0;
}

/** Offset of the first non-whitespace byte at or after `p`. */
function skipWs(bytes: Uint8Array, p: number): number {
  while (p < bytes.length && isWs(bytes[p])) p++;
  return p;
}

/** True when only whitespace separates `p` from an `endstream` keyword followed by a delimiter. */
function endsAtEndstream(bytes: Uint8Array, p: number): boolean {
  if (p > bytes.length) return false;
  const q = skipWs(bytes, p);
  return keywordAt(bytes, q, ENDSTREAM);
}

function keywordAt(bytes: Uint8Array, p: number, kw: Uint8Array): boolean {
  if (!matchAt(bytes, p, kw)) return false;
  const after = bytes[p + kw.length];
  return after === undefined || isWs(after) || after === 0x25 || after === 0x3c || after === 0x2f;
}

/**
 * The data end of the only `endstream … endobj` whose keyword starts in [from, to), or undefined when
 * there are none or several. The end-of-line before the keyword is not data (§7.3.8.1).
 */
export function soleEndstream(bytes: Uint8Array, from: number, to: number): number | undefined {
  const limit = Math.min(to, bytes.length);
  let found: number | undefined;
  let p = from;
  for (;;) {
    const q = bytes.indexOf(0x65, p);
    if (q < 0 || q >= limit) break;
    p = q + 1;
    if (!keywordAt(bytes, q, ENDSTREAM)) continue;
    if (q > from && !isWs(bytes[q - 1])) continue;
    if (!keywordAt(bytes, skipWs(bytes, q + ENDSTREAM.length), ENDOBJ)) continue;
    if (found !== undefined) return undefined;
    let end = q;
    if (end > from && bytes[end - 1] === 0x0a) end--;
    if (end > from && bytes[end - 1] === 0x0d) end--;
    found = end;
  }
  return found;
}

interface ChainItem {
  sec: XrefSection;
  /** The marker closing this section's revision, when the section was found by correction. */
  marker?: Marker;
  /** The last startxref was corrected to reach this section. */
  repairedBy?: 'startxref';
  /** This section's /Prev was corrected. */
  prevRepaired?: boolean;
}

/** The bytes of one revision: from the end of the marker before it to its own `startxref`. */
interface Span {
  from: number;
  to: number;
  /** Index of the closing marker. */
  marker: number;
}

function spanClosedBy(markers: Marker[], i: number): Span {
  return { from: i > 0 ? markers[i - 1]!.end : 0, to: markers[i]!.pos, marker: i };
}

/** The span of the revision that ends before `offset` (what a /Prev written at `offset` must name). */
function spanBefore(markers: Marker[], offset: number): Span | undefined {
  let idx = -1;
  for (let i = 0; i < markers.length; i++) if (markers[i]!.end <= offset) idx = i;
  return idx < 0 ? undefined : spanClosedBy(markers, idx);
}

const XREF_KW = enc.encode('xref');

/**
 * The section a startxref or /Prev names. When the offset is wrong (writers that miscount, or a
 * damaged file), the revision's section is accepted only if it is the only cross-reference table
 * in that revision's bytes: with none or several, the original error stands.
 */
function locateSection(
  ctx: XrefContext,
  offset: number,
  span: Span | undefined,
): { section: XrefSection; corrected: boolean } {
  try {
    return { section: parseXrefSection(ctx, offset), corrected: false };
  } catch (e) {
    if (!isCrossignError(e) || !span) throw e;
    const candidates: XrefSection[] = [];
    for (
      let p = ctx.bytes.indexOf(0x78, span.from);
      p >= 0 && p < span.to;
      p = ctx.bytes.indexOf(0x78, p + 1)
    ) {
      if (p === offset || !matchAt(ctx.bytes, p, XREF_KW)) continue;
      const before = p > 0 ? ctx.bytes[p - 1] : 0x0a;
      const after = ctx.bytes[p + XREF_KW.length];
      if ((before !== 0x0a && before !== 0x0d) || (after !== 0x0a && after !== 0x0d && after !== 0x20))
        continue;
      try {
        const sec = parseXrefSection(ctx, p);
        if (sec.kind === 'table') candidates.push(sec);
      } catch (e2) {
        if (!isCrossignError(e2)) throw e2;
      }
      if (candidates.length > 1) throw e;
    }
    if (candidates.length !== 1) throw e;
    return { section: candidates[0]!, corrected: true };
  }
}
