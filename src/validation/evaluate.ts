/**
 * Validation of one CMS signer, as EN 319 102-1 building blocks: format, identification, integrity
 * (src/cms/signer.ts), X.509 (chain.ts), signature acceptance (algorithm policy) and time.
 */

import type { ParsedSignedData, ParsedSignerInfo } from '../cms/parse.js';
import { type CheckSignerInput, checkSigner, type SignerCheck } from '../cms/signer.js';
import { evaluateAlgorithm } from '../crypto/policy.js';
import { isCrossignError } from '../lib/errors.js';
import { recognizeAll } from '../recognition/engine.js';
import type { TrustAnchor } from '../trust/anchor.js';
import type { Coverage, Problem, SignatureResult } from '../verdict/schema.js';
import { type Certificate, parseCertificate } from '../x509/certificate.js';
import { evaluateChain, notCheckedChain } from './chain.js';
import type { ValidationContext } from './context.js';
import { recognitionFacts } from './facts.js';
import { type BlockOutcome, compose, failed, indeterminate, passed } from './outcome.js';
import { signerIdentity } from './signer-identity.js';

export interface SignerTask {
  id: string;
  kind: SignatureResult['kind'];
  /** e.g. 'CAdES' or 'PAdES' or 'PKCS7'; the level is appended. */
  formatFamily: 'CAdES' | 'PAdES' | 'PKCS7';
  sd: ParsedSignedData;
  signer: ParsedSignerInfo;
  content: readonly Uint8Array[] | undefined;
  /** Extra outcomes from the container (PDF byte range, modifications). */
  containerOutcomes?: BlockOutcome[];
  containerProblems?: Problem[];
  coverage?: Coverage;
  /** Claimed time from the container (PDF /M) when the CMS has no signing-time. */
  containerClaimedTime?: Date;
}

/** Certificates embedded in the CMS; a malformed one is reported and skipped, not fatal. */
export function embeddedCertificates(sd: ParsedSignedData, problems: Problem[]): Certificate[] {
  const out: Certificate[] = [];
  for (const der of sd.certificates) {
    try {
      out.push(parseCertificate(der, 'signature'));
    } catch (e) {
      problems.push({
        code: 'CMS_CERTIFICATE_MALFORMED',
        severity: 'warning',
        message: `an embedded certificate could not be parsed: ${e instanceof Error ? e.message : e}`,
      });
    }
  }
  return out;
}

function integrityOutcome(check: SignerCheck): BlockOutcome[] {
  switch (check.failure) {
    case 'FORMAT_FAILURE':
      return [failed('format', 'FORMAT_FAILURE')];
    case 'HASH_FAILURE':
      return [passed('format'), failed('integrity', 'HASH_FAILURE')];
    case 'SIG_CRYPTO_FAILURE':
      return [passed('format'), failed('integrity', 'SIG_CRYPTO_FAILURE')];
    case 'NO_SIGNING_CERTIFICATE_FOUND':
      return [passed('format'), indeterminate('identification', 'NO_SIGNING_CERTIFICATE_FOUND')];
    case 'UNSUPPORTED':
      // We cannot tell whether it is intact: the algorithm is not one we accept (fail closed).
      return [passed('format'), indeterminate('acceptance', 'CRYPTO_CONSTRAINTS_FAILURE_NO_POE')];
    default:
      if (check.messageDigestMatches === null && check.signer.signedAttrs)
        return [passed('format'), indeterminate('integrity', 'SIGNED_DATA_NOT_FOUND')];
      return [passed('format'), passed('identification'), passed('integrity')];
  }
}

