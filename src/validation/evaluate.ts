/**
 * Validation of one CMS signer, as EN 319 102-1 building blocks: format, identification, integrity
 * (src/cms/signer.ts), X.509 (chain.ts), signature acceptance (algorithm policy) and time.
 */

import { OID } from '../cms/oids.js';
import type { ParsedSignedData, ParsedSignerInfo } from '../cms/parse.js';
import { type CheckSignerInput, checkSigner, type SignerCheck } from '../cms/signer.js';
import { evaluateAlgorithm } from '../crypto/policy.js';
import { isCrossignError } from '../lib/errors.js';
import { recognizeAll } from '../recognition/engine.js';
import type { TrustAnchor } from '../trust/anchor.js';
import type {
  Coverage,
  Problem,
  RevocationResult,
  SignatureResult,
  TimestampResult,
} from '../verdict/schema.js';
import { type Certificate, parseCertificate } from '../x509/certificate.js';
import { type ChainEvaluation, evaluateChain, notCheckedChain } from './chain.js';
import type { ValidationContext } from './context.js';
import { recognitionFacts } from './facts.js';
import { type BlockOutcome, compose, failed, indeterminate, passed } from './outcome.js';
import {
  type ContainerEvidence,
  collectEvidence,
  type RevocationEvidence,
  type RevocationRecorder,
  revocationHook,
} from './revocation.js';
import { signerIdentity } from './signer-identity.js';
import { evaluateTimestamp } from './timestamps.js';

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
  /** Revocation data from the container (PDF DSS). */
  containerEvidence?: ContainerEvidence[];
  /** Certificates from the container (PDF DSS) for path building. */
  extraCertificates?: readonly Certificate[];
  /** The ContentInfo bytes `sd` was parsed from: archive-timestamp imprints cover fields as stored. */
  cms?: Uint8Array;
  /** A proof of existence from outside the CMS (a later PDF document timestamp). */
  externalPoe?: { time: Date; by: 'document-timestamp' | 'archive-timestamp' };
  /** PDF: the document has a DSS with validation data (PAdES B-LT). */
  hasDss?: boolean;
  /** PDF: a valid document timestamp covers this signature and the DSS (PAdES B-LTA). */
  laterDocumentTimestamp?: boolean;
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
  // A pool stuffed with certificates is a path-building DoS: refuse it before parsing (fail closed).
  const poolSize =
    task.sd.certificates.length + ctx.callerCertificates.length + (task.extraCertificates?.length ?? 0);
  const poolTooLarge = poolSize > ctx.options.limits.maxCertificates;
  if (poolTooLarge)
    problems.push({
      code: 'CERTIFICATE_POOL_TOO_LARGE',
      severity: 'error',
      message: `${poolSize} certificates to build paths from, over the limit of ${ctx.options.limits.maxCertificates} (limits.maxCertificates)`,
    });
  const embedded = poolTooLarge ? [] : embeddedCertificates(task.sd, problems);
  const evidence = collectEvidence(ctx, task.sd, task.signer, task.containerEvidence ?? []);
  const recorder: RevocationRecorder = { results: new Map(), problems: [] };
  const pool = dedupe([
    ...embedded,
    ...(task.extraCertificates ?? []),
    ...evidence.certificates,
    ...evidence.pool.certificates,
    ...ctx.callerCertificates,
    ...ctx.anchors.map((a) => a.certificate),
  ]);
  const checking = ctx.options.revocation.mode !== 'off';
  const hookAt = (t: Date) => (checking ? revocationHook(ctx, evidence, t, recorder) : undefined);
  const input: CheckSignerInput = {
    sd: task.sd,
    signer: task.signer,
    content: task.content,
    pool,
    crypto: ctx.crypto,
  };
  if (ctx.options.sm2UserId) input.sm2UserId = new TextEncoder().encode(ctx.options.sm2UserId);
  const check = await checkSigner(input);
  problems.push(...check.problems);
  const outcomes: BlockOutcome[] = [...(task.containerOutcomes ?? []), ...integrityOutcome(check)];
  const eddsa = eddsaDigestProblem(check);
  if (eddsa) {
    problems.push(eddsa);
    outcomes.push(indeterminate('integrity', 'CRYPTO_CONSTRAINTS_FAILURE'));
  }
  const claimed = check.claimedTime ?? task.containerClaimedTime;

  // Timestamps: only a valid one is a proof of existence (POE).
  const ts = check.failure
    ? emptyTimestamps()
    : await signerTimestamps(ctx, task, pool, { evidence, recorder });
  problems.push(...ts.problems);
  outcomes.push(...ts.outcomes);
  let poe: { time: Date; by: NonNullable<SignatureResult['time']['provenBy']> } | undefined = ts.signaturePoe
    ? { time: ts.signaturePoe, by: 'signature-timestamp' }
    : undefined;
  if (ts.archivePoe && (!poe || ts.archivePoe < poe.time))
    poe = { time: ts.archivePoe, by: 'archive-timestamp' };
  if (task.externalPoe && (!poe || task.externalPoe.time < poe.time)) poe = task.externalPoe;
  // Without a proof of existence the best-signature-time is the validation time (EN 319 102-1 §5.6.2.1).
  const bestSignatureTime = poe?.time ?? ctx.validationTime;

  let chain = notCheckedChain(ctx.validationTime, 'no signing certificate');
  let anchor: TrustAnchor | undefined;
  let chainCerts: Certificate[] = [];
  if (poolTooLarge) outcomes.push(indeterminate('x509', 'CERTIFICATE_CHAIN_GENERAL_FAILURE'));
  else if (check.certificate) {
    try {
      let ev = await evaluateChain(
        ctx,
        check.certificate,
        pool,
        ctx.validationTime,
        'signing',
        hookAt(bestSignatureTime),
      );
      if (
        ev.outcome.indication !== 'TOTAL_PASSED' &&
        poe &&
        POE_CURABLE.has(ev.outcome.subIndication ?? '')
      ) {
        // Past-signature validation (EN 319 102-1 §5.6.2.4): the chain at the proven time.
        const atPoe = await evaluateChain(
          ctx,
          check.certificate,
          pool,
          poe.time,
          'signing',
          hookAt(poe.time),
        );
        if (atPoe.outcome.indication === 'TOTAL_PASSED') {
          problems.push({
            code: 'X509_VALID_AT_PROVEN_TIME',
            severity: 'info',
            message: `the chain is no longer valid today, but was at the proven signing time ${poe.time.toISOString()}`,
          });
          ev = atPoe;
        }
      }
      chain = ev.result;
      chainCerts = ev.path?.path ?? [];
      // The anchor the path reached, even when revocation (not the chain) is what failed: recognition
      // must see "anchored in list X, status unknown", not "no anchor".
      anchor = ev.path?.anchor;
      problems.push(...ev.problems);
      outcomes.push(
        revokedOutcome(
          timeAwareX509(ev.outcome, check.certificate, bestSignatureTime),
          ev,
          !!poe,
          ts.contentPoe,
        ),
      );
    } catch (e) {
      if (!isCrossignError(e)) throw e;
      problems.push({ code: e.problem ?? 'X509_ERROR', severity: 'error', message: e.message });
      outcomes.push(indeterminate('x509', 'CERTIFICATE_CHAIN_GENERAL_FAILURE'));
    }
  }

  if (chain.status === 'trusted') outcomes.push(passed('revocation'));
  problems.push(...recorder.problems);
  const revocation = revocationResults(chainCerts, anchor, recorder, checking);

  // Signature acceptance: algorithm strength at the best-signature-time (no POE → *_NO_POE).
  if (check.algorithm) {
    const policy = evaluateAlgorithm(check.algorithm, bestSignatureTime, ctx.options.algorithmPolicy);
    if (policy.ok) {
      outcomes.push(passed('acceptance'));
      if (policy.warning)
        problems.push({ code: 'CRYPTO_ALGORITHM_AGEING', severity: 'info', message: policy.warning });
    } else {
      problems.push({ code: `CRYPTO_${policy.code}`, severity: 'error', message: policy.reason });
      outcomes.push(
        indeterminate('acceptance', poe ? 'CRYPTO_CONSTRAINTS_FAILURE' : 'CRYPTO_CONSTRAINTS_FAILURE_NO_POE'),
      );
    }
  }

  const { indication, subIndication } = compose(outcomes);
  const level = signatureLevel(task, ts, !!poe);
  const time: SignatureResult['time'] = {};
  if (claimed) time.claimed = claimed.toISOString();
  if (poe) {
    time.proven = poe.time.toISOString();
    time.provenBy = poe.by;
  }
  const result: SignatureResult = {
    id: task.id,
    kind: task.kind,
    format: level.achieved ? `${task.formatFamily}-${level.achieved}` : task.formatFamily,
    level,
    indication,
    signer: check.certificate ? signerIdentity(check.certificate) : null,
    time,
    integrity: {
      ok: integrityOk(check),
      digestAlgorithm: check.digestName,
      signatureAlgorithm: check.algorithm?.name ?? task.signer.signatureAlgorithmOid,
      messageDigestMatches: check.messageDigestMatches,
      signatureValid: check.signatureValid,
      signingCertificateBound: check.signingCertificateBound,
    },
    chain,
    revocation,
    timestamps: ts.results,
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
      certValidAtSigningTime: validAt(
        check.certificate,
        result.time.proven ?? result.time.claimed,
        revocation[0],
      ),
      revocationEstablished: checking
        ? revocation.length > 0 && revocation.every((r) => r.status === 'good')
        : null,
    }),
    ctx.profiles,
    { transaction: ctx.options.transaction, partyAgreement: ctx.options.partyAgreement },
  );
  if (ctx.etsiLists.length > 0 && (!ctx.options.economies || ctx.options.economies.includes('EU'))) {
    const { euRecognition } = await import('../trust/eu-recognition.js');
    result.recognition.EU = euRecognition({
      indication: result.indication,
      ...(result.subIndication ? { subIndication: result.subIndication } : {}),
      ...(check.certificate ? { signer: check.certificate } : {}),
      chain: chainCerts,
      signingTime: new Date(result.time.proven ?? result.time.claimed ?? ctx.validationTime.toISOString()),
      provenTime: result.time.proven !== undefined,
      lists: ctx.etsiLists,
    });
  }
  return result;
}

