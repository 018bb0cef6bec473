/**
 * eIDAS qualification of a signer certificate from its QC statements and the trusted-list services
 * above it, at a given time — ETSI TS 119 615 §4 simplified, following pyHanko's assessor (the same
 * override rules for TL qualifiers). Hand-written: no kept JS library implements TS 119 615.
 */
import { equalBytes } from '../../lib/bytes.js';
import { type Certificate, EXT, parseCertificate } from '../../x509/certificate.js';
import {
  decodeCertificatePolicies,
  decodeExtKeyUsage,
  decodeKeyUsage,
  findExtension,
  type KeyUsageName,
} from '../../x509/extensions.js';
import { nameAttributes } from '../../x509/names.js';
import { instanceAt } from './anchors.js';
import {
  ADDITIONAL_INFO,
  type CriteriaList,
  type Criterion,
  type ServiceInstance,
  SVC_TYPE,
  TRUSTED_STATUSES,
  type TrustedList,
  type TrustService,
} from './model.js';
import { parseQcStatements, type QcStatements, type QcTypeName } from './qcstatements.js';

export type KeyManagement = 'QSCD' | 'QSCD_DELEGATED' | 'UNKNOWN';

export interface QualifiedStatus {
  qualified: boolean;
  type: QcTypeName;
  keyManagement: KeyManagement;
}

export type EidasLevel =
  | 'QESig'
  | 'AdESig-QC'
  | 'AdESig'
  | 'QESeal'
  | 'AdESeal-QC'
  | 'AdESeal'
  /** A timestamp unit listed under a qualified timestamp service, with a qualified certificate. */
  | 'QTST'
  /** A timestamp unit listed under a qualified timestamp service whose certificate is not qualified. */
  | 'TST'
  /** Website authentication certificates do not make signatures or seals. */
  | 'NotApplicable';

export interface ServiceMatch {
  list: TrustedList;
  service: TrustService;
  /** The chain certificate the service lists (the issuer, or the leaf itself for a TSA). */
  via: Certificate;
}

export interface EidasQualification {
  level: EidasLevel;
  status: QualifiedStatus;
  qcStatements: QcStatements;
  /** The service instance the conclusion rests on, when exactly one (or several agreeing) applied. */
  service?: {
    territory: string;
    provider: string;
    name: string;
    serviceType: string;
    status: string;
    statusStartingTime: string;
  };
  qualifiersApplied: string[];
  reasons: string[];
}

const EIDAS_START = new Date('2016-06-30T22:00:00Z');
const UNQUALIFIED: QualifiedStatus = { qualified: false, type: 'esign', keyManagement: 'UNKNOWN' };

function spki(c: Certificate): Uint8Array {
  return new Uint8Array(c.pkijs.subjectPublicKeyInfo.toSchema().toBER(false));
}

/** Same authority: identical certificate, or same subject name and public key (re-issued CA certs). */
export function sameAuthority(a: Certificate, b: Certificate): boolean {
  if (a.sha256 === b.sha256) return true;
  return equalBytes(a.subjectDer, b.subjectDer) && equalBytes(spki(a), spki(b));
}

function keyUsageOf(cert: Certificate): Set<KeyUsageName> | undefined {
  const ext = findExtension(cert, EXT.keyUsage);
  return ext ? decodeKeyUsage(ext.value) : undefined;
}

function criterionMatches(c: Criterion, cert: Certificate): boolean {
  switch (c.kind) {
    case 'keyUsage': {
      const ku = keyUsageOf(cert) ?? new Set<KeyUsageName>();
      return c.bits.every((b) => ku.has(b.name as KeyUsageName) === b.value);
    }
    case 'policySet': {
      const ext = findExtension(cert, EXT.certificatePolicies);
      const have = new Set(ext ? decodeCertificatePolicies(ext.value).map((p) => p.oid) : []);
      return c.oids.every((o) => have.has(o));
    }
    case 'certSubjectDNAttribute': {
      const have = new Set(nameAttributes(cert.pkijs.subject).map((a) => a.type));
      return c.oids.every((o) => have.has(o));
    }
    case 'extendedKeyUsage': {
      const ext = findExtension(cert, EXT.extKeyUsage);
      const have = new Set(ext ? decodeExtKeyUsage(ext.value) : []);
      return c.oids.every((o) => have.has(o));
    }
    case 'criteriaList':
      return criteriaMatch(c.list, cert);
    case 'unknown':
      return false;
  }
}

export function criteriaMatch(list: CriteriaList, cert: Certificate): boolean {
  const results = list.criteria.map((c) => {
    try {
      return criterionMatches(c, cert);
    } catch {
      return false;
    }
  });
  if (list.assert === 'all') return results.every(Boolean);
  if (list.assert === 'atLeastOne') return results.some(Boolean);
  return !results.some(Boolean);
}

