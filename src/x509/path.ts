/**
 * validatePath: build candidate paths, validate each per RFC 5280 §6.1 until one passes, then ask the
 * revocation hook; when none passes, report the candidate that got furthest and why it stopped.
 */
import type { SubIndication } from '../verdict/indication.js';
import type { ChainResult, Problem } from '../verdict/schema.js';
import { buildCandidates } from './build.js';
import { type Certificate, summarize } from './certificate.js';
import type {
  CandidateReport,
  PathRequest,
  PathResult,
  RevocationVerdict,
  RevokedCertificate,
} from './path-types.js';
import { KIND_RANK, X509_PROBLEMS } from './problems.js';
import {
  describeCert,
  issueToProblem,
  type PathIssue,
  SignatureCache,
  validateCandidate,
} from './validate.js';

export { matchAnchor } from './build.js';
export * from './path-types.js';
export { X509_PROBLEMS } from './problems.js';

export const DEFAULT_MAX_ATTEMPTS = 64;

interface Scored {
  score: number;
  result: Omit<PathResult, 'candidatesTried' | 'candidates' | 'validationTime'>;
}

function report(
  path: readonly Certificate[],
  status: CandidateReport['status'],
  reachedAnchor: boolean,
  reason: string,
  problems: Problem[],
): CandidateReport {
  return {
    subjects: path.map((c) => c.subject),
    certificates: path.map((c) => c.sha256),
    reachedAnchor,
    status,
    reason,
    problems,
  };
}

function worstIssue(issues: readonly PathIssue[]): PathIssue | undefined {
  const errs = issues.filter((i) => i.severity === 'error');
  return errs.reduce<PathIssue | undefined>(
    (a, b) => (!a || KIND_RANK[b.kind] > KIND_RANK[a.kind] ? b : a),
    undefined,
  );
}

async function runRevocation(
  req: PathRequest,
  path: Certificate[],
): Promise<{
  verdicts: PathResult['revocation'];
  revoked?: RevokedCertificate;
  unknown?: RevokedCertificate;
}> {
  const verdicts: PathResult['revocation'] = [];
  let revoked: RevokedCertificate | undefined;
  let unknown: RevokedCertificate | undefined;
  const hook = req.checkRevocation;
  if (!hook) return { verdicts };
  // From the CA nearest the anchor down to the target, as RFC 5280 §6.3 processes them.
  for (let i = path.length - 2; i >= 0; i--) {
    const cert = path[i]!;
    let verdict: RevocationVerdict;
    try {
      verdict = await hook(cert, path[i + 1]!, path);
    } catch (e) {
      // A crashing revocation check proves nothing: fail closed.
      verdict = {
        status: 'unknown',
        message: `revocation check failed: ${e instanceof Error ? e.message : String(e)}`,
      };
    }
    verdicts.push({ certificate: cert, verdict });
    const entry = { certificate: cert, index: i, isTarget: i === 0, verdict };
    if (verdict.status === 'revoked' && !revoked) revoked = entry;
    if (verdict.status === 'unknown' && !unknown) unknown = entry;
  }
  const out: {
    verdicts: PathResult['revocation'];
    revoked?: RevokedCertificate;
    unknown?: RevokedCertificate;
  } = { verdicts };
  if (revoked) out.revoked = revoked;
  if (unknown) out.unknown = unknown;
  return out;
}

/** Builds and validates a certification path for `req.target` at `req.time`. Never throws for bad input. */
export async function validatePath(req: PathRequest): Promise<PathResult> {
  try {
    return await search(req);
  } catch (e) {
    // Unexpected input shapes must not crash the verifier; the chain just does not count.
    return {
      status: 'invalid',
      path: [req.target],
      subIndication: 'CERTIFICATE_CHAIN_GENERAL_FAILURE',
      problems: [
        {
          code: X509_PROBLEMS.INTERNAL_ERROR,
          severity: 'error',
          message: `path validation failed unexpectedly: ${e instanceof Error ? e.message : String(e)}`,
        },
      ],
      revocation: [],
      stoppedAt: req.target.subject,
      stoppedBecause: 'path validation failed unexpectedly',
      candidatesTried: 0,
      candidates: [],
      validationTime: req.time,
    };
  }
}