/** Sub-indications a proof of existence can cure by validating the chain at the proven time. */
const POE_CURABLE = new Set([
  'OUT_OF_BOUNDS_NO_POE',
  'OUT_OF_BOUNDS_NOT_REVOKED',
  'REVOKED_NO_POE',
  'REVOKED_CA_NO_POE',
]);

interface SignerTimestamps {
  results: TimestampResult[];
  outcomes: BlockOutcome[];
  problems: Problem[];
  /** Earliest genTime among valid signature timestamps. */
  signaturePoe?: Date;
  /** genTime of a valid content timestamp: the signature was made after it. */
  contentPoe?: Date;
  /** Earliest genTime among valid archive timestamps: a proof of existence of the whole signature. */
  archivePoe?: Date;
  hasArchiveTimestamp: boolean;
  validArchiveTimestamp: boolean;
  hasLongTermData: boolean;
}

function emptyTimestamps(): SignerTimestamps {
  return {
    results: [],
    outcomes: [],
    problems: [],
    hasArchiveTimestamp: false,
    validArchiveTimestamp: false,
    hasLongTermData: false,
  };
}

async function signerTimestamps(
  ctx: ValidationContext,
  task: SignerTask,
  pool: readonly Certificate[],
  revocation: { evidence: RevocationEvidence; recorder: RevocationRecorder },
): Promise<SignerTimestamps> {
  const out = emptyTimestamps();
  const signer = task.signer;
  for (const attr of signer.unsignedAttrs) {
    if (attr.type === OID.signatureTimeStampToken) {
      for (const der of attr.values) {
        const ev = await evaluateTimestamp(ctx, der, [signer.signature], 'signature', pool, revocation);
        out.results.push(ev.result);
        if (ev.poe && (!out.signaturePoe || ev.poe < out.signaturePoe)) out.signaturePoe = ev.poe;
      }
    } else if (attr.type === OID.archiveTimestampV3 || attr.type === OID.archiveTimestampV2) {
      out.hasArchiveTimestamp = true;
    } else if (attr.type === OID.revocationValues || attr.type === OID.certValues) {
      out.hasLongTermData = true;
    }
  }
  // --- archive timestamps (src/timestamp/archive.ts) ---
  // The imprints cover SignerInfo fields as stored, so this runs only when the container passes the CMS
  // bytes as task.cms. A bad hash index or an unmatched imprint makes the token prove nothing.
  const cms = task.cms;
  if (cms && out.hasArchiveTimestamp) {
    const { archiveTimestampCandidates } = await import('../timestamp/archive.js');
    for (const c of archiveTimestampCandidates({ cms, sd: task.sd, signer, content: task.content })) {
      const ev = await evaluateTimestamp(ctx, c.der, c.stampedParts ?? [], 'archive', pool, revocation);
      const r = ev.result;
      if (r.subIndication !== 'FORMAT_FAILURE') {
        if (!c.stampedParts) {
          // Nothing to compare with (detached content absent): not a hash failure, the data is missing.
          r.problems = r.problems.filter((p) => p.code !== 'TST_IMPRINT_MISMATCH');
          r.imprintMatches = false;
          r.indication = 'INDETERMINATE';
          r.subIndication = 'SIGNED_DATA_NOT_FOUND';
        } else if (c.problems.some((p) => p.severity === 'error')) {
          r.indication = 'TOTAL_FAILED';
          r.subIndication = 'HASH_FAILURE';
        }
      }
      r.problems.push(...c.problems.filter((p) => p.code !== 'ATS_IMPRINT_MISMATCH'));
      out.results.push(r);
      if (r.indication === 'TOTAL_PASSED' && ev.poe) {
        out.validArchiveTimestamp = true;
        if (!out.archivePoe || ev.poe < out.archivePoe) out.archivePoe = ev.poe;
      }
    }
  }
  // --- end archive timestamps ---
  const contentTs = signer.signedAttrs?.find((a) => a.type === OID.contentTimestamp);
  let contentTime: Date | undefined;
  if (contentTs && task.content) {
    for (const der of contentTs.values) {
      const ev = await evaluateTimestamp(ctx, der, task.content, 'content', pool, revocation);
      out.results.push(ev.result);
      if (ev.poe) contentTime = ev.poe;
    }
  }
  if (contentTime) out.contentPoe = contentTime;
  // A content timestamp proves the content existed before signing; it cannot postdate the signature's.
  if (contentTime && out.signaturePoe && contentTime > out.signaturePoe) {
    out.problems.push({
      code: 'TIMESTAMP_ORDER',
      severity: 'error',
      message: 'the content timestamp is later than the signature timestamp',
    });
    out.outcomes.push(indeterminate('time', 'TIMESTAMP_ORDER_FAILURE'));
  }
  for (const r of out.results)
    if (r.indication !== 'TOTAL_PASSED')
      out.problems.push({
        code: 'TIMESTAMP_NOT_VALID',
        severity: 'warning',
        message: `a ${r.type} timestamp is ${r.indication}${r.subIndication ? `/${r.subIndication}` : ''}: it proves nothing`,
      });
  return out;
}

