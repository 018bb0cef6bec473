/**
 * Digest algorithms. Pure-JS (@noble/hashes) so they run everywhere and hash in pieces; a runtime
 * adapter may inject a native incremental hash (node:crypto) through CryptoContext.createHash.
 */
import { md5, sha1 } from '@noble/hashes/legacy.js';
import { sha224, sha256, sha384, sha512, sha512_224, sha512_256 } from '@noble/hashes/sha2.js';
import { sha3_224, sha3_256, sha3_384, sha3_512, shake128, shake256 } from '@noble/hashes/sha3.js';
import type { DigestEntry, DigestName, IncrementalHash } from './types.js';

interface NobleHash {
  create(): { update(d: Uint8Array): unknown; digest(): Uint8Array };
  outputLen: number;
}

/** Adapts a noble hash instance to the registry's IncrementalHash. */
function wrap(inner: { update(d: Uint8Array): unknown; digest(): Uint8Array }): IncrementalHash {
  const api: IncrementalHash = {
    update(d) {
      inner.update(d);
      return api;
    },
    digest: () => inner.digest(),
  };
  return api;
}

function fromNoble(name: DigestName, oids: string[], h: NobleHash, size = h.outputLen): DigestEntry {
  return { name, oids, size, create: () => wrap(h.create()) };
}

/** SHAKE with a fixed output length, as CMS uses them (RFC 8419: SHAKE256 → 64 bytes, SHAKE128 → 32). */
function shake(name: DigestName, oids: string[], fn: typeof shake256, dkLen: number): DigestEntry {
  return { name, oids, size: dkLen, create: () => wrap(fn.create({ dkLen })) };
}

const additional: DigestEntry[] = [];

export const DIGESTS: DigestEntry[] = [
  fromNoble('MD5', ['1.2.840.113549.2.5'], md5 as unknown as NobleHash),
  fromNoble('SHA-1', ['1.3.14.3.2.26'], sha1 as unknown as NobleHash),
  fromNoble('SHA-224', ['2.16.840.1.101.3.4.2.4'], sha224 as unknown as NobleHash),
  fromNoble('SHA-256', ['2.16.840.1.101.3.4.2.1'], sha256 as unknown as NobleHash),
  fromNoble('SHA-384', ['2.16.840.1.101.3.4.2.2'], sha384 as unknown as NobleHash),
  fromNoble('SHA-512', ['2.16.840.1.101.3.4.2.3'], sha512 as unknown as NobleHash),
  fromNoble('SHA-512/224', ['2.16.840.1.101.3.4.2.5'], sha512_224 as unknown as NobleHash),
  fromNoble('SHA-512/256', ['2.16.840.1.101.3.4.2.6'], sha512_256 as unknown as NobleHash),
  fromNoble('SHA3-224', ['2.16.840.1.101.3.4.2.7'], sha3_224 as unknown as NobleHash),
  fromNoble('SHA3-256', ['2.16.840.1.101.3.4.2.8'], sha3_256 as unknown as NobleHash),
  fromNoble('SHA3-384', ['2.16.840.1.101.3.4.2.9'], sha3_384 as unknown as NobleHash),
  fromNoble('SHA3-512', ['2.16.840.1.101.3.4.2.10'], sha3_512 as unknown as NobleHash),
  shake('SHAKE128', ['2.16.840.1.101.3.4.2.11'], shake128, 32),
  shake('SHAKE256', ['2.16.840.1.101.3.4.2.12'], shake256, 64),
];

/** Registers a digest provided by another module (SM3, Streebog). */
export function registerDigest(entry: DigestEntry): void {
  additional.push(entry);
}

export function digestByOid(oid: string): DigestEntry | undefined {
  return DIGESTS.find((d) => d.oids.includes(oid)) ?? additional.find((d) => d.oids.includes(oid));
}

export function digestByName(name: DigestName): DigestEntry | undefined {
  return DIGESTS.find((d) => d.name === name) ?? additional.find((d) => d.name === name);
}