async function search(req: PathRequest): Promise<PathResult> {
  const maxAttempts = req.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  const policy = req.policy ?? {};
  const signatures = new SignatureCache();
  const candidates: CandidateReport[] = [];
  let tried = 0;
  let exhausted = false;
  let best: Scored | undefined;
  const consider = (s: Scored): void => {
    if (!best || s.score > best.score) best = s;
  };

  const stats = { truncated: false };
  for await (const step of buildCandidates(req, signatures, stats)) {
    if (tried >= maxAttempts) {
      exhausted = true;
      break;
    }
    tried++;
    if (step.kind === 'dead-end') {
      const last = step.path[step.path.length - 1]!;
      const problems: Problem[] = [
        { code: step.code, severity: 'error', message: step.reason, at: last.sha256 },
      ];
      candidates.push(report(step.path, 'incomplete', false, step.reason, problems));
      consider({
        score: 1 + step.path.length / 1000,
        result: {
          status: 'no-path',
          path: step.path,
          subIndication: 'NO_CERTIFICATE_CHAIN_FOUND',
          problems,
          revocation: [],
          stoppedAt: last.subject,
          stoppedBecause: step.reason,
        },
      });
      continue;
    }
    const v = await validateCandidate({
      path: step.path,
      anchor: step.anchor,
      time: req.time,
      purpose: req.purpose,
      policy,
      crypto: req.crypto,
      signatures,
    });
    const problems = v.issues.map((i) => issueToProblem(i, step.path));
    if (!v.ok) {
      const w = worstIssue(v.issues)!;
      candidates.push(report(step.path, 'invalid', true, w.message, problems));
      const result: Scored['result'] = {
        status: 'invalid',
        path: step.path,
        anchor: step.anchor,
        problems,
        revocation: [],
        stoppedAt: step.path[w.index]!.subject,
        stoppedBecause: w.message,
      };
      if (v.subIndication) result.subIndication = v.subIndication;
      if (v.outOfBounds.length > 0) result.outOfBounds = v.outOfBounds;
      consider({ score: v.signaturesOk ? 3 : 2, result });
      continue;
    }
    const rev = await runRevocation(req, step.path);
    const bad = rev.revoked ?? rev.unknown;
    if (bad) {
      const isRevoked = bad === rev.revoked;
      const sub: SubIndication = isRevoked
        ? bad.isTarget
          ? 'REVOKED_NO_POE'
          : 'REVOKED_CA_NO_POE'
        : 'TRY_LATER';
      const what = describeCert(step.path, bad.index);
      const message = isRevoked
        ? `${what} is revoked${bad.verdict.revocationTime ? ` since ${bad.verdict.revocationTime.toISOString()}` : ''}${bad.verdict.reason ? ` (${bad.verdict.reason})` : ''}`
        : `no revocation status for ${what}${bad.verdict.message ? `: ${bad.verdict.message}` : ''}`;
      const revProblems: Problem[] = [
        ...problems,
        ...(bad.verdict.problems ?? []),
        {
          code: isRevoked ? X509_PROBLEMS.REVOKED : X509_PROBLEMS.REVOCATION_UNKNOWN,
          severity: 'error',
          message,
          at: bad.certificate.sha256,
        },
      ];
      candidates.push(report(step.path, 'invalid', true, message, revProblems));
      const result: Scored['result'] = {
        status: 'invalid',
        path: step.path,
        anchor: step.anchor,
        subIndication: sub,
        problems: revProblems,
        revocation: rev.verdicts,
        stoppedAt: bad.certificate.subject,
        stoppedBecause: message,
        validPolicies: v.validPolicies,
      };
      if (rev.revoked) result.revoked = rev.revoked;
      consider({ score: isRevoked ? 4.5 : 4, result });
      continue;
    }
    candidates.push(report(step.path, 'valid', true, 'valid', problems));
    return {
      status: 'valid',
      path: step.path,
      anchor: step.anchor,
      problems,
      revocation: rev.verdicts,
      candidatesTried: tried,
      candidates,
      validPolicies: v.validPolicies,
      validationTime: req.time,
    };
  }

  const chosen: Scored['result'] = best?.result ?? {
    status: 'no-path',
    path: [req.target],
    subIndication: 'NO_CERTIFICATE_CHAIN_FOUND',
    problems: [],
    revocation: [],
    stoppedAt: req.target.subject,
    stoppedBecause: 'no candidate path was explored',
  };
  const problems = [...chosen.problems];
  if (exhausted)
    problems.push({
      code: X509_PROBLEMS.PATH_ATTEMPTS_EXHAUSTED,
      severity: 'warning',
      message: `path building stopped after ${maxAttempts} candidate paths`,
    });
  else if (stats.truncated && chosen.status !== 'valid')
    problems.push({
      code: X509_PROBLEMS.PATH_ATTEMPTS_EXHAUSTED,
      severity: 'warning',
      message: 'some issuer candidates were not explored: too many certificates share an issuer name',
    });
  return { ...chosen, problems, candidatesTried: tried, candidates, validationTime: req.time };
}

/** The verdict's ChainResult for a PathResult. */
export function toChainResult(r: PathResult): ChainResult {
  const out: ChainResult = {
    status: r.status === 'valid' ? 'trusted' : r.status === 'invalid' ? 'invalid' : 'untrusted',
    certificates: r.path.map((c) => summarize(c)),
    anchoredIn: r.anchor?.lists ?? [],
    candidatesTried: r.candidatesTried,
    validationTime: r.validationTime.toISOString(),
  };
  if (r.anchor) out.anchor = summarize(r.anchor.certificate, 'anchor');
  if (r.stoppedAt !== undefined) out.stoppedAt = r.stoppedAt;
  if (r.stoppedBecause !== undefined) out.stoppedBecause = r.stoppedBecause;
  return out;
}
