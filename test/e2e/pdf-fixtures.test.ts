/**
 * Every PDF fixture through verify(): fixtures/pdf (poppler pdfsig + scripted updates,
 * make-pdf-fixtures.sh) with expectations written from what each file is, and fixtures/pdf-extra
 * (certification, document timestamps, DSS/B-LTA; make-pdf-extra-fixtures.mjs) against its index.json.
 * Then issue 4's property: changing any single byte inside a signed byte range never yields TOTAL_PASSED.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { VerifyOptionsInput } from '../../src/options.js';
import { type SignatureResult, Verdict } from '../../src/verdict/schema.js';
import { verify } from '../../src/verify.js';

const FIXTURES = resolve(__dirname, '../../fixtures');
const read = (p: string) => new Uint8Array(readFileSync(join(FIXTURES, p)));

const pdfPresent = existsSync(join(FIXTURES, 'pdf/signed-once.pdf'));
const extraPresent = existsSync(join(FIXTURES, 'pdf-extra/index.json'));
if (!pdfPresent) console.warn('fixtures/pdf missing: run bash fixtures/make-pdf-fixtures.sh');
if (!extraPresent) console.warn('fixtures/pdf-extra missing: run node fixtures/make-pdf-extra-fixtures.mjs');

const detail = (s: SignatureResult) =>
  JSON.stringify({
    kind: s.kind,
    indication: s.indication,
    subIndication: s.subIndication,
    level: s.level?.achieved,
    time: s.time,
    problems: s.problems.map((p) => p.code),
    changes: s.coverage?.changesAfter.map((c) => [c.revision, c.kind, c.allowed]),
    timestamps: s.timestamps.map((t) => [t.type, t.indication, t.subIndication]),
  });

async function checked(bytes: Uint8Array, options: VerifyOptionsInput) {
  const v = await verify(bytes, options);
  expect(Verdict.safeParse(v).success).toBe(true);
  return v;
}

// --- fixtures/pdf --------------------------------------------------------------------------------------
interface SignatureExpectation {
  indication: string;
  subIndication: string | null;
  modifiedAfterSigning: boolean;
  wholeDocument: boolean;
  /** Change kinds (revision, kind, allowed) that must be among coverage.changesAfter. */
  changes?: [number, string, boolean][];
}

interface PdfCase {
  file: string;
  why: string;
  anchors?: boolean;
  revocation?: 'off' | 'hard-fail';
  indication: string;
  subIndication: string | null;
  signatures: SignatureExpectation[];
  documentProblems?: string[];
}

const PASSED = { indication: 'TOTAL_PASSED', subIndication: null } as const;
const CONSTRAINTS = { indication: 'INDETERMINATE', subIndication: 'SIG_CONSTRAINTS_FAILURE' } as const;

