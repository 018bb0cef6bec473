/**
 * X.509 CRLs (RFC 5280 §5, §6.3): parsing with pkijs behind the BER guard, the signature check through the
 * crypto registry, and the scope rules (issuer, indirect CRLs, issuing distribution point, reasons, deltas).
 */
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import type { FullCryptoContext } from '../crypto/context.js';
import { digestParts, verifySignature } from '../crypto/registry.js';
import { toHex } from '../lib/bytes.js';
import { formatError, guardParse } from '../lib/errors.js';
import type { Problem } from '../verdict/schema.js';
import { type Certificate, EXT } from '../x509/certificate.js';
import { nameToString } from '../x509/names.js';
import {
  algorithmParams,
  bitStringBytes,
  type CrlReason,
  decodeDer,
  derFromMaybeText,
  findExtension,
  type GeneralNameValue,
  generalName,
  generalNamesEqual,
  integerBytes,
  integerToBigInt,
  isCaCertificate,
  keyUsageBit,
  namesEqual,
  normalizeSerial,
  problem,
  reasonName,
} from './der.js';

export const CRL_PROBLEMS = {
  MALFORMED: 'CRL_MALFORMED',
  ISSUER_NAME_MISMATCH: 'CRL_ISSUER_NAME_MISMATCH',
  ISSUER_NOT_AUTHORIZED: 'CRL_ISSUER_NOT_AUTHORIZED',
  SIGNATURE_INVALID: 'CRL_SIGNATURE_INVALID',
  SIGNATURE_UNSUPPORTED: 'CRL_SIGNATURE_UNSUPPORTED',
  ALGORITHM_MISMATCH: 'CRL_SIGNATURE_ALGORITHM_MISMATCH',
  UNKNOWN_CRITICAL_EXTENSION: 'CRL_UNKNOWN_CRITICAL_EXTENSION',
  UNKNOWN_CRITICAL_ENTRY_EXTENSION: 'CRL_UNKNOWN_CRITICAL_ENTRY_EXTENSION',
  SCOPE_MISMATCH: 'CRL_SCOPE_MISMATCH',
  NOT_YET_VALID: 'CRL_NOT_YET_VALID',
  REMOVE_FROM_CRL_IN_BASE: 'CRL_REMOVE_FROM_CRL_IN_COMPLETE_CRL',
} as const;

/** CRL extensions this module understands (RFC 5280 §5.2). */
const KNOWN_CRL_EXTENSIONS = new Set([
  '2.5.29.35', // authorityKeyIdentifier
  '2.5.29.18', // issuerAltName
  '2.5.29.20', // cRLNumber
  '2.5.29.27', // deltaCRLIndicator
  '2.5.29.28', // issuingDistributionPoint
  '2.5.29.46', // freshestCRL
  '2.5.29.60', // expiredCertsOnCRL (X.509 2016)
  '1.3.6.1.5.5.7.1.1', // authorityInfoAccess
]);
const KNOWN_ENTRY_EXTENSIONS = new Set([
  '2.5.29.21', // reasonCode
  '2.5.29.23', // holdInstructionCode
  '2.5.29.24', // invalidityDate
  '2.5.29.29', // certificateIssuer
]);

export interface CrlEntry {
  /** Normalised hex of the serial's two's-complement bytes. */
  serial: string;
  revocationDate: Date;
  reason?: CrlReason;
  invalidityDate?: Date;
  /** The certificate issuer of this entry (indirect CRLs); undefined means the CRL issuer. */
  certificateIssuer?: GeneralNameValue[];
  unknownCriticalExtensions: string[];
}

/** The reason codes a CRL (or a distribution point) covers, as a bit set of RFC 5280 ReasonFlags. */
export type ReasonMask = number;
/** keyCompromise … aACompromise: everything except the unused bit 0. */
export const ALL_REASONS: ReasonMask = 0x1fe;

export interface IssuingDistributionPointInfo {
  fullNames: GeneralNameValue[];
  hasRelativeName: boolean;
  onlyContainsUserCerts: boolean;
  onlyContainsCACerts: boolean;
  onlySomeReasons?: ReasonMask;
  indirectCRL: boolean;
  onlyContainsAttributeCerts: boolean;
}

