import { constants, generateKeyPairSync, type KeyObject, sign as nodeSign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { withInheritedDsaParameters } from '../../src/crypto/algorithms/dsa.js';
import { defaultCryptoContext } from '../../src/crypto/context.js';
import { DER_TAG, encodeOid, encodeTlv } from '../../src/crypto/lib/der.js';
import { signatureEntryByOid, verifySignature } from '../../src/crypto/registry.js';
import { parseSpki } from '../../src/crypto/spki.js';
import type { PublicKeyInfo, VerifyOutcome, VerifyRequest } from '../../src/crypto/types.js';
import { concatBytes } from '../../src/lib/bytes.js';

const ctx = defaultCryptoContext();
const data = new TextEncoder().encode('crossign registry test: the exact bytes that were signed');

function spkiOf(pub: KeyObject): PublicKeyInfo {
  return parseSpki(new Uint8Array(pub.export({ type: 'spki', format: 'der' })));
}
function flip(sig: Uint8Array, at = sig.length - 1): Uint8Array {
  const out = sig.slice();
  out[at]! ^= 0x01;
  return out;
}
async function check(req: VerifyRequest): Promise<VerifyOutcome> {
  return verifySignature(req, ctx);
}

const DIGEST_OIDS: Record<string, string> = {
  sha1: '1.3.14.3.2.26',
  sha256: '2.16.840.1.101.3.4.2.1',
  sha384: '2.16.840.1.101.3.4.2.2',
  sha512: '2.16.840.1.101.3.4.2.3',
};
function hashAlg(nodeName: string): Uint8Array {
  return encodeTlv(DER_TAG.SEQUENCE, concatBytes([encodeOid(DIGEST_OIDS[nodeName]!), Uint8Array.of(5, 0)]));
}
function pssParams(hash: string, mgfHash: string, salt: number): Uint8Array {
  const mgf = encodeTlv(DER_TAG.SEQUENCE, concatBytes([encodeOid('1.2.840.113549.1.1.8'), hashAlg(mgfHash)]));
  return encodeTlv(
    DER_TAG.SEQUENCE,
    concatBytes([
      encodeTlv(0xa0, hashAlg(hash)),
      encodeTlv(0xa1, mgf),
      encodeTlv(0xa2, encodeTlv(DER_TAG.INTEGER, Uint8Array.of(salt))),
    ]),
  );
}

describe('registry: unknown and malformed input never throws', () => {
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const key = spkiOf(rsa.publicKey);

  it('an unknown signature OID is UNSUPPORTED_ALGORITHM', async () => {
    const out = await check({ algorithmOid: '1.2.3.4.5.6', key, data, signature: new Uint8Array(256) });
    expect(out).toMatchObject({ ok: false, failure: 'UNSUPPORTED_ALGORITHM' });
    expect(signatureEntryByOid('1.2.3.4.5.6')).toBeUndefined();
  });

  it('an unknown digest under rsaEncryption is UNSUPPORTED_ALGORITHM', async () => {
    const base = { algorithmOid: '1.2.840.113549.1.1.1', key, data, signature: new Uint8Array(256) };
    expect(await check({ ...base, digestOid: '1.2.3.4' })).toMatchObject({
      ok: false,
      failure: 'UNSUPPORTED_ALGORITHM',
    });
    expect(await check(base)).toMatchObject({ ok: false, failure: 'UNSUPPORTED_ALGORITHM' });
  });

  it('garbage keys and signatures fail cleanly for every family', async () => {
    const junk = Uint8Array.of(0x30, 0x84, 0xff, 0xff, 0xff, 0xff, 1, 2);
    const oids = [
      '1.2.840.113549.1.1.11',
      '1.2.840.113549.1.1.10',
      '1.2.840.10045.4.3.2',
      '0.4.0.127.0.7.1.1.4.1.3',
      '1.3.101.112',
      '1.3.101.113',
      '2.16.840.1.101.3.4.3.2',
    ];
    const keys: PublicKeyInfo[] = [
      key,
      { spki: junk, algorithmOid: '1.2.840.10045.2.1', parameters: junk, publicKey: junk },
      { spki: junk, algorithmOid: '1.2.840.113549.1.1.1', publicKey: junk },
      { spki: junk, algorithmOid: '1.2.840.10040.4.1', parameters: junk, publicKey: junk },
      { spki: junk, algorithmOid: '1.3.101.112', publicKey: new Uint8Array(32).fill(0xff) },
    ];
    for (const algorithmOid of oids)
      for (const k of keys)
        for (const signature of [new Uint8Array(0), junk]) {
          const out = await check({ algorithmOid, key: k, data, signature, parameters: junk });
          expect(out.ok, `${algorithmOid} / ${k.algorithmOid}`).toBe(false);
          const out2 = await check({ algorithmOid, key: k, data, signature });
          expect(out2.ok, `${algorithmOid} / ${k.algorithmOid}`).toBe(false);
        }
  });

  it('an RSA signature OID with an EC key is KEY_ALGORITHM_MISMATCH', async () => {
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const signature = new Uint8Array(nodeSign('sha256', data, ec.privateKey));
    const out = await check({
      algorithmOid: '1.2.840.113549.1.1.11',
      key: spkiOf(ec.publicKey),
      data,
      signature,
    });
    expect(out).toMatchObject({ ok: false, failure: 'KEY_ALGORITHM_MISMATCH' });
  });
});

describe('RSA PKCS#1 v1.5 with every digest', () => {
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const key = spkiOf(rsa.publicKey);
  const cases: [string, string, string][] = [
    ['md5', '1.2.840.113549.1.1.4', 'MD5'],
    ['sha1', '1.2.840.113549.1.1.5', 'SHA-1'],
    ['sha224', '1.2.840.113549.1.1.14', 'SHA-224'],
    ['sha256', '1.2.840.113549.1.1.11', 'SHA-256'],
    ['sha384', '1.2.840.113549.1.1.12', 'SHA-384'],
    ['sha512', '1.2.840.113549.1.1.13', 'SHA-512'],
    ['sha512-224', '1.2.840.113549.1.1.15', 'SHA-512/224'],
    ['sha512-256', '1.2.840.113549.1.1.16', 'SHA-512/256'],
    ['sha3-224', '2.16.840.1.101.3.4.3.13', 'SHA3-224'],
    ['sha3-256', '2.16.840.1.101.3.4.3.14', 'SHA3-256'],
    ['sha3-384', '2.16.840.1.101.3.4.3.15', 'SHA3-384'],
    ['sha3-512', '2.16.840.1.101.3.4.3.16', 'SHA3-512'],
  ];
  for (const [nodeHash, oid, name] of cases) {
    it(`${name} (${oid}) verifies, and a flipped bit does not`, async () => {
      const signature = new Uint8Array(nodeSign(nodeHash, data, rsa.privateKey));
      const ok = await check({ algorithmOid: oid, key, data, signature, parameters: Uint8Array.of(5, 0) });
      expect(ok).toMatchObject({ ok: true, use: { family: 'RSA', digest: name, keySize: 2048 } });
      const bad = await check({ algorithmOid: oid, key, data, signature: flip(signature) });
      expect(bad).toMatchObject({ ok: false, failure: 'BAD_SIGNATURE' });
    });
  }

  it('rsaEncryption as the signature OID takes the digest from digestOid', async () => {
    const signature = new Uint8Array(nodeSign('sha384', data, rsa.privateKey));
    const base = { algorithmOid: '1.2.840.113549.1.1.1', key, data, signature };
    expect(await check({ ...base, digestOid: '2.16.840.1.101.3.4.2.2' })).toMatchObject({
      ok: true,
      use: { digest: 'SHA-384' },
    });
    expect(await check({ ...base, digestOid: '2.16.840.1.101.3.4.2.1' })).toMatchObject({ ok: false });
  });

  it('a signature made with one digest does not verify under another digest OID', async () => {
    const signature = new Uint8Array(nodeSign('sha256', data, rsa.privateKey));
    expect(await check({ algorithmOid: '1.2.840.113549.1.1.12', key, data, signature })).toMatchObject({
      ok: false,
    });
  });

  it('a 2048-bit BigInt verification stays well under a millisecond on average', async () => {
    const signature = new Uint8Array(nodeSign('sha256', data, rsa.privateKey));
    const req = { algorithmOid: '1.2.840.113549.1.1.11', key, data, signature };
    for (let i = 0; i < 20; i++) await check(req);
    const n = 200;
    const t0 = performance.now();
    for (let i = 0; i < n; i++) await check(req);
    const avg = (performance.now() - t0) / n;
    console.log(`RSA-2048 PKCS#1 v1.5 verify: ${(avg * 1000).toFixed(0)} µs average over ${n}`);
    // Loose bound: the machine is shared; the figure above is the real measurement.
    expect(avg).toBeLessThan(2);
  });
});

describe('RSA-PSS parameter handling', () => {
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const key = spkiOf(rsa.publicKey);
  const PSS = '1.2.840.113549.1.1.10';
  const pssSign = (hash: string, saltLength: number, k: KeyObject = rsa.privateKey) =>
    new Uint8Array(nodeSign(hash, data, { key: k, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength }));

  it('absent parameters and an empty SEQUENCE mean SHA-1 / MGF1-SHA-1 / salt 20', async () => {
    const signature = pssSign('sha1', 20);
    for (const parameters of [undefined, Uint8Array.of(0x30, 0x00)]) {
      const req: VerifyRequest = { algorithmOid: PSS, key, data, signature };
      if (parameters) req.parameters = parameters;
      expect(await check(req)).toMatchObject({ ok: true, use: { family: 'RSA-PSS', digest: 'SHA-1' } });
    }
  });

  it('explicit parameters (SHA-256, MGF1-SHA-256, salt 32) verify; a wrong salt length or hash does not', async () => {
    const signature = pssSign('sha256', 32);
    const req = { algorithmOid: PSS, key, data, signature };
    expect(await check({ ...req, parameters: pssParams('sha256', 'sha256', 32) })).toMatchObject({
      ok: true,
      use: { name: 'RSA-PSS with SHA-256 (MGF1 SHA-256, salt 32)' },
    });
    expect(await check({ ...req, parameters: pssParams('sha256', 'sha256', 20) })).toMatchObject({
      ok: false,
    });
    expect(await check({ ...req, parameters: pssParams('sha256', 'sha1', 32) })).toMatchObject({ ok: false });
    expect(await check({ ...req, parameters: pssParams('sha384', 'sha256', 32) })).toMatchObject({
      ok: false,
    });
    expect(await check(req)).toMatchObject({ ok: false });
  });

  it('rejects a trailerField other than 1 and a non-MGF1 mask', async () => {
    const signature = pssSign('sha1', 20);
    const trailer2 = encodeTlv(
      DER_TAG.SEQUENCE,
      encodeTlv(0xa3, encodeTlv(DER_TAG.INTEGER, Uint8Array.of(2))),
    );
    expect(await check({ algorithmOid: PSS, key, data, signature, parameters: trailer2 })).toMatchObject({
      ok: false,
      failure: 'UNSUPPORTED_ALGORITHM',
    });
    const badMgf = encodeTlv(
      DER_TAG.SEQUENCE,
      encodeTlv(0xa1, encodeTlv(DER_TAG.SEQUENCE, concatBytes([encodeOid('1.2.3.4'), hashAlg('sha1')]))),
    );
    expect(await check({ algorithmOid: PSS, key, data, signature, parameters: badMgf })).toMatchObject({
      ok: false,
    });
  });

  it('an id-RSASSA-PSS key with parameters constrains the signature', async () => {
    const pss = generateKeyPairSync('rsa-pss', {
      modulusLength: 2048,
      hashAlgorithm: 'sha256',
      mgf1HashAlgorithm: 'sha512',
      // @types/node 20 types saltLength as a string; Node itself wants a number.
      saltLength: 32 as unknown as string,
    });
    const pkey = spkiOf(pss.publicKey);
    expect(pkey.algorithmOid).toBe(PSS);
    expect(pkey.parameters).toBeDefined();
    const signature = pssSign('sha256', 32, pss.privateKey);
    const req = { algorithmOid: PSS, key: pkey, data, signature };
    // No signature parameters: the key's apply.
    expect(await check(req)).toMatchObject({
      ok: true,
      use: { name: 'RSA-PSS with SHA-256 (MGF1 SHA-512, salt 32)' },
    });
    expect(await check({ ...req, parameters: pssParams('sha256', 'sha512', 32) })).toMatchObject({
      ok: true,
    });
    // Different MGF hash or a shorter salt than the key allows.
    expect(await check({ ...req, parameters: pssParams('sha256', 'sha256', 32) })).toMatchObject({
      ok: false,
      failure: 'BAD_PARAMETERS',
    });
    expect(await check({ ...req, parameters: pssParams('sha256', 'sha512', 20) })).toMatchObject({
      ok: false,
      failure: 'BAD_PARAMETERS',
    });
    // A PSS-only key must not verify PKCS#1 v1.5 signatures.
    expect(await check({ ...req, algorithmOid: '1.2.840.113549.1.1.11' })).toMatchObject({
      ok: false,
      failure: 'KEY_ALGORITHM_MISMATCH',
    });
  });

  it('an id-RSASSA-PSS key without parameters accepts any parameters', async () => {
    const pss = generateKeyPairSync('rsa-pss', { modulusLength: 2048 });
    const pkey = spkiOf(pss.publicKey);
    expect(pkey.parameters).toBeUndefined();
    const signature = pssSign('sha384', 48, pss.privateKey);
    expect(
      await check({
        algorithmOid: PSS,
        key: pkey,
        data,
        signature,
        parameters: pssParams('sha384', 'sha384', 48),
      }),
    ).toMatchObject({ ok: true });
  });
});

describe('ECDSA', () => {
  const curves: [string, string, number][] = [
    ['P-256', 'P-256', 256],
    ['P-384', 'P-384', 384],
    ['P-521', 'P-521', 521],
    ['brainpoolP256r1', 'brainpoolP256r1', 256],
    ['brainpoolP384r1', 'brainpoolP384r1', 384],
    ['brainpoolP512r1', 'brainpoolP512r1', 512],
  ];
  const digests: [string, string, string][] = [
    ['sha1', '1.2.840.10045.4.1', '0.4.0.127.0.7.1.1.4.1.1'],
    ['sha256', '1.2.840.10045.4.3.2', '0.4.0.127.0.7.1.1.4.1.3'],
    ['sha512', '1.2.840.10045.4.3.4', '0.4.0.127.0.7.1.1.4.1.5'],
    ['sha3-256', '2.16.840.1.101.3.4.3.10', '0.4.0.127.0.7.1.1.4.1.9'],
  ];
  for (const [nodeCurve, name, bits] of curves) {
    it(`${name}: DER and plain r||s, with digests shorter and longer than the order`, async () => {
      const ec = generateKeyPairSync('ec', { namedCurve: nodeCurve });
      const key = spkiOf(ec.publicKey);
      for (const [hash, derOid, plainOid] of digests) {
        const der = new Uint8Array(nodeSign(hash, data, ec.privateKey));
        const plain = new Uint8Array(nodeSign(hash, data, { key: ec.privateKey, dsaEncoding: 'ieee-p1363' }));
        const okDer = await check({ algorithmOid: derOid, key, data, signature: der });
        expect(okDer, `${name} ${hash} DER`).toMatchObject({ ok: true, use: { curve: name, keySize: bits } });
        expect(
          await check({ algorithmOid: plainOid, key, data, signature: plain }),
          `${hash} plain`,
        ).toMatchObject({
          ok: true,
        });
        // The encodings are not interchangeable, and a modified signature fails.
        expect((await check({ algorithmOid: plainOid, key, data, signature: der })).ok).toBe(false);
        expect((await check({ algorithmOid: derOid, key, data, signature: plain })).ok).toBe(false);
        expect((await check({ algorithmOid: plainOid, key, data, signature: flip(plain) })).ok).toBe(false);
      }
    });
  }

  it('accepts high-S signatures (X.509/CMS signers do not normalise s)', async () => {
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const key = spkiOf(ec.publicKey);
    const n = BigInt('0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551');
    const plain = new Uint8Array(nodeSign('sha256', data, { key: ec.privateKey, dsaEncoding: 'ieee-p1363' }));
    const hex = Buffer.from(plain).toString('hex');
    const s = BigInt('0x' + hex.slice(64));
    const other = Buffer.from(hex.slice(0, 64) + (n - s).toString(16).padStart(64, '0'), 'hex');
    const oid = '0.4.0.127.0.7.1.1.4.1.3';
    expect(await check({ algorithmOid: oid, key, data, signature: plain })).toMatchObject({ ok: true });
    expect(await check({ algorithmOid: oid, key, data, signature: new Uint8Array(other) })).toMatchObject({
      ok: true,
    });
  });

  it('id-ecPublicKey as the signature OID takes the digest from digestOid', async () => {
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-384' });
    const signature = new Uint8Array(nodeSign('sha384', data, ec.privateKey));
    const req = { algorithmOid: '1.2.840.10045.2.1', key: spkiOf(ec.publicKey), data, signature };
    expect(await check({ ...req, digestOid: '2.16.840.1.101.3.4.2.2' })).toMatchObject({ ok: true });
    expect(await check(req)).toMatchObject({ ok: false, failure: 'UNSUPPORTED_ALGORITHM' });
  });

  it('an unsupported named curve is UNSUPPORTED_ALGORITHM', async () => {
    const ec = generateKeyPairSync('ec', { namedCurve: 'secp256k1' });
    const signature = new Uint8Array(nodeSign('sha256', data, ec.privateKey));
    const out = await check({
      algorithmOid: '1.2.840.10045.4.3.2',
      key: spkiOf(ec.publicKey),
      data,
      signature,
    });
    expect(out).toMatchObject({ ok: false, failure: 'UNSUPPORTED_ALGORITHM' });
  });
});

describe('EdDSA', () => {
  for (const [type, oid] of [
    ['ed25519', '1.3.101.112'],
    ['ed448', '1.3.101.113'],
  ] as const) {
    it(`${type} verifies PureEdDSA over the data; parameters are refused`, async () => {
      const kp = type === 'ed25519' ? generateKeyPairSync('ed25519') : generateKeyPairSync('ed448');
      const key = spkiOf(kp.publicKey);
      const signature = new Uint8Array(nodeSign(null, data, kp.privateKey));
      expect(await check({ algorithmOid: oid, key, data, signature })).toMatchObject({
        ok: true,
        use: { family: 'EdDSA' },
      });
      expect((await check({ algorithmOid: oid, key, data, signature: flip(signature, 3) })).ok).toBe(false);
      expect(
        await check({ algorithmOid: oid, key, data, signature, parameters: Uint8Array.of(5, 0) }),
      ).toMatchObject({ ok: false, failure: 'BAD_PARAMETERS' });
      expect(
        await check({ algorithmOid: oid, key: { ...key, parameters: Uint8Array.of(5, 0) }, data, signature }),
      ).toMatchObject({ ok: false, failure: 'BAD_KEY' });
      const other = oid === '1.3.101.112' ? '1.3.101.113' : '1.3.101.112';
      expect(await check({ algorithmOid: other, key, data, signature })).toMatchObject({
        ok: false,
        failure: 'KEY_ALGORITHM_MISMATCH',
      });
    });
  }
});

describe('DSA', () => {
  const dsa = generateKeyPairSync('dsa', { modulusLength: 1024, divisorLength: 160 });
  const key = spkiOf(dsa.publicKey);

  it('dsa-with-sha1 and dsa-with-sha256 verify; a flipped bit does not', async () => {
    for (const [hash, oid] of [
      ['sha1', '1.2.840.10040.4.3'],
      ['sha256', '2.16.840.1.101.3.4.3.2'],
    ] as const) {
      const signature = new Uint8Array(nodeSign(hash, data, dsa.privateKey));
      expect(await check({ algorithmOid: oid, key, data, signature })).toMatchObject({
        ok: true,
        use: { family: 'DSA', keySize: 1024 },
      });
      expect((await check({ algorithmOid: oid, key, data: flip(data), signature })).ok).toBe(false);
    }
  });

  it('a key that inherits its parameters from the issuer is BAD_PARAMETERS, not a crash', async () => {
    const signature = new Uint8Array(nodeSign('sha1', data, dsa.privateKey));
    const { parameters: _dropped, ...bare } = key;
    const out = await check({ algorithmOid: '1.2.840.10040.4.3', key: bare, data, signature });
    expect(out).toMatchObject({ ok: false, failure: 'BAD_PARAMETERS' });
    // Completed from the issuer's key (RFC 3279 §2.3.2), it verifies.
    const completed = withInheritedDsaParameters(bare, key);
    expect(await check({ algorithmOid: '1.2.840.10040.4.3', key: completed, data, signature })).toMatchObject(
      {
        ok: true,
      },
    );
    // An issuer with other domain parameters gives a key that does not verify.
    const other = spkiOf(generateKeyPairSync('dsa', { modulusLength: 1024, divisorLength: 160 }).publicKey);
    const wrong = withInheritedDsaParameters(bare, other);
    expect((await check({ algorithmOid: '1.2.840.10040.4.3', key: wrong, data, signature })).ok).toBe(false);
    // Keys that carry their own parameters, or are not DSA, are left alone.
    expect(withInheritedDsaParameters(key, other)).toBe(key);
  });

  it('rejects a public key outside the order-q subgroup', async () => {
    const signature = new Uint8Array(nodeSign('sha1', data, dsa.privateKey));
    const out = await check({
      algorithmOid: '1.2.840.10040.4.3',
      key: { ...key, publicKey: Uint8Array.of(2, 1, 2) },
      data,
      signature,
    });
    expect(out).toMatchObject({ ok: false, failure: 'BAD_KEY' });
  });
});
