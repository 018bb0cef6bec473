import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Certificate, parseCertificate } from '../../src/x509/certificate.js';
import { validatePath } from '../../src/x509/path.js';
import { anchor, cert, crypto, NOW, party, policiesExt, sanExt } from './pki.js';

let rootCert: Certificate;
let caCert: Certificate;
let eeCert: Certificate;

beforeAll(async () => {
  const [root, ca, ee] = await Promise.all([party('CN=Fuzz Root'), party('CN=Fuzz CA'), party('CN=Fuzz EE')]);
  rootCert = await cert({ subject: root, ca: true });
  caCert = await cert({ subject: ca, issuer: root, ca: true });
  eeCert = await cert({
    subject: ee,
    issuer: ca,
    extensions: [sanExt([{ dns: 'fuzz.example' }, { email: 'a@fuzz.example' }]), policiesExt(['1.2.3.4'])],
  });
});

describe('robustness', () => {
  it('a flipped byte in the signed part of the target never yields a valid path, and never throws', async () => {
    const baseline = await validatePath({
      target: eeCert,
      pool: [caCert],
      anchors: [anchor(rootCert)],
      time: NOW,
      purpose: 'signing',
      crypto,
    });
    expect(baseline.status).toBe('valid');
    // The TBSCertificate starts right after the outer SEQUENCE header.
    const lenByte = eeCert.der[1]!;
    const tbsStart = lenByte & 0x80 ? 2 + (lenByte & 0x7f) : 2;
    expect(eeCert.der.subarray(tbsStart, tbsStart + eeCert.tbs.length)).toEqual(eeCert.tbs);
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: tbsStart, max: tbsStart + eeCert.tbs.length - 1 }),
        fc.integer({ min: 1, max: 255 }),
        async (pos, x) => {
          const der = eeCert.der.slice();
          der[pos]! ^= x;
          let mutated: Certificate;
          try {
            mutated = parseCertificate(der, 'caller');
          } catch {
            return; // rejected at parse time: fine
          }
          const r = await validatePath({
            target: mutated,
            pool: [caCert],
            anchors: [anchor(rootCert)],
            time: NOW,
            purpose: 'signing',
            crypto,
          });
          expect(r.status).not.toBe('valid');
        },
      ),
      { numRuns: 60 },
    );
  });
});
