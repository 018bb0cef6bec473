/**
 * A parsed X.509 certificate with the fields every stage asks for, computed once. Parsing is pkijs;
 * signature checks never use pkijs' engine but the crypto registry.
 */
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { digestParts } from '../crypto/registry.js';
import { parseSpki } from '../crypto/spki.js';
import type { PublicKeyInfo } from '../crypto/types.js';
import { DEFAULT_BER_LIMITS, scanBer } from '../lib/ber.js';
import { equalBytes, toArrayBuffer, toHex } from '../lib/bytes.js';
import { formatError, guardParse } from '../lib/errors.js';
import type { CertificateSummary } from '../verdict/schema.js';
import { firstAttribute, nameToString } from './names.js';

export type CertificateSource = CertificateSummary['source'];

export const EXT = {
  subjectKeyIdentifier: '2.5.29.14',
  keyUsage: '2.5.29.15',
  subjectAltName: '2.5.29.17',
  basicConstraints: '2.5.29.19',
  nameConstraints: '2.5.29.30',
  crlDistributionPoints: '2.5.29.31',
  certificatePolicies: '2.5.29.32',
  policyMappings: '2.5.29.33',
  authorityKeyIdentifier: '2.5.29.35',
  policyConstraints: '2.5.29.36',
  extKeyUsage: '2.5.29.37',
  inhibitAnyPolicy: '2.5.29.54',
  authorityInfoAccess: '1.3.6.1.5.5.7.1.1',
  qcStatements: '1.3.6.1.5.5.7.1.3',
  ocspNoCheck: '1.3.6.1.5.5.7.48.1.5',
} as const;

export interface Certificate {
  der: Uint8Array;
  /** SHA-256 of the DER, lower-case hex: the identity used everywhere. */
  sha256: string;
  pkijs: pkijs.Certificate;
  subject: string;
  issuer: string;
  /** DER of the subject / issuer Name, for exact name chaining. */
  subjectDer: Uint8Array;
  issuerDer: Uint8Array;
  /**
   * Lower-case hex of the serial's two's-complement bytes in minimal form (`serialHex`). Identical to the
   * encoded bytes for every DER certificate; the one value issuer/serial matching compares everywhere.
   */
  serialNumber: string;
  notBefore: Date;
  notAfter: Date;
  /** DER of the TBSCertificate, the bytes the issuer signed. */
  tbs: Uint8Array;
  signatureAlgorithmOid: string;
  signatureAlgorithmParams?: Uint8Array;
  signatureValue: Uint8Array;
  publicKey: PublicKeyInfo;
  subjectKeyIdentifier?: Uint8Array;
  authorityKeyIdentifier?: Uint8Array;
  extensions: readonly pkijs.Extension[];
  source: CertificateSource;
}

/**
 * An INTEGER's content octets as minimal two's-complement hex: redundant leading 00 (before a byte
 * < 80) and ff (before a byte >= 80) are dropped. X.690 §8.3.2 forbids them in DER, but certificates,
 * CMS SignerIdentifiers, ESS IssuerSerials, CRL entries and OCSP CertIDs that carry them still occur
 * (DSS's BadEncodedCMS.pdf: `02 09 00 50 …`). Rejecting the certificate would gain nothing (its
 * signature covers the bytes as they are) and would hide the signature; instead every serial comparison
 * uses this form, so `00 50 …` and `50 …` name the same certificate wherever they appear.
 */
export function serialHex(raw: Uint8Array): string {
  let i = 0;
  while (i < raw.length - 1) {
    const b = raw[i]!;
    const next = raw[i + 1]!;
    if ((b === 0x00 && next < 0x80) || (b === 0xff && next >= 0x80)) i++;
    else break;
  }
  return toHex(raw.subarray(i));
}

function nameDer(name: pkijs.RelativeDistinguishedNames): Uint8Array {
  return new Uint8Array(name.toSchema().toBER(false));
}

/** Parses one DER certificate. Throws CrossignError(ERR_FORMAT, CERT_MALFORMED) on bad input. */
/**
 * Parsed certificates by DER digest and source. Parsing (asn1js + pkijs) is about half the cost of a
 * small verification, and a batch sees the same CA and signer certificates again and again. Certificate
 * objects are never mutated, so sharing them is safe; the cache is bounded (least recently used out).
 */
const CACHE_SIZE = 512;
const cache = new Map<string, Certificate>();

export function parseCertificate(der: Uint8Array, source: CertificateSource = 'signature'): Certificate {
  const key = `${source}:${toHex(digestParts('SHA-256', [der]))}`;
  const hit = cache.get(key);
  if (hit && hit.der.length === der.length) {
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  const cert = guardParse('CERT_MALFORMED', 'certificate', () => parseCertificateUnguarded(der, source));
  cache.set(key, cert);
  if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value!);
  return cert;
}