export interface ParsedCrl {
  der: Uint8Array;
  /** SHA-256 of the DER, hex: identity for de-duplication. */
  sha256: string;
  issuer: string;
  issuerDer: Uint8Array;
  thisUpdate: Date;
  nextUpdate?: Date;
  crlNumber?: bigint;
  /** deltaCRLIndicator: this is a delta CRL over a base with at least this CRL number. */
  deltaBaseCrlNumber?: bigint;
  idp?: IssuingDistributionPointInfo;
  expiredCertsOnCrl?: Date;
  authorityKeyIdentifier?: Uint8Array;
  tbs: Uint8Array;
  signatureAlgorithmOid: string;
  signatureAlgorithmParams?: Uint8Array;
  /** tbsCertList.signature: must equal the outer algorithm. */
  tbsSignatureAlgorithmOid: string;
  signatureValue: Uint8Array;
  unknownCriticalExtensions: string[];
  entries: CrlEntry[];
  /** Entries by serial; for indirect CRLs several issuers may share a serial, hence arrays. */
  bySerial: Map<string, CrlEntry[]>;
}

function reasonMaskFromBits(bits: asn1js.BitString | Uint8Array): ReasonMask {
  const bytes = bits instanceof Uint8Array ? bits : bitStringBytes(bits);
  // ReasonFlags bit 0 is the most significant bit of the first byte.
  let mask = 0;
  for (let bit = 0; bit < 9; bit++) {
    const byte = bytes[bit >> 3] ?? 0;
    if (byte & (0x80 >> (bit & 7))) mask |= 1 << bit;
  }
  return mask;
}

function parseIdp(value: asn1js.AsnType): IssuingDistributionPointInfo {
  const idp = new pkijs.IssuingDistributionPoint({ schema: value });
  const dp = idp.distributionPoint;
  const fullNames = Array.isArray(dp) ? dp.map(generalName) : [];
  const out: IssuingDistributionPointInfo = {
    fullNames,
    hasRelativeName: !!dp && !Array.isArray(dp),
    onlyContainsUserCerts: !!idp.onlyContainsUserCerts,
    onlyContainsCACerts: !!idp.onlyContainsCACerts,
    indirectCRL: !!idp.indirectCRL,
    onlyContainsAttributeCerts: !!idp.onlyContainsAttributeCerts,
  };
  if (idp.onlySomeReasons !== undefined) {
    // pkijs turns the BIT STRING into a number of its first byte; re-read the raw value for all nine bits.
    const seq = value as asn1js.Sequence;
    const raw = seq.valueBlock.value.find((v) => v.idBlock.tagClass === 3 && v.idBlock.tagNumber === 3);
    out.onlySomeReasons = raw
      ? reasonMaskFromBits(new Uint8Array((raw as asn1js.Primitive).valueBlock.valueHexView).subarray(1))
      : ALL_REASONS;
  }
  return out;
}

function extensionValue(ext: pkijs.Extension): asn1js.AsnType {
  return decodeDer(new Uint8Array(ext.extnValue.valueBlock.valueHexView), CRL_PROBLEMS.MALFORMED, ext.extnID);
}

function parseEntries(crl: pkijs.CertificateRevocationList): CrlEntry[] {
  const out: CrlEntry[] = [];
  // certificateIssuer carries over to the following entries of an indirect CRL (RFC 5280 §5.3.3).
  let currentIssuer: GeneralNameValue[] | undefined;
  for (const rc of crl.revokedCertificates ?? []) {
    const entry: CrlEntry = {
      serial: normalizeSerial(integerBytes(rc.userCertificate)),
      revocationDate: rc.revocationDate.value,
      unknownCriticalExtensions: [],
    };
    for (const ext of rc.crlEntryExtensions?.extensions ?? []) {
      if (ext.critical && !KNOWN_ENTRY_EXTENSIONS.has(ext.extnID))
        entry.unknownCriticalExtensions.push(ext.extnID);
      if (ext.extnID === '2.5.29.21') {
        const v = extensionValue(ext);
        if (v instanceof asn1js.Enumerated) {
          const r = reasonName(v.valueBlock.valueDec);
          if (r) entry.reason = r;
        }
      } else if (ext.extnID === '2.5.29.24') {
        const v = extensionValue(ext);
        if (v instanceof asn1js.GeneralizedTime) entry.invalidityDate = v.toDate();
      } else if (ext.extnID === '2.5.29.29') {
        const names = new pkijs.GeneralNames({ schema: extensionValue(ext) });
        currentIssuer = names.names.map(generalName);
      }
    }
    if (currentIssuer) entry.certificateIssuer = currentIssuer;
    out.push(entry);
  }
  return out;
}

