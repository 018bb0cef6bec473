/**
 * Evaluates one declarative profile condition against the facts: passed / failed / unknown, with a
 * plain-English description and, when not passed, a detail a small-business owner can act on.
 */
import type { Condition, EconomyProfile } from '../trust/schema.js';
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
  }
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
  }
}
