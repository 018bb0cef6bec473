/** PDF object model and the direct-object parser (ISO 32000-1 §7.3). */
import { bytesToLatin1 } from '../lib/bytes.js';
import { formatError } from '../lib/errors.js';
import type { Lexer, Token } from './lexer.js';
import { PDF_NESTING_TOO_DEEP } from './problems.js';

export class PdfName {
  constructor(readonly name: string) {}
}
export class PdfReal {
  constructor(readonly value: number) {}
}
export class PdfString {
  constructor(
    readonly bytes: Uint8Array,
    readonly hex: boolean,
    /** File offsets of the whole token (including delimiters), or -1 inside decoded stream data. */
    readonly start: number,
    readonly end: number,
  ) {}
  get inFile(): boolean {
    return this.start >= 0;
  }
}
export class PdfRef {
  constructor(
    readonly num: number,
    readonly gen: number,
  ) {}
  toString(): string {
    return `${this.num} ${this.gen} R`;
  }
}
export class PdfDict {
  /** Keys written more than once with different values (the first value is kept). */
  duplicates: string[] | undefined;
  constructor(readonly map: Map<string, PdfObject>) {}
  get(key: string): PdfObject | undefined {
    return this.map.get(key);
  }
  has(key: string): boolean {
    return this.map.has(key);
  }
}
export class PdfStream {
  constructor(
    readonly dict: PdfDict,
    /** The encoded stream data: a view of the file (never a copy). */
    readonly raw: Uint8Array,
    readonly dataStart: number,
  ) {}
}
export type PdfArray = PdfObject[];
export type PdfObject =
  | null
  | boolean
  | number
  | PdfReal
  | PdfName
  | PdfString
  | PdfRef
  | PdfDict
  | PdfStream
  | PdfArray;

export const MAX_NESTING = 64;

export function isName(o: PdfObject | undefined, name?: string): o is PdfName {
  return o instanceof PdfName && (name === undefined || o.name === name);
}
export function isDict(o: PdfObject | undefined): o is PdfDict {
  return o instanceof PdfDict;
}
export function isInt(o: PdfObject | undefined): o is number {
  return typeof o === 'number' && Number.isInteger(o);
}
export function dictOf(o: PdfObject | undefined): PdfDict | undefined {
  if (o instanceof PdfDict) return o;
  if (o instanceof PdfStream) return o.dict;
  return undefined;
}
/** Text string (§7.9.2.2): UTF-16BE with BOM, UTF-8 with BOM, else PDFDocEncoding (latin1 approximation). */
export function textOf(o: PdfObject | undefined): string | undefined {
  if (!(o instanceof PdfString)) return undefined;
  const b = o.bytes;
  if (b.length >= 2 && b[0] === 0xfe && b[1] === 0xff) {
    let s = '';
    for (let i = 2; i + 1 < b.length; i += 2) s += String.fromCharCode((b[i]! << 8) | b[i + 1]!);
    return s;
  }
  if (b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) {
    return new TextDecoder('utf-8', { fatal: false }).decode(b.subarray(3));
  }
  return bytesToLatin1(b);
}

/** Parses one direct object starting at the lexer's position; `first` is an already-read token. */
export function parseObject(lex: Lexer, depth = 0, first?: Token): PdfObject {
  if (depth > MAX_NESTING) throw formatError(PDF_NESTING_TOO_DEEP, 'PDF objects nested too deeply');
  const tok = first ?? lex.next();
  switch (tok.t) {
    case 'int': {
      const save = lex.pos;
      const t2 = lex.next();
      if (t2.t === 'int') {
        const t3 = lex.next();
        if (t3.t === 'kw' && t3.v === 'R') {
          if (tok.v < 0 || t2.v < 0) lex.fail('negative object reference');
          return new PdfRef(tok.v, t2.v);
        }
      }
      lex.pos = save;
      return tok.v;
    }
    case 'real':
      return new PdfReal(tok.v);
    case 'name':
      return new PdfName(tok.v);
    case 'str':
      return new PdfString(tok.bytes, tok.hex, tok.start, tok.end);
    case '[': {
      const arr: PdfObject[] = [];
      for (;;) {
        const t = lex.next();
        if (t.t === ']') return arr;
        if (t.t === 'eof') lex.fail('unterminated array');
        arr.push(parseObject(lex, depth + 1, t));
      }
    }
    case '<<': {
      const map = new Map<string, PdfObject>();
      let duplicates: string[] | undefined;
      for (;;) {
        const t = lex.next();
        if (t.t === '>>') {
          const d = new PdfDict(map);
          if (duplicates) d.duplicates = duplicates;
          return d;
        }
        if (t.t !== 'name') lex.fail('dictionary key is not a name');
        const vt = lex.next();
        if (vt.t === '>>') lex.fail('dictionary key without a value');
        const v = parseObject(lex, depth + 1, vt);
        // A duplicate key is ambiguous (readers disagree on which value wins): keep the first and
        // record it, so that checks where it matters (signature dictionaries) can refuse it.
        if (map.has(t.v)) {
          if (!sameObject(map.get(t.v), v)) {
            duplicates ??= [];
            duplicates.push(t.v);
          }
          continue;
        }
        // A null value means the key is absent (§7.3.7).
        if (v !== null) map.set(t.v, v);
      }
    }
    case 'kw':
      if (tok.v === 'true') return true;
      if (tok.v === 'false') return false;
      if (tok.v === 'null') return null;
      return lex.fail(`unexpected keyword "${tok.v.slice(0, 20)}"`);
    default:
      return lex.fail(`unexpected token "${tok.t}"`);
  }
}

/** Structural equality with references compared by number (not followed); streams by dict and raw bytes. */
export function sameObject(a: PdfObject | undefined, b: PdfObject | undefined, depth = 0): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined || a === null || b === null) return false;
  if (depth > MAX_NESTING) return false;
  if (typeof a !== 'object' || typeof b !== 'object') return a === b;
  if (a instanceof PdfName) return b instanceof PdfName && a.name === b.name;
  if (a instanceof PdfReal) return b instanceof PdfReal && a.value === b.value;
  if (a instanceof PdfRef) return b instanceof PdfRef && a.num === b.num && a.gen === b.gen;
  if (a instanceof PdfString) return b instanceof PdfString && bytesEqual(a.bytes, b.bytes);
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameObject(a[i], b[i], depth + 1)) return false;
    return true;
  }
  if (a instanceof PdfDict) {
    if (!(b instanceof PdfDict) || a.map.size !== b.map.size) return false;
    for (const [k, v] of a.map) if (!sameObject(v, b.map.get(k), depth + 1)) return false;
    return true;
  }
  if (a instanceof PdfStream) {
    return b instanceof PdfStream && sameObject(a.dict, b.dict, depth + 1) && bytesEqual(a.raw, b.raw);
  }
  return false;
}

function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** References directly inside an object (not following them). */
export function childRefs(
  o: PdfObject | undefined,
  out: Array<{ key: string; ref: PdfRef }>,
  key = '',
  depth = 0,
): void {
  if (o === null || o === undefined || typeof o !== 'object' || depth > MAX_NESTING) return;
  if (o instanceof PdfRef) out.push({ key, ref: o });
  else if (Array.isArray(o)) for (const v of o) childRefs(v, out, key, depth + 1);
  else if (o instanceof PdfDict)
    for (const [k, v] of o.map) childRefs(v, out, depth === 0 ? k : key, depth + 1);
  else if (o instanceof PdfStream) childRefs(o.dict, out, key, depth);
}
