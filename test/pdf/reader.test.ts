import { deflateSync } from 'node:zlib';
import { sha256 } from '@noble/hashes/sha2.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { concatBytes, equalBytes } from '../../src/lib/bytes.js';
import { isCrossignError } from '../../src/lib/errors.js';
import { LimitsSchema } from '../../src/options.js';
import { decodeStreamData } from '../../src/pdf/filters.js';
import { analyzePdf, isPdf } from '../../src/pdf/index.js';
import { inflateZlib } from '../../src/pdf/inflate.js';
import { PdfName } from '../../src/pdf/objects.js';
import { readPdf } from '../../src/pdf/reader.js';
import { addRevision, basePdf, FAKE_CMS, fillSignature, sigDict, signedPdf } from './build.js';

const limits = LimitsSchema.parse({});
const enc = { encode: (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0) & 0xff) };
const budget = () => ({ maxStreamBytes: 1 << 20, remaining: 1 << 22 });

function problemOf(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    if (isCrossignError(e)) return e.problem;
    throw e;
  }
  return undefined;
}

describe('inflate', () => {
  it('matches node zlib on random data', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 5000 }), fc.integer({ min: 0, max: 9 }), (data, level) => {
        const z = new Uint8Array(deflateSync(data, { level }));
        expect(equalBytes(inflateZlib(z, 1 << 20), data)).toBe(true);
      }),
      { numRuns: 60 },
    );
  });
  it('enforces the output cap', () => {
    const z = new Uint8Array(deflateSync(new Uint8Array(100_000)));
    expect(problemOf(() => inflateZlib(z, 1000))).toBe('PDF_STREAM_TOO_LARGE');
  });
  it('rejects truncated data instead of returning a prefix', () => {
    const z = new Uint8Array(deflateSync(enc.encode('hello world '.repeat(50))));
    expect(problemOf(() => inflateZlib(z.subarray(0, z.length - 8), 1 << 20))).toBe('PDF_FILTER_ERROR');
  });
});

describe('filters', () => {
  const dec = (name: string, s: string | Uint8Array) =>
    new TextDecoder('latin1').decode(
      decodeStreamData(typeof s === 'string' ? enc.encode(s) : s, new PdfName(name), undefined, budget()),
    );
  it('ASCIIHex, ASCII85, RunLength and LZW', () => {
    expect(dec('ASCIIHexDecode', '48 65 6C6C 6F7>')).toBe('Hellop');
    expect(dec('ASCII85Decode', '87cURD]i,"Ebo80~>')).toBe('Hello World!');
    expect(dec('RunLengthDecode', Uint8Array.from([2, 0x61, 0x62, 0x63, 254, 0x7a, 128]))).toBe('abczzz');
    // The LZW example of ISO 32000-1 §7.4.4.2.
    expect(dec('LZWDecode', Uint8Array.from([0x80, 0x0b, 0x60, 0x50, 0x22, 0x0c, 0x0c, 0x85, 0x01]))).toBe(
      '-----A---B',
    );
  });
  it('refuses unsupported filters and charges the document budget', () => {
    expect(problemOf(() => dec('JBIG2Decode', 'x'))).toBe('PDF_FILTER_UNSUPPORTED');
    const b = { maxStreamBytes: 1 << 20, remaining: 10 };
    expect(
      problemOf(() =>
        decodeStreamData(enc.encode('414243444546474849505152>'), new PdfName('AHx'), undefined, b),
      ),
    ).toBe('PDF_DECOMPRESSION_BUDGET');
    // Inflate stops at the smaller cap; the document budget is the one named when it is the smaller.
    const z = new Uint8Array(deflateSync(new Uint8Array(1000)));
    const small = { maxStreamBytes: 5000, remaining: 500 };
    expect(problemOf(() => decodeStreamData(z, new PdfName('FlateDecode'), undefined, small))).toBe(
      'PDF_DECOMPRESSION_BUDGET',
    );
    const perStream = { maxStreamBytes: 500, remaining: 5000 };
    expect(problemOf(() => decodeStreamData(z, new PdfName('FlateDecode'), undefined, perStream))).toBe(
      'PDF_STREAM_TOO_LARGE',
    );
  });
});

