/** PDF tokenizer (ISO 32000-1 §7.2–7.3) over a byte view; string tokens remember where they sit in the file. */
import { formatError } from '../lib/errors.js';
import { PDF_SYNTAX } from './problems.js';

export type Token =
  | { t: 'int'; v: number; start: number }
  | { t: 'real'; v: number; start: number }
  | { t: 'name'; v: string; start: number }
  | { t: 'str'; bytes: Uint8Array; hex: boolean; start: number; end: number }
  | { t: '[' | ']' | '<<' | '>>' | '{' | '}'; start: number }
  | { t: 'kw'; v: string; start: number }
  | { t: 'eof'; start: number };

const WS = new Uint8Array(256);
for (const c of [0, 9, 10, 12, 13, 32]) WS[c] = 1;
const DELIM = new Uint8Array(256);
for (const c of '()<>[]{}/%') DELIM[c.charCodeAt(0)] = 1;

export function isWhite(c: number): boolean {
  return WS[c] === 1;
}
export function isRegular(c: number): boolean {
  return WS[c] !== 1 && DELIM[c] !== 1;
}

function hexVal(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 65 && c <= 70) return c - 55;
  if (c >= 97 && c <= 102) return c - 87;
  return -1;
}

const NUMBER_RE = /^[+-]?(\d+\.?\d*|\.\d+)$/;

export class Lexer {
  pos: number;
  /**
   * @param buf the bytes to read
   * @param base file offset of buf[0], or -1 when buf is decoded stream data (not file bytes)
   */
  constructor(
    readonly buf: Uint8Array,
    pos = 0,
    readonly base = 0,
  ) {
    this.pos = pos;
  }

  fail(msg: string): never {
    const where = this.base >= 0 ? ` at offset ${this.base + this.pos}` : ' in a decoded stream';
    throw formatError(PDF_SYNTAX, `${msg}${where}`);
  }

  /** File offset of a buffer position, or -1 for decoded data. */
  fileOffset(p: number): number {
    return this.base >= 0 ? this.base + p : -1;
  }

  skipWhite(): void {
    const b = this.buf;
    let p = this.pos;
    for (;;) {
      while (p < b.length && WS[b[p]!] === 1) p++;
      if (p < b.length && b[p] === 0x25) {
        while (p < b.length && b[p] !== 10 && b[p] !== 13) p++;
        continue;
      }
      break;
    }
    this.pos = p;
  }

  next(): Token {
    this.skipWhite();
    const b = this.buf;
    const p = this.pos;
    const start = this.fileOffset(p);
    if (p >= b.length) return { t: 'eof', start };
    const c = b[p]!;
    switch (c) {
      case 0x5b:
        this.pos++;
        return { t: '[', start };
      case 0x5d:
        this.pos++;
        return { t: ']', start };
      case 0x7b:
        this.pos++;
        return { t: '{', start };
      case 0x7d:
        this.pos++;
        return { t: '}', start };
      case 0x3c:
        if (b[p + 1] === 0x3c) {
          this.pos += 2;
          return { t: '<<', start };
        }
        return this.hexString();
      case 0x3e:
        if (b[p + 1] === 0x3e) {
          this.pos += 2;
          return { t: '>>', start };
        }
        return this.fail('unexpected ">"');
      case 0x28:
        return this.literalString();
      case 0x2f:
        return this.name();
      case 0x29:
        return this.fail('unexpected ")"');
    }
    let q = p;
    while (q < b.length && isRegular(b[q]!)) q++;
    this.pos = q;
    let s = '';
    for (let i = p; i < q; i++) s += String.fromCharCode(b[i]!);
    const c0 = s.charCodeAt(0);
    if ((c0 >= 48 && c0 <= 57) || c0 === 43 || c0 === 45 || c0 === 46) {
      // Some writers emit "-1.#INF" and the like; it reads as a number nothing can equal.
      if (!NUMBER_RE.test(s)) return { t: 'real', v: Number.NaN, start };
      if (s.includes('.')) return { t: 'real', v: Number(s), start };
      const v = Number(s);
      if (!Number.isSafeInteger(v)) return this.fail('integer out of range');
      return { t: 'int', v, start };
    }
    return { t: 'kw', v: s, start };
  }

  private name(): Token {
    const b = this.buf;
    const start = this.fileOffset(this.pos);
    let p = this.pos + 1;
    let s = '';
    while (p < b.length && isRegular(b[p]!)) {
      const c = b[p]!;
      if (c === 0x23) {
        const h = hexVal(b[p + 1] ?? -1);
        const l = hexVal(b[p + 2] ?? -1);
        if (h < 0 || l < 0) this.fail('bad #xx escape in name');
        s += String.fromCharCode(h * 16 + l);
        p += 3;
      } else {
        s += String.fromCharCode(c);
        p++;
      }
      if (s.length > 4096) this.fail('name too long');
    }
    this.pos = p;
    return { t: 'name', v: s, start };
  }

  private hexString(): Token {
    const b = this.buf;
    const startPos = this.pos;
    let p = startPos + 1;
    const out = new Uint8Array(Math.max(0, (b.indexOf(0x3e, p) - p + 1) >> 1) + 1);
    let n = 0;
    let hi = -1;
    for (;;) {
      if (p >= b.length) this.fail('unterminated hex string');
      const c = b[p++]!;
      if (c === 0x3e) break;
      if (WS[c] === 1) continue;
      const v = hexVal(c);
      if (v < 0) this.fail('bad character in hex string');
      if (hi < 0) hi = v;
      else {
        out[n++] = hi * 16 + v;
        hi = -1;
      }
    }
    if (hi >= 0) out[n++] = hi * 16;
    this.pos = p;
    return {
      t: 'str',
      bytes: out.subarray(0, n),
      hex: true,
      start: this.fileOffset(startPos),
      end: this.fileOffset(p),
    };
  }

  private literalString(): Token {
    const b = this.buf;
    const startPos = this.pos;
    let p = startPos + 1;
    let depth = 1;
    const out: number[] = [];
    for (;;) {
      if (p >= b.length) this.fail('unterminated string');
      const c = b[p++]!;
      if (c === 0x5c) {
        if (p >= b.length) this.fail('unterminated string');
        const e = b[p++]!;
        switch (e) {
          case 0x6e:
            out.push(10);
            break;
          case 0x72:
            out.push(13);
            break;
          case 0x74:
            out.push(9);
            break;
          case 0x62:
            out.push(8);
            break;
          case 0x66:
            out.push(12);
            break;
          case 0x0d:
            if (b[p] === 0x0a) p++;
            break;
          case 0x0a:
            break;
          default:
            if (e >= 0x30 && e <= 0x37) {
              let v = e - 0x30;
              for (let k = 0; k < 2 && p < b.length && b[p]! >= 0x30 && b[p]! <= 0x37; k++)
                v = v * 8 + (b[p++]! - 0x30);
              out.push(v & 0xff);
            } else out.push(e);
        }
        continue;
      }
      if (c === 0x28) depth++;
      else if (c === 0x29) {
        depth--;
        if (depth === 0) break;
      } else if (c === 0x0d) {
        // An unescaped end-of-line in a literal string reads as a single LF (§7.3.4.2).
        if (b[p] === 0x0a) p++;
        out.push(10);
        continue;
      }
      out.push(c);
    }
    this.pos = p;
    return {
      t: 'str',
      bytes: Uint8Array.from(out),
      hex: false,
      start: this.fileOffset(startPos),
      end: this.fileOffset(p),
    };
  }
}
