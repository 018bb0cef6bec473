/**
 * End to end: the PAdES PDFs signed with SM2/SM3 and with GOST R 34.10-2012 / Streebog-256
 * (fixtures/national/pdf, made by fixtures/make-national-pdf-fixtures.mjs with OpenSSL) through verify(),
 * and their copies with one signed byte changed.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Verdict } from '../../src/verdict/schema.js';
import { verify } from '../../src/verify.js';

const FIXTURES = resolve(__dirname, '../../fixtures');
const read = (p: string) => new Uint8Array(readFileSync(join(FIXTURES, p)));
const validationTime = new Date('2026-01-01T00:00:00Z');

const CASES = [
  {
    name: 'SM2/SM3',
    file: 'national/pdf/sm2-sm3-pades.pdf',
    tampered: 'national/pdf/sm2-sm3-pades-tampered.pdf',
    ca: 'national/sm2/ca.pem',
    otherCa: 'national/gost/ca.pem',
    digest: 'SM3',
    signatureAlgorithm: 'SM2 with SM3',
    signer: 'crossign SM2 signer',
  },
  {
    name: 'GOST R 34.10-2012 256',
    file: 'national/pdf/gost2012-256-pades.pdf',
    tampered: 'national/pdf/gost2012-256-pades-tampered.pdf',
    ca: 'national/gost/ca.pem',
    otherCa: 'national/sm2/ca.pem',
    digest: 'STREEBOG-256',
    signatureAlgorithm: 'GOST R 34.10-2012 256 with Streebog-256',
    signer: 'crossign GOST signer',
  },
] as const;

const run = (file: string, ca: string, extra: Record<string, unknown> = {}) =>
  verify(read(file), {
    trustAnchors: [read(ca)],
    validationTime,
    revocation: { mode: 'off' },
    ...extra,
  });

/** /ByteRange [a b c d] of the only signature (the fixtures hold one, written by the script). */
function byteRange(pdf: Uint8Array): number[] {
  const m = /\/ByteRange \[(\d+) (\d+) (\d+) (\d+) *\]/.exec(new TextDecoder('latin1').decode(pdf));
  if (!m) throw new Error('no /ByteRange');
  return m.slice(1).map(Number);
}

describe.each(CASES)('PAdES signed with $name', (c) => {
  it('is TOTAL_PASSED against its test CA, over the whole document', async () => {
    const v = await run(c.file, c.ca);
    expect(Verdict.safeParse(v).success).toBe(true);
    expect(v.input.kind).toBe('pdf');
    expect(v.indication).toBe('TOTAL_PASSED');
    expect(v.signatures).toHaveLength(1);
    const s = v.signatures[0]!;
    expect(s.indication).toBe('TOTAL_PASSED');
    expect(s.format).toBe('PAdES-B-B');
    expect(s.integrity).toMatchObject({
      ok: true,
      digestAlgorithm: c.digest,
      signatureAlgorithm: c.signatureAlgorithm,
      messageDigestMatches: true,
      signatureValid: true,
      signingCertificateBound: true,
    });
    expect(s.coverage).toMatchObject({ wholeDocument: true, modifiedAfterSigning: false, bytesAfter: 0 });
    expect(s.chain.status).toBe('trusted');
    expect(s.chain.certificates).toHaveLength(2);
    expect(s.signer?.commonName).toBe(c.signer);
    expect(s.time.claimed).toBe('2025-06-01T12:00:00.000Z');
  });

  it('the changed copy differs in one byte, inside the first signed byte range', () => {
    const a = read(c.file);
    const b = read(c.tampered);
    expect(b.length).toBe(a.length);
    const diff = [...a.keys()].filter((i) => a[i] !== b[i]);
    expect(diff).toHaveLength(1);
    const [, len1] = byteRange(a);
    expect(diff[0]).toBeLessThan(len1!);
    expect(byteRange(b)).toEqual(byteRange(a));
  });

  it('the changed copy is TOTAL_FAILED / HASH_FAILURE', async () => {
    const v = await run(c.tampered, c.ca);
    expect(v.indication).toBe('TOTAL_FAILED');
    expect(v.subIndication).toBe('HASH_FAILURE');
    const s = v.signatures[0]!;
    expect(s.subIndication).toBe('HASH_FAILURE');
    // Only the document changed: the signature over the signed attributes still holds.
    expect(s.integrity).toMatchObject({ ok: false, messageDigestMatches: false, signatureValid: true });
    expect(s.problems.map((p) => p.code)).toContain('CMS_MESSAGE_DIGEST_MISMATCH');
  });

  it('is not TOTAL_PASSED against the other national test CA', async () => {
    const v = await run(c.file, c.otherCa);
    expect(v.indication).toBe('INDETERMINATE');
    expect(v.signatures[0]!.integrity.ok).toBe(true);
    expect(v.signatures[0]!.chain.status).not.toBe('trusted');
  });
});

describe('SM2 signer ID in a PDF', () => {
  it('the SM2 PDF fails with SIG_CRYPTO_FAILURE under another sm2UserId', async () => {
    const v = await run(CASES[0].file, CASES[0].ca, { sm2UserId: '12345678' });
    expect(v.indication).toBe('TOTAL_FAILED');
    expect(v.subIndication).toBe('SIG_CRYPTO_FAILURE');
    expect(v.signatures[0]!.integrity).toMatchObject({ messageDigestMatches: true, signatureValid: false });
  });
});