/** What the certificate claims by itself (EN 319 412-5). */
export function statusFromQcStatements(qcs: QcStatements): QualifiedStatus {
  const known = qcs.types.filter((t): t is QcTypeName => t === 'esign' || t === 'eseal' || t === 'web');
  const type: QcTypeName = known.length === 1 ? known[0]! : 'esign';
  const qualified = qcs.compliance && !qcs.malformed && qcs.types.length <= 1;
  return { qualified, type, keyManagement: qualified && qcs.sscd ? 'QSCD' : 'UNKNOWN' };
}

/** TS 119 612 qualifiers override the certificate's own claims (pyHanko's `_final_status`). */
export function applyQualifiers(prelim: QualifiedStatus, q: ReadonlySet<string>): QualifiedStatus {
  let qualified = prelim.qualified;
  if (q.has('NotQualified') || q.has('QCForLegalPerson')) qualified = false;
  else if (q.has('QCStatement')) qualified = true;
  let type = prelim.type;
  if (q.has('QCForWSA')) type = 'web';
  else if (q.has('QCForESig')) type = 'esign';
  else if (q.has('QCForESeal')) type = 'eseal';
  let keyManagement: KeyManagement;
  if (!qualified || q.has('QCNoSSCD') || q.has('QCNoQSCD')) keyManagement = 'UNKNOWN';
  else if (q.has('QCQSCDManagedOnBehalf')) keyManagement = 'QSCD_DELEGATED';
  else if (q.has('QCWithSSCD') || q.has('QCWithQSCD')) keyManagement = 'QSCD';
  else keyManagement = prelim.keyManagement;
  return { qualified, type, keyManagement };
}

const DECLARED_TYPE: Record<string, QcTypeName> = {
  [ADDITIONAL_INFO.forESignatures]: 'esign',
  [ADDITIONAL_INFO.forESeals]: 'eseal',
  [ADDITIONAL_INFO.forWebSiteAuthentication]: 'web',
};

/**
 * Services in `lists` that vouch for `chain` (leaf first, validated by the caller): qualified CA
 * services listing one of the CA certificates, and qualified timestamp services listing the leaf.
 */
export function findServices(lists: readonly TrustedList[], chain: readonly Certificate[]): ServiceMatch[] {
  const out: ServiceMatch[] = [];
  const leaf = chain[0];
  if (!leaf) return out;
  for (const list of lists) out.push(...matchesIn(list, chain, leaf));
  return out;
}

/** Listed certificates parsed once per DER buffer; unparseable ones never match. */
const parsedListed = new WeakMap<Uint8Array, Certificate | null>();
function listedCertificate(der: Uint8Array): Certificate | null {
  let c = parsedListed.get(der);
  if (c === undefined) {
    try {
      c = parseCertificate(der, 'anchor');
    } catch {
      c = null;
    }
    parsedListed.set(der, c);
  }
  return c;
}

function matchesIn(list: TrustedList, chain: readonly Certificate[], leaf: Certificate): ServiceMatch[] {
  const out: ServiceMatch[] = [];
  for (const tsp of list.providers) {
    for (const service of tsp.services) {
      const type = service.current.serviceType;
      const candidates = type === SVC_TYPE.CA_QC ? chain.slice(1) : type === SVC_TYPE.TSA_QTST ? [leaf] : [];
      if (candidates.length === 0) continue;
      for (const der of service.current.identity.certificates) {
        const c = listedCertificate(der);
        const hit = c ? candidates.find((k) => sameAuthority(k, c)) : undefined;
        if (hit) {
          out.push({ list, service, via: hit });
          break;
        }
      }
    }
  }
  return out;
}

function usable(inst: ServiceInstance): boolean {
  return TRUSTED_STATUSES.has(inst.status) && inst.unsupported.length === 0;
}

function levelOf(s: QualifiedStatus, qcs: QcStatements): EidasLevel {
  if (s.type === 'web') return 'NotApplicable';
  const seal = s.type === 'eseal';
  if (s.qualified) {
    const qscd = s.keyManagement === 'QSCD' || s.keyManagement === 'QSCD_DELEGATED';
    if (seal) return qscd ? 'QESeal' : 'AdESeal-QC';
    return qscd ? 'QESig' : 'AdESig-QC';
  }
  const claimed = qcs.types.includes('eseal') && !qcs.types.includes('esign');
  return seal || claimed ? 'AdESeal' : 'AdESig';
}

