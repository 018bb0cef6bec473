/**
 * Small ASN.1 helpers shared by the CRL, OCSP and timestamp parsers: guarded decoding, serial numbers,
 * GeneralNames, name comparison and the extensions they all look at. Hand-written because pkijs leaves
 * these pieces as raw asn1js blocks.
 */
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { DEFAULT_BER_LIMITS, scanBer } from '../lib/ber.js';
import { equalBytes, fromBase64, toArrayBuffer } from '../lib/bytes.js';
import { formatError } from '../lib/errors.js';
import { type Certificate, EXT, serialHex } from '../x509/certificate.js';

/** Runs the BER guard, then asn1js; exactly one TLV, nothing after it. Throws formatError(code). */
export function decodeDer(bytes: Uint8Array, code: string, what: string): asn1js.AsnType {
  scanBer(bytes, DEFAULT_BER_LIMITS);
  const asn = asn1js.fromBER(toArrayBuffer(bytes));
  if (asn.offset === -1) throw formatError(code, `${what} is not valid ASN.1: ${asn.result.error}`);
  if (asn.offset !== bytes.length) throw formatError(code, `${what} has trailing bytes`);
  return asn.result;
}

/** Serial numbers everywhere (CRL entries, OCSP CertIDs, TST sids) use the certificate's normal form. */
export const normalizeSerial: (raw: Uint8Array) => string = serialHex;

export function integerBytes(i: asn1js.Integer): Uint8Array {
  return new Uint8Array(i.valueBlock.valueHexView);
}

export function integerToBigInt(i: asn1js.Integer): bigint {
  const raw = integerBytes(i);
  if (raw.length === 0) return 0n;
  let v = 0n;
  for (const b of raw) v = (v << 8n) | BigInt(b);
  if (raw[0]! & 0x80) v -= 1n << BigInt(raw.length * 8);
  return v;
}

export function certificateSerial(cert: Certificate): string {
  return cert.serialNumber;
}

export type GeneralNameValue =
  | { kind: 'uri'; value: string }
  | { kind: 'dns'; value: string }
  | { kind: 'email'; value: string }
  | { kind: 'directoryName'; der: Uint8Array; text: string }
  | { kind: 'other'; der: Uint8Array };

export function generalName(gn: pkijs.GeneralName): GeneralNameValue {
  switch (gn.type) {
    case 1:
      return { kind: 'email', value: String(gn.value) };
    case 2:
      return { kind: 'dns', value: String(gn.value) };
    case 6:
      return { kind: 'uri', value: String(gn.value) };
    case 4: {
      const rdn = gn.value as pkijs.RelativeDistinguishedNames;
      return { kind: 'directoryName', der: new Uint8Array(rdn.toSchema().toBER(false)), text: rdnText(rdn) };
    }
    default:
      return { kind: 'other', der: new Uint8Array((gn.toSchema() as asn1js.BaseBlock).toBER(false)) };
  }
}

function rdnText(rdn: pkijs.RelativeDistinguishedNames): string {
  return rdn.typesAndValues.map((tv) => `${tv.type}=${String(tv.value.valueBlock.value ?? '')}`).join(',');
}

export function generalNamesEqual(a: GeneralNameValue, b: GeneralNameValue): boolean {
  if (a.kind !== b.kind) return false;
  if (a.kind === 'directoryName' && b.kind === 'directoryName') return namesEqual(a.der, b.der);
  if (a.kind === 'other' && b.kind === 'other') return equalBytes(a.der, b.der);
  if ('value' in a && 'value' in b)
    return a.kind === 'uri' ? a.value === b.value : a.value.toLowerCase() === b.value.toLowerCase();
  return false;
}

/** Normalised string form of one attribute value (RFC 5280 §7.1: case-insensitive, whitespace folded). */
function normValue(v: unknown): string {
  const s = typeof v === 'string' ? v : String(v ?? '');
  return s.trim().replace(/\s+/g, ' ').toLowerCase();
}

