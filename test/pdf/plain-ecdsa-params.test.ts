/**
 * TR-03111 plain-ECDSA signatures whose AlgorithmIdentifier carries the key's namedCurve OID as
 * parameters (OpenLimit/TeleSec QES, dss/pades/TeleSec_PKS_eIDAS_QES_CA_1-baseline-b.pdf).
 */
import { generateKeyPairSync, sign as nodeSign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { defaultCryptoContext } from '../../src/crypto/context.js';
import { encodeOid } from '../../src/crypto/lib/der.js';
import { verifySignature } from '../../src/crypto/registry.js';
import { parseSpki } from '../../src/crypto/spki.js';

const ctx = defaultCryptoContext();
const data = new TextEncoder().encode('signed attributes');
const PLAIN_SHA256 = '0.4.0.127.0.7.1.1.4.1.3';
const curveOid = (oid: string) => encodeOid(oid);

describe('plain ECDSA with curve parameters', () => {
  const ec = generateKeyPairSync('ec', { namedCurve: 'brainpoolP256r1' });
  const key = parseSpki(new Uint8Array(ec.publicKey.export({ type: 'spki', format: 'der' })));
  const signature = new Uint8Array(
    nodeSign('sha256', data, { key: ec.privateKey, dsaEncoding: 'ieee-p1363' }),
  );
  const req = { algorithmOid: PLAIN_SHA256, key, data, signature };

  it("accepts the key's own curve OID as parameters", async () => {
    const out = await verifySignature({ ...req, parameters: curveOid('1.3.36.3.3.2.8.1.1.7') }, ctx);
    expect(out).toMatchObject({ ok: true });
  });

  it('rejects another curve, other parameters, and curve parameters on the DER form', async () => {
    for (const parameters of [curveOid('1.2.840.10045.3.1.7'), Uint8Array.from([0x02, 0x01, 0x01])])
      expect(await verifySignature({ ...req, parameters }, ctx)).toMatchObject({
        ok: false,
        failure: 'BAD_PARAMETERS',
      });
    const der = new Uint8Array(nodeSign('sha256', data, ec.privateKey));
    const withParams = {
      algorithmOid: '1.2.840.10045.4.3.2',
      key,
      data,
      signature: der,
      parameters: curveOid('1.3.36.3.3.2.8.1.1.7'),
    };
    expect(await verifySignature(withParams, ctx)).toMatchObject({ ok: false, failure: 'BAD_PARAMETERS' });
  });
});
