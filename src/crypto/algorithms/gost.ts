import type { SignatureEntry } from '../types.js';

/** GOST signature algorithms (filled in by the gost work). */
export const GOST_ENTRIES: readonly SignatureEntry[] = [];
