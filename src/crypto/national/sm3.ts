/**
 * SM3 hash (GB/T 32905-2016, GM/T 0004-2012). Hand-written: @noble/hashes 2 has no SM3 and WebCrypto
 * never will; the algorithm is a 64-line Merkle–Damgård compression, smaller than another dependency.
 */
import type { DigestEntry, IncrementalHash } from '../types.js';

export const SM3_OID = '1.2.156.10197.1.401';

const IV = [0x7380166f, 0x4914b2b9, 0x172442d7, 0xda8a0600, 0xa96f30bc, 0x163138aa, 0xe38dee4d, 0xb0fb0e4e];

const rotl = (x: number, n: number): number => ((x << n) | (x >>> (32 - n))) >>> 0;
const p0 = (x: number): number => (x ^ rotl(x, 9) ^ rotl(x, 17)) >>> 0;
const p1 = (x: number): number => (x ^ rotl(x, 15) ^ rotl(x, 23)) >>> 0;

/** T_j rotated left by j mod 32, precomputed once. */
const TJ: readonly number[] = Array.from({ length: 64 }, (_, j) =>
  rotl(j < 16 ? 0x79cc4519 : 0x7a879d8a, j % 32),
);

class Sm3 implements IncrementalHash {
  private readonly v = Uint32Array.from(IV);
  private readonly block = new Uint8Array(64);
  private readonly w = new Uint32Array(68);
  private fill = 0;
  /** Message length in bytes; a double is exact up to 2^53, far past any input we accept. */
  private length = 0;
  private done = false;

  update(data: Uint8Array): IncrementalHash {
    if (this.done) throw new Error('SM3: update after digest');
    this.length += data.length;
    let i = 0;
    if (this.fill > 0) {
      const take = Math.min(64 - this.fill, data.length);
      this.block.set(data.subarray(0, take), this.fill);
      this.fill += take;
      i = take;
      if (this.fill < 64) return this;
      this.compress(this.block, 0);
      this.fill = 0;
    }
    for (; i + 64 <= data.length; i += 64) this.compress(data, i);
    if (i < data.length) {
      this.block.set(data.subarray(i), 0);
      this.fill = data.length - i;
    }
    return this;
  }

  digest(): Uint8Array {
    if (this.done) throw new Error('SM3: digest called twice');
    this.done = true;
    const bits = this.length * 8;
    const b = this.block;
    b[this.fill++] = 0x80;
    if (this.fill > 56) {
      b.fill(0, this.fill);
      this.compress(b, 0);
      this.fill = 0;
    }
    b.fill(0, this.fill, 56);
    const view = new DataView(b.buffer, b.byteOffset, 64);
    view.setUint32(56, Math.floor(bits / 0x100000000));
    view.setUint32(60, bits >>> 0);
    this.compress(b, 0);
    const out = new Uint8Array(32);
    const ov = new DataView(out.buffer);
    for (let k = 0; k < 8; k++) ov.setUint32(k * 4, this.v[k]!);
    return out;
  }

  private compress(buf: Uint8Array, off: number): void {
    const w = this.w;
    for (let j = 0; j < 16; j++) {
      const o = off + j * 4;
      w[j] = ((buf[o]! << 24) | (buf[o + 1]! << 16) | (buf[o + 2]! << 8) | buf[o + 3]!) >>> 0;
    }
    for (let j = 16; j < 68; j++)
      w[j] = (p1(w[j - 16]! ^ w[j - 9]! ^ rotl(w[j - 3]!, 15)) ^ rotl(w[j - 13]!, 7) ^ w[j - 6]!) >>> 0;
    const v = this.v;
    let a = v[0]!;
    let b = v[1]!;
    let c = v[2]!;
    let d = v[3]!;
    let e = v[4]!;
    let f = v[5]!;
    let g = v[6]!;
    let h = v[7]!;
    for (let j = 0; j < 64; j++) {
      const a12 = rotl(a, 12);
      const ss1 = rotl((a12 + e + TJ[j]!) >>> 0, 7);
      const ss2 = ss1 ^ a12;
      const ff = j < 16 ? a ^ b ^ c : (a & b) | (a & c) | (b & c);
      const gg = j < 16 ? e ^ f ^ g : (e & f) | (~e & g);
      const tt1 = (ff + d + ss2 + (w[j]! ^ w[j + 4]!)) >>> 0;
      const tt2 = (gg + h + ss1 + w[j]!) >>> 0;
      d = c;
      c = rotl(b, 9);
      b = a;
      a = tt1;
      h = g;
      g = rotl(f, 19);
      f = e;
      e = p0(tt2);
    }
    v[0]! ^= a;
    v[1]! ^= b;
    v[2]! ^= c;
    v[3]! ^= d;
    v[4]! ^= e;
    v[5]! ^= f;
    v[6]! ^= g;
    v[7]! ^= h;
  }
}

export function createSm3(): IncrementalHash {
  return new Sm3();
}

/** One-shot SM3 of the parts, in order. */
export function sm3(...parts: Uint8Array[]): Uint8Array {
  const h = new Sm3();
  for (const p of parts) h.update(p);
  return h.digest();
}

export const SM3_DIGEST: DigestEntry = { name: 'SM3', oids: [SM3_OID], size: 32, create: createSm3 };