function parseCertificateUnguarded(der: Uint8Array, source: CertificateSource): Certificate {
  scanBer(der, DEFAULT_BER_LIMITS);
  let cert: pkijs.Certificate;
  let tbs: Uint8Array;
  try {
    const asn = asn1js.fromBER(toArrayBuffer(der));
    if (asn.offset === -1) throw new Error(asn.result.error);
    cert = new pkijs.Certificate({ schema: asn.result });
    const seq = asn.result as asn1js.Sequence;
    const tbsBlock = seq.valueBlock.value[0]!;
    tbs = new Uint8Array(tbsBlock.valueBeforeDecodeView);
  } catch (e) {
    throw formatError('CERT_MALFORMED', `certificate is malformed: ${e instanceof Error ? e.message : e}`, e);
  }
  const spkiDer = new Uint8Array(cert.subjectPublicKeyInfo.toSchema().toBER(false));
  const exts = cert.extensions ?? [];
  const ski = exts.find((e) => e.extnID === EXT.subjectKeyIdentifier)?.parsedValue as
    | asn1js.OctetString
    | undefined;
  const aki = exts.find((e) => e.extnID === EXT.authorityKeyIdentifier)?.parsedValue as
    | pkijs.AuthorityKeyIdentifier
    | undefined;
  const sigParams = cert.signatureAlgorithm.algorithmParams as asn1js.AsnType | undefined;
  const out: Certificate = {
    der,
    sha256: toHex(digestParts('SHA-256', [der])),
    pkijs: cert,
    subject: nameToString(cert.subject),
    issuer: nameToString(cert.issuer),
    subjectDer: nameDer(cert.subject),
    issuerDer: nameDer(cert.issuer),
    serialNumber: serialHex(new Uint8Array(cert.serialNumber.valueBlock.valueHexView)),
    notBefore: cert.notBefore.value,
    notAfter: cert.notAfter.value,
    tbs,
    signatureAlgorithmOid: cert.signatureAlgorithm.algorithmId,
    signatureValue: new Uint8Array(cert.signatureValue.valueBlock.valueHexView),
    publicKey: parseSpki(spkiDer),
    extensions: exts,
    source,
  };
  if (sigParams && !(sigParams instanceof asn1js.Null))
    out.signatureAlgorithmParams = new Uint8Array(sigParams.toBER(false));
  if (ski?.valueBlock) out.subjectKeyIdentifier = new Uint8Array(ski.valueBlock.valueHexView);
  if (aki?.keyIdentifier)
    out.authorityKeyIdentifier = new Uint8Array(aki.keyIdentifier.valueBlock.valueHexView);
  return out;
}

export function isSelfIssued(c: Certificate): boolean {
  return equalBytes(c.subjectDer, c.issuerDer);
}

export function basicConstraints(c: Certificate): { cA: boolean; pathLenConstraint?: number } | undefined {
  const ext = c.extensions.find((e) => e.extnID === EXT.basicConstraints);
  if (!ext) return undefined;
  const bc = ext.parsedValue as pkijs.BasicConstraints | undefined;
  if (!bc) return { cA: false };
  const pl = bc.pathLenConstraint;
  const pathLen =
    typeof pl === 'number' ? pl : pl instanceof asn1js.Integer ? pl.valueBlock.valueDec : undefined;
  return pathLen === undefined ? { cA: !!bc.cA } : { cA: !!bc.cA, pathLenConstraint: pathLen };
}

/** Key size in bits, as far as the SPKI tells without importing the key. */
function publicKeyDescription(c: Certificate): CertificateSummary['publicKey'] {
  const alg = c.pkijs.subjectPublicKeyInfo.algorithm.algorithmId;
  const names: Record<string, string> = {
    '1.2.840.113549.1.1.1': 'RSA',
    '1.2.840.113549.1.1.10': 'RSA-PSS',
    '1.2.840.10045.2.1': 'EC',
    '1.3.101.112': 'Ed25519',
    '1.3.101.113': 'Ed448',
    '1.2.840.10040.4.1': 'DSA',
    '1.2.643.7.1.1.1.1': 'GOST R 34.10-2012 256',
    '1.2.643.7.1.1.1.2': 'GOST R 34.10-2012 512',
  };
  const out: CertificateSummary['publicKey'] = { algorithm: names[alg] ?? alg };
  try {
    const pk = c.pkijs.subjectPublicKeyInfo.parsedKey as pkijs.RSAPublicKey | pkijs.ECPublicKey | undefined;
    if (pk instanceof pkijs.RSAPublicKey) {
      const mod = new Uint8Array(pk.modulus.valueBlock.valueHexView);
      let i = 0;
      while (i < mod.length && mod[i] === 0) i++;
      const bits = (mod.length - i) * 8 - Math.clz32(mod[i] ?? 0) + 24;
      out.size = bits;
    } else if (pk instanceof pkijs.ECPublicKey) {
      const curves: Record<string, [string, number]> = {
        '1.2.840.10045.3.1.7': ['P-256', 256],
        '1.3.132.0.34': ['P-384', 384],
        '1.3.132.0.35': ['P-521', 521],
        '1.2.156.10197.1.301': ['SM2', 256],
      };
      const cv = curves[pk.namedCurve];
      if (cv) {
        out.curve = cv[0];
        out.size = cv[1];
      } else out.curve = pk.namedCurve;
    }
  } catch {
    // Unusual keys are described by OID alone.
  }
  return out;
}

export function summarize(c: Certificate, source: CertificateSource = c.source): CertificateSummary {
  const bc = basicConstraints(c);
  const cn = firstAttribute(c.pkijs.subject, 'CN');
  const s: CertificateSummary = {
    subject: c.subject,
    issuer: c.issuer,
    serialNumber: c.serialNumber,
    notBefore: c.notBefore.toISOString(),
    notAfter: c.notAfter.toISOString(),
    sha256: c.sha256,
    isCA: !!bc?.cA,
    selfSigned: isSelfIssued(c),
    publicKey: publicKeyDescription(c),
    source,
  };
  if (cn !== undefined) s.commonName = cn;
  return s;
}