/**
 * eIDAS status of `leaf` at `time` (the proven signing time) given the services that list its chain.
 * Contradicting services, unreadable qualifiers or a foreign QcCClegislation all end not qualified.
 */
export function assessQualification(
  leaf: Certificate,
  matches: readonly ServiceMatch[],
  time: Date,
): EidasQualification {
  const qcs = parseQcStatements(leaf);
  const reasons: string[] = [];
  if (qcs.malformed) reasons.push(`QCStatements extension is malformed: ${qcs.malformed}`);
  if (!qcs.present) reasons.push('the certificate has no QCStatements');
  else if (!qcs.compliance) reasons.push('the certificate does not claim QcCompliance');
  if (qcs.types.length > 1) reasons.push('the certificate claims several QcTypes');
  let prelim = statusFromQcStatements(qcs);
  if (qcs.legislation.length > 0) {
    reasons.push(`qualified under the legislation of ${qcs.legislation.join(', ')}, not under eIDAS`);
    prelim = { ...prelim, qualified: false, keyManagement: 'UNKNOWN' };
  }
  if (time < EIDAS_START)
    reasons.push('signing time precedes eIDAS (1 July 2016); Directive 1999/93/EC rules are not modelled');

  const found: { m: ServiceMatch; inst: ServiceInstance; status: QualifiedStatus; applied: string[] }[] = [];
  for (const m of matches) {
    const inst = instanceAt(m.service, time);
    const label = `${m.service.current.name} (${m.list.territory})`;
    if (!inst) {
      reasons.push(`service ${label} did not exist at ${time.toISOString()}`);
      continue;
    }
    if (!usable(inst)) {
      reasons.push(
        inst.unsupported.length
          ? `service ${label} has extensions crossign cannot read: ${inst.unsupported.join('; ')}`
          : `service ${label} had status ${inst.status} at ${time.toISOString()}`,
      );
      continue;
    }
    const applied = new Set<string>();
    for (const q of inst.qualifications) {
      if (criteriaMatch(q.criteria, leaf)) for (const n of q.qualifiers) applied.add(n);
    }
    const status = applyQualifiers(prelim, applied);
    const declared = inst.additionalServiceInformation
      .map((a) => DECLARED_TYPE[a.uri])
      .filter((t) => t !== undefined);
    if (declared.length > 0 && !declared.includes(status.type)) {
      reasons.push(`service ${label} issues only ${declared.join('/')} certificates, not ${status.type}`);
      continue;
    }
    found.push({ m, inst, status, applied: [...applied] });
  }

  const leafQcs = qcs;
  if (found.length === 0) {
    if (matches.length === 0)
      reasons.push('no qualified service of a loaded trusted list covers this certificate');
    return {
      level: levelOf(UNQUALIFIED, leafQcs),
      status: UNQUALIFIED,
      qcStatements: qcs,
      qualifiersApplied: [],
      reasons,
    };
  }
  const key = (s: QualifiedStatus) => `${s.qualified}|${s.type}|${s.keyManagement}`;
  const distinct = new Set(found.map((f) => key(f.status)));
  if (distinct.size > 1) {
    reasons.push(`services disagree (${[...distinct].join(' vs ')}): not qualified`);
    return {
      level: levelOf(UNQUALIFIED, leafQcs),
      status: UNQUALIFIED,
      qcStatements: qcs,
      qualifiersApplied: [],
      reasons,
    };
  }
  const chosen = found[0]!;
  if (found.length > 1) reasons.push(`${found.length} services agree`);
  if (!chosen.status.qualified && prelim.qualified)
    reasons.push('the trusted list qualifiers withdraw qualified status');
  const isTsa = chosen.inst.serviceType === SVC_TYPE.TSA_QTST;
  const out: EidasQualification = {
    level: isTsa ? (chosen.status.qualified ? 'QTST' : 'TST') : levelOf(chosen.status, leafQcs),
    status: chosen.status,
    qcStatements: qcs,
    service: {
      territory: chosen.m.list.territory,
      provider: chosen.m.service.providerName,
      name: chosen.inst.name,
      serviceType: chosen.inst.serviceType,
      status: chosen.inst.status,
      statusStartingTime: chosen.inst.statusStartingTime.toISOString(),
    },
    qualifiersApplied: chosen.applied,
    reasons,
  };
  return out;
}

/** Convenience: find the services for `chain` in `lists` and assess the leaf at `time`. */
export function qualifyChain(
  lists: readonly TrustedList[],
  chain: readonly Certificate[],
  time: Date,
): EidasQualification {
  const leaf = chain[0];
  if (!leaf) throw new Error('qualifyChain: empty chain');
  return assessQualification(leaf, findServices(lists, chain), time);
}
