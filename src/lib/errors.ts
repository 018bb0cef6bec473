/**
 * Typed errors with stable codes. Programmer errors (bad options) are thrown as CrossignError;
 * bad *input* never throws past `verify` — it becomes a verdict with a problem code.
 */
export type CrossignErrorCode =
  | 'ERR_INVALID_OPTIONS'
  | 'ERR_INPUT_TOO_LARGE'
  | 'ERR_FORMAT'
  | 'ERR_ASN1_DEPTH'
  | 'ERR_ASN1_LENGTH'
  | 'ERR_UNSUPPORTED'
  | 'ERR_LIMIT'
  | 'ERR_TIME_BUDGET'
  | 'ERR_NO_CRYPTO'
  | 'ERR_TRUST_LIST'
  | 'ERR_PROFILE'
  | 'ERR_NETWORK';

export class CrossignError extends Error {
  readonly code: CrossignErrorCode;
  /** A finer-grained problem code for the verdict, e.g. PDF_XREF_BROKEN. */
  readonly problem: string | undefined;
  constructor(code: CrossignErrorCode, message: string, problem?: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CrossignError';
    this.code = code;
    this.problem = problem;
  }
}

export function isCrossignError(e: unknown): e is CrossignError {
  return e instanceof CrossignError;
}

/** Input is malformed: becomes TOTAL_FAILED / FORMAT_FAILURE with `problem` as the code. */
export function formatError(problem: string, message: string, cause?: unknown): CrossignError {
  return new CrossignError('ERR_FORMAT', message, problem, { cause });
}

/**
 * Runs a parser and turns any non-crossign exception (a RangeError deep in asn1js on a lying string
 * length, a TypeError on an unexpected shape) into formatError(problem): hostile input must end as a
 * FORMAT_FAILURE, never as an uncaught throw.
 */
export function guardParse<T>(problem: string, what: string, parse: () => T): T {
  try {
    return parse();
  } catch (e) {
    if (isCrossignError(e)) throw e;
    throw formatError(problem, `${what} is malformed: ${e instanceof Error ? e.message : String(e)}`, e);
  }
}
