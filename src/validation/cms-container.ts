/** A CMS/CAdES file: one SignatureResult per top-level SignerInfo. */
import { parseSignedData } from '../cms/parse.js';
import type { SignatureResult } from '../verdict/schema.js';
import { budgetExceeded } from './budget.js';
import type { ValidationContext } from './context.js';
import { evaluateSigner } from './evaluate.js';

export async function verifyCmsContainer(
  ctx: ValidationContext,
  bytes: Uint8Array,
): Promise<SignatureResult[]> {
  const sd = parseSignedData(bytes, ctx.options.limits.maxAsn1Depth);
  const detached = ctx.options.detachedContent;
  const content = sd.eContent ? [sd.eContent] : detached ? [detached] : undefined;
  const results: SignatureResult[] = [];
  for (const signer of sd.signers.slice(0, ctx.options.limits.maxSignatures)) {
    const id = `signer-${signer.index + 1}`;
    if (Date.now() > ctx.deadline) {
      results.push(budgetExceeded(ctx, id));
      continue;
    }
    results.push(
      await evaluateSigner(ctx, { id, kind: 'approval', formatFamily: 'CAdES', sd, signer, content }),
    );
  }
  return results;
}
