/**
 * Hand-written RSA signature primitives (RSAVP1, EMSA-PKCS1-v1_5, EMSA-PSS, MGF1 per RFC 8017) over
 * BigInt: WebCrypto lacks SHA-3 / SHA-512/t digests, arbitrary MGF1 hashes and id-RSASSA-PSS keys.
 */
import { equalBytes } from '../../lib/bytes.js';
import type { DigestEntry } from '../types.js';
import { bigIntToBytes, bitLength, bytesToBigInt, modPow } from './bigint.js';
import { children, DER_TAG, DerError, encodeOid, encodeTlv, readExact, type Tlv } from './der.js';

export interface RsaPublicKey {
  n: bigint;
  e: bigint;
  /** Modulus length in bits. */
  bits: number;
  /** Modulus length in bytes (k in RFC 8017). */
  k: number;
}

/** Bounds the cost of one verification: modexp time grows with the cube of the modulus size. */
export const MAX_RSA_BITS = 16384;

/**
 * Key INTEGERs come from a CA-signed structure, so tolerate a redundant leading zero (seen in old
 * certificates); a negative modulus or exponent is still a broken key.
 */
function keyInteger(tlv: Tlv): bigint {
  if (tlv.tag !== DER_TAG.INTEGER || tlv.value.length === 0) throw new DerError('expected INTEGER');
  if (tlv.value[0]! & 0x80) throw new DerError('negative INTEGER in RSA key');
  return bytesToBigInt(tlv.value);
}

/** Parses the RSAPublicKey inside subjectPublicKey and checks it is a usable verification key. */
export function parseRsaPublicKey(der: Uint8Array): RsaPublicKey {
  const seq = readExact(der, DER_TAG.SEQUENCE);
  const items = children(seq.value);
  if (items.length !== 2) throw new DerError('RSAPublicKey must hold modulus and exponent');
  const n = keyInteger(items[0]!);
  const e = keyInteger(items[1]!);
  const bits = bitLength(n);
  if (bits < 256 || bits > MAX_RSA_BITS) throw new DerError(`RSA modulus of ${bits} bits is out of range`);
  if ((n & 1n) === 0n) throw new DerError('RSA modulus is even');
  if (e < 3n || (e & 1n) === 0n || e >= n) throw new DerError('RSA public exponent is invalid');
  return { n, e, bits, k: Math.ceil(bits / 8) };
}

/**
 * RSAVP1 with the length check of RFC 8017 §8.2.2 step 1: the signature must be exactly k octets
 * and its integer value below n. Returns the message representative as `emLen` octets, or undefined.
 */
export function rsaRecover(key: RsaPublicKey, signature: Uint8Array, emLen: number): Uint8Array | undefined {
  if (signature.length !== key.k) return undefined;
  const s = bytesToBigInt(signature);
  if (s >= key.n) return undefined;
  const m = modPow(s, key.e, key.n);
  if (bitLength(m) > emLen * 8) return undefined;
  return bigIntToBytes(m, emLen);
}

/** DER DigestInfo for a digest value; `withNull` selects the NULL-parameters form. */
export function digestInfo(digestOid: string, digest: Uint8Array, withNull: boolean): Uint8Array {
  const oid = encodeOid(digestOid);
  const algBody = withNull ? concat(oid, Uint8Array.of(DER_TAG.NULL, 0)) : oid;
  const alg = encodeTlv(DER_TAG.SEQUENCE, algBody);
  return encodeTlv(DER_TAG.SEQUENCE, concat(alg, encodeTlv(DER_TAG.OCTET_STRING, digest)));
}

/** EMSA-PKCS1-v1_5 encoding (RFC 8017 §9.2) of a DigestInfo into emLen octets. */
export function emsaPkcs1Encode(info: Uint8Array, emLen: number): Uint8Array | undefined {
  if (emLen < info.length + 11) return undefined;
  const em = new Uint8Array(emLen);
  em[1] = 0x01;
  em.fill(0xff, 2, emLen - info.length - 1);
  em[emLen - info.length - 1] = 0x00;
  em.set(info, emLen - info.length);
  return em;
}

/**
 * RSASSA-PKCS1-v1_5 verification by re-encoding and comparing (RFC 8017 §8.2.2), never by parsing
 * the recovered block, so garbage, BER variants or wrong DigestInfos cannot slip through.
 * `acceptedInfos` lists the exact DigestInfo encodings accepted.
 */
export function verifyPkcs1v15(
  key: RsaPublicKey,
  signature: Uint8Array,
  acceptedInfos: Uint8Array[],
): boolean {
  const em = rsaRecover(key, signature, key.k);
  if (!em) return false;
  let ok = false;
  for (const info of acceptedInfos) {
    const expected = emsaPkcs1Encode(info, key.k);
    if (expected && equalBytes(em, expected)) ok = true;
  }
  return ok;
}

export function mgf1(hash: DigestEntry, seed: Uint8Array, length: number): Uint8Array {
  const out = new Uint8Array(length);
  const counter = new Uint8Array(4);
  let filled = 0;
  for (let i = 0; filled < length; i++) {
    counter[0] = (i >>> 24) & 0xff;
    counter[1] = (i >>> 16) & 0xff;
    counter[2] = (i >>> 8) & 0xff;
    counter[3] = i & 0xff;
    const block = hash.create().update(seed).update(counter).digest();
    const take = Math.min(block.length, length - filled);
    out.set(block.subarray(0, take), filled);
    filled += take;
  }
  return out;
}

export interface PssParameters {
  hash: DigestEntry;
  mgfHash: DigestEntry;
  saltLength: number;
}

/** EMSA-PSS-VERIFY (RFC 8017 §9.1.2) with an exact salt length, after RSAVP1. */
export function verifyPss(
  key: RsaPublicKey,
  signature: Uint8Array,
  mHash: Uint8Array,
  params: PssParameters,
): boolean {
  const emBits = key.bits - 1;
  const emLen = Math.ceil(emBits / 8);
  const em = rsaRecover(key, signature, emLen);
  if (!em) return false;
  const hLen = params.hash.size;
  const sLen = params.saltLength;
  if (mHash.length !== hLen) return false;
  if (emLen < hLen + sLen + 2) return false;
  if (em[emLen - 1] !== 0xbc) return false;
  const dbLen = emLen - hLen - 1;
  const maskedDb = em.subarray(0, dbLen);
  const h = em.subarray(dbLen, dbLen + hLen);
  const topMask = 0xff >>> (8 * emLen - emBits);
  if ((maskedDb[0]! & ~topMask & 0xff) !== 0) return false;
  const db = mgf1(params.mgfHash, h, dbLen);
  for (let i = 0; i < dbLen; i++) db[i]! ^= maskedDb[i]!;
  db[0]! &= topMask;
  const psLen = emLen - hLen - sLen - 2;
  for (let i = 0; i < psLen; i++) if (db[i] !== 0) return false;
  if (db[psLen] !== 0x01) return false;
  const salt = db.subarray(dbLen - sLen);
  const hPrime = params.hash.create().update(new Uint8Array(8)).update(mHash).update(salt).digest();
  return equalBytes(h, hPrime);
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}
