import type { FullCryptoContext } from '../context.js';
import { digestByName, digestByOid } from '../digests.js';
import type { DigestEntry, DigestName } from '../types.js';

/** Resolves a digest OID or name to a registry entry (SHAKE entries keep their CMS output lengths). */
export function digestEntry(which: string | DigestName): DigestEntry | undefined {
  return digestByOid(which) ?? digestByName(which as DigestName);
}

/** Hashes `data` with the named digest, preferring a native hash the context injects. */
export function hashBytes(entry: DigestEntry, data: Uint8Array, ctx?: FullCryptoContext): Uint8Array {
  const h = ctx?.createHash?.(entry.name) ?? entry.create();
  h.update(data);
  return h.digest();
}