// The pdfsig signer's certificates live 100 years from generation, so "now" (no validationTime) is inside
// them; there is no revocation data for that CA, hence revocation off unless the case says otherwise.
const PDF_CASES: PdfCase[] = [
  {
    file: 'unsigned.pdf',
    why: 'no signature field has a value: nothing to validate',
    indication: 'INDETERMINATE',
    subIndication: 'SIGNED_DATA_NOT_FOUND',
    signatures: [],
    documentProblems: ['NO_SIGNATURES'],
  },
  {
    file: 'signed-once.pdf',
    why: 'one pdfsig signature over the whole file, its CA trusted',
    ...PASSED,
    signatures: [{ ...PASSED, modifiedAfterSigning: false, wholeDocument: true }],
  },
  {
    file: 'signed-once.pdf',
    why: 'the same file without its CA: no trusted chain',
    anchors: false,
    indication: 'INDETERMINATE',
    subIndication: 'NO_CERTIFICATE_CHAIN_FOUND',
    signatures: [
      {
        indication: 'INDETERMINATE',
        subIndication: 'NO_CERTIFICATE_CHAIN_FOUND',
        modifiedAfterSigning: false,
        wholeDocument: true,
      },
    ],
  },
  {
    file: 'signed-once.pdf',
    why: 'the same file under hard-fail: no CRL or OCSP exists for the signer, so its status is unknown',
    revocation: 'hard-fail',
    indication: 'INDETERMINATE',
    subIndication: 'TRY_LATER',
    signatures: [
      {
        indication: 'INDETERMINATE',
        subIndication: 'TRY_LATER',
        modifiedAfterSigning: false,
        wholeDocument: true,
      },
    ],
  },
  {
    file: 'signed-twice.pdf',
    why: 'a second signature in a later revision is an allowed change for the first one',
    ...PASSED,
    signatures: [
      { ...PASSED, modifiedAfterSigning: false, wholeDocument: false, changes: [[3, 'signature', true]] },
      { ...PASSED, modifiedAfterSigning: false, wholeDocument: true },
    ],
  },
  {
    file: 'form-filled-after-signing.pdf',
    why: 'filling a form field after an approval signature (no certification) is allowed',
    ...PASSED,
    signatures: [
      { ...PASSED, modifiedAfterSigning: false, wholeDocument: false, changes: [[3, 'form-fill', true]] },
    ],
  },
  {
    file: 'form-filled-then-content-changed.pdf',
    why: 'the allowed form fill, then a page content change: what the signer saw is no longer what is shown',
    ...CONSTRAINTS,
    signatures: [
      {
        ...CONSTRAINTS,
        modifiedAfterSigning: true,
        wholeDocument: false,
        changes: [
          [3, 'form-fill', true],
          [4, 'page-content', false],
        ],
      },
    ],
  },
  {
    file: 'content-changed-after-signing.pdf',
    why: 'an incremental update replacing the page content stream after signing',
    ...CONSTRAINTS,
    signatures: [
      {
        ...CONSTRAINTS,
        modifiedAfterSigning: true,
        wholeDocument: false,
        changes: [[3, 'page-content', false]],
      },
    ],
  },
  {
    file: 'byterange-edited.pdf',
    why: 'the /ByteRange no longer leaves out exactly the /Contents string',
    indication: 'TOTAL_FAILED',
    subIndication: 'FORMAT_FAILURE',
    signatures: [
      {
        indication: 'TOTAL_FAILED',
        subIndication: 'FORMAT_FAILURE',
        modifiedAfterSigning: false,
        wholeDocument: false,
      },
    ],
  },
  {
    file: 'bytes-after-eof.pdf',
    why: 'bytes after the last %%EOF belong to no revision: the signature still verifies over its ranges but cannot pass',
    ...CONSTRAINTS,
    signatures: [{ ...CONSTRAINTS, modifiedAfterSigning: false, wholeDocument: false }],
    documentProblems: ['PDF_TRAILING_BYTES'],
  },
];

describe.skipIf(!pdfPresent)('fixtures/pdf through verify()', () => {
  it('every file of fixtures/pdf has a case', () => {
    const files = [
      'unsigned.pdf',
      'signed-once.pdf',
      'signed-twice.pdf',
      'form-filled-after-signing.pdf',
      'form-filled-then-content-changed.pdf',
      'content-changed-after-signing.pdf',
      'byterange-edited.pdf',
      'bytes-after-eof.pdf',
    ];
    for (const f of files) expect(existsSync(join(FIXTURES, 'pdf', f)), f).toBe(true);
    expect(new Set(PDF_CASES.map((c) => c.file))).toEqual(new Set(files));
  });

  for (const c of PDF_CASES) {
    const label = `${c.file}${c.anchors === false ? ' [no anchors]' : ''}${c.revocation === 'hard-fail' ? ' [hard-fail]' : ''}`;
    it(`${label}: ${c.indication}${c.subIndication ? `/${c.subIndication}` : ''} — ${c.why}`, async () => {
      const v = await checked(read(`pdf/${c.file}`), {
        trustAnchors: c.anchors === false ? [] : [read('pdf/pki/ca.pem')],
        revocation: { mode: c.revocation ?? 'off' },
      });
      expect(v.input.kind).toBe('pdf');
      expect(v.indication).toBe(c.indication);
      if (c.subIndication) expect(v.subIndication).toBe(c.subIndication);
      else expect(v.subIndication).toBeUndefined();
      for (const code of c.documentProblems ?? []) expect(v.problems.map((p) => p.code)).toContain(code);
      expect(v.signatures).toHaveLength(c.signatures.length);
      c.signatures.forEach((e, i) => {
        const s = v.signatures[i]!;
        const d = detail(s);
        expect(s.kind, d).toBe('approval');
        expect(s.indication, d).toBe(e.indication);
        if (e.subIndication) expect(s.subIndication, d).toBe(e.subIndication);
        else expect(s.subIndication, d).toBeUndefined();
        expect(s.coverage?.modifiedAfterSigning, d).toBe(e.modifiedAfterSigning);
        expect(s.coverage?.wholeDocument, d).toBe(e.wholeDocument);
        expect(s.coverage?.docMdp, d).toBeUndefined();
        for (const [revision, kind, allowed] of e.changes ?? [])
          expect(s.coverage?.changesAfter, d).toContainEqual(
            expect.objectContaining({ revision, kind, allowed }),
          );
        if (e.modifiedAfterSigning)
          expect(s.problems.map((p) => p.code)).toContain('PDF_MODIFIED_AFTER_SIGNING');
      });
    });
  }

  it('bytes after %%EOF are counted in the coverage', async () => {
    const v = await verify(read('pdf/bytes-after-eof.pdf'), {
      trustAnchors: [read('pdf/pki/ca.pem')],
      revocation: { mode: 'off' },
    });
    expect(v.signatures[0]!.coverage?.bytesAfter).toBe('appended garbage\n'.length);
    // Integrity over the signed ranges is intact: the failure is about coverage, not the signature.
    expect(v.signatures[0]!.integrity.ok).toBe(true);
  });
});

