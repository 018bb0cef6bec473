/**
 * The one algorithm registry: OID → digest / verify. Families live in `algorithms/*.ts`, each exporting
 * its entries; this file only assembles them and answers look-ups.
 */
import { formatError } from '../lib/errors.js';
import { DSA_ENTRIES } from './algorithms/dsa.js';
import { ECDSA_ENTRIES } from './algorithms/ecdsa.js';
import { EDDSA_ENTRIES } from './algorithms/eddsa.js';
import { GOST_ENTRIES } from './algorithms/gost.js';
import { RSA_ENTRIES } from './algorithms/rsa.js';
import { isSm2Key, SM2_ENTRIES, verifySm2 } from './algorithms/sm2.js';
import type { FullCryptoContext } from './context.js';
import { digestByName, digestByOid } from './digests.js';
import type { DigestEntry, DigestName, SignatureEntry, VerifyOutcome, VerifyRequest } from './types.js';

const SIGNATURE_ENTRIES: readonly SignatureEntry[] = [
  ...RSA_ENTRIES,
  ...ECDSA_ENTRIES,
  ...EDDSA_ENTRIES,
  ...DSA_ENTRIES,
  ...SM2_ENTRIES,
  ...GOST_ENTRIES,
];

export function signatureEntryByOid(oid: string): SignatureEntry | undefined {
  return SIGNATURE_ENTRIES.find((e) => e.oids.includes(oid));
}

export { digestByName, digestByOid };

/** Hashes the parts in order, without concatenating them. Throws FORMAT(UNSUPPORTED_DIGEST) if unknown. */
export function digestParts(
  which: string | DigestName,
  parts: readonly Uint8Array[],
  ctx?: FullCryptoContext,
): Uint8Array {
  const entry: DigestEntry | undefined = digestByOid(which) ?? digestByName(which as DigestName);
  if (!entry) throw formatError('UNSUPPORTED_DIGEST_ALGORITHM', `unsupported digest algorithm ${which}`);
  const h = ctx?.createHash?.(entry.name) ?? entry.create();
  for (const p of parts) h.update(p);
  return h.digest();
}

/** Verifies a signature through the registry; never throws for bad or unknown input. */
export async function verifySignature(req: VerifyRequest, ctx: FullCryptoContext): Promise<VerifyOutcome> {
  const entry = signatureEntryByOid(req.algorithmOid);
  if (!entry)
    return {
      ok: false,
      failure: 'UNSUPPORTED_ALGORITHM',
      message: `unsupported signature algorithm ${req.algorithmOid}`,
    };
  try {
    // Some SM2 producers name id-ecPublicKey as the signature algorithm: the key's curve decides.
    if (entry.family === 'ECDSA' && isSm2Key(req.key)) return await verifySm2(req);
    return await entry.verify(req, ctx);
  } catch (e) {
    return {
      ok: false,
      failure: 'MALFORMED_SIGNATURE',
      message: `verification failed: ${e instanceof Error ? e.message : String(e)}`,
    };
  }
}
