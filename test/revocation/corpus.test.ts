import { describe, expect, it } from 'vitest';
import { crlUsabilityProblems, parseCrl, verifyCrlSignature } from '../../src/revocation/crl.js';
import { matchSingleResponse, parseOcspResponse, verifyOcspResponse } from '../../src/revocation/ocsp.js';
import { RevocationPool } from '../../src/revocation/pool.js';
import { determineStatus } from '../../src/revocation/status.js';
import { corpus, corpusAvailable, corpusCert, crypto } from './helpers.js';

const R = 'dss/revocation/';
const crl = (n: string) => parseCrl(corpus(R + n));
const RSA_SHA1 = '1.2.840.113549.1.1.5';
const RSA_SHA256 = '1.2.840.113549.1.1.11';
const RSA_PSS = '1.2.840.113549.1.1.10';
const ECDSA_SHA256 = '1.2.840.10045.4.3.2';
const ECDSA_SHA512 = '1.2.840.10045.4.3.4';

describe.skipIf(!corpusAvailable)(
  'DSS revocation files (AbstractTestCRLUtils, OfflineOCSPSourceTest, CRLParserTest)',
  () => {
    it('BE-belgium2.crl: issuer belgiumrs2 matches, intact and valid, no CRL number; an unrelated issuer does not', async () => {
      const c = crl('BE-belgium2.crl');
      expect(c.signatureAlgorithmOid).toBe(RSA_SHA1);
      expect(c.crlNumber).toBeUndefined();
      expect((await verifyCrlSignature(c, corpusCert(`${R}BE-belgiumrs2.crt`), crypto)).ok).toBe(true);
      const unrelated = await verifyCrlSignature(c, corpusCert(`${R}EE-sk_ca.cer`), crypto);
      expect(unrelated.ok).toBe(false);
      expect(unrelated.problems.map((p) => p.code)).toContain('CRL_ISSUER_NAME_MISMATCH');
    });

    it('DE-d-trust_root_ca_1_2017.crl (PEM): RSASSA-PSS SHA-512, valid with its root', async () => {
      const c = crl('DE-d-trust_root_ca_1_2017.crl');
      expect(c.signatureAlgorithmOid).toBe(RSA_PSS);
      const check = await verifyCrlSignature(c, corpusCert(`${R}DE-D-TRUST_Root_CA_1_2017.crt`), crypto);
      expect(check.ok, JSON.stringify(check.problems)).toBe(true);
      expect(check.algorithm).toMatch(/SHA-512/);
    });

    it('EE-GovCA2018.crl: ECDSA-SHA512, valid with EE-GovCA2018; not with another issuer', async () => {
      const c = crl('EE-GovCA2018.crl');
      expect(c.signatureAlgorithmOid).toBe(ECDSA_SHA512);
      expect((await verifyCrlSignature(c, corpusCert(`${R}EE-GovCA2018.pem.crt`), crypto)).ok).toBe(true);
      expect((await verifyCrlSignature(c, corpusCert(`${R}UA-CA-Justice-ECDSA-261217.cer`), crypto)).ok).toBe(
        false,
      );
    });

    it('LT-LTGRCA.crl: RSA-SHA1, no expiredCertsOnCRL, issuer mismatch with an unrelated CA', async () => {
      const c = crl('LT-LTGRCA.crl');
      expect(c.signatureAlgorithmOid).toBe(RSA_SHA1);
      expect(c.expiredCertsOnCrl).toBeUndefined();
      const check = await verifyCrlSignature(c, corpusCert(`${R}BE-belgiumrs2.crt`), crypto);
      expect(check.problems.map((p) => p.code)).toContain('CRL_ISSUER_NAME_MISMATCH');
    });

    it('PT CRL with a critical extension: sha1WithRSA outside and inside, dates parsed, usable', () => {
      const c = crl('PT-pt_crl_with_critical_extension.crl');
      expect(c.signatureAlgorithmOid).toBe(RSA_SHA1);
      expect(c.tbsSignatureAlgorithmOid).toBe(RSA_SHA1);
      expect(c.issuer).toContain('CN=ECRaizEstado');
      expect(c.thisUpdate.toISOString()).toBe('2013-09-20T10:16:19.000Z');
      expect(c.nextUpdate?.toISOString()).toBe('2014-03-20T10:16:19.000Z');
      // Its critical extension is the issuingDistributionPoint, which is understood.
      expect(c.idp?.onlyContainsCACerts).toBe(true);
      expect(crlUsabilityProblems(c)).toEqual([]);
    });

    it('UA-CA-5358AA45-Full.crl: ECDSA-SHA256, valid, issuer has cRLSign, no unknown critical extension', async () => {
      const c = crl('UA-CA-5358AA45-Full.crl');
      expect(c.signatureAlgorithmOid).toBe(ECDSA_SHA256);
      const check = await verifyCrlSignature(c, corpusCert(`${R}UA-CA-Justice-ECDSA-261217.cer`), crypto);
      expect(check).toMatchObject({ ok: true, problems: [] });
      expect(crlUsabilityProblems(c)).toEqual([]);
    });

    it('crl_with_expiredCertsOnCRL_extension.crl: RSA-SHA256, expiredCertsOnCRL and a CRL URL', () => {
      const c = crl('crl_with_expiredCertsOnCRL_extension.crl');
      expect(c.signatureAlgorithmOid).toBe(RSA_SHA256);
      expect(c.expiredCertsOnCrl).toBeInstanceOf(Date);
      expect(c.idp?.fullNames.some((n) => n.kind === 'uri' && /^http/.test(n.value))).toBe(true);
    });

    it('realts2019.crl: the name matches but the signature does not verify', async () => {
      const check = await verifyCrlSignature(crl('realts2019.crl'), corpusCert(`${R}realts2019.crt`), crypto);
      expect(check.ok).toBe(false);
      expect(check.problems.map((p) => p.code)).toEqual(['CRL_SIGNATURE_INVALID']);
    });

    it('root_issued_CRL.crl: RSASSA-PSS SHA-512, CRL number 5, intact with root_CRL_issuer', async () => {
      const c = crl('root_issued_CRL.crl');
      expect(c.signatureAlgorithmOid).toBe(RSA_PSS);
      expect(c.crlNumber).toBe(5n);
      expect((await verifyCrlSignature(c, corpusCert(`${R}root_CRL_issuer.pem`), crypto)).ok).toBe(true);
    });

    it('EE-sk_ocsp.ors: one response for sk_user, REVOKED with a date, CertHash present and matching', async () => {
      const ocsp = parseOcspResponse(corpus(`${R}EE-sk_ocsp.ors`));
      const user = corpusCert(`${R}EE-sk_user.cer`);
      const ca = corpusCert(`${R}EE-sk_ca.cer`);
      const m = matchSingleResponse(ocsp, user, ca);
      expect(m.single?.status).toBe('revoked');
      expect(m.single?.revocationTime).toBeInstanceOf(Date);
      expect(m.single?.certHash).toBeDefined();
      const pool = new RevocationPool();
      pool.addOcsp(corpus(`${R}EE-sk_ocsp.ors`), 'caller');
      const d = await determineStatus(user, ca, pool, {
        validationTime: new Date('2018-04-24T08:00:00Z'),
        crypto,
      });
      expect(d.result).toMatchObject({
        status: 'revoked',
        source: 'ocsp',
        revocationTime: '2017-10-31T17:23:32.000Z',
      });
      // A certificate whose DER differs from the CertHash is refused even with the right serial and issuer.
      const tampered = { ...user, der: user.der.slice(0, -1) };
      expect(matchSingleResponse(ocsp, tampered, ca).problems.map((p) => p.code)).toContain(
        'OCSP_CERT_HASH_MISMATCH',
      );
    });

    it('PE-peru_ocsp.ors: responder by key hash, one response for peru_client, none for the Estonian certificates', async () => {
      const ocsp = parseOcspResponse(corpus(`${R}PE-peru_ocsp.ors`));
      expect(ocsp.basic && 'byKey' in ocsp.basic.responderId).toBe(true);
      const ca = corpusCert(`${R}PE-peru_CA.cer`);
      expect(matchSingleResponse(ocsp, corpusCert(`${R}PE-peru_client.cer`), ca).single?.status).toBe('good');
      expect((await verifyOcspResponse(ocsp, ca, crypto)).ok).toBe(true);
      expect(
        matchSingleResponse(ocsp, corpusCert(`${R}EE-sk_user.cer`), corpusCert(`${R}EE-sk_ca.cer`)).single,
      ).toBeUndefined();
    });

    it('BE-external-ocsp-DSS2513.ors: good, producedAt 2021-07-15T09:14:30Z', () => {
      const ocsp = parseOcspResponse(corpus(`${R}BE-external-ocsp-DSS2513.ors`));
      expect(ocsp.basic?.producedAt.toISOString()).toBe('2021-07-15T09:14:30.000Z');
      expect(ocsp.basic?.responses.map((r) => r.status)).toEqual(['good']);
    });
  },
);

describe.skipIf(!corpusAvailable)('PKI.js example revocation data', () => {
  it('TestCRL.crl verifies with TestIssuerCert.cer', async () => {
    const c = parseCrl(corpus('pkijs/TestCRL.crl'));
    expect(c.entries.length).toBeGreaterThan(0);
    expect((await verifyCrlSignature(c, corpusCert('pkijs/TestIssuerCert.cer'), crypto)).ok).toBe(true);
  });
  it('TestOCSPresp.ors parses', () => {
    const o = parseOcspResponse(corpus('pkijs/TestOCSPresp.ors'));
    expect(o.responseStatus).toBe('successful');
    expect(o.basic?.responses.length).toBeGreaterThan(0);
  });
});
