import type { SignatureEntry } from '../types.js';

/** SM2 signature algorithms (filled in by the sm2 work). */
export const SM2_ENTRIES: readonly SignatureEntry[] = [];
