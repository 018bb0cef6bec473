import { toArrayBuffer } from '../../lib/bytes.js';
import { digestByOid } from '../digests.js';
import type { CryptoContext, DigestName, SignatureEntry, VerifyOutcome, VerifyRequest } from '../types.js';

const RSA_ENCRYPTION = '1.2.840.113549.1.1.1';
const WEBCRYPTO_HASH: Partial<Record<DigestName, string>> = {
  'SHA-1': 'SHA-1',
  'SHA-256': 'SHA-256',
  'SHA-384': 'SHA-384',
  'SHA-512': 'SHA-512',
};

async function verifyPkcs1(
  req: VerifyRequest,
  ctx: CryptoContext,
  implied: DigestName | undefined,
): Promise<VerifyOutcome> {
  const digest = implied ?? (req.digestOid ? digestByOid(req.digestOid)?.name : undefined);
  if (!digest) return { ok: false, failure: 'UNSUPPORTED_ALGORITHM', message: 'RSA signature without a digest' };
  if (req.key.algorithmOid !== RSA_ENCRYPTION)
    return { ok: false, failure: 'KEY_ALGORITHM_MISMATCH', message: 'RSA signature but the key is not RSA' };
  const hash = WEBCRYPTO_HASH[digest];
  if (!hash) return { ok: false, failure: 'UNSUPPORTED_ALGORITHM', message: `RSA with ${digest} is not supported` };
  const key = await ctx.subtle.importKey(
    'spki',
    toArrayBuffer(req.key.spki),
    { name: 'RSASSA-PKCS1-v1_5', hash },
    false,
    ['verify'],
  );
  const keySize = (key.algorithm as RsaHashedKeyAlgorithm).modulusLength;
  const use = { family: 'RSA' as const, name: `RSA PKCS#1 v1.5 with ${digest}`, digest, keySize };
  const ok = await ctx.subtle.verify('RSASSA-PKCS1-v1_5', key, toArrayBuffer(req.signature), toArrayBuffer(req.data));
  return ok ? { ok: true, use } : { ok: false, failure: 'BAD_SIGNATURE', message: 'RSA signature does not verify', use };
}

function pkcs1(oids: string[], digest: DigestName | undefined): SignatureEntry {
  return { oids, family: 'RSA', digest, verify: (req, ctx) => verifyPkcs1(req, ctx, digest) };
}

/** RSA PKCS#1 v1.5 entries. */
export const RSA_ENTRIES: readonly SignatureEntry[] = [
  pkcs1([RSA_ENCRYPTION], undefined),
  pkcs1(['1.2.840.113549.1.1.5', '1.3.14.3.2.29'], 'SHA-1'),
  pkcs1(['1.2.840.113549.1.1.11'], 'SHA-256'),
  pkcs1(['1.2.840.113549.1.1.12'], 'SHA-384'),
  pkcs1(['1.2.840.113549.1.1.13'], 'SHA-512'),
];
