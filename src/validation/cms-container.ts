/** A CMS/CAdES file: one SignatureResult per top-level SignerInfo. */
import { parseSignedData } from '../cms/parse.js';
import type { Problem, SignatureResult } from '../verdict/schema.js';
import { budgetExceeded, signatureLimitExceeded } from './budget.js';
import type { ValidationContext } from './context.js';
import { evaluateSigner } from './evaluate.js';

/** What a container stage hands to verify(): one result per signature, plus document-level problems. */
export interface ContainerResult {
  signatures: SignatureResult[];
  problems: Problem[];
}

export async function verifyCmsContainer(
  ctx: ValidationContext,
  bytes: Uint8Array,
): Promise<ContainerResult> {
  const sd = parseSignedData(bytes, ctx.options.limits.maxAsn1Depth);
  const problems: Problem[] = [];
  const detached = ctx.options.detachedContent;
  const content = sd.eContent ? [sd.eContent] : detached ? [detached] : undefined;
  const max = ctx.options.limits.maxSignatures;
  if (sd.signers.length > max)
    problems.push({
      code: 'SIGNATURE_LIMIT_EXCEEDED',
      severity: 'error',
      message: `the CMS has ${sd.signers.length} SignerInfos; only the first ${max} were checked (limits.maxSignatures)`,
    });
  const results: SignatureResult[] = [];
  for (const signer of sd.signers.slice(0, max)) {
    const id = `signer-${signer.index + 1}`;
    if (Date.now() > ctx.deadline) {
      results.push(budgetExceeded(ctx, id));
      continue;
    }
    results.push(
      await evaluateSigner(ctx, {
        id,
        kind: 'approval',
        formatFamily: 'CAdES',
        sd,
        signer,
        content,
        cms: bytes,
      }),
    );
  }
  // The signers beyond the limit are listed as unchecked, so nobody mistakes the rest for the whole.
  for (const signer of sd.signers.slice(max))
    results.push(signatureLimitExceeded(ctx, `signer-${signer.index + 1}`));
  return { signatures: results, problems };
}
