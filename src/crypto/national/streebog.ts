/**
 * Streebog, GOST R 34.11-2012 (RFC 6986), 256- and 512-bit. Hand-written: no maintained pure-JS
 * library offers it with an incremental API, and WebCrypto has no GOST algorithm.
 *
 * Byte order: RFC 6986 writes every vector most-significant byte first; here a 512-bit vector is a
 * 64-byte array whose byte 0 is the least significant, which is how messages and digests appear on the
 * wire. The constants below are the RFC's, reversed into that order when the tables are built.
 */
import type { DigestEntry, IncrementalHash } from '../types.js';

export const STREEBOG_256_OID = '1.2.643.7.1.1.2.2';
export const STREEBOG_512_OID = '1.2.643.7.1.1.2.3';

/** RFC 6986 §6.2, the substitution π'. */
const PI = [
  252, 238, 221, 17, 207, 110, 49, 22, 251, 196, 250, 218, 35, 197, 4, 77, 233, 119, 240, 219, 147, 46, 153,
  186, 23, 54, 241, 187, 20, 205, 95, 193, 249, 24, 101, 90, 226, 92, 239, 33, 129, 28, 60, 66, 139, 1, 142,
  79, 5, 132, 2, 174, 227, 106, 143, 160, 6, 11, 237, 152, 127, 212, 211, 31, 235, 52, 44, 81, 234, 200, 72,
  171, 242, 42, 104, 162, 253, 58, 206, 204, 181, 112, 14, 86, 8, 12, 118, 18, 191, 114, 19, 71, 156, 183, 93,
  135, 21, 161, 150, 41, 16, 123, 154, 199, 243, 145, 120, 111, 157, 158, 178, 177, 50, 117, 25, 61, 255, 53,
  138, 126, 109, 84, 198, 128, 195, 189, 13, 87, 223, 245, 36, 169, 62, 168, 67, 201, 215, 121, 214, 246, 124,
  34, 185, 3, 224, 15, 236, 222, 122, 148, 176, 188, 220, 232, 40, 80, 78, 51, 10, 74, 167, 151, 96, 115, 30,
  0, 98, 68, 26, 184, 56, 130, 100, 159, 38, 65, 173, 69, 70, 146, 39, 94, 85, 47, 140, 163, 165, 125, 105,
  213, 149, 59, 7, 88, 179, 64, 134, 172, 29, 247, 48, 55, 107, 228, 136, 217, 231, 137, 225, 27, 131, 73, 76,
  63, 248, 254, 141, 83, 170, 144, 202, 216, 133, 97, 32, 113, 103, 164, 45, 43, 9, 91, 203, 155, 37, 208,
  190, 229, 108, 82, 89, 166, 116, 210, 230, 244, 180, 192, 209, 102, 175, 194, 57, 75, 99, 182,
];

/** RFC 6986 §6.4, the rows of the matrix A of the linear map l (row 0 pairs with the top bit). */
const A = `
  8e20faa72ba0b470 47107ddd9b505a38 ad08b0e0c3282d1c d8045870ef14980e 6c022c38f90a4c07 3601161cf205268d
  1b8e0b0e798c13c8 83478b07b2468764 a011d380818e8f40 5086e740ce47c920 2843fd2067adea10 14aff010bdd87508
  0ad97808d06cb404 05e23c0468365a02 8c711e02341b2d01 46b60f011a83988e 90dab52a387ae76f 486dd4151c3dfdb9
  24b86a840e90f0d2 125c354207487869 092e94218d243cba 8a174a9ec8121e5d 4585254f64090fa0 accc9ca9328a8950
  9d4df05d5f661451 c0a878a0a1330aa6 60543c50de970553 302a1e286fc58ca7 18150f14b9ec46dd 0c84890ad27623e0
  0642ca05693b9f70 0321658cba93c138 86275df09ce8aaa8 439da0784e745554 afc0503c273aa42a d960281e9d1d5215
  e230140fc0802984 71180a8960409a42 b60c05ca30204d21 5b068c651810a89e 456c34887a3805b9 ac361a443d1c8cd2
  561b0d22900e4669 2b838811480723ba 9bcf4486248d9f5d c3e9224312c8c1a0 effa11af0964ee50 f97d86d98a327728
  e4fa2054a80b329c 727d102a548b194e 39b008152acb8227 9258048415eb419d 492c024284fbaec0 aa16012142f35760
  550b8e9e21f7a530 a48b474f9ef5dc18 70a6a56e2440598e 3853dc371220a247 1ca76e95091051ad 0edd37c48a08a6d8
  07e095624504536c 8d70c431ac02a736 c83862965601dd1b 641c314b2b8ee083
`
  .trim()
  .split(/\s+/);

