/**
 * Evaluates one declarative profile condition against the facts: passed / failed / unknown, with a
 * plain-English description and, when not passed, a detail a small-business owner can act on.
 */
import type { Condition, EconomyProfile, EidasLevel } from '../trust/schema.js';
import type { RecognitionFacts } from './facts.js';

export type ConditionResult = 'passed' | 'failed' | 'unknown';

export interface ConditionOutcome {
  id: string;
  description: string;
  result: ConditionResult;
  detail?: string;
}

export interface EvalEnv {
  facts: RecognitionFacts;
  profile: EconomyProfile;
  /** listIds known to be loaded in this run (profile-bundled, caller-loaded, or holding the anchor). */
  loadedLists: ReadonlySet<string>;
}

export const LIST_NOT_LOADED = 'trust list not loaded — supply it';

function listName(profile: EconomyProfile, listId: string): string {
  const d = profile.trustLists.find((l) => l.listId === listId);
  return d ? `${d.name} (${listId})` : listId;
}

export function describeCondition(c: Condition, profile: EconomyProfile): string {
  switch (c.type) {
    case 'technically-valid':
      return 'The signature is technically valid (unaltered document, good signature value, trusted chain)';
    case 'chain-anchored-in':
      return `The certificate chain ends at a CA on: ${c.lists.map((l) => listName(profile, l)).join(' or ')}`;
    case 'cert-valid-at-signing-time':
      return "The signer's certificate was valid (not expired, revoked or suspended) when the signature was made";
    case 'proven-signing-time':
      return 'The time of signing is proven (by a trusted timestamp), not just claimed';
    case 'timestamp-required':
      return 'The signature carries a trusted timestamp';
    case 'revocation-established':
      return "The signer's certificate was shown not to be revoked (CRL or OCSP)";
    case 'algorithm-family':
      return `The signature algorithm is ${c.oneOf.join(' or ')}`;
    case 'digest-algorithm':
      return `The digest algorithm is ${c.oneOf.join(' or ')}`;
    case 'min-key-size':
      return `The signing key is strong enough (${Object.entries(c.bits)
        .map(([f, b]) => `${f} ≥ ${b} bits`)
        .join(', ')})`;
    case 'key-usage':
      return `The certificate is issued for ${c.anyOf.join(' or ')}`;
    case 'extended-key-usage':
      return `The certificate has extended key usage ${c.anyOf.join(' or ')}`;
    case 'policy-oid':
      return `The certificate carries policy ${c.anyOf.join(' or ')}`;
    case 'subject-attribute':
      return c.present
        ? `The certificate subject includes attribute ${c.attribute}`
        : `The certificate subject does not include attribute ${c.attribute}`;
    case 'qc-statement':
      return `The certificate carries QC statement ${c.anyOf.join(' or ')}`;
    case 'signing-time-before':
      return `The signature was made (proven time) before ${c.time}`;
    case 'eu-qualification':
      return `An EU trusted list shows the certificate supports ${c.oneOf.map((l) => EIDAS_TERMS[l]).join(' or ')}${
        c.provenTime === false ? '' : ', at a proven time of signing'
      }`;
  }
}

/** Plain names of the eIDAS statuses, for descriptions and details. */
export const EIDAS_TERMS: Record<EidasLevel, string> = {
  QESig: 'a qualified electronic signature',
  'AdESig-QC': 'an advanced electronic signature based on a qualified certificate',
  AdESig: 'an advanced electronic signature',
  QESeal: 'a qualified electronic seal',
  'AdESeal-QC': 'an advanced electronic seal based on a qualified certificate',
  AdESeal: 'an advanced electronic seal',
  QTST: 'a qualified electronic time stamp',
  TST: 'an electronic time stamp',
  NotApplicable: 'no signature or seal (a website authentication certificate)',
};