/** Parses a CRL (DER, or PEM / base64 text). Throws formatError(CRL_MALFORMED) on bad input. */
export function parseCrl(input: Uint8Array): ParsedCrl {
  return guardParse(CRL_PROBLEMS.MALFORMED, 'CRL', () => parseCrlUnguarded(input));
}

function parseCrlUnguarded(input: Uint8Array): ParsedCrl {
  const der = derFromMaybeText(input);
  const asn = decodeDer(der, CRL_PROBLEMS.MALFORMED, 'CRL');
  try {
    const crl = new pkijs.CertificateRevocationList({ schema: asn });
    const exts = crl.crlExtensions?.extensions ?? [];
    const out: ParsedCrl = {
      der,
      sha256: toHex(digestParts('SHA-256', [der])),
      issuer: nameToString(crl.issuer),
      issuerDer: new Uint8Array(crl.issuer.toSchema().toBER(false)),
      thisUpdate: crl.thisUpdate.value,
      tbs: new Uint8Array(crl.tbsView),
      signatureAlgorithmOid: crl.signatureAlgorithm.algorithmId,
      tbsSignatureAlgorithmOid: crl.signature.algorithmId,
      signatureValue: bitStringBytes(crl.signatureValue),
      unknownCriticalExtensions: exts
        .filter((e) => e.critical && !KNOWN_CRL_EXTENSIONS.has(e.extnID))
        .map((e) => e.extnID),
      entries: parseEntries(crl),
      bySerial: new Map(),
    };
    const params = algorithmParams(crl.signatureAlgorithm);
    if (params) out.signatureAlgorithmParams = params;
    if (crl.nextUpdate) out.nextUpdate = crl.nextUpdate.value;
    for (const ext of exts) {
      const v = () => extensionValue(ext);
      if (ext.extnID === '2.5.29.20') {
        const n = v();
        if (n instanceof asn1js.Integer) out.crlNumber = integerToBigInt(n);
      } else if (ext.extnID === '2.5.29.27') {
        const n = v();
        if (n instanceof asn1js.Integer) out.deltaBaseCrlNumber = integerToBigInt(n);
        else throw new Error('deltaCRLIndicator is not an INTEGER');
      } else if (ext.extnID === '2.5.29.28') out.idp = parseIdp(v());
      else if (ext.extnID === '2.5.29.60') {
        const t = v();
        if (t instanceof asn1js.GeneralizedTime) out.expiredCertsOnCrl = t.toDate();
      } else if (ext.extnID === EXT.authorityKeyIdentifier) {
        const aki = new pkijs.AuthorityKeyIdentifier({ schema: v() });
        if (aki.keyIdentifier)
          out.authorityKeyIdentifier = new Uint8Array(aki.keyIdentifier.valueBlock.valueHexView);
      }
    }
    for (const e of out.entries) {
      const list = out.bySerial.get(e.serial);
      if (list) list.push(e);
      else out.bySerial.set(e.serial, [e]);
    }
    return out;
  } catch (e) {
    if (e instanceof Error && 'problem' in e) throw e;
    throw formatError(CRL_PROBLEMS.MALFORMED, `CRL is malformed: ${e instanceof Error ? e.message : e}`, e);
  }
}

export interface CrlSignatureCheck {
  ok: boolean;
  /** Name of the algorithm that verified, when ok. */
  algorithm?: string;
  problems: Problem[];
}

/**
 * Whether `signer` signed this CRL and may sign CRLs: names match, keyUsage has cRLSign when present,
 * the inner and outer algorithms agree and the signature verifies. Whether the signer itself is trusted
 * (its own path) is the caller's business.
 */
