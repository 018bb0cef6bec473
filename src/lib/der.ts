/**
 * Canonical DER re-encoding of a BER value (X.690 §10): definite minimal lengths, SET OF sorted,
 * constructed strings joined. CMS signs the DER encoding of the signed attributes (RFC 5652 §5.4), so
 * that is what we verify — as DSS (Bouncy Castle) does; the input must have passed scanBer first.
 */
import { concatBytes } from './bytes.js';
import { formatError } from './errors.js';

interface Tlv {
  tag: Uint8Array;
  constructed: boolean;
  /** Universal tag number when the tag is universal, else -1. */
  universal: number;
  value: Uint8Array;
  /** For indefinite lengths the value is parsed as children up to end-of-contents. */
  end: number;
}

function readTlv(b: Uint8Array, pos: number): Tlv {
  const start = pos;
  const first = b[pos++]!;
  if ((first & 0x1f) === 0x1f) while (b[pos++]! & 0x80);
  const tag = b.subarray(start, pos);
  const constructed = (first & 0x20) !== 0;
  const universal = (first & 0xc0) === 0 && (first & 0x1f) !== 0x1f ? first & 0x1f : -1;
  const lb = b[pos++];
  if (lb === undefined) throw formatError('ASN1_TRUNCATED', 'truncated');
  if (lb === 0x80) {
    // Indefinite: children until 00 00.
    let p = pos;
    while (!(b[p] === 0 && b[p + 1] === 0)) {
      if (p >= b.length) throw formatError('ASN1_TRUNCATED', 'truncated');
      p = readTlv(b, p).end;
    }
    return { tag, constructed, universal, value: b.subarray(pos, p), end: p + 2 };
  }
  let len = lb;
  if (lb > 0x80) {
    len = 0;
    for (let i = 0; i < (lb & 0x7f); i++) len = len * 256 + b[pos++]!;
  }
  if (pos + len > b.length) throw formatError('ASN1_LENGTH_OVERRUN', 'length overrun');
  return { tag, constructed, universal, value: b.subarray(pos, pos + len), end: pos + len };
}

function children(value: Uint8Array): Tlv[] {
  const out: Tlv[] = [];
  for (let p = 0; p < value.length; ) {
    const t = readTlv(value, p);
    out.push(t);
    p = t.end;
  }
  return out;
}

function lengthBytes(n: number): number[] {
  if (n < 0x80) return [n];
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v % 256);
  return [0x80 | bytes.length, ...bytes];
}

function encode(tag: Uint8Array | number[], content: Uint8Array): Uint8Array {
  const len = lengthBytes(content.length);
  const out = new Uint8Array(tag.length + len.length + content.length);
  out.set(tag, 0);
  out.set(len, tag.length);
  out.set(content, tag.length + len.length);
  return out;
}

function compare(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

/** Universal string-like types that DER requires in primitive form. */
const STRING_TYPES = new Set([3, 4, 12, 18, 19, 20, 21, 22, 25, 26, 27, 28, 30]);

function canonical(t: Tlv): Uint8Array {
  if (!t.constructed) return encode(t.tag, t.value);
  const kids = children(t.value);
  if (STRING_TYPES.has(t.universal)) {
    // Join the segments into one primitive string (BIT STRING keeps only the last unused-bits byte).
    const segs = kids.map((k) => flatten(k));
    const primitiveTag = [t.tag[0]! & ~0x20];
    if (t.universal === 3) {
      const unused = segs[segs.length - 1]?.[0] ?? 0;
      return encode(primitiveTag, concatBytes([new Uint8Array([unused]), ...segs.map((s) => s.subarray(1))]));
    }
    return encode(primitiveTag, concatBytes(segs));
  }
  const enc = kids.map(canonical);
  if (t.universal === 17) enc.sort(compare);
  return encode(t.tag, concatBytes(enc));
}

function flatten(t: Tlv): Uint8Array {
  if (!t.constructed) return t.value;
  return concatBytes(children(t.value).map(flatten));
}

/** The canonical DER encoding of the single BER value in `ber`. */
export function toCanonicalDer(ber: Uint8Array): Uint8Array {
  return canonical(readTlv(ber, 0));
}
