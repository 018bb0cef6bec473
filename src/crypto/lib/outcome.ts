import type { AlgorithmUse, VerifyFailure, VerifyOutcome } from '../types.js';

/** A failed verification outcome; `use` is attached once the algorithm is known (for the verdict). */
export function fail(failure: VerifyFailure, message: string, use?: AlgorithmUse): VerifyOutcome {
  return use ? { ok: false, failure, message, use } : { ok: false, failure, message };
}

export function verdict(ok: boolean, use: AlgorithmUse, what: string): VerifyOutcome {
  return ok ? { ok: true, use } : fail('BAD_SIGNATURE', `${what} signature does not verify`, use);
}

/** True when AlgorithmIdentifier parameters are absent or an ASN.1 NULL (05 00). */
export function absentOrNull(params: Uint8Array | undefined): boolean {
  return (
    params === undefined || params.length === 0 || (params.length === 2 && params[0] === 5 && params[1] === 0)
  );
}
