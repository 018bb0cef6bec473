import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LimitsSchema } from '../../src/options.js';
import { analyzePdf } from '../../src/pdf/index.js';

// Produced by fixtures/make-pdf-fixtures.sh with poppler pdfsig (NSS signer) and scripted incremental updates.
const DIR = join(__dirname, '../../fixtures/pdf');
const limits = LimitsSchema.parse({});
const read = (name: string) => analyzePdf(new Uint8Array(readFileSync(join(DIR, name))), limits);
const present = existsSync(join(DIR, 'signed-once.pdf'));
if (!present) console.warn('fixtures/pdf missing: run fixtures/make-pdf-fixtures.sh');

describe.skipIf(!present)('pdfsig fixtures', () => {
  it('one signature covering the whole file', () => {
    const [s, ...rest] = read('signed-once.pdf').signatures;
    expect(rest).toEqual([]);
    expect(s!.fieldName).toBe('Signature1');
    expect(s!.subFilter).toBe('adbe.pkcs7.detached');
    expect(s!.reason).toBe('fixture');
    expect(s!.coverage).toMatchObject({
      signedRevision: 2,
      revisions: 2,
      wholeDocument: true,
      modifiedAfterSigning: false,
    });
    expect(s!.problems).toEqual([]);
    expect(s!.contents[0]).toBe(0x30);
  });

  it('two signatures: the second signing is an allowed change for the first', () => {
    const sigs = read('signed-twice.pdf').signatures;
    expect(sigs.map((s) => s.fieldName)).toEqual(['Signature1', 'Signature2']);
    expect(sigs.map((s) => s.coverage.wholeDocument)).toEqual([false, true]);
    expect(sigs.map((s) => s.coverage.modifiedAfterSigning)).toEqual([false, false]);
    expect(sigs[0]!.coverage.changesAfter.map((c) => c.kind)).toContain('signature');
    expect(sigs[1]!.coverage.changesAfter).toEqual([]);
  });

  it('a page content change after signing is flagged', () => {
    const s = read('content-changed-after-signing.pdf').signatures[0]!;
    expect(s.coverage.modifiedAfterSigning).toBe(true);
    expect(s.coverage.changesAfter).toContainEqual(
      expect.objectContaining({ kind: 'page-content', allowed: false }),
    );
  });

  it('a form fill is allowed, a later content change is not', () => {
    const filled = read('form-filled-after-signing.pdf').signatures[0]!;
    expect(filled.coverage.modifiedAfterSigning).toBe(false);
    expect(filled.coverage.changesAfter.some((c) => c.kind === 'form-fill' && c.allowed)).toBe(true);
    const changed = read('form-filled-then-content-changed.pdf').signatures[0]!;
    expect(changed.coverage.modifiedAfterSigning).toBe(true);
    expect(changed.coverage.changesAfter.filter((c) => !c.allowed).map((c) => c.revision)).toEqual([4]);
  });

  it('an edited byte range is a format failure', () => {
    const s = read('byterange-edited.pdf').signatures[0]!;
    expect(s.formatFailure).toBe(true);
    expect(s.problems.map((p) => p.code)).toContain('PDF_BYTERANGE_NOT_CONTENTS');
  });

  it('bytes after %%EOF are reported and break whole-document coverage', () => {
    const a = read('bytes-after-eof.pdf');
    expect(a.problems.map((p) => p.code)).toContain('PDF_TRAILING_BYTES');
    expect(a.signatures[0]!.coverage).toMatchObject({
      wholeDocument: false,
      bytesAfter: 'appended garbage\n'.length,
    });
  });

  it('the unsigned base has no signature', () => {
    expect(read('unsigned.pdf').signatures).toEqual([]);
  });
});