describe('reader', () => {
  it('finds every revision and its byte span', () => {
    const s = signedPdf();
    const pdf = readPdf(s.bytes, limits);
    expect(pdf.revisions.length).toBe(2);
    expect(pdf.revisions[1]!.end).toBe(s.bytes.length);
    expect(pdf.revisions[1]!.start).toBe(pdf.revisions[0]!.end);
    // Object 3 as of revision 1 has no /Annots; as of revision 2 it has.
    const p1 = pdf.resolve(3, 0)!.obj as { has(k: string): boolean };
    const p2 = pdf.resolve(3, 1)!.obj as { has(k: string): boolean };
    expect(p1.has('Annots')).toBe(false);
    expect(p2.has('Annots')).toBe(true);
    expect(isPdf(s.bytes)).toBe(true);
  });

  it('rejects a /Prev loop, a missing startxref and a wrong xref offset', () => {
    const s = basePdf();
    const text = new TextDecoder('latin1').decode(s.bytes);
    const loop = enc.encode(text.replace('/Root 1 0 R', `/Root 1 0 R /Prev ${s.xrefOffset}`));
    expect(problemOf(() => readPdf(loop, limits))).toBe('PDF_XREF_LOOP');
    expect(problemOf(() => readPdf(enc.encode(text.replace('startxref', 'startxrex')), limits))).toBe(
      'PDF_NO_STARTXREF',
    );
    expect(problemOf(() => readPdf(enc.encode('hello'), limits))).toBe('PDF_HEADER');
  });

  it('corrects a wrong startxref only to the single cross-reference table of the revision', () => {
    const s = basePdf();
    const text = new TextDecoder('latin1').decode(s.bytes);
    const shift = (t: string, d: number) =>
      enc.encode(t.replace(`startxref\n${s.xrefOffset}`, `startxref\n${s.xrefOffset + d}`));
    const pdf = readPdf(shift(text, 1), limits);
    expect(pdf.revisions[0]!.sections[0]!.offset).toBe(s.xrefOffset);
    expect(pdf.warnings.map((w) => w.code)).toEqual(['PDF_XREF_OFFSET_CORRECTED']);
    expect(pdf.revisions[0]!.repaired).toBeDefined();
    // A second table in the revision (here inside a stream) makes the correction ambiguous.
    const table = text.slice(s.xrefOffset, text.indexOf('startxref'));
    const decoy = `9 0 obj\n<< /Length ${table.length} >>\nstream\n${table}\nendstream\nendobj\n`;
    const two = text.slice(0, s.xrefOffset) + decoy + text.slice(s.xrefOffset);
    const at = (d: number) =>
      enc.encode(two.replace(`startxref\n${s.xrefOffset}`, `startxref\n${s.xrefOffset + decoy.length + d}`));
    expect(readPdf(at(0), limits).warnings).toEqual([]);
    expect(problemOf(() => readPdf(at(1), limits))).toBe('PDF_XREF_BROKEN');
  });

  it('reads a stream whose /Length misses "endstream" only when one "endstream" is within reach', () => {
    const wrongLength = (len: number, data: string) =>
      addRevision(
        undefined,
        {
          1: '<< /Type /Catalog /Pages 2 0 R >>',
          2: '<< /Type /Pages /Kids [] /Count 0 >>',
          4: `<< /Length ${len} >>\nstream\n${data}\nendstream`,
        },
        '/Root 1 0 R',
      ).bytes;
    for (const len of [3, 40]) {
      const pdf = readPdf(wrongLength(len, 'BT (a) Tj ET'), limits);
      const s4 = pdf.resolve(4, 0)!.obj as { raw: Uint8Array };
      expect(new TextDecoder().decode(s4.raw)).toBe('BT (a) Tj ET');
      expect(pdf.warnings.map((w) => w.code)).toEqual(['PDF_STREAM_LENGTH_MISMATCH']);
    }
    // Data holding its own "endstream … endobj" gives two readings: refused.
    const twice = readPdf(wrongLength(5, 'BT\nendstream\nendobj\nET'), limits);
    expect(problemOf(() => twice.resolve(4, 0))).toBe('PDF_STREAM_LENGTH');
  });

  it('reads xref streams with PNG predictors and object streams', () => {
    const head = '%PDF-1.7\n';
    const o1 = '<< /Type /Catalog /Pages 2 0 R >> ';
    const o2 = '<< /Type /Pages /Kids [] /Count 0 >>';
    const header = `1 0 2 ${o1.length} `;
    const first = header.length;
    const objStmData = enc.encode(header + o1 + o2);
    const osBody = deflateSync(objStmData);
    const osObj = concatBytes([
      enc.encode(
        `3 0 obj\n<< /Type /ObjStm /N 2 /First ${first} /Filter /FlateDecode /Length ${osBody.length} >>\nstream\n`,
      ),
      osBody,
      enc.encode('\nendstream\nendobj\n'),
    ]);
    const xrefAt = head.length + osObj.length;
    // Rows: type(1) field2(2) field3(1); PNG "Up" predictor on every row.
    const rows = [
      [0, 0, 0, 255],
      [2, 0, 3, 0],
      [2, 0, 3, 1],
      [1, head.length >> 8, head.length & 255, 0],
      [1, xrefAt >> 8, xrefAt & 255, 0],
    ];
    const raw: number[] = [];
    let prev = [0, 0, 0, 0];
    for (const r of rows) {
      raw.push(2, ...r.map((v, i) => (v - prev[i]! + 256) & 255));
      prev = r;
    }
    const xs = deflateSync(Uint8Array.from(raw));
    const xsObj = concatBytes([
      enc.encode(
        `4 0 obj\n<< /Type /XRef /Size 5 /W [1 2 1] /Root 1 0 R /Filter /FlateDecode /DecodeParms << /Predictor 12 /Columns 4 >> /Length ${xs.length} >>\nstream\n`,
      ),
      xs,
      enc.encode(`\nendstream\nendobj\nstartxref\n${xrefAt}\n%%EOF\n`),
    ]);
    const bytes = concatBytes([enc.encode(head), osObj, xsObj]);
    const pdf = readPdf(bytes, limits);
    const cat = pdf.deref(pdf.revisions[0]!.trailer.get('Root'), 0) as { get(k: string): unknown };
    expect((cat.get('Type') as PdfName).name).toBe('Catalog');
    expect(pdf.resolve(2, 0)!.loc).toBe(`o${head.length}#1`);
  });
});

