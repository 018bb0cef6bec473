import { describe, expect, it } from 'vitest';
import { digestParts, verifySignature } from '../../src/crypto/registry.js';
import { toHex } from '../../src/lib/bytes.js';
import { corpusAvailable, corpusFile, skipNotice } from '../helpers/corpus.js';
import {
  ctx,
  eContent,
  flipByte,
  messageDigestAttr,
  parseCert,
  parseSignedData,
  signedBytes,
  signerCert,
  signerInfoRequest,
  verifyCertSignature,
} from './util.js';

skipNotice('national algorithms on sm2-gost corpus');

describe.skipIf(!corpusAvailable)('SM2 certificate chains (sm2-gost/sm2)', () => {
  const ca = () => parseCert(corpusFile('sm2-gost/sm2/SM2_CA.cer'));
  const ee = () => parseCert(corpusFile('sm2-gost/sm2/sm2_sign_cert.cer'));

  it('tjfoc SM2_CA.cer is self-signed with SM2-with-SM3 (default ID)', async () => {
    expect(await verifyCertSignature(ca(), ca())).toMatchObject({
      ok: true,
      use: { family: 'SM2', digest: 'SM3' },
    });
  });
  it('sm2_sign_cert.cer verifies under SM2_CA.cer', async () => {
    const cert = ee();
    expect(cert.signatureAlgorithm.algorithmId).toBe('1.2.156.10197.1.501');
    expect(await verifyCertSignature(cert, ca())).toMatchObject({ ok: true });
  });
  it('fails with a non-default SM2 user ID', async () => {
    const out = await verifyCertSignature(ee(), ca(), (r) => ({
      ...r,
      options: { sm2UserId: new TextEncoder().encode('ALICE123@YAHOO.COM') },
    }));
    expect(out).toMatchObject({ ok: false, failure: 'BAD_SIGNATURE' });
  });
  it('fails when one byte of the TBS changes', async () => {
    const out = await verifyCertSignature(ee(), ca(), (r) => ({ ...r, data: flipByte(r.data, 40) }));
    expect(out).toMatchObject({ ok: false, failure: 'BAD_SIGNATURE' });
  });
  it('fails when the certificate is checked under its own (wrong) key', async () => {
    expect(await verifyCertSignature(ee(), ee())).toMatchObject({ ok: false, failure: 'BAD_SIGNATURE' });
  });
  it('gmssl.cn chain: two certificates, the intermediate verifies under the root', async () => {
    const { certificates } = parseSignedData(corpusFile('sm2-gost/sm2/gmssl-cn-sm2-chain.p7b.pem'));
    expect(certificates).toHaveLength(2);
    const [root, mid] = certificates as [(typeof certificates)[0], (typeof certificates)[0]];
    expect(await verifyCertSignature(mid, root)).toMatchObject({ ok: true, use: { family: 'SM2' } });
    expect(await verifyCertSignature(root, root)).toMatchObject({ ok: true });
    expect(await verifyCertSignature(root, mid)).toMatchObject({ ok: false });
  });
});

describe.skipIf(!corpusAvailable)('GOST R 34.10-2012 TC26 reference PKI (sm2-gost/gost)', () => {
  const root = () => parseCert(corpusFile('sm2-gost/gost/root256_cert.pem'));

  it('root256_cert.pem is self-signed (256-bit, TC26 256-A curve)', async () => {
    expect(await verifyCertSignature(root(), root())).toMatchObject({
      ok: true,
      use: { family: 'GOST', digest: 'STREEBOG-256', curve: 'TC26 256-A' },
    });
  });
  it.each(['sender256_cert.pem', 'sender512_cert.pem'])('%s verifies under root256_cert.pem', async (f) => {
    expect(await verifyCertSignature(parseCert(corpusFile(`sm2-gost/gost/${f}`)), root())).toMatchObject({
      ok: true,
    });
  });
  it('fails when the two signature halves are swapped (s ‖ r order matters)', async () => {
    const out = await verifyCertSignature(root(), root(), (r) => ({
      ...r,
      signature: new Uint8Array([...r.signature.subarray(32), ...r.signature.subarray(0, 32)]),
    }));
    expect(out).toMatchObject({ ok: false, failure: 'BAD_SIGNATURE' });
  });

  describe.each([
    { file: 'signed_a111.pem', bits: 512, attrs: true },
    { file: 'signed_a121.pem', bits: 256, attrs: false },
  ])('CMS $file ($bits-bit, signed attributes: $attrs)', ({ file, bits, attrs }) => {
    const parts = () => parseSignedData(corpusFile(`sm2-gost/gost/${file}`));

    it('has the expected shape', () => {
      const p = parts();
      expect(p.signedData.signerInfos).toHaveLength(1);
      expect(Boolean(p.signedData.signerInfos[0]!.signedAttrs)).toBe(attrs);
    });
    if (attrs) {
      it('messageDigest equals Streebog of the eContent', () => {
        const p = parts();
        const si = p.signedData.signerInfos[0]!;
        expect(toHex(digestParts(si.digestAlgorithm.algorithmId, [eContent(p)]))).toBe(
          toHex(messageDigestAttr(p)!),
        );
      });
    }
    it('the SignerInfo signature verifies', async () => {
      const p = parts();
      expect(await verifySignature(signerInfoRequest(p, signedBytes(p)), ctx)).toMatchObject({
        ok: true,
        use: { family: 'GOST', keySize: bits },
      });
    });
    it('fails when one signed byte changes', async () => {
      const p = parts();
      const out = await verifySignature(signerInfoRequest(p, flipByte(signedBytes(p), 5)), ctx);
      expect(out).toMatchObject({ ok: false, failure: 'BAD_SIGNATURE' });
    });
    it('the signer certificate chains to root256_cert.pem', async () => {
      expect(await verifyCertSignature(signerCert(parts()), root())).toMatchObject({ ok: true });
    });
  });
});
