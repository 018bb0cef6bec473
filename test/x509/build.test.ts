import { beforeAll, describe, expect, it } from 'vitest';
import type { Certificate } from '../../src/x509/certificate.js';
import { type PathRequest, toChainResult, validatePath, X509_PROBLEMS } from '../../src/x509/path.js';
import { anchor, cert, crypto, NOW, type Party, party } from './pki.js';

let root: Party;
let sub: Party;
let ee: Party;
let rootCert: Certificate;
let subCert: Certificate;
let eeCert: Certificate;

beforeAll(async () => {
  [root, sub, ee] = await Promise.all([
    party('CN=Root CA, O=Test'),
    party('CN=Sub CA, O=Test'),
    party('CN=Signer, O=Test'),
  ]);
  rootCert = await cert({ subject: root, ca: true });
  subCert = await cert({ subject: sub, issuer: root, ca: true });
  eeCert = await cert({ subject: ee, issuer: sub });
});

const req = (over: Partial<PathRequest> & Pick<PathRequest, 'target'>): PathRequest => ({
  pool: [],
  anchors: [anchor(rootCert)],
  time: NOW,
  purpose: 'signing',
  crypto,
  ...over,
});

describe('path building', () => {
  it('builds target → intermediate → anchor from an unordered pool', async () => {
    const r = await validatePath(req({ target: eeCert, pool: [rootCert, subCert, eeCert] }));
    expect(r.status).toBe('valid');
    expect(r.path.map((c) => c.sha256)).toEqual([eeCert.sha256, subCert.sha256, rootCert.sha256]);
    expect(r.anchor?.certificate.sha256).toBe(rootCert.sha256);
    expect(r.candidatesTried).toBe(1);
    const chain = toChainResult(r);
    expect(chain.status).toBe('trusted');
    expect(chain.certificates).toHaveLength(3);
  });

  it('accepts an anchor given by the same subject and key in a different certificate', async () => {
    const reissuedRoot = await cert({ subject: root, ca: true, notAfter: new Date('2040-01-01T00:00:00Z') });
    expect(reissuedRoot.sha256).not.toBe(rootCert.sha256);
    const r = await validatePath(
      req({ target: eeCert, pool: [subCert, rootCert], anchors: [anchor(reissuedRoot)] }),
    );
    expect(r.status).toBe('valid');
    expect(r.path.at(-1)!.sha256).toBe(reissuedRoot.sha256);
  });

  it('a target that is itself an anchor is valid on its own', async () => {
    const r = await validatePath(req({ target: rootCert, purpose: 'any' }));
    expect(r.status).toBe('valid');
    expect(r.path).toHaveLength(1);
  });

  it('chains names case-insensitively (RFC 5280 §7.1)', async () => {
    const lower = await cert({ subject: ee, issuer: sub, issuerName: 'CN=sub ca, O=TEST' });
    const r = await validatePath(req({ target: lower, pool: [subCert] }));
    expect(r.status).toBe('valid');
  });

  it('follows a cross-certificate to the old root when only the old root is trusted', async () => {
    const newRoot = await party('CN=New Root, O=Test');
    const newRootSelf = await cert({ subject: newRoot, ca: true });
    const cross = await cert({ subject: newRoot, issuer: root, ca: true });
    const newSub = await cert({ subject: sub, issuer: newRoot, ca: true });
    const r = await validatePath(req({ target: eeCert, pool: [newSub, newRootSelf, cross] }));
    expect(r.status).toBe('valid');
    expect(r.path.map((c) => c.sha256)).toEqual([
      eeCert.sha256,
      newSub.sha256,
      cross.sha256,
      rootCert.sha256,
    ]);
    // The same pool with the new root trusted ends at the new root instead.
    const r2 = await validatePath(
      req({ target: eeCert, pool: [newSub, cross], anchors: [anchor(newRootSelf)] }),
    );
    expect(r2.status).toBe('valid');
    expect(r2.path.at(-1)!.sha256).toBe(newRootSelf.sha256);
  });

  it('tells two CAs with the same name apart by signature when there is no AKI', async () => {
    const twin = await party('CN=Sub CA, O=Test');
    const twinCert = await cert({ subject: twin, issuer: root, ca: true, keyIds: false });
    const subNoIds = await cert({ subject: sub, issuer: root, ca: true, keyIds: false });
    const eeNoAki = await cert({ subject: ee, issuer: sub, keyIds: false });
    const r = await validatePath(req({ target: eeNoAki, pool: [twinCert, subNoIds] }));
    expect(r.status).toBe('valid');
    expect(r.path[1]!.sha256).toBe(subNoIds.sha256);
    // Only the wrong twin available: a complete path whose signature fails.
    const bad = await validatePath(req({ target: eeNoAki, pool: [twinCert] }));
    expect(bad.status).toBe('invalid');
    expect(bad.subIndication).toBe('CERTIFICATE_CHAIN_GENERAL_FAILURE');
    expect(bad.problems.find((p) => p.code === X509_PROBLEMS.BAD_SIGNATURE)?.at).toBe(eeNoAki.sha256);
    expect(bad.stoppedBecause).toMatch(/signature does not verify/);
  });

  it('skips a same-name CA whose SKI does not match the AKI and says so', async () => {
    const twin = await party('CN=Sub CA, O=Test');
    const twinCert = await cert({ subject: twin, issuer: root, ca: true });
    const ok = await validatePath(req({ target: eeCert, pool: [twinCert, subCert] }));
    expect(ok.status).toBe('valid');
    expect(ok.candidatesTried).toBe(1);
    const r = await validatePath(req({ target: eeCert, pool: [twinCert] }));
    expect(r.status).toBe('no-path');
    expect(r.problems[0]!.code).toBe(X509_PROBLEMS.KEY_IDENTIFIER_MISMATCH);
    expect(r.stoppedBecause).toMatch(/key identifier does not match/);
  });

  it('terminates on an issuance loop and reports it', async () => {
    const a = await party('CN=Loop A');
    const b = await party('CN=Loop B');
    const aByB = await cert({ subject: a, issuer: b, ca: true });
    const bByA = await cert({ subject: b, issuer: a, ca: true });
    const leaf = await cert({ subject: ee, issuer: a });
    const r = await validatePath(req({ target: leaf, pool: [aByB, bByA] }));
    expect(r.status).toBe('no-path');
    expect(r.subIndication).toBe('NO_CERTIFICATE_CHAIN_FOUND');
    expect(r.path.map((c) => c.sha256)).toEqual([leaf.sha256, aByB.sha256, bByA.sha256]);
    expect(r.stoppedBecause).toMatch(/loop/);
  });

  it('caps the number of candidate paths', async () => {
    // Three certificates for the same issuer (re-issued with other serials), each a dead end.
    const orphanIssuer = await party('CN=Orphan Issuer');
    const stranger = await party('CN=Unknown Root');
    const variants = await Promise.all(
      [1, 2, 3].map((i) => cert({ subject: orphanIssuer, issuer: stranger, ca: true, serial: `7${i}` })),
    );
    const leaf = await cert({ subject: ee, issuer: orphanIssuer });
    const all = await validatePath(req({ target: leaf, pool: variants }));
    expect(all.candidatesTried).toBe(3);
    expect(all.problems.map((p) => p.code)).not.toContain(X509_PROBLEMS.PATH_ATTEMPTS_EXHAUSTED);
    const capped = await validatePath(req({ target: leaf, pool: variants, maxAttempts: 2 }));
    expect(capped.candidatesTried).toBe(2);
    expect(capped.candidates).toHaveLength(2);
    expect(capped.problems.map((p) => p.code)).toContain(X509_PROBLEMS.PATH_ATTEMPTS_EXHAUSTED);
  });

  it('honours a depth limit', async () => {
    const r = await validatePath(req({ target: eeCert, pool: [subCert], maxDepth: 2 }));
    expect(r.status).toBe('no-path');
    expect(r.problems[0]!.code).toBe(X509_PROBLEMS.PATH_TOO_LONG);
  });

  it('does not use an anchor outside its trusted period', async () => {
    const periods = [
      {
        status: 'granted',
        from: new Date('2019-01-01T00:00:00Z'),
        to: new Date('2024-01-01T00:00:00Z'),
        trusted: true,
      },
    ];
    const r = await validatePath(
      req({ target: eeCert, pool: [subCert], anchors: [anchor(rootCert, { periods })] }),
    );
    expect(r.status).toBe('no-path');
    expect(r.problems[0]!.code).toBe(X509_PROBLEMS.ANCHOR_NOT_TRUSTED_AT_TIME);
    const before = await validatePath(
      req({
        target: eeCert,
        pool: [subCert],
        anchors: [anchor(rootCert, { periods })],
        time: new Date('2023-01-01T00:00:00Z'),
      }),
    );
    expect(before.status).toBe('valid');
  });
});