/** RFC 6986 §6.5, the iteration constants C_1..C_12 (most significant byte first). */
const C = [
  'b1085bda1ecadae9ebcb2f81c0657c1f2f6a76432e45d016714eb88d7585c4fc4b7ce09192676901a2422a08a460d31505767436cc744d23dd806559f2a64507',
  '6fa3b58aa99d2f1a4fe39d460f70b5d7f3feea720a232b9861d55e0f16b501319ab5176b12d699585cb561c2db0aa7ca55dda21bd7cbcd56e679047021b19bb7',
  'f574dcac2bce2fc70a39fc286a3d843506f15e5f529c1f8bf2ea7514b1297b7bd3e20fe490359eb1c1c93a376062db09c2b6f443867adb31991e96f50aba0ab2',
  'ef1fdfb3e81566d2f948e1a05d71e4dd488e857e335c3c7d9d721cad685e353fa9d72c82ed03d675d8b71333935203be3453eaa193e837f1220cbebc84e3d12e',
  '4bea6bacad4747999a3f410c6ca923637f151c1f1686104a359e35d7800fffbdbfcd1747253af5a3dfff00b723271a167a56a27ea9ea63f5601758fd7c6cfe57',
  'ae4faeae1d3ad3d96fa4c33b7a3039c02d66c4f95142a46c187f9ab49af08ec6cffaa6b71c9ab7b40af21f66c2bec6b6bf71c57236904f35fa68407a46647d6e',
  'f4c70e16eeaac5ec51ac86febf240954399ec6c7e6bf87c9d3473e33197a93c90992abc52d822c3706476983284a05043517454ca23c4af38886564d3a14d493',
  '9b1f5b424d93c9a703e7aa020c6e41414eb7f8719c36de1e89b4443b4ddbc49af4892bcb929b069069d18d2bd1a5c42f36acc2355951a8d9a47f0dd4bf02e71e',
  '378f5a541631229b944c9ad8ec165fde3a7d3a1b258942243cd955b7e00d0984800a440bdbb2ceb17b2b8a9aa6079c540e38dc92cb1f2a607261445183235adb',
  'abbedea680056f52382ae548b2e4f3f38941e71cff8a78db1fffe18a1b3361039fe76702af69334b7a1e6c303b7652f43698fad1153bb6c374b4c7fb98459ced',
  '7bcd9ed0efc889fb3002c6cd635afe94d8fa6bbbebab076120018021148466798a1d71efea48b9caefbacd1d7d476e98dea2594ac06fd85d6bcaa4cd81f32d1b',
  '378ee767f11631bad21380b00449b17acda43c32bcdf1d77f82012d430219f9b5d80ef9d1891cc86e71da4aa88e12852faf417d5d9b21b9948bc924af11bd720',
];

/**
 * The 512-bit state is 16 uint32 words, word 2i the low half of the i-th little-endian 64-bit lane.
 * LPS is computed lane-wise with tables T[j][b] = l(π(b) at byte j of a lane), split in two halves.
 */
const T_LO = new Uint32Array(8 * 256);
const T_HI = new Uint32Array(8 * 256);
const CONST: Uint32Array[] = [];

