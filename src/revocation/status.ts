/**
 * The revocation decision for one certificate: every CRL and OCSP response in the pool that speaks about
 * it is checked (signer, scope, time), then the best evidence wins.
 *
 * Freshness. `time` is the best-signature-time (EN 319 102-1 §5.6.2.1: the earliest proof of existence,
 * else the validation time). With the default `freshness: 'after-signing-time'` a "good" answer counts
 * when it was current at `time` (nextUpdate ≥ time) or issued at or after it (thisUpdate ≥ time), with
 * `toleranceMs` (1 s) of clock skew either way. How that compares:
 * - pyHanko's default ("point-in-time", FreshnessReqType.DEFAULT) accepts only thisUpdate ≤ time ≤
 *   nextUpdate and rates later data TOO_NEW unless `retroactive_revinfo` is set; its AdES mode counts
 *   TOO_NEW as fresh. We take the AdES reading: silence in a CRL issued after `time` still proves the
 *   certificate was not (permanently) revoked at `time`, and a revocation after `time` is told apart by
 *   `revokedBeforeTime`. So for well-formed data (nextUpdate ≥ thisUpdate) we equal pyHanko with
 *   `retroactive_revinfo`, and are never looser than that.
 * - DSS's revocation freshness checker (EN 319 102-1 §5.2.5.4) without a RevocationFreshness constraint
 *   (its default) takes nextUpdate − thisUpdate as the maximum freshness, i.e. "fresh iff nextUpdate is
 *   not before the control time"; ours is that test at the best-signature-time, which for a signature
 *   without proof of existence is the validation time, as in DSS.
 * - No nextUpdate: pyHanko assumes 30 minutes, DSS fails freshness; we accept such an answer only when
 *   it was issued at or after `time` (fail closed, closer to DSS).
 * - Revoked is never discarded for staleness: a permanent revocation in any usable (signed, in-scope)
 *   evidence is final, whatever its age.
 * - Evidence issued after the validation time is unusable (REVOCATION_ISSUED_AFTER_VALIDATION_TIME), so
 *   a result cannot rest on data the verifier could not have had at that time.
 * `freshness: 'any'` accepts older answers too (Acrobat's "revocation info valid into the past") and
 * flags them with REVOCATION_OLDER_THAN_SIGNING_TIME; with nothing usable the result is REVOCATION_NOT_FRESH.
 */
import type { FullCryptoContext } from '../crypto/context.js';
import type { RevocationPolicy } from '../options.js';
import type { Problem, RevocationResult } from '../verdict/schema.js';
import type { Certificate } from '../x509/certificate.js';
import {
  ALL_REASONS,
  type CrlEntry,
  crlScopeFor,
  crlUsabilityProblems,
  deltaAppliesTo,
  findEntry,
  type ParsedCrl,
  verifyCrlSignature,
} from './crl.js';
import { type CrlReason, certificateSerial, namesEqual, problem } from './der.js';
import { matchSingleResponse, type OcspSingleResponse, type ParsedOcsp, verifyOcspResponse } from './ocsp.js';
import type { PooledCrl, PooledOcsp, RevocationOrigin, RevocationPool } from './pool.js';

export const STATUS_PROBLEMS = {
  NO_DATA: 'REVOCATION_NO_DATA',
  DATA_UNUSABLE: 'REVOCATION_DATA_UNUSABLE',
  NOT_FRESH: 'REVOCATION_NOT_FRESH',
  FROM_THE_FUTURE: 'REVOCATION_ISSUED_AFTER_VALIDATION_TIME',
  REASONS_NOT_COVERED: 'REVOCATION_REASONS_NOT_COVERED',
  CERT_EXPIRED_BEFORE_CRL: 'CRL_ISSUED_AFTER_CERTIFICATE_EXPIRY',
  OCSP_UNKNOWN: 'OCSP_STATUS_UNKNOWN',
  STALE_ACCEPTED: 'REVOCATION_OLDER_THAN_SIGNING_TIME',
} as const;