/** AdES level reached (ETSI EN 319 122-1 / 319 142-1 baseline), and what the next level needs. */
function signatureLevel(
  task: SignerTask,
  ts: SignerTimestamps,
  proven: boolean,
): NonNullable<SignatureResult['level']> {
  const attrs = task.signer.signedAttrs ?? [];
  const bes = attrs.some((a) => a.type === OID.signingCertificateV2 || a.type === OID.signingCertificate);
  if (!bes)
    return { achieved: null, missingForNext: ['signed attributes with signing-certificate(-v2) (B-B)'] };
  if (!proven) return { achieved: 'B-B', missingForNext: ['a valid signature or document timestamp (B-T)'] };
  const lt =
    task.formatFamily === 'PAdES' || task.formatFamily === 'PKCS7'
      ? !!task.hasDss
      : ts.hasLongTermData || task.sd.crls.length + task.sd.otherRevocationInfo.length > 0;
  if (!lt)
    return {
      achieved: 'B-T',
      missingForNext: ['certificate and revocation values of the whole chain (B-LT)'],
    };
  const lta = task.formatFamily === 'CAdES' ? ts.validArchiveTimestamp : !!task.laterDocumentTimestamp;
  if (!lta)
    return {
      achieved: 'B-LT',
      missingForNext: ['an archive or document timestamp over the LT data (B-LTA)'],
    };
  return { achieved: 'B-LTA', missingForNext: [] };
}

