/**
 * Strict decoders for the extensions path validation processes (RFC 5280 §4.2). Hand-written over asn1js
 * rather than pkijs' classes because those return defaults on malformed input instead of failing.
 */
import * as asn1js from 'asn1js';
import type { Certificate } from './certificate.js';
import { EXT } from './certificate.js';
import {
  asciiString,
  childrenOf,
  DerError,
  decodeDer,
  derOf,
  expectOid,
  expectSequence,
  integerValue,
  isContext,
  primitiveBytes,
  smallUnsigned,
  tagClass,
  tagNumber,
} from './der.js';
import { type ParsedName, parseName } from './name-match.js';

export const ANY_POLICY = '2.5.29.32.0';

export const EKU = {
  serverAuth: '1.3.6.1.5.5.7.3.1',
  clientAuth: '1.3.6.1.5.5.7.3.2',
  codeSigning: '1.3.6.1.5.5.7.3.3',
  emailProtection: '1.3.6.1.5.5.7.3.4',
  timeStamping: '1.3.6.1.5.5.7.3.8',
  ocspSigning: '1.3.6.1.5.5.7.3.9',
  documentSigning: '1.3.6.1.5.5.7.3.36',
  anyExtendedKeyUsage: '2.5.29.37.0',
  msDocumentSigning: '1.3.6.1.4.1.311.10.3.12',
  adobeAuthenticDocuments: '1.2.840.113583.1.1.5',
} as const;

/** Extensions beyond EXT that path validation recognises when critical. */
export const EXT_MORE = {
  subjectDirectoryAttributes: '2.5.29.9',
  privateKeyUsagePeriod: '2.5.29.16',
  issuerAltName: '2.5.29.18',
  freshestCRL: '2.5.29.46',
  subjectInfoAccess: '1.3.6.1.5.5.7.1.11',
} as const;

/**
 * Extensions this module understands. A critical extension outside this set (plus any the caller adds)
 * makes the certificate unusable (RFC 5280 §4.2).
 */
export const PROCESSED_EXTENSIONS: ReadonlySet<string> = new Set([
  EXT.subjectKeyIdentifier,
  EXT.authorityKeyIdentifier,
  EXT.keyUsage,
  EXT.extKeyUsage,
  EXT.basicConstraints,
  EXT.subjectAltName,
  EXT.nameConstraints,
  EXT.certificatePolicies,
  EXT.policyMappings,
  EXT.policyConstraints,
  EXT.inhibitAnyPolicy,
  EXT.crlDistributionPoints,
  EXT.authorityInfoAccess,
  EXT.ocspNoCheck,
  EXT_MORE.subjectDirectoryAttributes,
  EXT_MORE.privateKeyUsagePeriod,
  EXT_MORE.issuerAltName,
  EXT_MORE.freshestCRL,
  EXT_MORE.subjectInfoAccess,
]);

export interface RawExtension {
  oid: string;
  critical: boolean;
  value: Uint8Array;
}

export function rawExtensions(cert: Certificate): RawExtension[] {
  return cert.extensions.map((e) => ({
    oid: e.extnID,
    critical: !!e.critical,
    value: new Uint8Array(e.extnValue.valueBlock.valueHexView),
  }));
}

export function findExtension(cert: Certificate, oid: string): RawExtension | undefined {
  return rawExtensions(cert).find((e) => e.oid === oid);
}

/** OIDs that occur more than once (forbidden by RFC 5280 §4.2). */
export function duplicateExtensions(cert: Certificate): string[] {
  const seen = new Set<string>();
  const dup = new Set<string>();
  for (const e of cert.extensions) (seen.has(e.extnID) ? dup : seen).add(e.extnID);
  return [...dup];
}

// ---------- basicConstraints ----------

export interface BasicConstraints {
  cA: boolean;
  pathLenConstraint?: number;
}