describe('signatures and coverage', () => {
  it('extracts a signature covering the whole document', () => {
    const s = signedPdf();
    const a = analyzePdf(s.bytes, limits);
    expect(a.signatures.length).toBe(1);
    const sig = a.signatures[0]!;
    expect(sig.fieldName).toBe('Sig1');
    expect(equalBytes(sig.contents, FAKE_CMS)).toBe(true);
    expect(sig.coverage).toMatchObject({
      signedRevision: 2,
      revisions: 2,
      wholeDocument: true,
      bytesAfter: 0,
    });
    expect(sig.coverage.modifiedAfterSigning).toBe(false);
    expect(sig.problems).toEqual([]);
    expect(sig.claimedTime?.toISOString()).toBe('2024-01-01T12:00:00.000Z');
    for (const p of sig.signedParts) expect(p.buffer).toBe(s.bytes.buffer);
    expect(
      sig.signedParts[0]!.length + sig.signedParts[1]!.length + (sig.byteRange[2]! - sig.byteRange[1]!),
    ).toBe(s.bytes.length);
  });

  it('reports bytes appended after %%EOF', () => {
    const s = signedPdf();
    const a = analyzePdf(concatBytes([s.bytes, enc.encode('garbage')]), limits);
    expect(a.problems.map((p) => p.code)).toContain('PDF_TRAILING_BYTES');
    expect(a.signatures[0]!.coverage).toMatchObject({ wholeDocument: false, bytesAfter: 7 });
  });

  it('flags an edited /ByteRange', () => {
    const s = signedPdf();
    const t = new TextDecoder('latin1').decode(s.bytes);
    const m = /\/ByteRange \[0 (\d{10}) (\d{10}) (\d{10})\]/.exec(t)!;
    const edited = t.replace(
      m[0],
      `/ByteRange [0 ${m[1]} ${String(Number(m[2]) - 2).padStart(10, '0')} ${m[3]}]`,
    );
    const sig = analyzePdf(enc.encode(edited), limits).signatures[0]!;
    expect(sig.formatFailure).toBe(true);
    expect(sig.problems.map((p) => p.code)).toEqual(
      expect.arrayContaining(['PDF_BYTERANGE_NOT_CONTENTS', 'PDF_BYTERANGE_NOT_REVISION_END']),
    );
  });

  it('flags a page content change after signing', () => {
    const s = signedPdf();
    const u = addRevision(
      s,
      { 4: '<< /Length 22 >>\nstream\nBT /F1 12 Tf (b) Tj ET\nendstream' },
      '/Root 1 0 R',
    );
    const sig = analyzePdf(u.bytes, limits).signatures[0]!;
    expect(sig.coverage.modifiedAfterSigning).toBe(true);
    expect(sig.coverage.wholeDocument).toBe(false);
    expect(sig.coverage.changesAfter).toContainEqual(
      expect.objectContaining({ kind: 'page-content', allowed: false }),
    );
  });

  it('flags a later revision whose objects cannot be read, or whose startxref had to be corrected', () => {
    const s = signedPdf();
    const u = addRevision(s, { 4: '<< /Length 2 >>\nstream\nq\nendstream' }, '/Root 1 0 R');
    const text = new TextDecoder('latin1').decode(u.bytes);
    // The new xref entry of object 4 points 3 bytes into its object header.
    const entry = /4 1\n(\d{10}) 00000 n/.exec(text.slice(u.xrefOffset))!;
    const broken = text.replace(entry[0], `4 1\n${String(Number(entry[1]) + 3).padStart(10, '0')} 00000 n`);
    const sig = analyzePdf(enc.encode(broken), limits).signatures[0]!;
    expect(sig.coverage.modifiedAfterSigning).toBe(true);
    expect(sig.coverage.changesAfter.some((c) => !c.allowed && /cannot be read/.test(c.description))).toBe(
      true,
    );
    // An innocuous later revision (a metadata-only update) with a miscounted startxref.
    const m = addRevision(s, { 7: '<< /Producer (x) >>' }, '/Root 1 0 R /Info 7 0 R');
    const mt = new TextDecoder('latin1').decode(m.bytes);
    const off = enc.encode(mt.replace(`startxref\n${m.xrefOffset}`, `startxref\n${m.xrefOffset + 2}`));
    const ok = analyzePdf(m.bytes, limits).signatures[0]!;
    expect(ok.coverage.modifiedAfterSigning).toBe(false);
    const sig2 = analyzePdf(off, limits).signatures[0]!;
    expect(sig2.coverage.modifiedAfterSigning).toBe(true);
    // A wrong /Prev inside the signed revision still makes viewers rescan the unsigned update.
    const st = new TextDecoder('latin1').decode(s.bytes);
    const prev = /\/Prev (\d+)/.exec(st)!;
    const badPrev = addRevision(
      { ...s, bytes: enc.encode(st.replace(prev[0], `/Prev ${Number(prev[1]) + 1}`)) },
      { 7: '<< /Producer (x) >>' },
      '/Root 1 0 R /Info 7 0 R',
    );
    const sig3 = analyzePdf(badPrev.bytes, limits).signatures[0]!;
    expect(sig3.coverage.signedRevision).toBe(2);
    expect(sig3.coverage.modifiedAfterSigning).toBe(true);
  });

  it('allows a second signature and a DSS; the DSS data is extracted', () => {
    const s = signedPdf();
    const two = fillSignature(
      addRevision(
        s,
        {
          1: '<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [5 0 R 7 0 R] /SigFlags 3 >> >>',
          3: '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R /Resources << >> /Annots [5 0 R 7 0 R] >>',
          7: '<< /FT /Sig /T (Sig2) /Type /Annot /Subtype /Widget /Rect [0 0 0 0] /F 132 /P 3 0 R /V 8 0 R >>',
          8: sigDict(),
        },
        '/Root 1 0 R',
      ),
      FAKE_CMS,
    );
    const withDss = addRevision(
      two,
      {
        1: '<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [5 0 R 7 0 R] /SigFlags 3 >> /DSS 9 0 R >>',
        9: '<< /Type /DSS /Certs [10 0 R] >>',
        10: '<< /Length 4 >>\nstream\n\x30\x02\x05\x00\nendstream',
      },
      '/Root 1 0 R',
    );
    const a = analyzePdf(withDss.bytes, limits);
    expect(a.signatures.map((x) => x.fieldName)).toEqual(['Sig1', 'Sig2']);
    expect(a.signatures.map((x) => x.coverage.modifiedAfterSigning)).toEqual([false, false]);
    expect(a.signatures[0]!.coverage.changesAfter.every((c) => c.allowed)).toBe(true);
    expect(a.signatures[0]!.coverage.changesAfter.map((c) => c.kind)).toEqual(
      expect.arrayContaining(['signature', 'dss']),
    );
    expect(a.dss.certificates.map((c) => Array.from(c))).toEqual([[0x30, 0x02, 0x05, 0x00]]);
  });

  function certifiedWithTextField(p: 1 | 2 | 3) {
    const base = basePdf('', {});
    const rev = addRevision(
      base,
      {
        1: '<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [5 0 R 11 0 R] /SigFlags 3 >> /Perms << /DocMDP 6 0 R >> >>',
        3: '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R /Resources << >> /Annots [5 0 R 11 0 R] >>',
        5: '<< /FT /Sig /T (Cert) /Type /Annot /Subtype /Widget /Rect [0 0 0 0] /F 132 /P 3 0 R /V 6 0 R >>',
        6: sigDict(
          `/Reference [<< /Type /SigRef /TransformMethod /DocMDP /TransformParams << /Type /TransformParams /P ${p} /V /1.2 >> >>] `,
        ),
        11: '<< /FT /Tx /T (Name) /Type /Annot /Subtype /Widget /Rect [0 0 50 10] /P 3 0 R /AP << /N 12 0 R >> >>',
        12: '<< /Type /XObject /Subtype /Form /BBox [0 0 50 10] /Length 0 >>\nstream\n\nendstream',
      },
      '/Root 1 0 R',
    );
    const signed = fillSignature(rev, FAKE_CMS);
    return addRevision(
      signed,
      {
        11: '<< /FT /Tx /T (Name) /Type /Annot /Subtype /Widget /Rect [0 0 50 10] /P 3 0 R /AP << /N 13 0 R >> /V (Alice) >>',
        13: '<< /Type /XObject /Subtype /Form /BBox [0 0 50 10] /Length 16 >>\nstream\nBT (Alice) Tj ET\nendstream',
      },
      '/Root 1 0 R',
    );
  }

  it('certification P=2 permits a form fill, P=1 does not', () => {
    const p2 = analyzePdf(certifiedWithTextField(2).bytes, limits).signatures[0]!;
    expect(p2.kind).toBe('certification');
    expect(p2.docMdp).toBe(2);
    expect(p2.coverage.modifiedAfterSigning).toBe(false);
    expect(p2.coverage.changesAfter).toContainEqual(
      expect.objectContaining({ kind: 'form-fill', allowed: true }),
    );
    const p1 = analyzePdf(certifiedWithTextField(1).bytes, limits).signatures[0]!;
    expect(p1.docMdp).toBe(1);
    expect(p1.coverage.modifiedAfterSigning).toBe(true);
  });

  it('a form fill then a content change is flagged for the certification', () => {
    const filled = certifiedWithTextField(2);
    const changed = addRevision(filled, { 4: '<< /Length 5 >>\nstream\nBT ET\nendstream' }, '/Root 1 0 R');
    const sig = analyzePdf(changed.bytes, limits).signatures[0]!;
    expect(sig.coverage.modifiedAfterSigning).toBe(true);
    const bad = sig.coverage.changesAfter.filter((c) => !c.allowed);
    expect(bad.map((c) => c.revision)).toEqual([4]);
  });

  it('changing any single signed byte changes the signed digest or raises a problem', () => {
    const s = signedPdf();
    const a0 = analyzePdf(s.bytes, limits);
    const digest0 = sha256(concatBytes(a0.signatures[0]!.signedParts));
    const [, l1, o2, l2] = a0.signatures[0]!.byteRange as [number, number, number, number];
    const signedOffset = fc.oneof(
      fc.integer({ min: 0, max: l1 - 1 }),
      fc.integer({ min: o2, max: o2 + l2 - 1 }),
    );
    fc.assert(
      fc.property(signedOffset, fc.integer({ min: 1, max: 255 }), (off, x) => {
        const m = s.bytes.slice();
        m[off] = m[off]! ^ x;
        let a: ReturnType<typeof analyzePdf>;
        try {
          a = analyzePdf(m, limits);
        } catch (e) {
          return isCrossignError(e);
        }
        const sig = a.signatures[0];
        if (!sig) return true; // no signature found: nothing can pass
        const same = equalBytes(sha256(concatBytes(sig.signedParts)), digest0);
        return !same || sig.problems.length > 0 || sig.formatFailure;
      }),
      { numRuns: 300 },
    );
  });
});
