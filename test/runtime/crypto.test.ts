/**
 * A selection of the crypto registry run in both runtimes: published digest vectors, and real
 * signatures from the fixtures verified through verifySignature() with the runtime's own WebCrypto
 * (RSA, ECDSA, Ed25519 go through SubtleCrypto where it has them; SM2 and GOST are pure code).
 */
import { describe, expect, it } from 'vitest';
import { parseSignedData } from '../../src/cms/parse.js';
import { defaultCryptoContext } from '../../src/crypto/context.js';
import { digestParts, verifySignature } from '../../src/crypto/registry.js';
import type { SignatureFamily, VerifyRequest } from '../../src/crypto/types.js';
import { certificatesFromFile } from '../../src/input/sniff.js';
import { fromHex, toHex } from '../../src/lib/bytes.js';
import { parseCertificate } from '../../src/x509/certificate.js';
import { fixture, runtime } from './fixtures.js';

const ascii = (s: string) => new TextEncoder().encode(s);
/** RFC 6986 prints vectors most significant byte first; on the wire they are reversed. */
const rfc = (hex: string) => fromHex(hex).reverse();
const ctx = defaultCryptoContext();

// RFC 6986 §10.1 M1: 63 ASCII digits.
const M1 = ascii('012345678901234567890123456789012345678901234567890123456789012');

const DIGESTS: [string, string, Uint8Array, string][] = [
  [
    'SHA-256 "abc" (FIPS 180-2)',
    '2.16.840.1.101.3.4.2.1',
    ascii('abc'),
    'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
  ],
  [
    'SHA3-256 "abc" (FIPS 202)',
    '2.16.840.1.101.3.4.2.8',
    ascii('abc'),
    '3a985da74fe225b2045c172d6bd390bd855f086e3e9d525b46bfe24511431532',
  ],
  [
    'SM3 "abc" (GB/T 32905 A.1)',
    '1.2.156.10197.1.401',
    ascii('abc'),
    '66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0',
  ],
  [
    'Streebog-256 M1 (RFC 6986 §10.1)',
    '1.2.643.7.1.1.2.2',
    M1,
    toHex(rfc('00557be5e584fd52a449b16b0251d05d27f94ab76cbaa6da890b59d8ef1e159d')),
  ],
  [
    'Streebog-512 M1 (RFC 6986 §10.1)',
    '1.2.643.7.1.1.2.3',
    M1,
    toHex(
      rfc(
        '486f64c1917879417fef082b3381a4e211c324f074654c38823a7b76f830ad00fa1fbae42b1285c0352f227524bc9ab16254288dd6863dccd5b9f54a1ad0541b',
      ),
    ),
  ],
];

describe(`[${runtime}] registry digests of published vectors`, () => {
  for (const [name, oid, input, hex] of DIGESTS)
    it(name, () => {
      expect(toHex(digestParts(oid, [input]))).toBe(hex);
      // Split input must give the same digest: the incremental path is what CMS/PDF hashing uses.
      expect(toHex(digestParts(oid, [input.subarray(0, 1), input.subarray(1)]))).toBe(hex);
    });
});

/** The first SignerInfo of a fixture as a registry request, with its signer certificate's key. */
async function signerRequest(cmsFile: string, signerPem: string): Promise<VerifyRequest> {
  const sd = parseSignedData(await fixture(cmsFile), 64);
  const si = sd.signers[0];
  if (!si?.signedAttrsDer) throw new Error(`${cmsFile}: expected a SignerInfo with signed attributes`);
  const [der] = certificatesFromFile(await fixture(signerPem));
  if (!der) throw new Error(`${signerPem}: no certificate`);
  const req: VerifyRequest = {
    algorithmOid: si.signatureAlgorithmOid,
    digestOid: si.digestAlgorithmOid,
    key: parseCertificate(der).publicKey,
    data: si.signedAttrsDer,
    signature: si.signature,
  };
  if (si.signatureAlgorithmParams) req.parameters = si.signatureAlgorithmParams;
  return req;
}

const SIGNERS: [string, string, SignatureFamily][] = [
  ['cms/rsa-sha256-attached.p7m', 'pki/rsa2048.pem', 'RSA'],
  ['cms/rsa-pss-sha256.p7m', 'pki/rsa-pss.pem', 'RSA-PSS'],
  ['cms/ecdsa-p256-sha256.p7m', 'pki/ecdsa-p256.pem', 'ECDSA'],
  ['cms/ed25519.p7m', 'pki/ed25519.pem', 'EdDSA'],
  ['national/sm2/sm2-sm3-attached.p7m', 'national/sm2/signer.pem', 'SM2'],
  ['national/gost/gost2012-256-attached.p7m', 'national/gost/signer.pem', 'GOST'],
];

describe(`[${runtime}] registry verifies fixture signatures`, () => {
  for (const [file, signer, family] of SIGNERS)
    it(`${family}: ${file} verifies over its signed attributes, and not over altered ones`, async () => {
      const req = await signerRequest(file, signer);
      const ok = await verifySignature(req, ctx);
      expect(ok, JSON.stringify(ok)).toMatchObject({ ok: true, use: { family } });
      const data = req.data.slice();
      data[data.length - 1]! ^= 0x01;
      expect(await verifySignature({ ...req, data }, ctx)).toMatchObject({
        ok: false,
        failure: 'BAD_SIGNATURE',
      });
    });

  for (const [dir, family] of [
    ['national/sm2', 'SM2'],
    ['national/gost', 'GOST'],
  ] as const)
    it(`${family}: the test CA's signature on the signer certificate verifies`, async () => {
      const [leafDer] = certificatesFromFile(await fixture(`${dir}/signer.pem`));
      const [caDer] = certificatesFromFile(await fixture(`${dir}/ca.pem`));
      if (!leafDer || !caDer) throw new Error(`${dir}: missing certificates`);
      const leaf = parseCertificate(leafDer);
      const req: VerifyRequest = {
        algorithmOid: leaf.signatureAlgorithmOid,
        key: parseCertificate(caDer).publicKey,
        data: leaf.tbs,
        signature: leaf.signatureValue,
      };
      if (leaf.signatureAlgorithmParams) req.parameters = leaf.signatureAlgorithmParams;
      expect(await verifySignature(req, ctx)).toMatchObject({ ok: true, use: { family } });
      // The signer's own key did not sign its certificate.
      expect(await verifySignature({ ...req, key: leaf.publicKey }, ctx)).toMatchObject({ ok: false });
    });
});
