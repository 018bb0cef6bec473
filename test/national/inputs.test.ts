import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { verifySignature } from '../../src/crypto/registry.js';
import type { VerifyRequest } from '../../src/crypto/types.js';
import { ctx, parseSignedData, signedBytes, signerInfoRequest } from './util.js';

const ROOT = resolve(__dirname, '../..');
const request = (p: string): VerifyRequest => {
  const parts = parseSignedData(new Uint8Array(readFileSync(join(ROOT, p))));
  return signerInfoRequest(parts, signedBytes(parts));
};
const sm2 = () => request('fixtures/national/sm2/sm2-sm3-attached.p7m');
const gost = () => request('fixtures/national/gost/gost2012-256-attached.p7m');

describe('SM2 request validation', () => {
  it('SM2-with-SM3 OID (1.2.156.10197.1.501) and the bare SM2 OIDs verify the same signature', async () => {
    for (const algorithmOid of ['1.2.156.10197.1.501', '1.2.156.10197.1.301.1', '1.2.156.10197.1.301'])
      expect(await verifySignature({ ...sm2(), algorithmOid }, ctx)).toMatchObject({ ok: true });
  });
  it('a digest other than SM3 next to the bare SM2 OID is unsupported', async () => {
    const out = await verifySignature({ ...sm2(), digestOid: '2.16.840.1.101.3.4.2.1' }, ctx);
    expect(out).toMatchObject({ ok: false, failure: 'UNSUPPORTED_ALGORITHM' });
  });
  it('trailing bytes after the DER signature are malformed', async () => {
    const r = sm2();
    const out = await verifySignature({ ...r, signature: new Uint8Array([...r.signature, 0]) }, ctx);
    expect(out).toMatchObject({ ok: false, failure: 'MALFORMED_SIGNATURE' });
  });
  it('a public key off the curve is a bad key', async () => {
    const r = sm2();
    const pk = r.key.publicKey.slice();
    pk[pk.length - 1]! ^= 1;
    const out = await verifySignature({ ...r, key: { ...r.key, publicKey: pk } }, ctx);
    expect(out).toMatchObject({ ok: false, failure: 'BAD_KEY' });
  });
  it('a GOST key under an SM2 OID is a key mismatch', async () => {
    const out = await verifySignature({ ...sm2(), key: gost().key }, ctx);
    expect(out).toMatchObject({ ok: false, failure: 'KEY_ALGORITHM_MISMATCH' });
  });
});

describe('GOST request validation', () => {
  it('the 256-bit signature OID and the key OID both verify (X.509 vs RFC 9337 SignerInfo)', async () => {
    for (const algorithmOid of ['1.2.643.7.1.1.3.2', '1.2.643.7.1.1.1.1'])
      expect(await verifySignature({ ...gost(), algorithmOid }, ctx)).toMatchObject({ ok: true });
  });
  it('a 512-bit OID over a 256-bit key is a key mismatch', async () => {
    const out = await verifySignature(
      { ...gost(), algorithmOid: '1.2.643.7.1.1.3.3', digestOid: undefined },
      ctx,
    );
    expect(out).toMatchObject({ ok: false, failure: 'KEY_ALGORITHM_MISMATCH' });
  });
  it('Streebog-512 named next to a 256-bit signature is refused', async () => {
    const out = await verifySignature({ ...gost(), digestOid: '1.2.643.7.1.1.2.3' }, ctx);
    expect(out).toMatchObject({ ok: false, failure: 'BAD_PARAMETERS' });
  });
  it('a signature of the wrong length is malformed', async () => {
    const r = gost();
    const out = await verifySignature({ ...r, signature: r.signature.subarray(1) }, ctx);
    expect(out).toMatchObject({ ok: false, failure: 'MALFORMED_SIGNATURE' });
  });
  it('missing key parameters are bad parameters', async () => {
    const r = gost();
    const out = await verifySignature({ ...r, key: { ...r.key, parameters: undefined } }, ctx);
    expect(out).toMatchObject({ ok: false, failure: 'BAD_PARAMETERS' });
  });
});

describe('arbitrary signature bytes', () => {
  it('never verify and never throw, for SM2 and GOST', async () => {
    const base = [sm2(), gost()];
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 140 }), fc.boolean(), async (sig, which) => {
        const out = await verifySignature({ ...base[which ? 1 : 0]!, signature: sig }, ctx);
        expect(out.ok).toBe(false);
      }),
      { numRuns: 80 },
    );
  });
});