export async function verifyCrlSignature(
  crl: ParsedCrl,
  signer: Certificate,
  ctx: FullCryptoContext,
): Promise<CrlSignatureCheck> {
  const problems: Problem[] = [];
  if (!namesEqual(crl.issuerDer, signer.subjectDer))
    problems.push(
      problem(CRL_PROBLEMS.ISSUER_NAME_MISMATCH, `CRL issuer ${crl.issuer} is not ${signer.subject}`),
    );
  if (keyUsageBit(signer, 6) === false)
    problems.push(
      problem(CRL_PROBLEMS.ISSUER_NOT_AUTHORIZED, `${signer.subject} has keyUsage without cRLSign`),
    );
  if (crl.signatureAlgorithmOid !== crl.tbsSignatureAlgorithmOid)
    problems.push(
      problem(CRL_PROBLEMS.ALGORITHM_MISMATCH, 'CRL signatureAlgorithm differs from tbsCertList.signature'),
    );
  if (problems.length > 0) return { ok: false, problems };
  const req = {
    algorithmOid: crl.signatureAlgorithmOid,
    key: signer.publicKey,
    data: crl.tbs,
    signature: crl.signatureValue,
    ...(crl.signatureAlgorithmParams ? { parameters: crl.signatureAlgorithmParams } : {}),
  };
  const outcome = await verifySignature(req, ctx);
  if (outcome.ok) return { ok: true, algorithm: outcome.use.name, problems };
  const code =
    outcome.failure === 'UNSUPPORTED_ALGORITHM'
      ? CRL_PROBLEMS.SIGNATURE_UNSUPPORTED
      : CRL_PROBLEMS.SIGNATURE_INVALID;
  return { ok: false, problems: [problem(code, `CRL signature: ${outcome.message}`)] };
}

/** Problems that make the CRL unusable for any certificate (RFC 5280 §5.2, §5.3). */
export function crlUsabilityProblems(crl: ParsedCrl): Problem[] {
  const out: Problem[] = [];
  if (crl.unknownCriticalExtensions.length > 0)
    out.push(
      problem(
        CRL_PROBLEMS.UNKNOWN_CRITICAL_EXTENSION,
        `CRL has unrecognised critical extension(s) ${crl.unknownCriticalExtensions.join(', ')}`,
      ),
    );
  const bad = crl.entries.find((e) => e.unknownCriticalExtensions.length > 0);
  if (bad)
    out.push(
      problem(
        CRL_PROBLEMS.UNKNOWN_CRITICAL_ENTRY_EXTENSION,
        `CRL entry ${bad.serial} has unrecognised critical extension(s) ${bad.unknownCriticalExtensions.join(', ')}`,
      ),
    );
  return out;
}

export interface CertDistributionPoint {
  fullNames: GeneralNameValue[];
  reasons?: ReasonMask;
  crlIssuer?: GeneralNameValue[];
}

/** The certificate's cRLDistributionPoints. */
export function distributionPoints(cert: Certificate): CertDistributionPoint[] {
  const ext = findExtension(cert.extensions, EXT.crlDistributionPoints);
  const parsed = ext?.parsedValue as pkijs.CRLDistributionPoints | undefined;
  return (parsed?.distributionPoints ?? []).map((dp) => {
    const out: CertDistributionPoint = {
      fullNames: Array.isArray(dp.distributionPoint) ? dp.distributionPoint.map(generalName) : [],
    };
    if (dp.reasons) out.reasons = reasonMaskFromBits(dp.reasons);
    if (dp.cRLIssuer) out.crlIssuer = dp.cRLIssuer.map(generalName);
    return out;
  });
}

export interface CrlScope {
  applies: boolean;
  /** Which revocation reasons this CRL covers for the certificate. */
  reasons: ReasonMask;
  /** The CRL is issued by someone other than the certificate issuer (indirect CRL). */
  indirect: boolean;
  problems: Problem[];
}

function anyNameMatches(a: readonly GeneralNameValue[], b: readonly GeneralNameValue[]): boolean {
  return a.some((x) => b.some((y) => generalNamesEqual(x, y)));
}

/**
 * RFC 5280 §6.3.3 (b) and (d): whether this CRL is the right one for `cert` — issued by its issuer or,
 * for an indirect CRL, by the cRLIssuer named in its distribution point; inside the IDP scope — and which
 * reasons it covers.
 */
