/** A PDF: one SignatureResult per signature field (wired to src/pdf once the reader lands). */
import { formatError } from '../lib/errors.js';
import type { SignatureResult } from '../verdict/schema.js';
import type { ValidationContext } from './context.js';

export async function verifyPdfContainer(
  _ctx: ValidationContext,
  _bytes: Uint8Array,
): Promise<SignatureResult[]> {
  throw formatError('PDF_NOT_SUPPORTED', 'PDF verification is not available in this build');
}
