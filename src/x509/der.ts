/**
 * Tiny asn1js helpers for the extension decoders. Hand-written because pkijs' extension classes swallow
 * decoding errors (they set `parsingError` and return defaults), and path validation must fail closed.
 */
import * as asn1js from 'asn1js';
import { toArrayBuffer } from '../lib/bytes.js';

/** Thrown by decoders on malformed DER; path validation turns it into X509_EXTENSION_MALFORMED. */
export class DerError extends Error {
  override readonly name = 'DerError';
}

/** Decodes one DER element that must span all of `bytes`. */
export function decodeDer(bytes: Uint8Array): asn1js.AsnType {
  const res = asn1js.fromBER(toArrayBuffer(bytes));
  if (res.offset === -1) throw new DerError(res.result.error || 'invalid DER');
  if (res.offset !== bytes.length) throw new DerError('trailing bytes after DER value');
  return res.result;
}

export function tagClass(node: asn1js.AsnType): number {
  return (node as asn1js.BaseBlock).idBlock.tagClass;
}

export function tagNumber(node: asn1js.AsnType): number {
  return (node as asn1js.BaseBlock).idBlock.tagNumber;
}

/** Context-specific [n] (tag class 3 in asn1js). */
export function isContext(node: asn1js.AsnType, n: number): boolean {
  return tagClass(node) === 3 && tagNumber(node) === n;
}

/** Children of a SEQUENCE / SET / constructed tagged value. */
export function childrenOf(node: asn1js.AsnType, what: string): asn1js.AsnType[] {
  const vb = (node as asn1js.BaseBlock<asn1js.ValueBlock>).valueBlock as unknown as { value?: unknown };
  if (!(node as asn1js.BaseBlock).idBlock.isConstructed || !Array.isArray(vb.value))
    throw new DerError(`${what}: expected a constructed value`);
  return vb.value as asn1js.AsnType[];
}

export function expectSequence(node: asn1js.AsnType | undefined, what: string): asn1js.AsnType[] {
  if (!(node instanceof asn1js.Sequence)) throw new DerError(`${what}: expected a SEQUENCE`);
  return node.valueBlock.value;
}

export function expectOid(node: asn1js.AsnType | undefined, what: string): string {
  if (!(node instanceof asn1js.ObjectIdentifier))
    throw new DerError(`${what}: expected an OBJECT IDENTIFIER`);
  return node.valueBlock.toString();
}

/** Raw content octets of a primitive value (used for IMPLICIT-tagged fields). */
export function primitiveBytes(node: asn1js.AsnType, what: string): Uint8Array {
  const b = node as asn1js.BaseBlock;
  if (b.idBlock.isConstructed) throw new DerError(`${what}: expected a primitive value`);
  const vb = b.valueBlock as unknown as { valueHexView?: Uint8Array };
  if (!vb.valueHexView) throw new DerError(`${what}: no content`);
  return new Uint8Array(vb.valueHexView);
}

/** A non-negative INTEGER small enough for a JS number (pathLen, skipCerts). */
export function smallUnsigned(bytes: Uint8Array, what: string): number {
  if (bytes.length === 0 || bytes.length > 6) throw new DerError(`${what}: integer out of range`);
  if ((bytes[0]! & 0x80) !== 0) throw new DerError(`${what}: negative integer`);
  let v = 0;
  for (const b of bytes) v = v * 256 + b;
  return v;
}

export function integerValue(node: asn1js.AsnType | undefined, what: string): number {
  if (!(node instanceof asn1js.Integer)) throw new DerError(`${what}: expected an INTEGER`);
  return smallUnsigned(new Uint8Array(node.valueBlock.valueHexView), what);
}

export function derOf(node: asn1js.AsnType): Uint8Array {
  return new Uint8Array(node.toBER(false));
}

const ascii = new TextDecoder('latin1');
export function asciiString(bytes: Uint8Array): string {
  return ascii.decode(bytes);
}
