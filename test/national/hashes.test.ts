import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createSm3, sm3 } from '../../src/crypto/national/sm3.js';
import {
  createStreebog256,
  createStreebog512,
  streebog256,
  streebog512,
} from '../../src/crypto/national/streebog.js';
import { digestParts } from '../../src/crypto/registry.js';
import { fromHex, toHex } from '../../src/lib/bytes.js';

const ascii = (s: string) => new TextEncoder().encode(s);
/** RFC 6986 prints vectors most significant byte first; on the wire they are reversed. */
const rfc = (hex: string) => fromHex(hex).reverse();

describe('SM3 (GB/T 32905-2016 appendix A)', () => {
  it('example 1: "abc"', () => {
    expect(toHex(sm3(ascii('abc')))).toBe('66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0');
  });
  it('example 2: "abcd" × 16 (512 bits, forces a second padding block)', () => {
    expect(toHex(sm3(ascii('abcd'.repeat(16))))).toBe(
      'debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732',
    );
  });
  it('is registered under its OID 1.2.156.10197.1.401', () => {
    expect(toHex(digestParts('1.2.156.10197.1.401', [ascii('ab'), ascii('c')]))).toBe(
      '66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0',
    );
  });
  it('gives the same digest however the input is split', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 300 }),
        fc.array(fc.nat(300), { maxLength: 6 }),
        (data, cuts) => {
          const h = createSm3();
          let prev = 0;
          for (const c of [...cuts.map((x) => x % (data.length + 1))].sort((a, b) => a - b)) {
            h.update(data.subarray(prev, c));
            prev = c;
          }
          h.update(data.subarray(prev));
          expect(toHex(h.digest())).toBe(toHex(sm3(data)));
        },
      ),
      { numRuns: 60 },
    );
  });
});

// RFC 6986 §10: M1 is 63 bytes of ASCII digits; M2 is 72 bytes of CP1251 text.
const M1 = rfc(
  '323130393837363534333231303938373635343332313039383736353433323130393837363534333231303938373635343332313039383736353433323130',
);
const M2 = rfc(
  'fbe2e5f0eee3c820fbeafaebef20fffbf0e1e0f0f520e0ed20e8ece0ebe5f0f2f120fff0eeec20f120faf2fee5e2202ce8f6f3ede220e8e6eee1e8f0f2d1202ce8f0f2e5e220e5d1',
);

describe('Streebog (RFC 6986 §10)', () => {
  it('M1 is the ASCII string of the RFC', () => {
    expect(new TextDecoder().decode(M1)).toBe(
      '012345678901234567890123456789012345678901234567890123456789012',
    );
  });
  it('512-bit hash of M1', () => {
    expect(toHex(streebog512(M1))).toBe(
      toHex(
        rfc(
          '486f64c1917879417fef082b3381a4e211c324f074654c38823a7b76f830ad00fa1fbae42b1285c0352f227524bc9ab16254288dd6863dccd5b9f54a1ad0541b',
        ),
      ),
    );
  });
  it('256-bit hash of M1', () => {
    expect(toHex(streebog256(M1))).toBe(
      toHex(rfc('00557be5e584fd52a449b16b0251d05d27f94ab76cbaa6da890b59d8ef1e159d')),
    );
  });
  it('512-bit hash of M2 (crosses a block boundary)', () => {
    expect(toHex(streebog512(M2))).toBe(
      toHex(
        rfc(
          '28fbc9bada033b1460642bdcddb90c3fb3e56c497ccd0f62b8a2ad4935e85f037613966de4ee00531ae60f3b5a47f8dae06915d5f2f194996fcabf2622e6881e',
        ),
      ),
    );
  });
  it('256-bit hash of M2', () => {
    expect(toHex(streebog256(M2))).toBe(
      toHex(rfc('508f7e553c06501d749a66fc28c6cac0b005746d97537fa85d9e40904efed29d')),
    );
  });
  it('is registered under 1.2.643.7.1.1.2.2 and .2.3', () => {
    expect(toHex(digestParts('1.2.643.7.1.1.2.2', [M1]))).toBe(toHex(streebog256(M1)));
    expect(toHex(digestParts('1.2.643.7.1.1.2.3', [M2.subarray(0, 10), M2.subarray(10)]))).toBe(
      toHex(streebog512(M2)),
    );
  });
  it('gives the same digest however the input is split, at both sizes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.nat(200), fc.nat(200), (data, a, b) => {
        const [x, y] = [a % (data.length + 1), b % (data.length + 1)].sort((p, q) => p - q) as [
          number,
          number,
        ];
        for (const [make, once] of [
          [createStreebog256, streebog256],
          [createStreebog512, streebog512],
        ] as const) {
          const h = make();
          h.update(data.subarray(0, x)).update(data.subarray(x, y)).update(data.subarray(y));
          expect(toHex(h.digest())).toBe(toHex(once(data)));
        }
      }),
      { numRuns: 25 },
    );
  });
});
