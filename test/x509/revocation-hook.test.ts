import { beforeAll, describe, expect, it } from 'vitest';
import type { Certificate } from '../../src/x509/certificate.js';
import {
  type PathRequest,
  type RevocationVerdict,
  validatePath,
  X509_PROBLEMS,
} from '../../src/x509/path.js';
import { anchor, cert, crypto, NOW, type Party, party } from './pki.js';

let root: Party;
let ca: Party;
let ee: Party;
let rootCert: Certificate;
let caCert: Certificate;
let eeCert: Certificate;

beforeAll(async () => {
  [root, ca, ee] = await Promise.all([party('CN=Rev Root'), party('CN=Rev CA'), party('CN=Rev EE')]);
  rootCert = await cert({ subject: root, ca: true });
  caCert = await cert({ subject: ca, issuer: root, ca: true });
  eeCert = await cert({ subject: ee, issuer: ca });
});

const run = (checkRevocation: PathRequest['checkRevocation'], pool = [caCert]) =>
  validatePath({
    target: eeCert,
    pool,
    anchors: [anchor(rootCert)],
    time: NOW,
    purpose: 'signing',
    crypto,
    checkRevocation,
  });

describe('revocation hook', () => {
  it('is asked about every non-anchor certificate with its issuer, from the top down', async () => {
    const calls: [string, string, number][] = [];
    const r = await run(async (c, issuer, path) => {
      calls.push([c.subject, issuer.subject, path.length]);
      return { status: 'good' };
    });
    expect(r.status).toBe('valid');
    expect(calls).toEqual([
      [caCert.subject, rootCert.subject, 3],
      [eeCert.subject, caCert.subject, 3],
    ]);
    expect(r.revocation.map((x) => x.verdict.status)).toEqual(['good', 'good']);
  });

  it('is not asked when the path itself fails', async () => {
    let called = false;
    const expiredEe = await cert({ subject: ee, issuer: ca, notAfter: new Date('2021-01-01T00:00:00Z') });
    const r = await validatePath({
      target: expiredEe,
      pool: [caCert],
      anchors: [anchor(rootCert)],
      time: NOW,
      purpose: 'signing',
      crypto,
      checkRevocation: async () => {
        called = true;
        return { status: 'good' };
      },
    });
    expect(r.status).toBe('invalid');
    expect(called).toBe(false);
  });

  it('a revoked target gives REVOKED_NO_POE, a revoked CA REVOKED_CA_NO_POE', async () => {
    const revokedAt = new Date('2024-02-01T00:00:00Z');
    const revoke =
      (who: Certificate) =>
      async (c: Certificate): Promise<RevocationVerdict> =>
        c.sha256 === who.sha256
          ? { status: 'revoked', revocationTime: revokedAt, reason: 'keyCompromise' }
          : { status: 'good' };
    const t = await run(revoke(eeCert));
    expect(t.status).toBe('invalid');
    expect(t.subIndication).toBe('REVOKED_NO_POE');
    expect(t.revoked).toMatchObject({ isTarget: true, index: 0 });
    expect(t.stoppedBecause).toContain('keyCompromise');
    expect(t.problems.map((p) => p.code)).toContain(X509_PROBLEMS.REVOKED);
    const c = await run(revoke(caCert));
    expect(c.subIndication).toBe('REVOKED_CA_NO_POE');
    expect(c.revoked).toMatchObject({ isTarget: false, index: 1 });
  });

  it('no status, or a hook that throws, fails closed with TRY_LATER', async () => {
    const unknown = await run(async () => ({ status: 'unknown', message: 'no CRL or OCSP response' }));
    expect(unknown.status).toBe('invalid');
    expect(unknown.subIndication).toBe('TRY_LATER');
    expect(unknown.stoppedBecause).toContain('no CRL or OCSP response');
    const throws = await run(async () => {
      throw new Error('boom');
    });
    expect(throws.status).toBe('invalid');
    expect(throws.subIndication).toBe('TRY_LATER');
    expect(throws.stoppedBecause).toContain('boom');
  });

  it('a revoked CA on one path does not hide a good alternative path', async () => {
    const otherCaCert = await cert({ subject: ca, issuer: root, ca: true, serial: 'beef' });
    const r = await run(
      async (c) => (c.sha256 === caCert.sha256 ? { status: 'revoked' } : { status: 'good' }),
      [caCert, otherCaCert],
    );
    expect(r.status).toBe('valid');
    expect(r.path[1]!.sha256).toBe(otherCaCert.sha256);
    expect(r.candidatesTried).toBe(2);
  });
});