(function buildTables(): void {
  const aHi = A.map((h) => Number.parseInt(h.slice(0, 8), 16));
  const aLo = A.map((h) => Number.parseInt(h.slice(8), 16));
  for (let j = 0; j < 8; j++) {
    for (let b = 0; b < 256; b++) {
      const v = PI[b]!;
      let lo = 0;
      let hi = 0;
      for (let t = 0; t < 8; t++) {
        // Bit t of byte j is bit 8j+t of the lane; l pairs lane bit k with row 63-k.
        if ((v >>> t) & 1) {
          const row = 63 - (8 * j + t);
          lo ^= aLo[row]!;
          hi ^= aHi[row]!;
        }
      }
      T_LO[j * 256 + b] = lo >>> 0;
      T_HI[j * 256 + b] = hi >>> 0;
    }
  }
  for (const hex of C) {
    const bytes = new Uint8Array(64);
    for (let i = 0; i < 64; i++) bytes[63 - i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
    CONST.push(toWords(bytes, 0));
  }
})();

function toWords(bytes: Uint8Array, off: number): Uint32Array {
  const w = new Uint32Array(16);
  for (let i = 0; i < 16; i++) {
    const o = off + i * 4;
    w[i] = (bytes[o]! | (bytes[o + 1]! << 8) | (bytes[o + 2]! << 16) | (bytes[o + 3]! << 24)) >>> 0;
  }
  return w;
}

/** Byte j (0..7) of lane i of state x. */
function laneByte(x: Uint32Array, i: number, j: number): number {
  return j < 4 ? (x[2 * i]! >>> (8 * j)) & 0xff : (x[2 * i + 1]! >>> (8 * (j - 4))) & 0xff;
}

/** out = LPS(a ^ b); out must not alias a or b. */
function lpsXor(a: Uint32Array, b: Uint32Array, out: Uint32Array, tmp: Uint32Array): void {
  for (let k = 0; k < 16; k++) tmp[k] = a[k]! ^ b[k]!;
  for (let i = 0; i < 8; i++) {
    let lo = 0;
    let hi = 0;
    // P moves byte i of lane j to byte j of lane i.
    for (let j = 0; j < 8; j++) {
      const idx = j * 256 + laneByte(tmp, j, i);
      lo ^= T_LO[idx]!;
      hi ^= T_HI[idx]!;
    }
    out[2 * i] = lo >>> 0;
    out[2 * i + 1] = hi >>> 0;
  }
}

/** h := g_N(h, m) (RFC 6986 §7). */
function compress(h: Uint32Array, m: Uint32Array, n: Uint32Array): void {
  const k = new Uint32Array(16);
  const k2 = new Uint32Array(16);
  const t = new Uint32Array(16);
  const t2 = new Uint32Array(16);
  const tmp = new Uint32Array(16);
  lpsXor(h, n, k, tmp);
  lpsXor(m, k, t, tmp);
  for (let r = 0; r < 11; r++) {
    lpsXor(k, CONST[r]!, k2, tmp);
    k.set(k2);
    lpsXor(t, k, t2, tmp);
    t.set(t2);
  }
  lpsXor(k, CONST[11]!, k2, tmp);
  for (let i = 0; i < 16; i++) h[i] = (h[i]! ^ t[i]! ^ k2[i]! ^ m[i]!) >>> 0;
}

/** acc := acc + x mod 2^512, both little-endian word arrays. */
function add512(acc: Uint32Array, x: Uint32Array): void {
  let carry = 0;
  for (let i = 0; i < 16; i++) {
    const s = acc[i]! + x[i]! + carry;
    acc[i] = s >>> 0;
    carry = s > 0xffffffff ? 1 : 0;
  }
}

function bitsWord(bits: number): Uint32Array {
  const w = new Uint32Array(16);
  w[0] = bits >>> 0;
  w[1] = Math.floor(bits / 0x100000000) >>> 0;
  return w;
}

const ZERO = new Uint32Array(16);
const BLOCK_BITS = bitsWord(512);

class Streebog implements IncrementalHash {
  private readonly h: Uint32Array;
  private readonly n = new Uint32Array(16);
  private readonly sigma = new Uint32Array(16);
  private readonly buf = new Uint8Array(64);
  private fill = 0;
  private done = false;

  constructor(private readonly outBytes: 32 | 64) {
    this.h = new Uint32Array(16).fill(outBytes === 32 ? 0x01010101 : 0);
  }

  update(data: Uint8Array): IncrementalHash {
    if (this.done) throw new Error('Streebog: update after digest');
    let i = 0;
    if (this.fill > 0) {
      const take = Math.min(64 - this.fill, data.length);
      this.buf.set(data.subarray(0, take), this.fill);
      this.fill += take;
      i = take;
      if (this.fill < 64) return this;
      this.block(toWords(this.buf, 0));
      this.fill = 0;
    }
    for (; i + 64 <= data.length; i += 64) this.block(toWords(data, i));
    if (i < data.length) {
      this.buf.set(data.subarray(i), 0);
      this.fill = data.length - i;
    }
    return this;
  }

  digest(): Uint8Array {
    if (this.done) throw new Error('Streebog: digest called twice');
    this.done = true;
    const last = new Uint8Array(64);
    last.set(this.buf.subarray(0, this.fill));
    last[this.fill] = 0x01;
    const m = toWords(last, 0);
    compress(this.h, m, this.n);
    add512(this.n, bitsWord(this.fill * 8));
    add512(this.sigma, m);
    compress(this.h, this.n, ZERO);
    compress(this.h, this.sigma, ZERO);
    const out = new Uint8Array(64);
    for (let i = 0; i < 16; i++) {
      const w = this.h[i]!;
      out[i * 4] = w & 0xff;
      out[i * 4 + 1] = (w >>> 8) & 0xff;
      out[i * 4 + 2] = (w >>> 16) & 0xff;
      out[i * 4 + 3] = w >>> 24;
    }
    // The 256-bit hash is the most significant half, i.e. the upper 32 bytes in wire order.
    return this.outBytes === 64 ? out : out.slice(32);
  }

  private block(m: Uint32Array): void {
    compress(this.h, m, this.n);
    add512(this.n, BLOCK_BITS);
    add512(this.sigma, m);
  }
}

export function createStreebog256(): IncrementalHash {
  return new Streebog(32);
}

export function createStreebog512(): IncrementalHash {
  return new Streebog(64);
}

export function streebog256(...parts: Uint8Array[]): Uint8Array {
  const h = createStreebog256();
  for (const p of parts) h.update(p);
  return h.digest();
}

export function streebog512(...parts: Uint8Array[]): Uint8Array {
  const h = createStreebog512();
  for (const p of parts) h.update(p);
  return h.digest();
}

export const STREEBOG_256_DIGEST: DigestEntry = {
  name: 'STREEBOG-256',
  oids: [STREEBOG_256_OID],
  size: 32,
  create: createStreebog256,
};

export const STREEBOG_512_DIGEST: DigestEntry = {
  name: 'STREEBOG-512',
  oids: [STREEBOG_512_OID],
  size: 64,
  create: createStreebog512,
};
