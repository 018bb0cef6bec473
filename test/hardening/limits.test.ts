/**
 * Every limit in LimitsSchema, hit on purpose: the verdict names the limit with a clear problem code,
 * never passes, and verify() neither throws nor hangs. Inputs are built in the test (no corpus needed).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Verdict } from '../../src/verdict/schema.js';
import { verify } from '../../src/verify.js';
import { allCodes, decoys, fixture, fixtureOptions, passed, withCertificates } from './helpers.js';
import {
  buildPdf,
  minimalRevision,
  PAGE,
  PAGES,
  pdfWithObjectStreams,
  pdfWithSignatureFields,
  type Revision,
} from './pdf-build.js';

const good = fixture('cms/rsa-sha256-attached.p7m');
// Catalog → AcroForm are the objects the reader must resolve, so both object streams get decoded.
const CATALOG_WITH_FORM = '<< /Type /Catalog /Pages 3 0 R /AcroForm 2 0 R >>';

async function expectLimit(input: Uint8Array, limits: Record<string, number>, code: string, extra = {}) {
  const v = await verify(input, fixtureOptions({ limits, ...extra }));
  expect(Verdict.safeParse(v).success).toBe(true);
  const codes = allCodes(v);
  expect(codes, JSON.stringify({ indication: v.indication, sub: v.subIndication, codes })).toContain(code);
  expect(passed(v)).toBe(false);
  return v;
}

describe('the unmodified inputs pass (so each limit test below fails only because of its limit)', () => {
  it('rsa-sha256-attached.p7m is TOTAL_PASSED with default limits', async () => {
    expect((await verify(good, fixtureOptions())).indication).toBe('TOTAL_PASSED');
  });
  it('the CMS with 600 extra copies of its intermediate still passes when maxCertificates allows them', async () => {
    const big = withCertificates(
      good,
      Array.from({ length: 600 }, () => fixture('pki/intermediate-ca.der')),
    );
    expect((await verify(big, fixtureOptions({ limits: { maxCertificates: 2000 } }))).indication).toBe(
      'TOTAL_PASSED',
    );
  });
});

describe('limits', () => {
  afterEach(() => vi.restoreAllMocks());

  it('maxInputBytes → INPUT_TOO_LARGE', async () => {
    const v = await expectLimit(good, { maxInputBytes: 100 }, 'INPUT_TOO_LARGE');
    expect(v.subIndication).toBe('FORMAT_FAILURE');
  });

  it('maxAsn1Depth → ASN1_TOO_DEEP (a real CMS is deeper than 4)', async () => {
    await expectLimit(good, { maxAsn1Depth: 4 }, 'ASN1_TOO_DEEP');
  });

  it('maxCertificates → CERTIFICATE_POOL_TOO_LARGE (CMS stuffed with 600 certificates, default limit 500)', async () => {
    const big = withCertificates(
      good,
      Array.from({ length: 600 }, () => fixture('pki/intermediate-ca.der')),
    );
    await expectLimit(big, {}, 'CERTIFICATE_POOL_TOO_LARGE');
  });

  it('maxCertificates counts the caller-supplied certificates too', async () => {
    await expectLimit(good, { maxCertificates: 2 }, 'CERTIFICATE_POOL_TOO_LARGE', {
      certificates: [
        fixture('pki/intermediate-ca.pem'),
        fixture('pki/rsa2048.pem'),
        fixture('pki/root-b.pem'),
      ],
    });
  });

  it('maxPathAttempts → X509_PATH_ATTEMPTS_EXHAUSTED (dead-end cross-certificate tried first)', async () => {
    const v = await expectLimit(
      fixture('cms/cross-certified.p7m'),
      { maxPathAttempts: 1 },
      'X509_PATH_ATTEMPTS_EXHAUSTED',
      {
        trustAnchors: [fixture('pki/root-b.pem')],
        certificates: [fixture('pki/intermediate-ca.pem'), fixture('pki/intermediate-ca-by-root-b.pem')],
      },
    );
    expect(v.indication).toBe('INDETERMINATE');
  });

  it('100 same-name decoy issuers (bad signatures) ahead of the real one are reported, not silently dropped', async () => {
    const stuffed = withCertificates(good, decoys(fixture('pki/intermediate-ca.der'), 100));
    const started = Date.now();
    const v = await expectLimit(stuffed, {}, 'X509_PATH_ATTEMPTS_EXHAUSTED');
    expect(v.indication).toBe('INDETERMINATE');
    expect(Date.now() - started).toBeLessThan(20_000);
  });

  it('maxSignatures (CMS) → SIGNATURE_LIMIT_EXCEEDED, and unchecked signers keep the verdict from passing', async () => {
    const v = await verify(fixture('cms/multi-signer.p7m'), fixtureOptions({ limits: { maxSignatures: 1 } }));
    expect(Verdict.safeParse(v).success).toBe(true);
    expect(allCodes(v)).toContain('SIGNATURE_LIMIT_EXCEEDED');
    // The first signer is checked (and valid); the second is listed as unchecked, so the file as a whole
    // is not TOTAL_PASSED.
    expect(v.signatures).toHaveLength(2);
    expect(v.signatures[1]?.indication).toBe('INDETERMINATE');
    expect(v.indication).not.toBe('TOTAL_PASSED');
  });

  it('timeBudgetMs → TIME_BUDGET_EXCEEDED, INDETERMINATE (clock advanced 10 s per reading)', async () => {
    let t = Date.now();
    vi.spyOn(Date, 'now').mockImplementation(() => {
      t += 10_000;
      return t;
    });
    const v = await expectLimit(
      fixture('cms/multi-signer.p7m'),
      { timeBudgetMs: 1000 },
      'TIME_BUDGET_EXCEEDED',
    );
    expect(v.indication).toBe('INDETERMINATE');
  });

  it('timeBudgetMs applies to PDFs too (two signatures, clock advanced 10 s per reading)', async () => {
    let t = Date.now();
    vi.spyOn(Date, 'now').mockImplementation(() => {
      t += 10_000;
      return t;
    });
    await expectLimit(
      fixture('attacks/ssa-certified-p1-new-signature.pdf'),
      { timeBudgetMs: 1000 },
      'TIME_BUDGET_EXCEEDED',
    );
  });

  const manyObjects: Revision = [
    ...minimalRevision(),
    ...Array.from({ length: 50 }, (_, i): [number, string] => [10 + i, '<< /X 1 >>']),
  ];

  it('maxPdfObjects → PDF_TOO_MANY_OBJECTS', async () => {
    await expectLimit(buildPdf([manyObjects]), { maxPdfObjects: 10 }, 'PDF_TOO_MANY_OBJECTS');
  });

  it('maxPdfRevisions → PDF_TOO_MANY_REVISIONS (6 revisions, limit 3)', async () => {
    const revs = [minimalRevision(), ...Array.from({ length: 5 }, (): Revision => [[3, PAGE]])];
    await expectLimit(buildPdf(revs), { maxPdfRevisions: 3 }, 'PDF_TOO_MANY_REVISIONS');
  });

  it('maxStreamBytes → PDF_STREAM_TOO_LARGE (catalog in a 100 KB object stream, limit 50 KB)', async () => {
    const pdf = pdfWithObjectStreams([
      {
        num: 5,
        objects: [
          [1, CATALOG_WITH_FORM],
          [2, '<< /Fields [] >>'],
          [3, PAGES],
          [4, PAGE],
        ],
        padding: 100_000,
      },
    ]);
    await expectLimit(pdf, { maxStreamBytes: 50_000 }, 'PDF_STREAM_TOO_LARGE');
  });

  it('maxTotalDecompressedBytes → PDF_DECOMPRESSION_BUDGET (two 40 KB streams, each under the per-stream limit)', async () => {
    const pdf = pdfWithObjectStreams([
      {
        num: 5,
        objects: [
          [1, CATALOG_WITH_FORM],
          [3, PAGES],
        ],
        padding: 40_000,
      },
      {
        num: 6,
        objects: [
          [2, '<< /Fields [] >>'],
          [4, PAGE],
        ],
        padding: 40_000,
      },
    ]);
    await expectLimit(
      pdf,
      { maxStreamBytes: 50_000, maxTotalDecompressedBytes: 60_000 },
      'PDF_DECOMPRESSION_BUDGET',
    );
  });

  it('a 300 MB deflate bomb (300 KB on disk) stops at the default maxStreamBytes', async () => {
    const bomb = pdfWithObjectStreams([
      {
        num: 5,
        objects: [
          [1, CATALOG_WITH_FORM],
          [2, '<< /Fields [] >>'],
          [3, PAGES],
          [4, PAGE],
        ],
        padding: 300 * 1024 * 1024,
      },
    ]);
    expect(bomb.length).toBeLessThan(1024 * 1024);
    await expectLimit(bomb, {}, 'PDF_STREAM_TOO_LARGE');
  });

  it('maxSignatures (PDF) → PDF_TOO_MANY_SIGNATURES', async () => {
    await expectLimit(pdfWithSignatureFields(5), { maxSignatures: 3 }, 'PDF_TOO_MANY_SIGNATURES');
  });
});
