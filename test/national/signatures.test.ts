import * as asn1js from 'asn1js';
import { describe, expect, it } from 'vitest';
import { defaultCryptoContext } from '../../src/crypto/context.js';
import {
  curve,
  GOST_CURVES_BY_OID,
  GOST_TEST_256,
  GOST_TEST_512,
  pointFromAffine,
  SM2_EXAMPLE_P256,
} from '../../src/crypto/national/curves.js';
import { gostVerify } from '../../src/crypto/national/gost3410.js';
import { sm2Verify, sm2Za } from '../../src/crypto/national/sm2.js';
import { verifySignature } from '../../src/crypto/registry.js';
import { parseSpki } from '../../src/crypto/spki.js';
import { fromHex, toHex } from '../../src/lib/bytes.js';

const ascii = (s: string) => new TextEncoder().encode(s);
const big = (hex: string) => BigInt(`0x${hex}`);
const ctx = defaultCryptoContext();

/** A GOST 2012 SubjectPublicKeyInfo: key OID, GostR3410-2012-PublicKeyParameters, OCTET STRING point. */
function gostSpki(keyOid: string, paramSet: string, point: Uint8Array): Uint8Array {
  const spki = new asn1js.Sequence({
    value: [
      new asn1js.Sequence({
        value: [
          new asn1js.ObjectIdentifier({ value: keyOid }),
          new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: paramSet })] }),
        ],
      }),
      new asn1js.BitString({ valueHex: new asn1js.OctetString({ valueHex: point.slice().buffer }).toBER() }),
    ],
  });
  return new Uint8Array(spki.toBER());
}

describe('every curve parameter set', () => {
  it('has its generator on the curve and of order n', () => {
    // curve() asserts G is valid and n·G = O; a typo in any constant breaks one of the two.
    for (const params of Object.values(GOST_CURVES_BY_OID))
      expect(curve(params).Point.BASE.is0()).toBe(false);
  });
});

describe('SM2: GM/T 0003.5-2012 / GB/T 32918 annex example (Fp-256 example curve)', () => {
  const c = curve(SM2_EXAMPLE_P256);
  const pub = pointFromAffine(
    c,
    big('0AE4C7798AA0F119471BEE11825BE46202BB79E2A5844495E97C04FF4DF2548A'),
    big('7C0240F88F1CD4E16352A73C17B7F16F07353E53A176D684A9FE0C6BB798E857'),
  );
  const id = ascii('ALICE123@YAHOO.COM');
  const msg = ascii('message digest');
  const r = big('40F1EC59F793D9F49E09DCEF49130D4194F79FB1EED2CAA55BACDB49C4E755D1');
  const s = big('6FC6DAC32C5D5CF10C77DFB20F7C2EB667A457872FB09EC56327A67EC7DEEBE7');

  it('the example public key is a curve point', () => {
    expect(pub).toBeDefined();
  });
  it('Z_A matches the standard', () => {
    expect(toHex(sm2Za(c, pub!, id))).toBe(
      'f4a38489e32b45b6f876e3ac2168ca392362dc8f23459c1d1146fc3dbfb7bc9a',
    );
  });
  it('the example signature verifies', () => {
    expect(sm2Verify(pub!, msg, r, s, id, SM2_EXAMPLE_P256)).toBe(true);
  });
  it('fails with another user ID, another message, or a changed r / s', () => {
    expect(sm2Verify(pub!, msg, r, s, ascii('1234567812345678'), SM2_EXAMPLE_P256)).toBe(false);
    expect(sm2Verify(pub!, ascii('message digesT'), r, s, id, SM2_EXAMPLE_P256)).toBe(false);
    expect(sm2Verify(pub!, msg, r + 1n, s, id, SM2_EXAMPLE_P256)).toBe(false);
    expect(sm2Verify(pub!, msg, r, s - 1n, id, SM2_EXAMPLE_P256)).toBe(false);
  });
  it('rejects r or s out of [1, n-1]', () => {
    expect(sm2Verify(pub!, msg, 0n, s, id, SM2_EXAMPLE_P256)).toBe(false);
    expect(sm2Verify(pub!, msg, r, c.n, id, SM2_EXAMPLE_P256)).toBe(false);
    expect(sm2Verify(pub!, msg, r + c.n, s, id, SM2_EXAMPLE_P256)).toBe(false);
  });
});

