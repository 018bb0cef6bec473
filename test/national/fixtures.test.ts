import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { digestParts, verifySignature } from '../../src/crypto/registry.js';
import { equalBytes } from '../../src/lib/bytes.js';
import {
  ctx,
  eContent,
  messageDigestAttr,
  parseCert,
  parseSignedData,
  signedBytes,
  signerCert,
  signerInfoRequest,
  verifyCertSignature,
} from './util.js';

const ROOT = resolve(__dirname, '../..');
const read = (p: string) => new Uint8Array(readFileSync(join(ROOT, p)));

interface Entry {
  file: string;
  trustAnchors: string[];
  signerCertificates: string[];
  validationTime: string;
  expect: { indication: string; subIndication: string | null; signers: number };
}
const entries = JSON.parse(readFileSync(join(ROOT, 'fixtures/national/index.json'), 'utf8')) as Entry[];
const fx = (p: string) => read(`fixtures/${p}`);
const intact = (e: Entry) => e.expect.indication !== 'TOTAL_FAILED';

describe('national CMS fixtures (fixtures/national/index.json)', () => {
  it('lists a valid and a tampered CMS for SM2 and for GOST', () => {
    expect(entries.map(intact)).toEqual([true, false, true, false]);
  });

  describe.each(entries)('$file', (entry) => {
    const parts = () => parseSignedData(fx(entry.file));
    const anchor = () => parseCert(fx(entry.trustAnchors[0]!));

    it('the signer certificate verifies under the trust anchor, and the anchor under itself', async () => {
      const p = parts();
      expect(await verifyCertSignature(signerCert(p), anchor())).toMatchObject({ ok: true });
      expect(await verifyCertSignature(anchor(), anchor())).toMatchObject({ ok: true });
    });

    it(`integrity is ${intact(entry)}: messageDigest and SignerInfo signature`, async () => {
      const p = parts();
      const si = p.signedData.signerInfos[0]!;
      const digestOk = equalBytes(
        digestParts(si.digestAlgorithm.algorithmId, [eContent(p)]),
        messageDigestAttr(p)!,
      );
      const sig = await verifySignature(signerInfoRequest(p, signedBytes(p)), ctx);
      // The tampered copies change the content only: the signature over the attributes still holds.
      expect(sig).toMatchObject({ ok: true });
      expect(digestOk && sig.ok).toBe(intact(entry));
    });

    it('the listed signer certificate is the one in the CMS, valid at the validation time', () => {
      const c = signerCert(parts());
      expect(c.serialNumber.isEqual(parseCert(fx(entry.signerCertificates[0]!)).serialNumber)).toBe(true);
      const t = new Date(entry.validationTime).getTime();
      expect(c.notBefore.value.getTime()).toBeLessThan(t);
      expect(c.notAfter.value.getTime()).toBeGreaterThan(t);
    });
  });

  it('the SM2 signature fails under another signer ID', async () => {
    const p = parseSignedData(read('fixtures/national/sm2/sm2-sm3-attached.p7m'));
    const req = signerInfoRequest(p, signedBytes(p));
    const out = await verifySignature(
      { ...req, options: { sm2UserId: new TextEncoder().encode('12345678') } },
      ctx,
    );
    expect(out).toMatchObject({ ok: false, failure: 'BAD_SIGNATURE' });
  });
});