/** Distinguished names equal: byte-identical, or equal after RFC 5280 §7.1 style normalisation. */
export function namesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (equalBytes(a, b)) return true;
  try {
    const ra = new pkijs.RelativeDistinguishedNames({ schema: decodeDer(a, 'NAME_MALFORMED', 'name') });
    const rb = new pkijs.RelativeDistinguishedNames({ schema: decodeDer(b, 'NAME_MALFORMED', 'name') });
    if (ra.typesAndValues.length !== rb.typesAndValues.length) return false;
    return ra.typesAndValues.every((tv, i) => {
      const other = rb.typesAndValues[i]!;
      return (
        tv.type === other.type &&
        normValue(tv.value.valueBlock.value) === normValue(other.value.valueBlock.value)
      );
    });
  } catch {
    return false;
  }
}

export function findExtension(
  exts: readonly pkijs.Extension[] | undefined,
  oid: string,
): pkijs.Extension | undefined {
  return exts?.find((e) => e.extnID === oid);
}

/** keyUsage bit n (0 = digitalSignature … 5 = keyCertSign, 6 = cRLSign), or undefined without keyUsage. */
export function keyUsageBit(cert: Certificate, bit: number): boolean | undefined {
  const ext = findExtension(cert.extensions, EXT.keyUsage);
  if (!ext) return undefined;
  const bits = ext.parsedValue as asn1js.BitString | undefined;
  const bytes = bits?.valueBlock ? new Uint8Array(bits.valueBlock.valueHexView) : new Uint8Array(0);
  const byte = bytes[bit >> 3] ?? 0;
  return (byte & (0x80 >> (bit & 7))) !== 0;
}

export function extendedKeyUsage(cert: Certificate): { purposes: string[]; critical: boolean } | undefined {
  const ext = findExtension(cert.extensions, EXT.extKeyUsage);
  if (!ext) return undefined;
  const eku = ext.parsedValue as pkijs.ExtKeyUsage | undefined;
  return { purposes: eku?.keyPurposes ?? [], critical: !!ext.critical };
}

export function isCaCertificate(cert: Certificate): boolean {
  const ext = findExtension(cert.extensions, EXT.basicConstraints);
  const bc = ext?.parsedValue as pkijs.BasicConstraints | undefined;
  return !!bc?.cA;
}

export { problem } from '../lib/problem.js';

export function bitStringBytes(b: asn1js.BitString): Uint8Array {
  return new Uint8Array(b.valueBlock.valueHexView);
}

/** AlgorithmIdentifier parameters as DER, leaving out absent and NULL parameters. */
export function algorithmParams(alg: pkijs.AlgorithmIdentifier): Uint8Array | undefined {
  const p = alg.algorithmParams as asn1js.AsnType | undefined;
  if (!p || p instanceof asn1js.Null) return undefined;
  return new Uint8Array(p.toBER(false));
}

/** CRL reasons (RFC 5280 §5.3.1), by their enumerated value. */
export const CRL_REASONS = [
  'unspecified',
  'keyCompromise',
  'cACompromise',
  'affiliationChanged',
  'superseded',
  'cessationOfOperation',
  'certificateHold',
  'unused7',
  'removeFromCRL',
  'privilegeWithdrawn',
  'aACompromise',
] as const;
export type CrlReason = (typeof CRL_REASONS)[number];

export function reasonName(code: number): CrlReason | undefined {
  return CRL_REASONS[code];
}

/**
 * Revocation data arrive as DER, PEM or bare base64 (OpenSSL's test responses are base64 text). Returns
 * DER; anything that is not recognisably text is returned unchanged for the DER parser to judge.
 */
export function derFromMaybeText(bytes: Uint8Array): Uint8Array {
  if (bytes.length === 0 || bytes[0] === 0x30) return bytes;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b > 0x7e || (b < 0x20 && b !== 0x0a && b !== 0x0d && b !== 0x09)) return bytes;
  }
  const text = new TextDecoder('latin1').decode(bytes);
  const pem = /-----BEGIN [^-]+-----([\s\S]*?)-----END [^-]+-----/.exec(text);
  const body = (pem ? pem[1]! : text).replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(body)) return bytes;
  try {
    return fromBase64(body);
  } catch {
    return bytes;
  }
}
