/**
 * Hand-written strict DER reader for the few small structures the verifiers decode (signature
 * INTEGER pairs, RSA/DSA keys, PSS parameters): asn1js accepts BER (non-minimal lengths, indefinite
 * lengths, padded INTEGERs), and signature verification must reject every non-DER encoding.
 */

export const DER_TAG = {
  INTEGER: 0x02,
  BIT_STRING: 0x03,
  OCTET_STRING: 0x04,
  NULL: 0x05,
  OID: 0x06,
  SEQUENCE: 0x30,
} as const;

export class DerError extends Error {
  override readonly name = 'DerError';
}

export interface Tlv {
  tag: number;
  /** Contents octets. */
  value: Uint8Array;
  /** The whole TLV (tag, length, contents). */
  raw: Uint8Array;
}

/** Reads one TLV at `offset`; rejects high tag numbers, indefinite and non-minimal lengths. */
export function readTlv(bytes: Uint8Array, offset = 0): Tlv {
  if (offset + 2 > bytes.length) throw new DerError('truncated TLV');
  const tag = bytes[offset]!;
  if ((tag & 0x1f) === 0x1f) throw new DerError('high tag numbers are not used here');
  let pos = offset + 1;
  const first = bytes[pos++]!;
  let len: number;
  if (first < 0x80) len = first;
  else {
    const n = first & 0x7f;
    if (n === 0) throw new DerError('indefinite length is not DER');
    if (n > 4) throw new DerError('length too large');
    if (pos + n > bytes.length) throw new DerError('truncated length');
    if (bytes[pos] === 0) throw new DerError('non-minimal length');
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + bytes[pos++]!;
    if (len < 0x80) throw new DerError('non-minimal length');
  }
  const end = pos + len;
  if (end > bytes.length) throw new DerError('length runs past the data');
  return { tag, value: bytes.subarray(pos, end), raw: bytes.subarray(offset, end) };
}

/** Parses `bytes` as exactly one TLV with the given tag (no trailing bytes). */
export function readExact(bytes: Uint8Array, tag: number): Tlv {
  const tlv = readTlv(bytes, 0);
  if (tlv.tag !== tag)
    throw new DerError(`expected tag 0x${tag.toString(16)}, got 0x${tlv.tag.toString(16)}`);
  if (tlv.raw.length !== bytes.length) throw new DerError('trailing bytes after DER value');
  return tlv;
}

/** The elements of a constructed value's contents, in order. */
export function children(contents: Uint8Array): Tlv[] {
  const out: Tlv[] = [];
  let pos = 0;
  while (pos < contents.length) {
    const tlv = readTlv(contents, pos);
    out.push(tlv);
    pos += tlv.raw.length;
  }
  return out;
}

/** A DER INTEGER's contents as a non-negative bigint; negative or non-minimal encodings are rejected. */
export function derUnsigned(tlv: Tlv): bigint {
  if (tlv.tag !== DER_TAG.INTEGER) throw new DerError('expected INTEGER');
  const v = tlv.value;
  if (v.length === 0) throw new DerError('empty INTEGER');
  if (v[0]! & 0x80) throw new DerError('negative INTEGER');
  if (v.length > 1 && v[0] === 0 && !(v[1]! & 0x80)) throw new DerError('non-minimal INTEGER');
  let n = 0n;
  for (const b of v) n = (n << 8n) | BigInt(b);
  return n;
}

/** A DER INTEGER that must fit a JS number (salt lengths, trailer fields). */
export function derSmallInt(tlv: Tlv): number {
  const n = derUnsigned(tlv);
  if (n > 0xffffffn) throw new DerError('INTEGER too large');
  return Number(n);
}

/** Dotted form of an OBJECT IDENTIFIER's contents; rejects non-minimal sub-identifiers. */
export function derOid(tlv: Tlv): string {
  if (tlv.tag !== DER_TAG.OID) throw new DerError('expected OBJECT IDENTIFIER');
  const v = tlv.value;
  if (v.length === 0) throw new DerError('empty OID');
  const arcs: number[] = [];
  let cur = 0;
  let fresh = true;
  for (let i = 0; i < v.length; i++) {
    const b = v[i]!;
    if (fresh && b === 0x80) throw new DerError('non-minimal OID arc');
    if (cur > 0x1fffffff) throw new DerError('OID arc too large');
    cur = cur * 128 + (b & 0x7f);
    fresh = !(b & 0x80);
    if (fresh) {
      arcs.push(cur);
      cur = 0;
    }
  }
  if (!fresh) throw new DerError('truncated OID');
  const first = arcs[0]!;
  const head = first < 40 ? [0, first] : first < 80 ? [1, first - 40] : [2, first - 80];
  return [...head, ...arcs.slice(1)].join('.');
}

/** Encodes a dotted OID as a full DER TLV (used to build expected DigestInfo prefixes). */
export function encodeOid(dotted: string): Uint8Array {
  const parts = dotted.split('.').map((p) => Number(p));
  const arcs = [parts[0]! * 40 + parts[1]!, ...parts.slice(2)];
  const body: number[] = [];
  for (const arc of arcs) {
    const chunk: number[] = [];
    let a = arc;
    do {
      chunk.unshift(a & 0x7f);
      a = Math.floor(a / 128);
    } while (a > 0);
    for (let i = 0; i < chunk.length - 1; i++) chunk[i]! |= 0x80;
    body.push(...chunk);
  }
  return encodeTlv(DER_TAG.OID, Uint8Array.from(body));
}

export function encodeTlv(tag: number, value: Uint8Array): Uint8Array {
  const len = value.length;
  let head: number[];
  if (len < 0x80) head = [tag, len];
  else if (len < 0x100) head = [tag, 0x81, len];
  else head = [tag, 0x82, len >> 8, len & 0xff];
  const out = new Uint8Array(head.length + len);
  out.set(head, 0);
  out.set(value, head.length);
  return out;
}

/** Parses a DER `SEQUENCE { INTEGER r, INTEGER s }` (ECDSA/DSA signature), strictly. */
export function parseRsSignature(sig: Uint8Array): { r: bigint; s: bigint } {
  const seq = readExact(sig, DER_TAG.SEQUENCE);
  const items = children(seq.value);
  if (items.length !== 2) throw new DerError('signature SEQUENCE must hold two INTEGERs');
  return { r: derUnsigned(items[0]!), s: derUnsigned(items[1]!) };
}
