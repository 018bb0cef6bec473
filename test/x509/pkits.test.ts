import { describe, expect, it } from 'vitest';
import { defaultCryptoContext } from '../../src/crypto/context.js';
import { signatureEntryByOid } from '../../src/crypto/registry.js';
import type { TrustAnchor } from '../../src/trust/anchor.js';
import { type PathResult, type RevocationVerdict, validatePath, X509_PROBLEMS } from '../../src/x509/path.js';
import { cases, corpusAvailable, load, type PkitsCase, TIME } from './pkits-cases.js';

const crypto = defaultCryptoContext();
const anchors = (): TrustAnchor[] => [{ certificate: load('TrustAnchorRootCertificate.crt'), lists: [] }];

/** What pyHanko's message means in our vocabulary: problem code, sub-indication, and which cert. */
interface Expected {
  status: PathResult['status'];
  code: string;
  subIndication: string;
  /** 'ee' = the target, a number = pyHanko's "intermediate certificate N" (1 = next to the anchor). */
  at?: 'ee' | number;
}

function expectedFromPyhanko(c: PkitsCase): Expected | undefined {
  const m = c.error?.msg_regex;
  if (!m) return undefined;
  const inter = /intermediate certificate (\d+)/.exec(m);
  const at: Expected['at'] = /end-entity certificate/.test(m) ? 'ee' : inter ? Number(inter[1]) : undefined;
  const withAt = (e: Omit<Expected, 'at'>): Expected => (at === undefined ? e : { ...e, at });
  if (/signature of .* could not be verified/.test(m))
    return withAt({
      status: 'invalid',
      code: X509_PROBLEMS.BAD_SIGNATURE,
      subIndication: 'CERTIFICATE_CHAIN_GENERAL_FAILURE',
    });
  if (/is not valid until/.test(m))
    return withAt({
      status: 'invalid',
      code: X509_PROBLEMS.NOT_YET_VALID,
      subIndication: 'OUT_OF_BOUNDS_NO_POE',
    });
  if (/ expired /.test(m))
    return withAt({ status: 'invalid', code: X509_PROBLEMS.EXPIRED, subIndication: 'OUT_OF_BOUNDS_NO_POE' });
  if (/issuer name could not be matched/.test(m))
    return withAt({
      status: 'no-path',
      code: X509_PROBLEMS.NO_ISSUER_FOUND,
      subIndication: 'NO_CERTIFICATE_CHAIN_FOUND',
    });
  // An issuer that is not a CA means there is no certification path at all: DSS reports
  // CERTIFICATE_CHAIN_GENERAL_FAILURE (its PAdESEndEntityCertIssuedByNotCACertTest), and so do we.
  if (/is not a CA/.test(m))
    return withAt({
      status: 'invalid',
      code: X509_PROBLEMS.NOT_A_CA,
      subIndication: 'CERTIFICATE_CHAIN_GENERAL_FAILURE',
    });
  if (/exceeds the maximum path length/.test(m))
    return {
      status: 'invalid',
      code: X509_PROBLEMS.PATHLEN_EXCEEDED,
      subIndication: 'CHAIN_CONSTRAINTS_FAILURE',
    };
  if (/not allowed to sign certificates/.test(m))
    return withAt({
      status: 'invalid',
      code: X509_PROBLEMS.KEYUSAGE_MISSING_KEYCERTSIGN,
      subIndication: 'CHAIN_CONSTRAINTS_FAILURE',
    });
  throw new Error(`no mapping for pyHanko message: ${m}`);
}

/** pyHanko numbers intermediates from the anchor side (1 = issued by the anchor); our index counts from the target. */
function pathIndex(r: PathResult, at: 'ee' | number): number {
  return at === 'ee' ? 0 : r.path.length - 1 - at;
}

/**
 * A case depends on revocation when pyHanko's expected failure is a revocation error, or when it expects
 * success with revocation checking on. Path failures (PathValidationError) do not, whatever `revocation` says.
 */
const dependsOnRevocation = (c: PkitsCase): boolean =>
  c.error ? c.error.class !== 'PathValidationError' : c.revocation !== false;
const usesDsa = (c: PkitsCase): boolean => /DSA/.test(c.cert);
const dsaSupported =
  signatureEntryByOid('2.16.840.1.101.3.4.3.2') !== undefined ||
  signatureEntryByOid('1.2.840.10040.4.3') !== undefined;
