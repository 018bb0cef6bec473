import type { SignatureEntry } from '../types.js';

/** ECDSA signature algorithms (filled in by the ecdsa work). */
export const ECDSA_ENTRIES: readonly SignatureEntry[] = [];