export interface DetermineStatusOptions {
  /** The time the status must be established for: the best-signature-time. Default: validationTime. */
  time?: Date;
  validationTime: Date;
  policy?: Partial<RevocationPolicy>;
  crypto: FullCryptoContext;
  /** Clock skew tolerated when comparing thisUpdate with times (default 1 s, like pyHanko). */
  toleranceMs?: number;
}

/** Something the caller must still establish before the decision holds. */
export interface StatusRequirement {
  certificate: Certificate;
  /** ocsp-responder: a delegated responder without nocheck; crl-issuer: a CRL signer other than the CA. */
  why: 'ocsp-responder' | 'crl-issuer';
}

export interface EvidenceOutcome {
  kind: 'crl' | 'ocsp';
  sha256: string;
  origins: RevocationOrigin[];
  usable: boolean;
  status?: 'good' | 'revoked' | 'unknown';
  fresh?: boolean;
  problems: Problem[];
}

export interface StatusDecision {
  result: RevocationResult;
  /** Whether the certificate was revoked at or before `time` (only when revoked). */
  revokedBeforeTime?: boolean;
  requirements: StatusRequirement[];
  /** Every piece of evidence that spoke about the certificate and what became of it. */
  considered: EvidenceOutcome[];
}

interface Candidate {
  kind: 'crl' | 'ocsp';
  status: 'good' | 'revoked' | 'unknown';
  origins: RevocationOrigin[];
  thisUpdate: Date;
  nextUpdate?: Date;
  producedAt?: Date;
  revocationTime?: Date;
  reason?: CrlReason;
  fresh: boolean;
  /** For CRLs: which reasons this answer covers. */
  reasons: number;
  /** A "good" from this CRL cannot be trusted (certificate expired before it, without expiredCertsOnCRL). */
  cannotProveGood?: boolean;
  requirements: StatusRequirement[];
  outcome: EvidenceOutcome;
}

function isFresh(thisUpdate: Date, nextUpdate: Date | undefined, time: Date, tol: number): boolean {
  if (thisUpdate.getTime() >= time.getTime() - tol) return true;
  return nextUpdate !== undefined && nextUpdate.getTime() >= time.getTime() - tol;
}

async function crlSigner(
  crl: ParsedCrl,
  issuer: Certificate,
  pool: RevocationPool,
  ctx: FullCryptoContext,
): Promise<{ signer?: Certificate; problems: Problem[] }> {
  const first = await verifyCrlSignature(crl, issuer, ctx);
  if (first.ok) return { signer: issuer, problems: [] };
  // A separate CRL-signing key of the same CA, or an indirect CRL issuer, from the certificates we know.
  for (const c of pool.certificates) {
    if (c.sha256 === issuer.sha256 || !namesEqual(c.subjectDer, crl.issuerDer)) continue;
    const other = await verifyCrlSignature(crl, c, ctx);
    if (other.ok) return { signer: c, problems: [] };
  }
  return { problems: first.problems };
}