export async function evaluateSigner(ctx: ValidationContext, task: SignerTask): Promise<SignatureResult> {
  const problems: Problem[] = [...(task.containerProblems ?? [])];
  const embedded = embeddedCertificates(task.sd, problems);
  const pool = dedupe([...embedded, ...ctx.callerCertificates, ...ctx.anchors.map((a) => a.certificate)]);
  const input: CheckSignerInput = {
    sd: task.sd,
    signer: task.signer,
    content: task.content,
    pool,
    crypto: ctx.crypto,
  };
  const check = await checkSigner(input);
  problems.push(...check.problems);
  const outcomes: BlockOutcome[] = [...(task.containerOutcomes ?? []), ...integrityOutcome(check)];

  const claimed = check.claimedTime ?? task.containerClaimedTime;
  // Without a proof of existence the best-signature-time is the validation time (EN 319 102-1 §5.6.2.1).
  const bestSignatureTime = ctx.validationTime;

  let chain = notCheckedChain(ctx.validationTime, 'no signing certificate');
  let anchor: TrustAnchor | undefined;
  if (check.certificate) {
    try {
      const ev = await evaluateChain(ctx, check.certificate, pool, bestSignatureTime);
      chain = ev.result;
      if (ev.path?.status === 'valid') anchor = ev.path.anchor;
      problems.push(...ev.problems);
      outcomes.push(timeAwareX509(ev.outcome, check.certificate, bestSignatureTime));
    } catch (e) {
      if (!isCrossignError(e)) throw e;
      problems.push({ code: e.problem ?? 'X509_ERROR', severity: 'error', message: e.message });
      outcomes.push(indeterminate('x509', 'CERTIFICATE_CHAIN_GENERAL_FAILURE'));
    }
  }

  outcomes.push(...revocationOutcome(ctx, chain, problems));

  // Signature acceptance: algorithm strength at the best-signature-time (no POE → *_NO_POE).
  if (check.algorithm) {
    const policy = evaluateAlgorithm(check.algorithm, bestSignatureTime, ctx.options.algorithmPolicy);
    if (policy.ok) {
      outcomes.push(passed('acceptance'));
      if (policy.warning)
        problems.push({ code: 'CRYPTO_ALGORITHM_AGEING', severity: 'info', message: policy.warning });
    } else {
      problems.push({ code: `CRYPTO_${policy.code}`, severity: 'error', message: policy.reason });
      outcomes.push(indeterminate('acceptance', 'CRYPTO_CONSTRAINTS_FAILURE_NO_POE'));
    }
  }

  const { indication, subIndication } = compose(outcomes);
  const result: SignatureResult = {
    id: task.id,
    kind: task.kind,
    format: `${task.formatFamily}-B-B`,
    level: { achieved: 'B-B', missingForNext: ['signature timestamp (B-T)'] },
    indication,
    signer: check.certificate ? signerIdentity(check.certificate) : null,
    time: claimed ? { claimed: claimed.toISOString() } : {},
    integrity: {
      ok: integrityOk(check),
      digestAlgorithm: check.digestName,
      signatureAlgorithm: check.algorithm?.name ?? task.signer.signatureAlgorithmOid,
      messageDigestMatches: check.messageDigestMatches,
      signatureValid: check.signatureValid,
      signingCertificateBound: check.signingCertificateBound,
    },
    chain,
    revocation: [],
    timestamps: [],
    recognition: {},
    problems,
  };
  if (subIndication) result.subIndication = subIndication;
  if (task.coverage) result.coverage = task.coverage;
  result.recognition = recognizeAll(
    recognitionFacts({
      result,
      ...(check.certificate ? { signer: check.certificate } : {}),
      ...(check.algorithm ? { algorithm: check.algorithm } : {}),
      ...(anchor ? { anchor } : {}),
      loadedTrustLists: ctx.loadedTrustLists,
      certValidAtSigningTime: validAt(check.certificate, result.time.proven ?? result.time.claimed),
      revocationEstablished: ctx.options.revocation.mode === 'off' ? null : false,
    }),
    ctx.profiles,
    { transaction: ctx.options.transaction, partyAgreement: ctx.options.partyAgreement },
  );
  return result;
}

/**
 * Placeholder revocation block until CRL/OCSP evidence is wired: fail closed. With the policy 'off'
 * nothing is checked (and the verdict's policy says so); otherwise status is not established.
 */
function revocationOutcome(
  ctx: ValidationContext,
  chain: SignatureResult['chain'],
  problems: Problem[],
): BlockOutcome[] {
  if (chain.status !== 'trusted') return [];
  const mode = ctx.options.revocation.mode;
  if (mode === 'off') return [passed('revocation')];
  problems.push({
    code: 'REVOCATION_NOT_ESTABLISHED',
    severity: mode === 'hard-fail' ? 'error' : 'warning',
    message: 'no revocation information (CRL or OCSP) establishes the status of the signer chain',
  });
  return mode === 'hard-fail' ? [indeterminate('revocation', 'TRY_LATER')] : [passed('revocation')];
}

/**
 * A signer certificate that is not yet valid at the best-signature-time means the signature predates
 * the certificate: TOTAL_FAILED/NOT_YET_VALID (EN 319 102-1 §5.6.2.4 step on the signing-certificate
 * validity range); expired without POE stays INDETERMINATE/OUT_OF_BOUNDS_NO_POE.
 */
function timeAwareX509(outcome: BlockOutcome, signer: Certificate, bestSignatureTime: Date): BlockOutcome {
  if (outcome.indication === 'TOTAL_PASSED') return outcome;
  if (bestSignatureTime < signer.notBefore) return failed('time', 'NOT_YET_VALID');
  return outcome;
}

/** Intact = signature verifies and (with signed attributes) the content digest matches; null = undecided. */
function integrityOk(check: SignerCheck): boolean | null {
  if (check.failure === 'HASH_FAILURE' || check.failure === 'SIG_CRYPTO_FAILURE') return false;
  if (check.signatureValid !== true) return null;
  return check.signer.signedAttrs ? check.messageDigestMatches : true;
}

function validAt(cert: Certificate | undefined, iso: string | undefined): boolean | null {
  if (!cert || !iso) return null;
  const t = new Date(iso);
  return cert.notBefore <= t && t <= cert.notAfter;
}

function dedupe(certs: Certificate[]): Certificate[] {
  const seen = new Set<string>();
  const out: Certificate[] = [];
  for (const c of certs) {
    if (seen.has(c.sha256)) continue;
    seen.add(c.sha256);
    out.push(c);
  }
  return out;
}
