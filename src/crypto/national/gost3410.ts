/**
 * GOST R 34.10-2012 signature verification (RFC 7091 §6.2), on noble's Weierstrass arithmetic.
 * Only the GOST equation and its byte orders are here.
 */
import type { WeierstrassPoint } from '@noble/curves/abstract/weierstrass.js';
import { type CurveParams, curve } from './curves.js';

export function leToBig(b: Uint8Array): bigint {
  let v = 0n;
  for (let i = b.length - 1; i >= 0; i--) v = (v << 8n) | BigInt(b[i]!);
  return v;
}

function modInverse(a: bigint, m: bigint): bigint {
  let [r0, r1] = [a % m, m];
  let [s0, s1] = [1n, 0n];
  while (r1 !== 0n) {
    const q = r0 / r1;
    [r0, r1] = [r1, r0 - q * r1];
    [s0, s1] = [s1, s0 - q * s1];
  }
  if (r0 !== 1n) throw new Error('not invertible');
  return ((s0 % m) + m) % m;
}

/**
 * Checks (r, s) against the digest. `digest` is the hash output as it comes out of Streebog (wire
 * order); the standard reads that vector as a little-endian integer α, e = α mod q (e = 1 if 0).
 */
export function gostVerify(
  params: CurveParams,
  pub: WeierstrassPoint<bigint>,
  digest: Uint8Array,
  r: bigint,
  s: bigint,
): boolean {
  const c = curve(params);
  const q = c.n;
  if (r <= 0n || r >= q || s <= 0n || s >= q) return false;
  let e = leToBig(digest) % q;
  if (e === 0n) e = 1n;
  const v = modInverse(e, q);
  const z1 = (s * v) % q;
  const z2 = (q - ((r * v) % q)) % q;
  if (z1 === 0n || z2 === 0n) return false;
  const C = c.Point.BASE.mulAddUnsafe(z1, pub, z2);
  if (C.is0()) return false;
  return C.toAffine().x % q === r;
}