// --- fixtures/pdf-extra --------------------------------------------------------------------------------
interface ExtraEntry {
  file: string;
  trustAnchors: string[];
  crls: string[];
  validationTime: string;
  revocation: 'off' | 'hard-fail' | 'soft-fail';
  expect: {
    kind: SignatureResult['kind'];
    indication: string;
    subIndication: string | null;
    modifiedAfterSigning: boolean;
    docMdp?: number;
    level?: string;
    provenBy?: string;
  }[];
  why: string;
}

const extraIndex: ExtraEntry[] = extraPresent
  ? JSON.parse(readFileSync(join(FIXTURES, 'pdf-extra/index.json'), 'utf8'))
  : [];

const extraOptions = (f: ExtraEntry): VerifyOptionsInput => ({
  trustAnchors: f.trustAnchors.map(read),
  crls: f.crls.map(read),
  validationTime: new Date(f.validationTime),
  revocation: { mode: f.revocation },
});

const extraLabel = (f: ExtraEntry) => `${f.file} [${f.revocation}${f.crls.length ? ', caller CRLs' : ''}]`;

describe.skipIf(!extraPresent)('fixtures/pdf-extra through verify()', () => {
  it('covers certification, document timestamp and B-LTA', () => {
    const kinds = new Set(extraIndex.flatMap((f) => f.expect.map((e) => e.kind)));
    expect(kinds).toEqual(new Set(['approval', 'certification', 'document-timestamp']));
    expect(extraIndex.some((f) => f.expect.some((e) => e.level === 'B-LTA'))).toBe(true);
  });

  for (const f of extraIndex) {
    const summary = f.expect.map(
      (e) => `${e.kind} ${e.indication}${e.subIndication ? `/${e.subIndication}` : ''}`,
    );
    it(`${extraLabel(f)}: ${summary.join(', ')} — ${f.why}`, async () => {
      const v = await checked(read(f.file), extraOptions(f));
      expect(v.signatures.map((s) => s.kind)).toEqual(f.expect.map((e) => e.kind));
      f.expect.forEach((e, i) => {
        const s = v.signatures[i]!;
        const d = detail(s);
        expect(s.indication, d).toBe(e.indication);
        if (e.subIndication) expect(s.subIndication, d).toBe(e.subIndication);
        else expect(s.subIndication, d).toBeUndefined();
        expect(s.coverage?.modifiedAfterSigning, d).toBe(e.modifiedAfterSigning);
        expect(s.coverage?.docMdp, d).toBe(e.docMdp);
        if (e.level) expect(s.level?.achieved, d).toBe(e.level);
        if (e.provenBy) expect(s.time.provenBy, d).toBe(e.provenBy);
        if (e.kind === 'document-timestamp') {
          expect(s.format).toBe('PAdES-DTS');
          expect(s.timestamps.map((t) => t.type)).toEqual(['document']);
        }
        // Issue 3: under hard-fail nothing passes without an established status for each certificate.
        if (f.revocation === 'hard-fail' && s.indication === 'TOTAL_PASSED')
          for (const r of s.revocation) expect(['good'], d).toContain(r.status);
      });
    });
  }

  const entry = (file: string, revocation = 'off') => {
    const f = extraIndex.find(
      (x) => x.file === `pdf-extra/${file}` && x.revocation === revocation && !x.crls.length,
    );
    if (!f) throw new Error(`no index entry for ${file}`);
    return f;
  };

  it('P=2: the form fill is listed as allowed, the later page content change as the forbidden one', async () => {
    const f = entry('certified-p2-form-filled-then-content-changed.pdf');
    const s = (await verify(read(f.file), extraOptions(f))).signatures[0]!;
    const changes = s.coverage!.changesAfter;
    expect(changes.filter((c) => !c.allowed).map((c) => [c.revision, c.kind])).toEqual([[4, 'page-content']]);
    expect(changes.some((c) => c.revision === 3 && c.kind === 'form-fill' && c.allowed)).toBe(true);
  });

  it('P=1: the same form fill is forbidden', async () => {
    const f = entry('certified-p1-form-filled.pdf');
    const s = (await verify(read(f.file), extraOptions(f))).signatures[0]!;
    const fills = s.coverage!.changesAfter.filter((c) => c.kind === 'form-fill');
    expect(fills.length).toBeGreaterThan(0);
    expect(fills.every((c) => !c.allowed)).toBe(true);
  });

  it("the document timestamp's genTime is the approval signature's proven time, and the TSA is named", async () => {
    const f = entry('doc-timestamp.pdf');
    const [approval, dts] = (await verify(read(f.file), extraOptions(f))).signatures;
    expect(dts!.time.proven).toBe('2026-05-02T00:00:00.000Z');
    expect(approval!.time.proven).toBe(dts!.time.proven);
    expect(dts!.signer?.commonName).toBe('crossign PDF-extra TSA');
    expect(dts!.coverage?.wholeDocument).toBe(true);
    expect(approval!.coverage?.changesAfter.every((c) => c.allowed && c.kind === 'document-timestamp')).toBe(
      true,
    );
  });

  it('B-LTA: the statuses come from the DSS, and the DSS update after the document timestamp is allowed', async () => {
    const f = entry('lta.pdf', 'hard-fail');
    const [approval, dts] = (await verify(read(f.file), extraOptions(f))).signatures;
    expect(approval!.revocation.map((r) => [r.status, r.origin])).toEqual([['good', 'pdf-dss']]);
    expect(dts!.revocation.map((r) => [r.status, r.origin])).toEqual([['good', 'pdf-dss']]);
    expect(dts!.coverage?.changesAfter.map((c) => [c.kind, c.allowed])).toEqual([['dss', true]]);
    expect(approval!.timestamps.map((t) => [t.type, t.indication])).toEqual([['signature', 'TOTAL_PASSED']]);
  });
});