if (corpusAvailable && !dsaSupported)
  console.warn('[skip] PKITS DSA cases: no DSA entry in the crypto registry');

/** No revocation stage yet: the fail-closed stand-in says "no status" for every certificate. */
const noRevocationData = async (): Promise<RevocationVerdict> => ({
  status: 'unknown',
  message: 'no CRL processing in this test',
});

async function run(c: PkitsCase, checkRevocation?: typeof noRevocationData): Promise<PathResult> {
  return validatePath({
    target: load(c.cert),
    pool: c.other_certs.map(load),
    anchors: anchors(),
    time: TIME,
    purpose: 'any',
    crypto,
    ...(checkRevocation ? { checkRevocation } : {}),
  });
}

describe.skipIf(!corpusAvailable)('NIST PKITS subset (pyHanko expectations, 2022-05-01)', () => {
  const pathCases = cases.filter((c) => !dependsOnRevocation(c));
  const revCases = cases.filter(dependsOnRevocation);

  it('has the 24 listed cases: 14 decided by the path, 10 by revocation', () => {
    expect(cases).toHaveLength(24);
    expect(pathCases).toHaveLength(14);
    expect(revCases).toHaveLength(10);
  });

  for (const c of pathCases) {
    const exp = expectedFromPyhanko(c);
    it.skipIf(usesDsa(c) && !dsaSupported)(
      `${c.id} ${c.name}: ${exp ? `${exp.status} ${exp.code}` : 'valid'}`,
      async () => {
        const r = await run(c);
        if (!exp) {
          expect(r.status, r.stoppedBecause).toBe('valid');
          expect(r.path).toHaveLength(c.path_len!);
          expect(r.subIndication).toBeUndefined();
          return;
        }
        expect(r.status).toBe(exp.status);
        expect(r.subIndication).toBe(exp.subIndication);
        const hit = r.problems.find((p) => p.code === exp.code && p.severity === 'error');
        expect(hit, JSON.stringify(r.problems)).toBeDefined();
        expect(r.stoppedBecause).toBeTruthy();
        if (exp.status === 'invalid') {
          expect(r.path).toHaveLength(c.path_len!);
          if (exp.at !== undefined) expect(hit!.at).toBe(r.path[pathIndex(r, exp.at)]!.sha256);
        }
        if (exp.subIndication === 'OUT_OF_BOUNDS_NO_POE') {
          const oob = r.outOfBounds?.[0];
          expect(oob).toBeDefined();
          expect(oob!.isTarget).toBe(exp.at === 'ee');
          expect(oob!.kind).toBe(exp.code === X509_PROBLEMS.EXPIRED ? 'expired' : 'not-yet-valid');
        }
      },
    );
  }

  describe('cases that need CRL revocation checking (the revocation stage plugs into checkRevocation)', () => {
    for (const c of revCases) {
      it(`${c.id} ${c.name}: the path itself validates; with no revocation data it is not valid`, async () => {
        const pathOnly = await run(c);
        expect(pathOnly.status, pathOnly.stoppedBecause).toBe('valid');
        expect(pathOnly.path).toHaveLength(c.path_len!);
        const failClosed = await run(c, noRevocationData);
        expect(failClosed.status).toBe('invalid');
        expect(failClosed.subIndication).toBe('TRY_LATER');
        expect(failClosed.problems.some((p) => p.code === X509_PROBLEMS.REVOCATION_UNKNOWN)).toBe(true);
      });
    }

    it('40704: the CRL issuer validates for signing certificates but not for CRL signing (cRLSign false)', async () => {
      const ca = load('keyUsageCriticalcRLSignFalseCACert.crt');
      const base = { target: ca, pool: [], anchors: anchors(), time: TIME, crypto };
      expect((await validatePath({ ...base, purpose: 'any' })).status).toBe('valid');
      const r = await validatePath({ ...base, purpose: 'crl-signing' });
      expect(r.status).toBe('invalid');
      expect(r.subIndication).toBe('CHAIN_CONSTRAINTS_FAILURE');
      expect(r.problems.map((p) => p.code)).toContain(X509_PROBLEMS.KEYUSAGE_MISSING_CRLSIGN);
    });
  });
});