describe('GOST R 34.10-2012 appendix A (RFC 7091 §A)', () => {
  // The standard gives e as an integer; Streebog output is read little-endian, so e's bytes reversed.
  it('A.1: 256-bit example signature verifies', () => {
    const pub = pointFromAffine(
      curve(GOST_TEST_256),
      big('7f2b49e270db6d90d8595bec458b50c58585ba1d4e9b788f6689dbd8e56fd80b'),
      big('26f1b489d6701dd185c8413a977b3cbbaf64d1c593d26627dffb101a87ff77da'),
    );
    const digest = fromHex('2dfbc1b372d89a1188c09c52e0eec61fce52032ab1022e8e67ece6672b043ee5').reverse();
    const r = big('41aa28d2f1ab148280cd9ed56feda41974053554a42767b83ad043fd39dc0493');
    const s = big('01456c64ba4642a1653c235a98a60249bcd6d3f746b631df928014f6c5bf9c40');
    expect(gostVerify(GOST_TEST_256, pub!, digest, r, s)).toBe(true);
    expect(gostVerify(GOST_TEST_256, pub!, digest, s, r)).toBe(false);
    expect(gostVerify(GOST_TEST_256, pub!, digest.slice().reverse(), r, s)).toBe(false);
  });
  it('A.2: 512-bit example signature verifies', () => {
    const q =
      '115dc5bc96760c7b48598d8ab9e740d4c4a85a65be33c1815b5c320c854621dd5a515856d13314af69bc5b924c8b4ddff75c45415c1d9dd9dd33612cd530efe1' +
      '37c7c90cd40b0f5621dc3ac1b751cfa0e2634fa0503b3d52639f5d7fb72afd61ea199441d943ffe7f0c70a2759a3cdb84c114e1f9339fdf27f35eca93677beec';
    const pub = pointFromAffine(curve(GOST_TEST_512), big(q.slice(0, 128)), big(q.slice(128)));
    const digest = fromHex(
      '3754f3cfacc9e0615c4f4a7c4d8dab531b09b6f9c170c533a71d147035b0c5917184ee536593f4414339976c647c5d5a407adedb1d560c4fc6777d2972075b8c',
    ).reverse();
    const r = big(
      '2f86fa60a081091a23dd795e1e3c689ee512a3c82ee0dcc2643c78eea8fcacd35492558486b20f1c9ec197c90699850260c93bcbcd9c5c3317e19344e173ae36',
    );
    const s = big(
      '1081b394696ffe8e6585e7a9362d26b6325f56778aadbc081c0bfbe933d52ff5823ce288e8c4f362526080df7f70ce406a6eeb1f56919cb92a9853bde73e5b4a',
    );
    expect(gostVerify(GOST_TEST_512, pub!, digest, r, s)).toBe(true);
    expect(gostVerify(GOST_TEST_512, pub!, digest, r, s + 1n)).toBe(false);
  });
  it('the registry refuses keys on the test parameter sets', async () => {
    const spki = gostSpki('1.2.643.7.1.1.1.1', '1.2.643.2.2.35.0', new Uint8Array(64).fill(1));
    const out = await verifySignature(
      {
        algorithmOid: '1.2.643.7.1.1.3.2',
        key: parseSpki(spki),
        data: ascii('x'),
        signature: new Uint8Array(64),
      },
      ctx,
    );
    expect(out.ok).toBe(false);
    if (!out.ok) expect(out.message).toContain('GOST_TEST_PARAMETER_SET');
  });
});

describe('registry input checks', () => {
  it('an SM2 signature OID over a GOST key is a key mismatch, not a crash', async () => {
    const spki = gostSpki('1.2.643.7.1.1.1.1', '1.2.643.7.1.2.1.1.1', new Uint8Array(64).fill(0x11));
    const key = parseSpki(spki);
    const out = await verifySignature(
      { algorithmOid: '1.2.156.10197.1.501', key, data: ascii('x'), signature: fromHex('3006020101020101') },
      ctx,
    );
    expect(out).toMatchObject({ ok: false, failure: 'KEY_ALGORITHM_MISMATCH' });
  });
});
