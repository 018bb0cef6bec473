import { CrossignError } from '../lib/errors.js';
import type { CryptoContext, DigestName, IncrementalHash } from './types.js';

export interface CryptoContextOptions {
  subtle?: SubtleCrypto;
  /** A faster native incremental hash for a digest name, or undefined to use the pure-JS one. */
  createHash?: (name: DigestName) => IncrementalHash | undefined;
}

export interface FullCryptoContext extends CryptoContext {
  createHash?: (name: DigestName) => IncrementalHash | undefined;
}

export function defaultCryptoContext(opts: CryptoContextOptions = {}): FullCryptoContext {
  const subtle = opts.subtle ?? globalThis.crypto?.subtle;
  if (!subtle) throw new CrossignError('ERR_NO_CRYPTO', 'no WebCrypto available: pass options.crypto.subtle');
  return opts.createHash ? { subtle, createHash: opts.createHash } : { subtle };
}