describe('how far the best candidate got', () => {
  it('missing intermediate: the partial chain is the target alone, with the missing issuer named', async () => {
    const r = await validatePath(req({ target: eeCert }));
    expect(r.status).toBe('no-path');
    expect(r.path.map((c) => c.sha256)).toEqual([eeCert.sha256]);
    expect(r.stoppedAt).toBe(eeCert.subject);
    expect(r.stoppedBecause).toBe(
      `no issuer for ${eeCert.subject} (issuer ${eeCert.issuer}) in the pool or the trust anchors`,
    );
    expect(r.candidatesTried).toBe(1);
    expect(r.candidates[0]).toMatchObject({
      status: 'incomplete',
      reachedAnchor: false,
      subjects: [eeCert.subject],
    });
    const chain = toChainResult(r);
    expect(chain.status).toBe('untrusted');
    expect(chain.stoppedBecause).toBe(r.stoppedBecause);
  });

  it('missing anchor: the chain got to the intermediate, which is reported as the last certificate', async () => {
    const r = await validatePath(req({ target: eeCert, pool: [subCert], anchors: [] }));
    expect(r.status).toBe('no-path');
    expect(r.path.map((c) => c.subject)).toEqual([eeCert.subject, subCert.subject]);
    expect(r.stoppedAt).toBe(subCert.subject);
    expect(r.stoppedBecause).toBe(
      `no issuer for ${subCert.subject} (issuer ${subCert.issuer}) in the pool or the trust anchors`,
    );
  });

  it('a self-signed target that is not trusted says so', async () => {
    const self = await cert({ subject: ee });
    const r = await validatePath(req({ target: self }));
    expect(r.status).toBe('no-path');
    expect(r.stoppedBecause).toMatch(/self-signed but not a trust anchor/);
    expect(r.problems[0]!.code).toBe(X509_PROBLEMS.NO_TRUSTED_ANCHOR);
  });

  it('prefers the candidate that reached an anchor over dead ends, and reports each candidate', async () => {
    const deadEndTwin = await party('CN=Sub CA, O=Test');
    const stranger = await party('CN=Stranger');
    const twinCert = await cert({ subject: deadEndTwin, issuer: stranger, ca: true, keyIds: false });
    const expiredSub = await cert({
      subject: sub,
      issuer: root,
      ca: true,
      keyIds: false,
      notAfter: new Date('2024-01-01T00:00:00Z'),
    });
    const leaf = await cert({ subject: ee, issuer: sub, keyIds: false });
    const r = await validatePath(req({ target: leaf, pool: [twinCert, expiredSub] }));
    expect(r.status).toBe('invalid');
    expect(r.subIndication).toBe('OUT_OF_BOUNDS_NO_POE');
    expect(r.outOfBounds).toEqual([expect.objectContaining({ index: 1, isTarget: false, kind: 'expired' })]);
    expect(r.stoppedAt).toBe(expiredSub.subject);
    expect(r.candidatesTried).toBe(2);
    expect(r.candidates.map((c) => c.status).sort()).toEqual(['incomplete', 'invalid']);
  });
});
