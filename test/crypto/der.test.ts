import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bigIntToBytes, bytesToBigInt, modInverse, modPow } from '../../src/crypto/lib/bigint.js';
import {
  DER_TAG,
  DerError,
  derOid,
  encodeOid,
  encodeTlv,
  parseRsSignature,
  readExact,
} from '../../src/crypto/lib/der.js';
import { concatBytes, equalBytes } from '../../src/lib/bytes.js';

function derInteger(n: bigint): Uint8Array {
  let hex = n.toString(16);
  if (hex.length % 2) hex = '0' + hex;
  if (Number.parseInt(hex.slice(0, 2), 16) & 0x80) hex = '00' + hex;
  return encodeTlv(DER_TAG.INTEGER, Uint8Array.from(Buffer.from(hex, 'hex')));
}
function derSig(r: bigint, s: bigint): Uint8Array {
  return encodeTlv(DER_TAG.SEQUENCE, concatBytes([derInteger(r), derInteger(s)]));
}

describe('strict DER reader', () => {
  it('round-trips (r, s) pairs', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: (1n << 528n) - 1n }),
        fc.bigInt({ min: 0n, max: (1n << 528n) - 1n }),
        (r, s) => {
          expect(parseRsSignature(derSig(r, s))).toEqual({ r, s });
        },
      ),
    );
  });

  it('accepts only canonical encodings: whatever parses re-encodes to the same bytes', () => {
    const near = fc
      .tuple(fc.bigInt({ min: 1n, max: (1n << 256n) - 1n }), fc.bigInt({ min: 1n, max: (1n << 256n) - 1n }))
      .chain(([r, s]) => {
        const base = derSig(r, s);
        return fc.tuple(
          fc.nat({ max: base.length - 1 }),
          fc.integer({ min: 0, max: 255 }),
          fc.constant(base),
        );
      })
      .map(([i, b, base]) => {
        const out = base.slice();
        out[i] = b;
        return out;
      });
    fc.assert(
      fc.property(fc.oneof(near, fc.uint8Array({ maxLength: 80 })), (bytes) => {
        let parsed: { r: bigint; s: bigint } | undefined;
        try {
          parsed = parseRsSignature(bytes);
        } catch (e) {
          expect(e).toBeInstanceOf(DerError);
          return;
        }
        expect(equalBytes(derSig(parsed.r, parsed.s), bytes)).toBe(true);
      }),
    );
  });

  it('rejects the classic BER variants', () => {
    const good = derSig(5n, 7n);
    expect(parseRsSignature(good)).toEqual({ r: 5n, s: 7n });
    const bad = [
      Uint8Array.of(0x30, 0x81, 0x06, 2, 1, 5, 2, 1, 7), // long-form length below 128
      Uint8Array.of(0x30, 0x80, 2, 1, 5, 2, 1, 7, 0, 0), // indefinite length
      Uint8Array.of(0x30, 0x07, 2, 2, 0, 5, 2, 1, 7), // padded INTEGER
      Uint8Array.of(0x30, 0x06, 2, 1, 0x85, 2, 1, 7), // negative INTEGER
      concatBytes([good, Uint8Array.of(0)]), // trailing byte
      Uint8Array.of(0x30, 0x03, 2, 1, 5), // one INTEGER
    ];
    for (const b of bad) expect(() => parseRsSignature(b)).toThrow(DerError);
  });

  it('encodes and decodes OIDs', () => {
    for (const oid of [
      '1.2.840.113549.1.1.10',
      '2.16.840.1.101.3.4.3.14',
      '0.4.0.127.0.7.1.1.4.1.3',
      '1.3.101.112',
    ])
      expect(derOid(readExact(encodeOid(oid), DER_TAG.OID))).toBe(oid);
  });
});

describe('BigInt helpers', () => {
  it('modPow and modInverse agree with small cases', () => {
    expect(modPow(4n, 13n, 497n)).toBe(445n);
    expect(modInverse(3n, 11n)).toBe(4n);
    expect(modInverse(6n, 9n)).toBeUndefined();
  });
  it('bytes ⇄ bigint round-trips with padding', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 64 }), (b) => {
        expect(equalBytes(bigIntToBytes(bytesToBigInt(b), b.length), b)).toBe(true);
      }),
    );
  });
});
