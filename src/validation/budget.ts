import type { Problem, SignatureResult } from '../verdict/schema.js';
import { notCheckedChain } from './chain.js';
import type { ValidationContext } from './context.js';

/** A signature a limit kept us from checking: INDETERMINATE, never a pass. */
function unchecked(ctx: ValidationContext, id: string, why: string, problem: Problem): SignatureResult {
  return {
    id,
    kind: 'approval',
    format: 'unknown',
    indication: 'INDETERMINATE',
    subIndication: 'TRY_LATER',
    signer: null,
    time: {},
    integrity: { ok: null },
    chain: notCheckedChain(ctx.validationTime, why),
    revocation: [],
    timestamps: [],
    recognition: {},
    problems: [problem],
  };
}

export function budgetExceeded(ctx: ValidationContext, id: string): SignatureResult {
  return unchecked(ctx, id, 'time budget exceeded', {
    code: 'TIME_BUDGET_EXCEEDED',
    severity: 'error',
    message: `validation stopped after ${ctx.options.limits.timeBudgetMs} ms (limits.timeBudgetMs)`,
  });
}

export function signatureLimitExceeded(ctx: ValidationContext, id: string): SignatureResult {
  return unchecked(ctx, id, 'signature limit exceeded', {
    code: 'SIGNATURE_LIMIT_EXCEEDED',
    severity: 'error',
    message: `not checked: the input has more than ${ctx.options.limits.maxSignatures} signatures (limits.maxSignatures)`,
  });
}
