/**
 * SM2 signature verification (GB/T 32918.2-2016 §7, GM/T 0003.2-2012) with the Z_A user-identity
 * preprocessing. Point arithmetic is @noble/curves' Weierstrass code; only the SM2 equation is here.
 *
 * Why not sm-crypto (npm): it is a hex-string API over jsbn, slow on large inputs (its issue #39),
 * changed its verify hashing between 0.2 and 0.3 (issue #116), and would add a second big-number
 * stack next to noble, which we already ship and which is audited.
 */
import type { WeierstrassPoint } from '@noble/curves/abstract/weierstrass.js';
import { type CurveParams, curve, type NationalCurve, pointFromAffine, SM2_P256 } from './curves.js';
import { sm3 } from './sm3.js';

/** GM/T 0009-2012 §10: the ID used when the signer did not agree on another. */
export const SM2_DEFAULT_USER_ID: Uint8Array = new TextEncoder().encode('1234567812345678');

export function bigToBytes(x: bigint, len: number): Uint8Array {
  const out = new Uint8Array(len);
  let v = x;
  for (let i = len - 1; i >= 0; i--) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}

export function bytesToBig(b: Uint8Array): bigint {
  let v = 0n;
  for (const x of b) v = (v << 8n) | BigInt(x);
  return v;
}

/** Z_A = SM3(ENTL_A ‖ ID_A ‖ a ‖ b ‖ x_G ‖ y_G ‖ x_A ‖ y_A). Throws if the ID is too long for ENTL. */
export function sm2Za(c: NationalCurve, pub: WeierstrassPoint<bigint>, userId: Uint8Array): Uint8Array {
  const bits = userId.length * 8;
  if (bits > 0xffff) throw new Error('SM2 user ID longer than 8191 bytes');
  const { x, y } = pub.toAffine();
  const L = c.size;
  return sm3(
    Uint8Array.of(bits >>> 8, bits & 0xff),
    userId,
    bigToBytes(c.a, L),
    bigToBytes(c.b, L),
    bigToBytes(c.gx, L),
    bigToBytes(c.gy, L),
    bigToBytes(x, L),
    bigToBytes(y, L),
  );
}

/** Decodes an uncompressed (04‖X‖Y) or compressed SEC 1 point on the curve, or undefined. */
export function sm2PublicKey(
  pointBytes: Uint8Array,
  params: CurveParams = SM2_P256,
): WeierstrassPoint<bigint> | undefined {
  const c = curve(params);
  try {
    const p = c.Point.fromBytes(pointBytes);
    return pointFromAffine(c, p.x, p.y);
  } catch {
    return undefined;
  }
}

/** Verifies (r, s) over the message with e = SM3(Z_A ‖ M). */
export function sm2Verify(
  pub: WeierstrassPoint<bigint>,
  message: Uint8Array,
  r: bigint,
  s: bigint,
  userId: Uint8Array = SM2_DEFAULT_USER_ID,
  params: CurveParams = SM2_P256,
): boolean {
  const c = curve(params);
  const e = bytesToBig(sm3(sm2Za(c, pub, userId), message));
  return sm2VerifyDigest(c, pub, e, r, s);
}

/** The SM2 verify equation on a precomputed e (GB/T 32918.2 §7.1 steps B1–B7). */
export function sm2VerifyDigest(
  c: NationalCurve,
  pub: WeierstrassPoint<bigint>,
  e: bigint,
  r: bigint,
  s: bigint,
): boolean {
  const n = c.n;
  if (r < 1n || r >= n || s < 1n || s >= n) return false;
  const t = (r + s) % n;
  if (t === 0n) return false;
  const pt = c.Point.BASE.mulAddUnsafe(s, pub, t);
  if (pt.is0()) return false;
  return (e + pt.toAffine().x) % n === r;
}