// --- property: no single-byte change inside a signed range passes ----------------------------------------
describe.skipIf(!pdfPresent)('single-byte changes inside the signed byte ranges of signed-once.pdf', () => {
  const original = pdfPresent ? read('pdf/signed-once.pdf') : new Uint8Array();
  const m = /\/ByteRange\s*\[\s*0\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/.exec(
    Buffer.from(original).toString('latin1'),
  );
  const [len1, start2, len2] = m ? [Number(m[1]), Number(m[2]), Number(m[3])] : [0, 0, 0];
  const options: VerifyOptionsInput = {
    trustAnchors: pdfPresent ? [read('pdf/pki/ca.pem')] : [],
    revocation: { mode: 'off' },
  };

  it('the unchanged file passes (the property is not vacuous)', async () => {
    expect(start2 + len2).toBe(original.length);
    expect((await verify(original, options)).indication).toBe('TOTAL_PASSED');
  });

  it('never TOTAL_PASSED (200 runs)', async () => {
    // Signed offsets: anywhere, or biased towards the structure (last revision's objects, xref, trailer)
    // that the font stream would otherwise drown out.
    const signedOffset = fc.oneof(
      fc.integer({ min: 0, max: len1 + len2 - 1 }),
      fc.integer({ min: Math.max(0, len1 - 6000), max: len1 - 1 }),
      fc.integer({ min: len1, max: len1 + len2 - 1 }),
    );
    await fc.assert(
      fc.asyncProperty(signedOffset, fc.integer({ min: 1, max: 255 }), async (k, mask) => {
        const at = k < len1 ? k : start2 + (k - len1);
        const changed = original.slice();
        changed[at] = (changed[at] ?? 0) ^ mask;
        const v = await verify(changed, options);
        expect(v.indication, `byte ${at} ^ ${mask}: ${v.subIndication}`).not.toBe('TOTAL_PASSED');
        for (const s of v.signatures) expect(s.indication).not.toBe('TOTAL_PASSED');
      }),
      { numRuns: 200 },
    );
  }, 60_000);
});
