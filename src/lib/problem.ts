import type { Problem } from '../verdict/schema.js';

/** A verdict problem; `at` (a certificate fingerprint, a PDF object …) only when there is one. */
export function problem(
  code: string,
  message: string,
  severity: Problem['severity'] = 'error',
  at?: string,
): Problem {
  return at === undefined ? { code, severity, message } : { code, severity, message, at };
}
