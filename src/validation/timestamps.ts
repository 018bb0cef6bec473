/**
 * Timestamp building block: an RFC 3161 token is valid when it stamps exactly the given bytes, its
 * signature verifies and the TSA's chain (critical id-kp-timeStamping) leads to an anchor. Only then
 * does its genTime count as a proof of existence.
 */
import { isCrossignError } from '../lib/errors.js';
import { parseTimestampToken, type TimestampToken, verifyTimestampToken } from '../timestamp/tst.js';
import type { Problem, TimestampResult } from '../verdict/schema.js';
import type { Certificate } from '../x509/certificate.js';
import { evaluateChain } from './chain.js';
import type { ValidationContext } from './context.js';
import { type BlockOutcome, compose, failed, indeterminate, passed } from './outcome.js';
import { type RevocationEvidence, type RevocationRecorder, revocationHook } from './revocation.js';

export interface TimestampEvaluation {
  result: TimestampResult;
  /** genTime when the token is TOTAL_PASSED: a proof of existence of what it stamps. */
  poe?: Date;
  token?: TimestampToken;
  tsaCertificate?: Certificate;
}

const DIGEST_NAMES: Record<string, string> = {
  '1.3.14.3.2.26': 'SHA-1',
  '2.16.840.1.101.3.4.2.1': 'SHA-256',
  '2.16.840.1.101.3.4.2.2': 'SHA-384',
  '2.16.840.1.101.3.4.2.3': 'SHA-512',
};

export async function evaluateTimestamp(
  ctx: ValidationContext,
  der: Uint8Array,
  stamped: readonly Uint8Array[],
  type: TimestampResult['type'],
  pool: readonly Certificate[],
  revocation?: { evidence: RevocationEvidence; recorder: RevocationRecorder },
): Promise<TimestampEvaluation> {
  let token: TimestampToken;
  try {
    token = parseTimestampToken(der);
  } catch (e) {
    if (!isCrossignError(e)) throw e;
    return {
      result: {
        type,
        genTime: new Date(0).toISOString(),
        indication: 'TOTAL_FAILED',
        subIndication: 'FORMAT_FAILURE',
        imprintMatches: false,
        problems: [{ code: e.problem ?? 'TST_MALFORMED', severity: 'error', message: e.message }],
      },
    };
  }
  const certs = [...token.certificates, ...pool];
  const v = await verifyTimestampToken(token, stamped, { crypto: ctx.crypto, certificates: certs });
  const problems: Problem[] = [...v.problems];
  const outcomes: BlockOutcome[] = [];
  if (v.imprintMatches === false) outcomes.push(failed('integrity', 'HASH_FAILURE'));
  else if (!v.signatureValid) outcomes.push(failed('integrity', 'SIG_CRYPTO_FAILURE'));
  else outcomes.push(passed('format'), passed('integrity'));

  const result: TimestampResult = {
    type,
    genTime: v.genTime.toISOString(),
    indication: 'INDETERMINATE',
    imprintMatches: v.imprintMatches === true,
    problems,
  };
  const digest = DIGEST_NAMES[token.tstInfo.messageImprint.hashAlgorithmOid];
  if (digest) result.digestAlgorithm = digest;
  if (v.tsaCertificate) {
    result.tsa = v.tsaCertificate.subject;
    let hook: ReturnType<typeof revocationHook> | undefined;
    if (revocation && ctx.options.revocation.mode !== 'off') {
      for (const der of token.revocationInfoChoices)
        revocation.evidence.pool.addRevocationInfoChoice(der, 'signature');
      hook = revocationHook(ctx, revocation.evidence, v.genTime, revocation.recorder);
    }
    const chain = await evaluateChain(ctx, v.tsaCertificate, certs, ctx.validationTime, 'timestamping', hook);
    result.chain = chain.result;
    problems.push(...chain.problems);
    outcomes.push(chain.outcome);
  } else outcomes.push(indeterminate('identification', 'NO_SIGNING_CERTIFICATE_FOUND'));
  const { indication, subIndication } = compose(outcomes);
  result.indication = indication;
  if (subIndication) result.subIndication = subIndication;
  const out: TimestampEvaluation = { result, token };
  if (v.tsaCertificate) out.tsaCertificate = v.tsaCertificate;
  if (indication === 'TOTAL_PASSED') out.poe = v.genTime;
  return out;
}