export function decodeBasicConstraints(value: Uint8Array): BasicConstraints {
  const items = expectSequence(decodeDer(value), 'basicConstraints');
  let i = 0;
  let cA = false;
  if (items[i] instanceof asn1js.Boolean) {
    cA = (items[i] as asn1js.Boolean).valueBlock.value;
    i++;
  }
  const out: BasicConstraints = { cA };
  if (items[i] !== undefined) {
    out.pathLenConstraint = integerValue(items[i], 'pathLenConstraint');
    i++;
  }
  if (i !== items.length) throw new DerError('basicConstraints: unexpected fields');
  return out;
}

// ---------- keyUsage ----------

export const KEY_USAGE_BITS = [
  'digitalSignature',
  'nonRepudiation',
  'keyEncipherment',
  'dataEncipherment',
  'keyAgreement',
  'keyCertSign',
  'cRLSign',
  'encipherOnly',
  'decipherOnly',
] as const;
export type KeyUsageName = (typeof KEY_USAGE_BITS)[number];

export function decodeKeyUsage(value: Uint8Array): Set<KeyUsageName> {
  const node = decodeDer(value);
  if (!(node instanceof asn1js.BitString)) throw new DerError('keyUsage: expected a BIT STRING');
  const bytes = new Uint8Array(node.valueBlock.valueHexView);
  const unused = node.valueBlock.unusedBits;
  const out = new Set<KeyUsageName>();
  KEY_USAGE_BITS.forEach((name, bit) => {
    const byte = bit >> 3;
    if (byte >= bytes.length) return;
    if (byte === bytes.length - 1 && 7 - (bit & 7) < unused) return;
    if ((bytes[byte]! >> (7 - (bit & 7))) & 1) out.add(name);
  });
  return out;
}

// ---------- extKeyUsage ----------

export function decodeExtKeyUsage(value: Uint8Array): string[] {
  const items = expectSequence(decodeDer(value), 'extKeyUsage');
  if (items.length === 0) throw new DerError('extKeyUsage: empty');
  return items.map((n) => expectOid(n, 'KeyPurposeId'));
}

// ---------- GeneralName ----------

export type GeneralName =
  | { type: 'rfc822Name'; value: string }
  | { type: 'dNSName'; value: string }
  | { type: 'uniformResourceIdentifier'; value: string }
  | { type: 'iPAddress'; value: Uint8Array }
  | { type: 'directoryName'; value: ParsedName; der: Uint8Array }
  | { type: 'registeredID'; value: string }
  | { type: 'otherName' | 'x400Address' | 'ediPartyName'; der: Uint8Array };

export type GeneralNameType = GeneralName['type'];

export function decodeGeneralName(node: asn1js.AsnType): GeneralName {
  if (tagClass(node) !== 3) throw new DerError('GeneralName: expected a context-specific tag');
  switch (tagNumber(node)) {
    case 0:
      return { type: 'otherName', der: derOf(node) };
    case 1:
      return { type: 'rfc822Name', value: asciiString(primitiveBytes(node, 'rfc822Name')) };
    case 2:
      return { type: 'dNSName', value: asciiString(primitiveBytes(node, 'dNSName')) };
    case 3:
      return { type: 'x400Address', der: derOf(node) };
    case 4: {
      const inner = childrenOf(node, 'directoryName');
      if (inner.length !== 1) throw new DerError('directoryName: expected one Name');
      const der = derOf(inner[0]!);
      return { type: 'directoryName', value: parseName(der), der };
    }
    case 5:
      return { type: 'ediPartyName', der: derOf(node) };
    case 6:
      return { type: 'uniformResourceIdentifier', value: asciiString(primitiveBytes(node, 'URI')) };
    case 7:
      return { type: 'iPAddress', value: primitiveBytes(node, 'iPAddress') };
    case 8: {
      const content = primitiveBytes(node, 'registeredID');
      if (content.length > 127) throw new DerError('registeredID: too long');
      const der = new Uint8Array(content.length + 2);
      der[0] = 0x06;
      der[1] = content.length;
      der.set(content, 2);
      return { type: 'registeredID', value: expectOid(decodeDer(der), 'registeredID') };
    }
    default:
      throw new DerError(`GeneralName: unknown tag [${tagNumber(node)}]`);
  }
}

