import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultCryptoContext } from '../../src/crypto/context.js';
import { verifySignature } from '../../src/crypto/registry.js';
import type { VerifyRequest } from '../../src/crypto/types.js';
import { fromBase64, toHex } from '../../src/lib/bytes.js';
import { type Certificate, parseCertificate } from '../../src/x509/certificate.js';

const CORPUS = resolve(__dirname, '../../../shared/corpus');
const corpusAvailable = existsSync(CORPUS);
if (!corpusAvailable) console.warn(`[skip] corpus not found at ${CORPUS}`);

/** Signature OIDs owned by other registry families (SM2, GOST) are left to their own tests. */
const OTHER_FAMILIES = /^1\.2\.156\.10197\.|^1\.2\.643\./;

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...walk(p));
    else if (/\.(cer|crt|der|pem)$/i.test(name)) out.push(p);
  }
  return out;
}

function loadCerts(): { file: string; cert: Certificate }[] {
  const out: { file: string; cert: Certificate }[] = [];
  for (const file of walk(CORPUS)) {
    const raw = readFileSync(file);
    const text = raw.toString('latin1');
    const ders = text.includes('-----BEGIN CERTIFICATE-----')
      ? [...text.matchAll(/-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/g)].map((m) =>
          fromBase64(m[1]!),
        )
      : [new Uint8Array(raw)];
    for (const der of ders) {
      try {
        out.push({ file, cert: parseCertificate(der) });
      } catch {
        // Not a certificate (keys, CRLs saved as .der): not this test's subject.
      }
    }
  }
  return out;
}

describe.skipIf(!corpusAvailable)('certificate signatures found in the corpus', () => {
  it('every certificate whose issuer is in the corpus verifies, except the PKITS bad-signature cases', async () => {
    const certs = loadCerts();
    const ctx = defaultCryptoContext();
    const byAlg: Record<string, number> = {};
    const wrong: string[] = [];
    let checked = 0;
    for (const { file, cert } of certs) {
      if (OTHER_FAMILIES.test(cert.signatureAlgorithmOid)) continue;
      const issuers = certs.filter((x) => toHex(x.cert.subjectDer) === toHex(cert.issuerDer));
      if (issuers.length === 0) continue;
      checked++;
      let verified: string | undefined;
      for (const issuer of issuers) {
        const req: VerifyRequest = {
          algorithmOid: cert.signatureAlgorithmOid,
          key: issuer.cert.publicKey,
          data: cert.tbs,
          signature: cert.signatureValue,
        };
        if (cert.signatureAlgorithmParams) req.parameters = cert.signatureAlgorithmParams;
        const out = await verifySignature(req, ctx);
        if (out.ok) verified = out.use.name;
      }
      // PKITS §4.1: these three certificates carry a corrupted signature of their own (the other
      // "Invalid…Signature" cases break a CA or CRL signature, not this certificate's).
      const expectBad = /InvalidEESignatureTest3|InvalidDSASignatureTest6|BadSignedCACert/.test(file);
      if (verified) byAlg[verified] = (byAlg[verified] ?? 0) + 1;
      if (!!verified === expectBad) wrong.push(`${file}: ${verified ? 'verified' : 'failed'}`);
    }
    console.log(`corpus certificates checked: ${checked}`, byAlg);
    expect(wrong).toEqual([]);
    expect(checked).toBeGreaterThan(0);
  });
});
