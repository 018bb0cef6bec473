/** Node adapter: native incremental hashing for the big byte ranges of PDFs. */
import { createHash } from 'node:crypto';
import type { DigestName, IncrementalHash } from '../crypto/types.js';

const NODE_NAMES: Partial<Record<DigestName, string>> = {
  'SHA-1': 'sha1',
  'SHA-224': 'sha224',
  'SHA-256': 'sha256',
  'SHA-384': 'sha384',
  'SHA-512': 'sha512',
  'SHA3-256': 'sha3-256',
  'SHA3-384': 'sha3-384',
  'SHA3-512': 'sha3-512',
};

export function nodeCreateHash(name: DigestName): IncrementalHash | undefined {
  const n = NODE_NAMES[name];
  if (!n) return undefined;
  const h = createHash(n);
  const api: IncrementalHash = {
    update(d) {
      h.update(d);
      return api;
    },
    digest: () => new Uint8Array(h.digest()),
  };
  return api;
}