async function crlCandidate(
  item: PooledCrl,
  cert: Certificate,
  issuer: Certificate,
  serial: string,
  deltas: PooledCrl[],
  pool: RevocationPool,
  opts: Required<Pick<DetermineStatusOptions, 'validationTime' | 'crypto'>> & { time: Date; tol: number },
): Promise<Candidate | EvidenceOutcome | undefined> {
  const { crl } = item;
  const scope = crlScopeFor(crl, cert);
  const outcome: EvidenceOutcome = {
    kind: 'crl',
    sha256: crl.sha256,
    origins: item.origins,
    usable: false,
    problems: [],
  };
  if (!scope.applies) {
    // Only report CRLs that look like they were meant for this certificate's issuer.
    if (!namesEqual(crl.issuerDer, cert.issuerDer)) return undefined;
    outcome.problems.push(...scope.problems);
    return outcome;
  }
  outcome.problems.push(...crlUsabilityProblems(crl));
  const signed = await crlSigner(crl, issuer, pool, opts.crypto);
  outcome.problems.push(...signed.problems);
  if (crl.thisUpdate.getTime() > opts.validationTime.getTime() + opts.tol)
    outcome.problems.push(
      problem(STATUS_PROBLEMS.FROM_THE_FUTURE, 'CRL thisUpdate is after the validation time'),
    );
  if (outcome.problems.some((p) => p.severity === 'error') || !signed.signer) return outcome;

  // The newest applicable delta refines the base.
  let thisUpdate = crl.thisUpdate;
  let nextUpdate = crl.nextUpdate;
  let entry: CrlEntry | undefined = findEntry(crl, cert, serial);
  if (entry?.reason === 'removeFromCRL') {
    outcome.problems.push(
      problem('CRL_REMOVE_FROM_CRL_IN_COMPLETE_CRL', 'removeFromCRL entry in a complete CRL', 'warning'),
    );
    entry = undefined;
  }
  let deltaUsed: PooledCrl | undefined;
  for (const d of deltas) {
    if (!deltaAppliesTo(d.crl, crl) || !crlScopeFor(d.crl, cert).applies) continue;
    if (crlUsabilityProblems(d.crl).length > 0) continue;
    if (d.crl.thisUpdate.getTime() > opts.validationTime.getTime() + opts.tol) continue;
    if (!(await verifyCrlSignature(d.crl, signed.signer, opts.crypto)).ok) continue;
    if (!deltaUsed || (d.crl.crlNumber ?? 0n) > (deltaUsed.crl.crlNumber ?? 0n)) deltaUsed = d;
  }
  if (deltaUsed) {
    thisUpdate = deltaUsed.crl.thisUpdate;
    nextUpdate = deltaUsed.crl.nextUpdate;
    const dEntry = findEntry(deltaUsed.crl, cert, serial);
    if (dEntry) entry = dEntry.reason === 'removeFromCRL' ? undefined : dEntry;
  }
  outcome.usable = true;
  const requirements: StatusRequirement[] =
    signed.signer.sha256 === issuer.sha256 ? [] : [{ certificate: signed.signer, why: 'crl-issuer' }];
  const cand: Candidate = {
    kind: 'crl',
    status: entry ? 'revoked' : 'good',
    origins: item.origins,
    thisUpdate,
    fresh: isFresh(thisUpdate, nextUpdate, opts.time, opts.tol),
    reasons: scope.reasons,
    requirements,
    outcome,
  };
  if (nextUpdate) cand.nextUpdate = nextUpdate;
  if (entry) {
    cand.revocationTime = entry.revocationDate;
    if (entry.reason) cand.reason = entry.reason;
  }
  // CRLs drop expired certificates: silence after expiry proves nothing unless expiredCertsOnCRL says so.
  if (
    !entry &&
    cert.notAfter < crl.thisUpdate &&
    !(crl.expiredCertsOnCrl !== undefined && crl.expiredCertsOnCrl <= cert.notAfter)
  ) {
    cand.cannotProveGood = true;
    outcome.problems.push(
      problem(
        STATUS_PROBLEMS.CERT_EXPIRED_BEFORE_CRL,
        'the CRL was issued after the certificate expired',
        'warning',
      ),
    );
  }
  outcome.status = cand.status;
  outcome.fresh = cand.fresh;
  return cand;
}

