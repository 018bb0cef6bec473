/** Post-signing change rules added for corpus attack files: pages, orphans, sneaky fields, spoofed copies. */
import { describe, expect, it } from 'vitest';
import { concatBytes } from '../../src/lib/bytes.js';
import { LimitsSchema } from '../../src/options.js';
import { analyzePdf } from '../../src/pdf/index.js';
import { addRevision, basePdf, FAKE_CMS, fillSignature, sigDict, signedPdf } from './build.js';

const limits = LimitsSchema.parse({});
const enc = { encode: (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0) & 0xff) };
const codes = (s: { problems: { code: string }[] }) => s.problems.map((p) => p.code);

describe('post-signing change rules', () => {
  it('a page added after signing is a format failure (DSS BBB_FC_DSFREAP), a re-drawn page is not', () => {
    const s = signedPdf();
    const added = addRevision(
      s,
      {
        2: '<< /Type /Pages /Kids [3 0 R 8 0 R] /Count 2 >>',
        8: '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R /Resources << >> >>',
      },
      '/Root 1 0 R',
    );
    const sig = analyzePdf(added.bytes, limits).signatures[0]!;
    expect(codes(sig)).toContain('PDF_PAGE_COUNT_CHANGED');
    expect(sig.formatFailure).toBe(true);
    const redrawn = addRevision(s, { 4: '<< /Length 5 >>\nstream\nBT ET\nendstream' }, '/Root 1 0 R');
    const r = analyzePdf(redrawn.bytes, limits).signatures[0]!;
    expect(r.coverage.modifiedAfterSigning).toBe(true);
    expect(codes(r)).not.toContain('PDF_PAGE_COUNT_CHANGED');
  });

  it('object definitions after the last %%EOF make every signature modified; other trailing bytes do not', () => {
    const s = signedPdf();
    const orphan = concatBytes([
      s.bytes,
      enc.encode('4 0 obj\n<< /Length 5 >>\nstream\nBT ET\nendstream\nendobj\n'),
    ]);
    const o = analyzePdf(orphan, limits).signatures[0]!;
    expect(o.coverage.modifiedAfterSigning).toBe(true);
    expect(
      o.coverage.changesAfter.some((c) => !c.allowed && /after the last %%EOF/.test(c.description)),
    ).toBe(true);
    const junk = analyzePdf(concatBytes([s.bytes, enc.encode('\0\0garbage')]), limits).signatures[0]!;
    expect(junk.coverage.modifiedAfterSigning).toBe(false);
  });

  function withNewSigField(certify: boolean, rect: string) {
    const base = basePdf();
    const ref = certify
      ? '/Reference [<< /Type /SigRef /TransformMethod /DocMDP /TransformParams << /Type /TransformParams /P 2 /V /1.2 >> >>] '
      : '';
    const signed = fillSignature(
      addRevision(
        base,
        {
          1: `<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [5 0 R] /SigFlags 3 >>${certify ? ' /Perms << /DocMDP 6 0 R >>' : ''} >>`,
          3: '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R /Resources << >> /Annots [5 0 R] >>',
          5: '<< /FT /Sig /T (Sig1) /Type /Annot /Subtype /Widget /Rect [0 0 0 0] /F 132 /P 3 0 R /V 6 0 R >>',
          6: sigDict(ref),
        },
        '/Root 1 0 R',
      ),
      FAKE_CMS,
    );
    return addRevision(
      signed,
      {
        1: `<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [5 0 R 9 0 R] /SigFlags 3 >>${certify ? ' /Perms << /DocMDP 6 0 R >>' : ''} >>`,
        3: '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R /Resources << >> /Annots [5 0 R 9 0 R] >>',
        9: `<< /FT /Sig /T (Sneaky) /Type /Annot /Subtype /Widget /Rect ${rect} /F 4 /P 3 0 R /AP << /N 10 0 R >> >>`,
        10: '<< /Type /XObject /Subtype /Form /BBox [0 0 100 20] /Length 16 >>\nstream\nBT (Pay me) Tj ET\nendstream',
      },
      '/Root 1 0 R',
    ).bytes;
  }

  it('a new visible signature field after a certification is refused; after an approval it is allowed', () => {
    const cert = analyzePdf(withNewSigField(true, '[10 10 110 30]'), limits).signatures[0]!;
    expect(cert.kind).toBe('certification');
    expect(cert.coverage.modifiedAfterSigning).toBe(true);
    const invisible = analyzePdf(withNewSigField(true, '[0 0 0 0]'), limits).signatures[0]!;
    expect(invisible.coverage.modifiedAfterSigning).toBe(false);
    const approval = analyzePdf(withNewSigField(false, '[10 10 110 30]'), limits).signatures[0]!;
    expect(approval.kind).toBe('approval');
    expect(approval.coverage.modifiedAfterSigning).toBe(false);
  });

  it('swapping out an indirect /AP dictionary that the trailer also uses is not a form fill', () => {
    const field = (ap: string, v = '') =>
      `<< /FT /Tx /T (Name) /Type /Annot /Subtype /Widget /Rect [0 0 50 10] /P 3 0 R /AP ${ap}${v} >>`;
    const build = (trailerExtra: string) => {
      const base = basePdf();
      const signed = fillSignature(
        addRevision(
          base,
          {
            1: '<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [5 0 R 11 0 R] /SigFlags 3 >> >>',
            3: '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R /Resources << >> /Annots [5 0 R 11 0 R] >>',
            5: '<< /FT /Sig /T (Sig1) /Type /Annot /Subtype /Widget /Rect [0 0 0 0] /F 132 /P 3 0 R /V 6 0 R >>',
            6: sigDict(),
            11: field('14 0 R'),
            12: '<< /Type /XObject /Subtype /Form /BBox [0 0 50 10] /Length 0 >>\nstream\n\nendstream',
            14: '<< /N 12 0 R >>',
          },
          `/Root 1 0 R${trailerExtra}`,
        ),
        FAKE_CMS,
      );
      return addRevision(
        signed,
        {
          11: field('<< /N 13 0 R >>', ' /V (Alice)'),
          13: '<< /Type /XObject /Subtype /Form /BBox [0 0 50 10] /Length 16 >>\nstream\nBT (Alice) Tj ET\nendstream',
        },
        `/Root 1 0 R${trailerExtra}`,
      ).bytes;
    };
    expect(analyzePdf(build(''), limits).signatures[0]!.coverage.modifiedAfterSigning).toBe(false);
    const sneaky = analyzePdf(build(' /FooBar 14 0 R'), limits).signatures[0]!;
    expect(sneaky.coverage.modifiedAfterSigning).toBe(true);
    expect(
      sneaky.coverage.changesAfter.some((c) => !c.allowed && /trailer\/FooBar/.test(c.description)),
    ).toBe(true);
  });

  it('a later copy of the signature dictionary (spoofed /Reason, renamed field) is read as signed', () => {
    const s = signedPdf();
    const text = new TextDecoder('latin1').decode(s.bytes);
    const sigBody = /6 0 obj\n(<< \/Type \/Sig[\s\S]*?>>)\nendobj/.exec(text)![1]!;
    const copy = sigBody.replace('/Reason', '/X').replace('>>', ' /Reason (forged) >>');
    const u = addRevision(
      s,
      {
        1: '<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [8 0 R] /SigFlags 3 >> >>',
        3: '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R /Resources << >> /Annots [8 0 R] >>',
        8: '<< /FT /Sig /T (Sig2) /Type /Annot /Subtype /Widget /Rect [0 0 0 0] /F 132 /P 3 0 R /V 9 0 R >>',
        9: copy,
      },
      '/Root 1 0 R',
    );
    const a = analyzePdf(u.bytes, limits);
    expect(a.signatures.length).toBe(1);
    const sig = a.signatures[0]!;
    expect(sig.fieldName).toBe('Sig2');
    expect(sig.formatFailure).toBe(false);
    expect(sig.reason).toBeUndefined();
    expect(codes(sig)).toEqual(
      expect.arrayContaining(['PDF_SIGNATURE_DICT_CHANGED', 'PDF_MODIFIED_AFTER_SIGNING']),
    );
  });
});
