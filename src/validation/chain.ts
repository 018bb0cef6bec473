/** X.509 building block (EN 319 102-1 §5.2.6): the path result mapped to the verdict and an outcome. */
import type { ChainResult, Problem } from '../verdict/schema.js';
import type { Certificate } from '../x509/certificate.js';
import { EXT, summarize } from '../x509/certificate.js';
import { type PathRequest, type PathResult, validatePath } from '../x509/path.js';
import type { ValidationContext } from './context.js';
import { type BlockOutcome, indeterminate, passed } from './outcome.js';

export interface ChainEvaluation {
  result: ChainResult;
  outcome: BlockOutcome;
  path?: PathResult;
  problems: Problem[];
}

export async function evaluateChain(
  ctx: ValidationContext,
  target: Certificate,
  pool: readonly Certificate[],
  time: Date,
  purpose: 'signing' | 'timestamping' = 'signing',
  checkRevocation?: PathRequest['checkRevocation'],
): Promise<ChainEvaluation> {
  const req: PathRequest = {
    target,
    pool,
    anchors: ctx.anchors,
    time,
    purpose,
    maxAttempts: ctx.options.limits.maxPathAttempts,
    // qcStatements is read by the qualification stage, so a critical one is processed, not unknown.
    policy: { strictSigningEku: true, knownCriticalExtensions: [EXT.qcStatements] },
    crypto: ctx.crypto,
  };
  if (checkRevocation) req.checkRevocation = checkRevocation;
  const path = await validatePath(req);
  const certificates = path.path.map((c) => summarize(c));
  const result: ChainResult = {
    status: path.status === 'valid' ? 'trusted' : path.status === 'no-path' ? 'untrusted' : 'invalid',
    certificates,
    anchoredIn: path.anchor?.lists ?? [],
    candidatesTried: path.candidatesTried,
    validationTime: time.toISOString(),
  };
  if (path.anchor) result.anchor = summarize(path.anchor.certificate, 'anchor');
  if (path.stoppedAt) result.stoppedAt = path.stoppedAt;
  if (path.stoppedBecause) result.stoppedBecause = path.stoppedBecause;
  let outcome: BlockOutcome;
  if (path.status === 'valid') outcome = passed('x509');
  else if (path.status === 'no-path') outcome = indeterminate('x509', 'NO_CERTIFICATE_CHAIN_FOUND');
  else outcome = indeterminate('x509', path.subIndication ?? 'CERTIFICATE_CHAIN_GENERAL_FAILURE');
  return { result, outcome, path, problems: path.problems };
}

export function notCheckedChain(time: Date, why: string): ChainResult {
  return {
    status: 'not-checked',
    certificates: [],
    anchoredIn: [],
    stoppedBecause: why,
    candidatesTried: 0,
    validationTime: time.toISOString(),
  };
}
