import type { SignatureResult } from '../verdict/schema.js';
import { notCheckedChain } from './chain.js';
import type { ValidationContext } from './context.js';

/** A signature left unchecked because the time budget ran out: INDETERMINATE, never a pass. */
export function budgetExceeded(ctx: ValidationContext, id: string): SignatureResult {
  return {
    id,
    kind: 'approval',
    format: 'unknown',
    indication: 'INDETERMINATE',
    subIndication: 'TRY_LATER',
    signer: null,
    time: {},
    integrity: { ok: null },
    chain: notCheckedChain(ctx.validationTime, 'time budget exceeded'),
    revocation: [],
    timestamps: [],
    recognition: {},
    problems: [
      {
        code: 'TIME_BUDGET_EXCEEDED',
        severity: 'error',
        message: `validation stopped after ${ctx.options.limits.timeBudgetMs} ms (limits.timeBudgetMs)`,
      },
    ],
  };
}
