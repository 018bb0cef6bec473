/**
 * Hand-written BigInt arithmetic for RSA and DSA verification: WebCrypto has neither DSA nor RSA with
 * SHA-3 / arbitrary PSS parameters, and verification needs only public-key operations (no secrets,
 * so constant time does not matter here).
 */

export function bytesToBigInt(bytes: Uint8Array): bigint {
  let hex = '';
  for (let i = 0; i < bytes.length; i++) hex += bytes[i]!.toString(16).padStart(2, '0');
  return hex.length === 0 ? 0n : BigInt('0x' + hex);
}

/** Big-endian, left-padded to `length` bytes; throws if the value does not fit. */
export function bigIntToBytes(n: bigint, length: number): Uint8Array {
  let hex = n.toString(16);
  if (hex.length > length * 2) throw new RangeError('integer too large for the requested length');
  hex = hex.padStart(length * 2, '0');
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) out[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

export function bitLength(n: bigint): number {
  return n === 0n ? 0 : n.toString(2).length;
}

/** base^exp mod m, left-to-right square-and-multiply. */
export function modPow(base: bigint, exp: bigint, m: bigint): bigint {
  if (m === 1n) return 0n;
  let b = base % m;
  if (b < 0n) b += m;
  let result = 1n;
  const bits = exp.toString(2);
  for (let i = 0; i < bits.length; i++) {
    result = (result * result) % m;
    if (bits.charCodeAt(i) === 49) result = (result * b) % m;
  }
  return result;
}

/** Inverse of a modulo m (m prime or gcd(a, m) = 1); undefined when none exists. */
export function modInverse(a: bigint, m: bigint): bigint | undefined {
  let [oldR, r] = [((a % m) + m) % m, m];
  let [oldS, s] = [1n, 0n];
  while (r !== 0n) {
    const q = oldR / r;
    [oldR, r] = [r, oldR - q * r];
    [oldS, s] = [s, oldS - q * s];
  }
  if (oldR !== 1n) return undefined;
  return ((oldS % m) + m) % m;
}

/** The leftmost `bits` bits of a digest as an integer (FIPS 186-5 §6.4.1 / §4.6 truncation). */
export function leftmostBits(digest: Uint8Array, bits: number): bigint {
  const h = bytesToBigInt(digest);
  const excess = digest.length * 8 - bits;
  return excess > 0 ? h >> BigInt(excess) : h;
}