export function crlScopeFor(crl: ParsedCrl, cert: Certificate): CrlScope {
  const no = (message: string): CrlScope => ({
    applies: false,
    reasons: 0,
    indirect: false,
    problems: [problem(CRL_PROBLEMS.SCOPE_MISMATCH, message)],
  });
  const dps = distributionPoints(cert);
  const crlIssuerName: GeneralNameValue = { kind: 'directoryName', der: crl.issuerDer, text: crl.issuer };
  const direct = namesEqual(crl.issuerDer, cert.issuerDer);
  let matchingDps = dps;
  let indirect = false;
  if (!direct) {
    if (!crl.idp?.indirectCRL)
      return no(`CRL issuer ${crl.issuer} is not the certificate issuer ${cert.issuer}`);
    matchingDps = dps.filter((dp) => dp.crlIssuer && anyNameMatches(dp.crlIssuer, [crlIssuerName]));
    if (matchingDps.length === 0)
      return no(`no distribution point of the certificate names ${crl.issuer} as cRLIssuer`);
    indirect = true;
  }
  const idp = crl.idp;
  let reasons = ALL_REASONS;
  if (idp) {
    if (idp.fullNames.length > 0 || idp.hasRelativeName) {
      const hit = matchingDps.filter((dp) =>
        dp.fullNames.length > 0
          ? anyNameMatches(dp.fullNames, idp.fullNames)
          : !!dp.crlIssuer && anyNameMatches(dp.crlIssuer, idp.fullNames),
      );
      if (hit.length === 0) return no('the CRL distribution point name matches none of the certificate');
      matchingDps = hit;
    }
    const isCa = isCaCertificate(cert);
    if (idp.onlyContainsUserCerts && isCa) return no('CRL only covers end-entity certificates');
    if (idp.onlyContainsCACerts && !isCa) return no('CRL only covers CA certificates');
    if (idp.onlyContainsAttributeCerts) return no('CRL only covers attribute certificates');
    if (idp.onlySomeReasons !== undefined) reasons &= idp.onlySomeReasons;
  }
  // A distribution point limited to some reasons limits what this CRL tells about the certificate.
  const dpReasons = matchingDps.filter((dp) => dp.reasons !== undefined);
  if (dpReasons.length > 0 && dpReasons.length === matchingDps.length) {
    reasons &= dpReasons.reduce((m, dp) => m | (dp.reasons ?? 0), 0);
  }
  return { applies: true, reasons, indirect, problems: [] };
}

/** The entry for `cert` on this CRL, honouring certificateIssuer in indirect CRLs. */
export function findEntry(crl: ParsedCrl, cert: Certificate, serial: string): CrlEntry | undefined {
  const list = crl.bySerial.get(serial);
  if (!list) return undefined;
  const certIssuer: GeneralNameValue = { kind: 'directoryName', der: cert.issuerDer, text: cert.issuer };
  return list.find((e) =>
    e.certificateIssuer
      ? anyNameMatches(e.certificateIssuer, [certIssuer])
      : namesEqual(crl.issuerDer, cert.issuerDer),
  );
}

/** Whether `delta` can be combined with `base` (same issuer and scope, base new enough: RFC 5280 §5.2.4). */
export function deltaAppliesTo(delta: ParsedCrl, base: ParsedCrl): boolean {
  if (delta.deltaBaseCrlNumber === undefined || base.deltaBaseCrlNumber !== undefined) return false;
  if (!namesEqual(delta.issuerDer, base.issuerDer)) return false;
  if (base.crlNumber === undefined || base.crlNumber < delta.deltaBaseCrlNumber) return false;
  if (delta.crlNumber !== undefined && delta.crlNumber <= base.crlNumber) return false;
  const a = delta.idp;
  const b = base.idp;
  if (!a && !b) return true;
  if (!a || !b) return false;
  return (
    a.onlyContainsUserCerts === b.onlyContainsUserCerts &&
    a.onlyContainsCACerts === b.onlyContainsCACerts &&
    a.indirectCRL === b.indirectCRL &&
    a.onlySomeReasons === b.onlySomeReasons &&
    a.fullNames.length === b.fullNames.length &&
    a.fullNames.every((n) => b.fullNames.some((m) => generalNamesEqual(n, m)))
  );
}

/** The http(s) URLs of the certificate's CRL distribution points. */
export function crlDistributionPointUrls(cert: Certificate): string[] {
  const out: string[] = [];
  for (const dp of distributionPoints(cert))
    for (const n of dp.fullNames) if (n.kind === 'uri' && /^https?:\/\//i.test(n.value)) out.push(n.value);
  return out;
}