async function ocspCandidate(
  item: PooledOcsp,
  cert: Certificate,
  issuer: Certificate,
  pool: RevocationPool,
  opts: { time: Date; validationTime: Date; crypto: FullCryptoContext; tol: number },
): Promise<Candidate | EvidenceOutcome | undefined> {
  const ocsp: ParsedOcsp = item.ocsp;
  const outcome: EvidenceOutcome = {
    kind: 'ocsp',
    sha256: ocsp.sha256,
    origins: item.origins,
    usable: false,
    problems: [],
  };
  const match = matchSingleResponse(ocsp, cert, issuer);
  if (!match.single) {
    if (match.problems.every((p) => p.severity === 'info')) return undefined;
    outcome.problems.push(...match.problems);
    return outcome;
  }
  const single: OcspSingleResponse = match.single;
  const check = await verifyOcspResponse(ocsp, issuer, opts.crypto, pool.certificates);
  outcome.problems.push(...check.problems);
  if (single.unknownCriticalExtensions.length > 0)
    outcome.problems.push(
      problem('OCSP_UNKNOWN_CRITICAL_EXTENSION', 'SingleResponse has an unknown critical extension'),
    );
  if (single.thisUpdate.getTime() > opts.validationTime.getTime() + opts.tol)
    outcome.problems.push(
      problem(STATUS_PROBLEMS.FROM_THE_FUTURE, 'OCSP thisUpdate is after the validation time'),
    );
  if (!check.ok || outcome.problems.some((p) => p.severity === 'error')) return outcome;
  outcome.usable = true;
  const cand: Candidate = {
    kind: 'ocsp',
    status: single.status,
    origins: item.origins,
    thisUpdate: single.thisUpdate,
    producedAt: ocsp.basic!.producedAt,
    fresh: isFresh(single.thisUpdate, single.nextUpdate, opts.time, opts.tol),
    reasons: ALL_REASONS,
    requirements: check.responderNeedsRevocationCheck
      ? [{ certificate: check.responderNeedsRevocationCheck, why: 'ocsp-responder' }]
      : [],
    outcome,
  };
  if (single.nextUpdate) cand.nextUpdate = single.nextUpdate;
  if (single.revocationTime) cand.revocationTime = single.revocationTime;
  if (single.reason) cand.reason = single.reason;
  outcome.status = cand.status;
  outcome.fresh = cand.fresh;
  return cand;
}

function toResult(
  cert: Certificate,
  c: Candidate | undefined,
  status: RevocationResult['status'],
  problems: Problem[],
) {
  const r: RevocationResult = {
    certificate: cert.sha256,
    subject: cert.subject,
    status,
    source: c ? c.kind : 'none',
    origin: c ? c.origins[0]! : 'none',
    problems,
  };
  if (c) {
    r.thisUpdate = c.thisUpdate.toISOString();
    if (c.nextUpdate) r.nextUpdate = c.nextUpdate.toISOString();
    if (c.producedAt) r.producedAt = c.producedAt.toISOString();
    if (c.revocationTime) r.revocationTime = c.revocationTime.toISOString();
    if (c.reason) r.reason = c.reason;
    r.fresh = c.fresh;
  }
  return r;
}

const newest = (a: Candidate, b: Candidate) => b.thisUpdate.getTime() - a.thisUpdate.getTime();

/**
 * Decides the revocation status of `cert` (issued by `issuer`) from the pool. Never throws for bad
 * evidence: unusable items are listed in `considered` with their problems.
 */