/** The chain's revocation results, signer first, anchor excluded (its status is not checked). */
function revocationResults(
  chain: readonly Certificate[],
  anchor: TrustAnchor | undefined,
  recorder: RevocationRecorder,
  checking: boolean,
): RevocationResult[] {
  return chain
    .filter((c) => c.sha256 !== anchor?.certificate.sha256)
    .map(
      (c): RevocationResult =>
        recorder.results.get(c.sha256) ?? {
          certificate: c.sha256,
          subject: c.subject,
          status: 'not-checked',
          source: 'none',
          problems: checking
            ? [
                {
                  code: 'REVOCATION_NOT_CHECKED',
                  severity: 'warning',
                  message: 'path validation stopped before this certificate',
                },
              ]
            : [],
        },
    );
}

/**
 * A signer revoked before the best-signature-time: with a proof of existence, or when a valid content
 * timestamp (which the signature postdates) is after the revocation, the signature was made with a revoked
 * certificate → REVOKED. The claimed signing-time proves nothing: without such a proof the result stays
 * INDETERMINATE/REVOKED_NO_POE (EN 319 102-1 §5.3.4 step 5).
 */
function revokedOutcome(
  outcome: BlockOutcome,
  ev: ChainEvaluation,
  proven: boolean,
  contentPoe: Date | undefined,
): BlockOutcome {
  if (outcome.subIndication !== 'REVOKED_NO_POE') return outcome;
  const at = ev.path?.revoked?.verdict.revocationTime;
  if (proven || (contentPoe && at && at < contentPoe)) return failed('revocation', 'REVOKED');
  return outcome;
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

/** RFC 8419 §3: with signed attributes, Ed25519 requires SHA-512 and Ed448 SHAKE256 (512-bit). */
const EDDSA_DIGEST: Record<string, string> = { Ed25519: 'SHA-512', Ed448: 'SHAKE256' };

function eddsaDigestProblem(check: SignerCheck): Problem | undefined {
  const curve = check.algorithm?.family === 'EdDSA' ? check.algorithm.curve : undefined;
  const required = curve ? EDDSA_DIGEST[curve] : undefined;
  if (!required || !check.signer.signedAttrs || check.digestName === required) return undefined;
  return {
    code: 'CMS_EDDSA_DIGEST_NOT_ALLOWED',
    severity: 'error',
    message: `${curve} signatures must use ${required} as the message digest (RFC 8419 §3), not ${check.digestName}`,
  };
}

/** Intact = signature verifies and (with signed attributes) the content digest matches; null = undecided. */
function integrityOk(check: SignerCheck): boolean | null {
  if (check.failure === 'HASH_FAILURE' || check.failure === 'SIG_CRYPTO_FAILURE') return false;
  if (check.signatureValid !== true) return null;
  return check.signer.signedAttrs ? check.messageDigestMatches : true;
}

/**
 * Within its validity period at the signing time used, and not known to be revoked before it. Whether
 * revocation was established at all is the separate `revocation-established` condition.
 */
function validAt(
  cert: Certificate | undefined,
  iso: string | undefined,
  status: RevocationResult | undefined,
): boolean | null {
  if (!cert || !iso) return null;
  const t = new Date(iso);
  if (t < cert.notBefore || t > cert.notAfter) return false;
  if (status?.status === 'revoked' && (!status.revocationTime || new Date(status.revocationTime) <= t))
    return false;
  return true;
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
