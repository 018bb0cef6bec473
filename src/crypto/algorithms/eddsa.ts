import type { SignatureEntry } from '../types.js';

/** EDDSA signature algorithms (filled in by the eddsa work). */
export const EDDSA_ENTRIES: readonly SignatureEntry[] = [];