export function decodeGeneralNames(value: Uint8Array): GeneralName[] {
  return expectSequence(decodeDer(value), 'GeneralNames').map(decodeGeneralName);
}

// ---------- nameConstraints ----------

export interface NameConstraints {
  permitted?: GeneralName[];
  excluded?: GeneralName[];
}

function decodeSubtrees(node: asn1js.AsnType, what: string): GeneralName[] {
  return childrenOf(node, what).map((st) => {
    const parts = expectSequence(st, 'GeneralSubtree');
    const base = parts[0];
    if (!base) throw new DerError('GeneralSubtree: missing base');
    for (const extra of parts.slice(1)) {
      // RFC 5280 §4.2.1.10: minimum MUST be zero and maximum MUST be absent; anything else we cannot honour.
      if (isContext(extra, 0) && smallUnsigned(primitiveBytes(extra, 'minimum'), 'minimum') === 0) continue;
      throw new DerError('GeneralSubtree: minimum/maximum other than the defaults is not supported');
    }
    return decodeGeneralName(base);
  });
}

export function decodeNameConstraints(value: Uint8Array): NameConstraints {
  const items = expectSequence(decodeDer(value), 'nameConstraints');
  const out: NameConstraints = {};
  for (const it of items) {
    if (isContext(it, 0) && !out.permitted) out.permitted = decodeSubtrees(it, 'permittedSubtrees');
    else if (isContext(it, 1) && !out.excluded) out.excluded = decodeSubtrees(it, 'excludedSubtrees');
    else throw new DerError('nameConstraints: unexpected field');
  }
  if (!out.permitted && !out.excluded) throw new DerError('nameConstraints: empty');
  return out;
}

// ---------- certificatePolicies / policyMappings / policyConstraints / inhibitAnyPolicy ----------

export interface PolicyInformation {
  oid: string;
  /** DER of each PolicyQualifierInfo, kept opaque (carried in the policy tree, never interpreted). */
  qualifiers: Uint8Array[];
}

export function decodeCertificatePolicies(value: Uint8Array): PolicyInformation[] {
  const items = expectSequence(decodeDer(value), 'certificatePolicies');
  if (items.length === 0) throw new DerError('certificatePolicies: empty');
  const seen = new Set<string>();
  return items.map((pi) => {
    const [id, quals, extra] = expectSequence(pi, 'PolicyInformation');
    if (extra) throw new DerError('PolicyInformation: unexpected field');
    const oid = expectOid(id, 'policyIdentifier');
    if (seen.has(oid)) throw new DerError(`certificatePolicies: ${oid} appears twice`);
    seen.add(oid);
    return { oid, qualifiers: quals ? expectSequence(quals, 'policyQualifiers').map(derOf) : [] };
  });
}

export interface PolicyMapping {
  issuerDomainPolicy: string;
  subjectDomainPolicy: string;
}

export function decodePolicyMappings(value: Uint8Array): PolicyMapping[] {
  const items = expectSequence(decodeDer(value), 'policyMappings');
  if (items.length === 0) throw new DerError('policyMappings: empty');
  return items.map((m) => {
    const [a, b, extra] = expectSequence(m, 'PolicyMapping');
    if (extra) throw new DerError('PolicyMapping: unexpected field');
    return {
      issuerDomainPolicy: expectOid(a, 'issuerDomainPolicy'),
      subjectDomainPolicy: expectOid(b, 'subjectDomainPolicy'),
    };
  });
}

export interface PolicyConstraints {
  requireExplicitPolicy?: number;
  inhibitPolicyMapping?: number;
}

