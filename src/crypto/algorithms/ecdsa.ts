/**
 * ECDSA over the NIST and brainpool prime curves with @noble/curves. The digest is computed here
 * (any registry digest) and handed to noble with `prehash: false`; noble truncates it to the order
 * length (FIPS 186-5 §6.4.2). `lowS: false` because X.509/CMS signers never normalise s.
 * DER signatures are decoded by our strict reader (lib/der.ts); BSI TR-03111 "plain" signatures are
 * r||s with each half exactly the order's byte length.
 */
import { brainpoolP256r1, brainpoolP384r1, brainpoolP512r1 } from '@noble/curves/misc.js';
import { p256, p384, p521 } from '@noble/curves/nist.js';
import type { FullCryptoContext } from '../context.js';
import { bigIntToBytes } from '../lib/bigint.js';
import { DER_TAG, DerError, derOid, parseRsSignature, readExact } from '../lib/der.js';
import { digestEntry, hashBytes } from '../lib/hash.js';
import { absentOrNull, fail, verdict } from '../lib/outcome.js';
import type { AlgorithmUse, DigestName, SignatureEntry, VerifyOutcome, VerifyRequest } from '../types.js';

export const OID_EC_PUBLIC_KEY = '1.2.840.10045.2.1';

interface Curve {
  name: string;
  /** Order size in bits (the key size the policy sees). */
  bits: number;
  n: bigint;
  /** Byte length of a scalar. */
  bytes: number;
  /** Throws when the encoding is not a point of the curve (or is the identity). */
  checkKey(publicKey: Uint8Array): void;
  verify(sig: Uint8Array, msgHash: Uint8Array, publicKey: Uint8Array): boolean;
}

type NobleEcdsa = typeof p256;

function curve(name: string, impl: NobleEcdsa): Curve {
  const n = impl.Point.CURVE().n;
  const bits = n.toString(2).length;
  return {
    name,
    bits,
    n,
    bytes: Math.ceil(bits / 8),
    checkKey: (publicKey) => {
      if (impl.Point.fromBytes(publicKey).is0()) throw new Error('public key is the point at infinity');
    },
    verify: (sig, msgHash, publicKey) =>
      impl.verify(sig, msgHash, publicKey, { prehash: false, lowS: false, format: 'compact' }),
  };
}

/** namedCurve OID → curve. */
export const EC_CURVES: ReadonlyMap<string, Curve> = new Map([
  ['1.2.840.10045.3.1.7', curve('P-256', p256)],
  ['1.3.132.0.34', curve('P-384', p384)],
  ['1.3.132.0.35', curve('P-521', p521)],
  ['1.3.36.3.3.2.8.1.1.7', curve('brainpoolP256r1', brainpoolP256r1)],
  ['1.3.36.3.3.2.8.1.1.11', curve('brainpoolP384r1', brainpoolP384r1)],
  ['1.3.36.3.3.2.8.1.1.13', curve('brainpoolP512r1', brainpoolP512r1)],
]);

type SigFormat = 'der' | 'plain';

function keyCurve(req: VerifyRequest): Curve | VerifyOutcome {
  if (req.key.algorithmOid !== OID_EC_PUBLIC_KEY)
    return fail('KEY_ALGORITHM_MISMATCH', `ECDSA signature but the key algorithm is ${req.key.algorithmOid}`);
  const params = req.key.parameters;
  if (!params) return fail('BAD_PARAMETERS', 'EC key without a namedCurve (implicitCA is not supported)');
  let oid: string;
  try {
    oid = derOid(readExact(params, DER_TAG.OID));
  } catch (e) {
    const why = e instanceof DerError ? e.message : String(e);
    return fail(
      'UNSUPPORTED_ALGORITHM',
      `EC key parameters are not a namedCurve OID (explicit curves unsupported): ${why}`,
    );
  }
  const c = EC_CURVES.get(oid);
  return c ?? fail('UNSUPPORTED_ALGORITHM', `EC curve ${oid} is not supported by ECDSA`);
}

/**
 * Some TR-03111 producers (e.g. OpenLimit for TeleSec QES cards) write the key's namedCurve OID as
 * the ecdsa-plain-* parameters; it carries nothing the key does not, so only the same curve is accepted.
 */
function namesCurve(params: Uint8Array, c: Curve): boolean {
  try {
    return EC_CURVES.get(derOid(readExact(params, DER_TAG.OID))) === c;
  } catch {
    return false;
  }
}