/** eIDAS trust-service rules apply from 1 July 2016 (Brussels time). */
const EIDAS_APPLIES = Date.parse('2016-06-30T22:00:00Z');
const QUALIFIED_LEVELS: ReadonlySet<EidasLevel> = new Set([
  'QESig',
  'AdESig-QC',
  'QESeal',
  'AdESeal-QC',
  'QTST',
]);

export const EU_LISTS_NOT_LOADED = 'no EU trusted list was loaded — supply the EU trusted lists';

function euQualification(
  c: Extract<Condition, { type: 'eu-qualification' }>,
  facts: RecognitionFacts,
): Pick<ConditionOutcome, 'result' | 'detail'> {
  const q = facts.euQualification;
  if (!q) return { result: 'unknown', detail: EU_LISTS_NOT_LOADED };
  if (!q.listed)
    return {
      result: 'failed',
      detail: 'no trust service with a granted status on a loaded EU trusted list covers this certificate',
    };
  const from = q.list
    ? ` (${q.list.listId}${q.list.sequenceNumber !== undefined ? ` #${q.list.sequenceNumber}` : ''})`
    : '';
  if (!c.oneOf.includes(q.level))
    return {
      result: 'failed',
      detail: `the trusted list${from} shows it supports ${EIDAS_TERMS[q.level]} at ${q.time}`,
    };
  if (Date.parse(q.time) < EIDAS_APPLIES && c.oneOf.every((l) => QUALIFIED_LEVELS.has(l)))
    return {
      result: 'unknown',
      detail: `signed at ${q.time}, before eIDAS applied (1 July 2016); qualified status under Directive 1999/93/EC and the transition of Art. 51 is not modelled`,
    };
  if (c.provenTime !== false && !q.atProvenTime)
    return {
      result: 'unknown',
      detail: `the status was assessed at ${q.time}, a signing time no trusted timestamp proves; the law needs it at the time of signing`,
    };
  return { result: 'passed', detail: `${EIDAS_TERMS[q.level]} per the trusted list${from} at ${q.time}` };
}

function tri(
  v: boolean | null,
  failDetail: string,
  unknownDetail: string,
): Pick<ConditionOutcome, 'result' | 'detail'> {
  if (v === true) return { result: 'passed' };
  if (v === false) return { result: 'failed', detail: failDetail };
  return { result: 'unknown', detail: unknownDetail };
}

function anyMatch(have: readonly string[], want: readonly string[]): boolean {
  return want.some((w) => have.includes(w));
}