export function decodePolicyConstraints(value: Uint8Array): PolicyConstraints {
  const items = expectSequence(decodeDer(value), 'policyConstraints');
  const out: PolicyConstraints = {};
  for (const it of items) {
    if (isContext(it, 0) && out.requireExplicitPolicy === undefined)
      out.requireExplicitPolicy = smallUnsigned(
        primitiveBytes(it, 'requireExplicitPolicy'),
        'requireExplicitPolicy',
      );
    else if (isContext(it, 1) && out.inhibitPolicyMapping === undefined)
      out.inhibitPolicyMapping = smallUnsigned(
        primitiveBytes(it, 'inhibitPolicyMapping'),
        'inhibitPolicyMapping',
      );
    else throw new DerError('policyConstraints: unexpected field');
  }
  // RFC 5280 §4.2.1.11: conforming CAs MUST NOT issue an empty sequence.
  if (items.length === 0) throw new DerError('policyConstraints: empty');
  return out;
}

export function decodeInhibitAnyPolicy(value: Uint8Array): number {
  return integerValue(decodeDer(value), 'inhibitAnyPolicy');
}

// ---------- per-certificate view ----------

/** Everything path validation reads from one certificate, decoded once. Throws DerError when malformed. */
export interface DecodedExtensions {
  basicConstraints?: BasicConstraints;
  keyUsage?: Set<KeyUsageName>;
  extKeyUsage?: { oids: string[]; critical: boolean };
  subjectAltName?: GeneralName[];
  nameConstraints?: NameConstraints;
  certificatePolicies?: PolicyInformation[];
  policyMappings?: PolicyMapping[];
  policyConstraints?: PolicyConstraints;
  inhibitAnyPolicy?: number;
  /** Critical extensions we do not process. */
  unknownCritical: string[];
  subject: ParsedName;
}

const decodedCache = new WeakMap<Certificate, DecodedExtensions>();

export function decodeExtensions(
  cert: Certificate,
  extraKnown: ReadonlySet<string> = new Set(),
): DecodedExtensions {
  const cached = decodedCache.get(cert);
  if (cached && extraKnown.size === 0) return cached;
  const dups = duplicateExtensions(cert);
  if (dups.length > 0) throw new DerError(`extension ${dups.join(', ')} appears more than once`);
  const out: DecodedExtensions = { unknownCritical: [], subject: parseName(cert.subjectDer) };
  for (const e of rawExtensions(cert)) {
    const what = (fn: () => void): void => {
      try {
        fn();
      } catch (err) {
        throw new DerError(`${e.oid}: ${err instanceof Error ? err.message : String(err)}`);
      }
    };
    switch (e.oid) {
      case EXT.basicConstraints:
        what(() => {
          out.basicConstraints = decodeBasicConstraints(e.value);
        });
        break;
      case EXT.keyUsage:
        what(() => {
          out.keyUsage = decodeKeyUsage(e.value);
        });
        break;
      case EXT.extKeyUsage:
        what(() => {
          out.extKeyUsage = { oids: decodeExtKeyUsage(e.value), critical: e.critical };
        });
        break;
      case EXT.subjectAltName:
        what(() => {
          out.subjectAltName = decodeGeneralNames(e.value);
        });
        break;
      case EXT.nameConstraints:
        what(() => {
          out.nameConstraints = decodeNameConstraints(e.value);
        });
        break;
      case EXT.certificatePolicies:
        what(() => {
          out.certificatePolicies = decodeCertificatePolicies(e.value);
        });
        break;
      case EXT.policyMappings:
        what(() => {
          out.policyMappings = decodePolicyMappings(e.value);
        });
        break;
      case EXT.policyConstraints:
        what(() => {
          out.policyConstraints = decodePolicyConstraints(e.value);
        });
        break;
      case EXT.inhibitAnyPolicy:
        what(() => {
          out.inhibitAnyPolicy = decodeInhibitAnyPolicy(e.value);
        });
        break;
      default:
        if (e.critical && !PROCESSED_EXTENSIONS.has(e.oid) && !extraKnown.has(e.oid))
          out.unknownCritical.push(e.oid);
    }
  }
  if (extraKnown.size === 0) decodedCache.set(cert, out);
  return out;
}