export async function determineStatus(
  cert: Certificate,
  issuer: Certificate,
  pool: RevocationPool,
  options: DetermineStatusOptions,
): Promise<StatusDecision> {
  const validationTime = options.validationTime;
  const time = options.time ?? validationTime;
  const tol = options.toleranceMs ?? 1000;
  const freshness = options.policy?.freshness ?? 'after-signing-time';
  if (options.policy?.mode === 'off')
    return { result: toResult(cert, undefined, 'not-checked', []), requirements: [], considered: [] };

  const serial = certificateSerial(cert);
  const ctx = { time, validationTime, crypto: options.crypto, tol };
  const deltas = pool.crls.filter((c) => c.crl.deltaBaseCrlNumber !== undefined);
  const candidates: Candidate[] = [];
  const considered: EvidenceOutcome[] = [];
  for (const item of pool.crls) {
    if (item.crl.deltaBaseCrlNumber !== undefined) continue;
    const r = await crlCandidate(item, cert, issuer, serial, deltas, pool, ctx);
    if (!r) continue;
    if ('outcome' in r) {
      candidates.push(r);
      considered.push(r.outcome);
    } else considered.push(r);
  }
  for (const item of pool.ocsps) {
    const r = await ocspCandidate(item, cert, issuer, pool, ctx);
    if (!r) continue;
    if ('outcome' in r) {
      candidates.push(r);
      considered.push(r.outcome);
    } else considered.push(r);
  }

  const decide = (
    c: Candidate,
    status: RevocationResult['status'],
    extra: Problem[] = [],
  ): StatusDecision => {
    const d: StatusDecision = {
      result: toResult(cert, c, status, extra),
      requirements: c.requirements,
      considered,
    };
    if (status === 'revoked' && c.revocationTime)
      d.revokedBeforeTime = c.revocationTime.getTime() <= time.getTime();
    return d;
  };

  // A permanent revocation is final whatever else says (fail closed); the earliest one is reported.
  const permanent = candidates
    .filter((c) => c.status === 'revoked' && c.reason !== 'certificateHold')
    .sort((a, b) => (a.revocationTime?.getTime() ?? 0) - (b.revocationTime?.getTime() ?? 0));
  if (permanent[0]) return decide(permanent[0], 'revoked');

  const acceptable = (c: Candidate) => c.fresh || freshness === 'any';
  const answers = candidates.filter(
    (c) => c.status !== 'unknown' && !(c.status === 'good' && c.cannotProveGood),
  );
  const usable = answers.filter(acceptable).sort(newest);
  const best = usable[0];
  if (best?.status === 'revoked') return decide(best, 'revoked');
  if (best) {
    const goods = usable.filter((c) => c.status === 'good');
    const covered = goods.reduce((m, c) => m | c.reasons, 0);
    const extra: Problem[] = [];
    if (!best.fresh)
      extra.push(
        problem(
          STATUS_PROBLEMS.STALE_ACCEPTED,
          'revocation data older than the signing time accepted',
          'warning',
        ),
      );
    if ((covered & ALL_REASONS) !== ALL_REASONS) {
      extra.push(
        problem(STATUS_PROBLEMS.REASONS_NOT_COVERED, 'the CRLs found do not cover every revocation reason'),
      );
      return decide(best, 'unknown', extra);
    }
    return decide(best, 'good', extra);
  }
  const stale = answers.sort(newest)[0];
  if (stale)
    return decide(stale, 'unknown', [
      problem(
        STATUS_PROBLEMS.NOT_FRESH,
        `${stale.kind === 'crl' ? 'CRL' : 'OCSP response'} is not recent enough: issued ${stale.thisUpdate.toISOString()}, next update ${stale.nextUpdate?.toISOString() ?? 'unspecified'}, needed for ${time.toISOString()}`,
      ),
    ]);
  const unknown = candidates.filter((c) => c.status === 'unknown').sort(newest)[0];
  if (unknown)
    return decide(unknown, 'unknown', [
      problem(STATUS_PROBLEMS.OCSP_UNKNOWN, 'the OCSP responder does not know the certificate'),
    ]);
  const expiredOnly = candidates.find((c) => c.cannotProveGood);
  if (expiredOnly) return decide(expiredOnly, 'unknown', expiredOnly.outcome.problems);
  const problems: Problem[] = considered.length
    ? [
        problem(STATUS_PROBLEMS.DATA_UNUSABLE, 'revocation data was found but none of it is usable'),
        ...considered.flatMap((c) => c.problems),
      ]
    : [problem(STATUS_PROBLEMS.NO_DATA, 'no revocation information could be found for the certificate')];
  return { result: toResult(cert, undefined, 'unknown', problems), requirements: [], considered };
}