export function evaluateCondition(c: Condition, env: EvalEnv): Pick<ConditionOutcome, 'result' | 'detail'> {
  const { facts } = env;
  const signer = facts.signer;
  const noSigner = { result: 'unknown' as const, detail: 'no signer certificate was found' };
  switch (c.type) {
    case 'technically-valid':
      if (facts.indication === 'TOTAL_PASSED') return { result: 'passed' };
      if (facts.indication === 'TOTAL_FAILED')
        return {
          result: 'failed',
          detail: `technical validation failed (${facts.subIndication ?? 'TOTAL_FAILED'})`,
        };
      return {
        result: 'unknown',
        detail: `technical validation was inconclusive (${facts.subIndication ?? 'INDETERMINATE'})`,
      };
    case 'chain-anchored-in': {
      const on = facts.anchor?.lists.map((l) => l.listId) ?? [];
      const hit = c.lists.find((l) => on.includes(l));
      if (hit) return { result: 'passed', detail: `anchored in ${hit}` };
      const missing = c.lists.filter((l) => !env.loadedLists.has(l));
      if (missing.length === 0)
        return {
          result: 'failed',
          detail: facts.anchor
            ? `the chain ends at a CA that is not on ${c.lists.join(' or ')}`
            : `no trusted chain to a CA on ${c.lists.join(' or ')}`,
        };
      return { result: 'unknown', detail: `${LIST_NOT_LOADED} (${missing.join(', ')})` };
    }
    case 'cert-valid-at-signing-time':
      return tri(
        facts.certValidAtSigningTime,
        "the signer's certificate was not valid when the signature was made",
        "whether the signer's certificate was valid when the signature was made could not be decided",
      );
    case 'proven-signing-time':
      return facts.provenSigningTime
        ? { result: 'passed', detail: `signed no later than ${facts.provenSigningTime}` }
        : {
            result: 'unknown',
            detail: 'no trusted timestamp proves when it was signed; the claimed time cannot be relied on',
          };
    case 'timestamp-required':
      return facts.timestamped
        ? { result: 'passed' }
        : { result: 'failed', detail: 'the signature has no timestamp' };
    case 'revocation-established':
      if (facts.revocationEstablished === true) return { result: 'passed' };
      return {
        result: 'unknown',
        detail:
          facts.revocationEstablished === false
            ? 'no revocation data established that the certificate was not revoked — supply CRL/OCSP data'
            : 'revocation was not checked',
      };
    case 'algorithm-family': {
      const f = facts.algorithm.family;
      if (f === null) return { result: 'unknown', detail: 'the signature algorithm was not identified' };
      return c.oneOf.includes(f)
        ? { result: 'passed' }
        : { result: 'failed', detail: `signed with ${f}, the law requires ${c.oneOf.join(' or ')}` };
    }
    case 'digest-algorithm': {
      const d = facts.algorithm.digest;
      if (d === null) return { result: 'unknown', detail: 'the digest algorithm was not identified' };
      return c.oneOf.includes(d)
        ? { result: 'passed' }
        : { result: 'failed', detail: `digest ${d}, the law requires ${c.oneOf.join(' or ')}` };
    }
    case 'min-key-size': {
      const { family, keySizeBits } = facts.algorithm;
      if (family === null || keySizeBits === null) return { result: 'unknown', detail: 'key size not known' };
      const min = c.bits[family];
      if (min === undefined)
        return { result: 'failed', detail: `${family} keys are not among the accepted schemes` };
      return keySizeBits >= min
        ? { result: 'passed' }
        : { result: 'failed', detail: `${family} key of ${keySizeBits} bits, at least ${min} required` };
    }
    case 'key-usage':
      if (!signer) return noSigner;
      if (signer.keyUsage === null)
        return { result: 'failed', detail: 'the certificate has no keyUsage extension' };
      return anyMatch(signer.keyUsage, c.anyOf)
        ? { result: 'passed' }
        : { result: 'failed', detail: `key usage is ${signer.keyUsage.join(', ') || 'empty'}` };
    case 'extended-key-usage':
      if (!signer) return noSigner;
      return anyMatch(signer.extendedKeyUsage, c.anyOf)
        ? { result: 'passed' }
        : { result: 'failed', detail: 'required extended key usage absent' };
    case 'policy-oid':
      if (!signer) return noSigner;
      return anyMatch(signer.policyOids, c.anyOf)
        ? { result: 'passed' }
        : { result: 'failed', detail: 'none of the required certificate policies is present' };
    case 'qc-statement':
      if (!signer) return noSigner;
      return anyMatch(signer.qcStatements, c.anyOf)
        ? { result: 'passed' }
        : { result: 'failed', detail: 'required QC statement absent' };
    case 'subject-attribute': {
      if (!signer) return noSigner;
      const found = signer.subjectAttributes.some(
        (a) => a.type === c.attribute || a.shortName === c.attribute,
      );
      if (found === c.present) return { result: 'passed' };
      return {
        result: 'failed',
        detail: c.present ? `subject lacks ${c.attribute}` : `subject has ${c.attribute}`,
      };
    }
    case 'signing-time-before': {
      if (!facts.provenSigningTime) return { result: 'unknown', detail: 'no proven signing time' };
      return Date.parse(facts.provenSigningTime) < Date.parse(c.time)
        ? { result: 'passed' }
        : { result: 'failed', detail: `signed at ${facts.provenSigningTime}, not before ${c.time}` };
    }
    case 'eu-qualification':
      return euQualification(c, facts);
  }
}