/** r and s as a fixed-length r||s block, or undefined when the encoding or range is wrong. */
function compactSignature(sig: Uint8Array, format: SigFormat, c: Curve): Uint8Array | undefined {
  let r: bigint;
  let s: bigint;
  if (format === 'der') {
    try {
      ({ r, s } = parseRsSignature(sig));
    } catch {
      return undefined;
    }
  } else {
    if (sig.length !== 2 * c.bytes) return undefined;
    const hex = Array.from(sig, (b) => b.toString(16).padStart(2, '0')).join('');
    r = BigInt('0x' + hex.slice(0, c.bytes * 2));
    s = BigInt('0x' + hex.slice(c.bytes * 2));
  }
  if (r <= 0n || r >= c.n || s <= 0n || s >= c.n) return undefined;
  const out = new Uint8Array(2 * c.bytes);
  out.set(bigIntToBytes(r, c.bytes), 0);
  out.set(bigIntToBytes(s, c.bytes), c.bytes);
  return out;
}

async function verifyEcdsa(
  req: VerifyRequest,
  ctx: FullCryptoContext,
  implied: DigestName | undefined,
  format: SigFormat,
): Promise<VerifyOutcome> {
  if (!implied && !req.digestOid)
    return fail('UNSUPPORTED_ALGORITHM', 'ECDSA signature without a digest algorithm');
  const entry = digestEntry(implied ?? req.digestOid!);
  if (!entry)
    return fail('UNSUPPORTED_ALGORITHM', `ECDSA with digest ${implied ?? req.digestOid} is not supported`);
  const c = keyCurve(req);
  if ('ok' in c) return c;
  if (!absentOrNull(req.parameters) && !(format === 'plain' && namesCurve(req.parameters!, c)))
    return fail('BAD_PARAMETERS', 'ECDSA signature algorithm parameters must be absent');
  const use: AlgorithmUse = {
    family: 'ECDSA',
    name: `ECDSA${format === 'plain' ? ' (plain r||s)' : ''} with ${entry.name} on ${c.name}`,
    digest: entry.name,
    keySize: c.bits,
    curve: c.name,
  };
  const compact = compactSignature(req.signature, format, c);
  if (!compact) return fail('MALFORMED_SIGNATURE', 'ECDSA signature is not a valid (r, s) encoding', use);
  try {
    c.checkKey(req.key.publicKey);
  } catch (e) {
    return fail('BAD_KEY', `ECDSA public key rejected: ${e instanceof Error ? e.message : String(e)}`, use);
  }
  return verdict(c.verify(compact, hashBytes(entry, req.data, ctx), req.key.publicKey), use, 'ECDSA');
}

function ecdsa(oids: string[], digest: DigestName | undefined, format: SigFormat = 'der'): SignatureEntry {
  return { oids, family: 'ECDSA', digest, verify: (req, ctx) => verifyEcdsa(req, ctx, digest, format) };
}

/** BSI TR-03111 §5.2.1 ecdsa-plain-signatures arc. */
const PLAIN = '0.4.0.127.0.7.1.1.4.1';

/** ECDSA entries: X9.62/RFC 5758 DER, NIST SHA-3 OIDs, and BSI TR-03111 plain r||s. */
export const ECDSA_ENTRIES: readonly SignatureEntry[] = [
  // Some CMS producers put the key OID in SignerInfo.signatureAlgorithm; the digest then comes from
  // SignerInfo.digestAlgorithm.
  ecdsa([OID_EC_PUBLIC_KEY], undefined),
  ecdsa(['1.2.840.10045.4.1'], 'SHA-1'),
  ecdsa(['1.2.840.10045.4.3.1'], 'SHA-224'),
  ecdsa(['1.2.840.10045.4.3.2'], 'SHA-256'),
  ecdsa(['1.2.840.10045.4.3.3'], 'SHA-384'),
  ecdsa(['1.2.840.10045.4.3.4'], 'SHA-512'),
  ecdsa(['2.16.840.1.101.3.4.3.9'], 'SHA3-224'),
  ecdsa(['2.16.840.1.101.3.4.3.10'], 'SHA3-256'),
  ecdsa(['2.16.840.1.101.3.4.3.11'], 'SHA3-384'),
  ecdsa(['2.16.840.1.101.3.4.3.12'], 'SHA3-512'),
  ecdsa([`${PLAIN}.1`], 'SHA-1', 'plain'),
  ecdsa([`${PLAIN}.2`], 'SHA-224', 'plain'),
  ecdsa([`${PLAIN}.3`], 'SHA-256', 'plain'),
  ecdsa([`${PLAIN}.4`], 'SHA-384', 'plain'),
  ecdsa([`${PLAIN}.5`], 'SHA-512', 'plain'),
  ecdsa([`${PLAIN}.8`], 'SHA3-224', 'plain'),
  ecdsa([`${PLAIN}.9`], 'SHA3-256', 'plain'),
  ecdsa([`${PLAIN}.10`], 'SHA3-384', 'plain'),
  ecdsa([`${PLAIN}.11`], 'SHA3-512', 'plain'),
];
