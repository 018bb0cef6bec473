/**
 * DSA (FIPS 186-4 §4.7) on BigInt: no WebCrypto implementation has DSA, and old CAs, TSAs and
 * government signers (e.g. some US federal PKI certificates) still carry DSA signatures.
 * Keys whose domain parameters are inherited from the issuer (RFC 3279 §2.3.2) are reported as
 * BAD_PARAMETERS unless the caller first completes them with `withInheritedDsaParameters`.
 */
import type { FullCryptoContext } from '../context.js';
import { bitLength, leftmostBits, modInverse, modPow } from '../lib/bigint.js';
import { children, DER_TAG, DerError, derUnsigned, parseRsSignature, readExact } from '../lib/der.js';
import { digestEntry, hashBytes } from '../lib/hash.js';
import { absentOrNull, fail, verdict } from '../lib/outcome.js';
import type {
  AlgorithmUse,
  DigestName,
  PublicKeyInfo,
  SignatureEntry,
  VerifyOutcome,
  VerifyRequest,
} from '../types.js';

export const OID_DSA = '1.2.840.10040.4.1';

export interface DsaDomain {
  p: bigint;
  q: bigint;
  g: bigint;
}

export interface DsaPublicKey extends DsaDomain {
  y: bigint;
}

/** Bounds the cost of a verification; FIPS 186-4 tops out at L = 3072, N = 256. */
const MAX_P_BITS = 8192;

/** Decodes Dss-Parms and checks they describe an order-q subgroup of Z_p*. */
export function parseDsaDomain(der: Uint8Array): DsaDomain {
  const items = children(readExact(der, DER_TAG.SEQUENCE).value);
  if (items.length !== 3) throw new DerError('Dss-Parms must hold p, q and g');
  const [p, q, g] = items.map((t) => derUnsigned(t)) as [bigint, bigint, bigint];
  const pBits = bitLength(p);
  const qBits = bitLength(q);
  if (pBits < 512 || pBits > MAX_P_BITS) throw new DerError(`DSA p of ${pBits} bits is out of range`);
  if (qBits < 160 || qBits > 512) throw new DerError(`DSA q of ${qBits} bits is out of range`);
  if ((p - 1n) % q !== 0n) throw new DerError('DSA q does not divide p - 1');
  if (g <= 1n || g >= p || modPow(g, q, p) !== 1n)
    throw new DerError('DSA g does not generate the order-q subgroup');
  return { p, q, g };
}

export function parseDsaPublicKey(publicKey: Uint8Array, domain: DsaDomain): DsaPublicKey {
  const y = derUnsigned(readExact(publicKey, DER_TAG.INTEGER));
  if (y <= 1n || y >= domain.p || modPow(y, domain.q, domain.p) !== 1n)
    throw new DerError('DSA public key is not in the order-q subgroup');
  return { ...domain, y };
}

/**
 * RFC 3279 §2.3.2: a DSA key without Dss-Parms uses its issuer's. Path validation calls this with the
 * issuer's key before verifying with the subject's key; anything but a parameterless DSA key is
 * returned unchanged. `spki` keeps the subject's original bytes.
 */
export function withInheritedDsaParameters(key: PublicKeyInfo, issuerKey: PublicKeyInfo): PublicKeyInfo {
  if (key.algorithmOid !== OID_DSA || key.parameters !== undefined) return key;
  if (issuerKey.algorithmOid !== OID_DSA || issuerKey.parameters === undefined) return key;
  return { ...key, parameters: issuerKey.parameters };
}

/** The FIPS 186-4 §4.7 verification equation. */
export function dsaVerifyRaw(key: DsaPublicKey, digest: Uint8Array, r: bigint, s: bigint): boolean {
  const { p, q, g, y } = key;
  if (r <= 0n || r >= q || s <= 0n || s >= q) return false;
  const w = modInverse(s, q);
  if (w === undefined) return false;
  const z = leftmostBits(digest, bitLength(q));
  const u1 = (z * w) % q;
  const u2 = (r * w) % q;
  const v = ((modPow(g, u1, p) * modPow(y, u2, p)) % p) % q;
  return v === r;
}

function loadKey(req: VerifyRequest): DsaPublicKey | VerifyOutcome {
  if (req.key.algorithmOid !== OID_DSA)
    return fail('KEY_ALGORITHM_MISMATCH', `DSA signature but the key algorithm is ${req.key.algorithmOid}`);
  if (!req.key.parameters)
    return fail('BAD_PARAMETERS', 'DSA key inherits its domain parameters from the issuer (RFC 3279 §2.3.2)');
  try {
    return parseDsaPublicKey(req.key.publicKey, parseDsaDomain(req.key.parameters));
  } catch (e) {
    return fail('BAD_KEY', `DSA key: ${e instanceof Error ? e.message : String(e)}`);
  }
}

async function verifyDsa(
  req: VerifyRequest,
  ctx: FullCryptoContext,
  implied: DigestName,
): Promise<VerifyOutcome> {
  const entry = digestEntry(implied);
  if (!entry) return fail('UNSUPPORTED_ALGORITHM', `DSA with ${implied} is not supported`);
  if (!absentOrNull(req.parameters))
    return fail('BAD_PARAMETERS', 'DSA signature algorithm parameters must be absent');
  const key = loadKey(req);
  if ('ok' in key) return key;
  const use: AlgorithmUse = {
    family: 'DSA',
    name: `DSA with ${entry.name}`,
    digest: entry.name,
    keySize: bitLength(key.p),
  };
  let rs: { r: bigint; s: bigint };
  try {
    rs = parseRsSignature(req.signature);
  } catch (e) {
    return fail(
      'MALFORMED_SIGNATURE',
      `DSA signature is not DER: ${e instanceof Error ? e.message : String(e)}`,
      use,
    );
  }
  return verdict(dsaVerifyRaw(key, hashBytes(entry, req.data, ctx), rs.r, rs.s), use, 'DSA');
}

function dsa(oids: string[], digest: DigestName): SignatureEntry {
  return { oids, family: 'DSA', digest, verify: (req, ctx) => verifyDsa(req, ctx, digest) };
}

/** DSA entries: RFC 3279 (SHA-1), RFC 5758 (SHA-224/256) and the NIST CSOR SHA-384/512 and SHA-3 arcs. */
export const DSA_ENTRIES: readonly SignatureEntry[] = [
  dsa(['1.2.840.10040.4.3', '1.3.14.3.2.27'], 'SHA-1'),
  dsa(['2.16.840.1.101.3.4.3.1'], 'SHA-224'),
  dsa(['2.16.840.1.101.3.4.3.2'], 'SHA-256'),
  dsa(['2.16.840.1.101.3.4.3.3'], 'SHA-384'),
  dsa(['2.16.840.1.101.3.4.3.4'], 'SHA-512'),
  dsa(['2.16.840.1.101.3.4.3.5'], 'SHA3-224'),
  dsa(['2.16.840.1.101.3.4.3.6'], 'SHA3-256'),
  dsa(['2.16.840.1.101.3.4.3.7'], 'SHA3-384'),
  dsa(['2.16.840.1.101.3.4.3.8'], 'SHA3-512'),
];
