/**
 * Fuzz properties shared by the short CI runs (test/fuzz/*.test.ts) and the long run (scripts/fuzz.mjs).
 * Each property draws a hostile input from a seed file and checks: verify() resolves (never throws on
 * input, never runs past its time budget), the verdict is schema-valid, and — for the signed-range
 * properties — a changed signed byte is never TOTAL_PASSED.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as asn1js from 'asn1js';
import fc from 'fast-check';
import { isCrossignError } from '../../src/lib/errors.js';
import type { VerifyOptionsInput } from '../../src/options.js';
import { parseCrl } from '../../src/revocation/crl.js';
import { parseOcspResponse } from '../../src/revocation/ocsp.js';
import { parseTimestampToken } from '../../src/timestamp/tst.js';
import { Verdict, type Verdict as VerdictT } from '../../src/verdict/schema.js';
import { verify } from '../../src/verify.js';
import { parseCertificate } from '../../src/x509/certificate.js';
import {
  buildPdf,
  flateStream,
  latin1,
  minimalRevision,
  PAGE,
  PAGES,
  pdfWithObjectStreams,
} from '../hardening/pdf-build.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CORPUS = resolve(ROOT, '../shared/corpus');
const file = (p: string): Uint8Array => new Uint8Array(readFileSync(join(ROOT, p)));
const corpusFile = (p: string): Uint8Array | undefined =>
  existsSync(join(CORPUS, p)) ? new Uint8Array(readFileSync(join(CORPUS, p))) : undefined;

/** Short per-call budget so a slow path shows up as a finding, with slack for a loaded 2-core machine. */
export const TIME_BUDGET_MS = 5_000;
const SLACK_MS = 5_000;

export const ANCHOR = file('fixtures/pki/root-ca.pem');
export const BASE_OPTIONS: VerifyOptionsInput = {
  trustAnchors: [ANCHOR],
  validationTime: new Date('2027-01-01T00:00:00Z'),
  revocation: { mode: 'off' },
  limits: { timeBudgetMs: TIME_BUDGET_MS },
};

// ---------------------------------------------------------------- mutations

export type Mutation =
  | { op: 'flip'; at: number; xor: number }
  | { op: 'set'; at: number; value: number }
  | { op: 'truncate'; at: number }
  | { op: 'insert'; at: number; bytes: Uint8Array }
  | { op: 'delete'; at: number; count: number }
  | { op: 'duplicate'; from: number; count: number; at: number }
  | { op: 'lie'; header: number; form: number; value: number }
  | { op: 'nest'; depth: number };

/** Offsets of DER length octets in `bytes` (the "lying length" targets), found with asn1js. */
export function lengthOffsets(bytes: Uint8Array): number[] {
  const out: number[] = [];
  const parsed = asn1js.fromBER(bytes);
  if (parsed.offset === -1) return out;
  const base = bytes.byteOffset;
  const walk = (n: asn1js.AsnType, depth: number) => {
    if (depth > 200 || !n?.idBlock || !n.valueBeforeDecodeView) return;
    const view = n.valueBeforeDecodeView;
    out.push(view.byteOffset - base + n.idBlock.blockLength);
    const v = (n as asn1js.Constructed).valueBlock?.value;
    if (Array.isArray(v)) for (const c of v) walk(c, depth + 1);
  };
  walk(parsed.result, 0);
  return out.filter((o) => o >= 0 && o < bytes.length);
}

function encodeLength(form: number, value: number): number[] {
  switch (form % 4) {
    case 0:
      return [value & 0x7f];
    case 1:
      return [0x80]; // indefinite
    case 2:
      return [0x84, (value >>> 24) & 0xff, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff];
    default:
      return [0x89, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff];
  }
}

export function applyMutation(b: Uint8Array, m: Mutation, headers: number[]): Uint8Array {
  const len = b.length;
  const at = (i: number) => (len === 0 ? 0 : i % len);
  switch (m.op) {
    case 'flip': {
      const out = b.slice();
      if (len) out[at(m.at)]! ^= m.xor || 1;
      return out;
    }
    case 'set': {
      const out = b.slice();
      if (len) out[at(m.at)] = m.value;
      return out;
    }
    case 'truncate':
      return b.slice(0, at(m.at));
    case 'insert': {
      const i = at(m.at);
      return concatAll([b.subarray(0, i), m.bytes, b.subarray(i)]);
    }
    case 'delete': {
      const i = at(m.at);
      return concatAll([b.subarray(0, i), b.subarray(Math.min(len, i + m.count))]);
    }
    case 'duplicate': {
      const f = at(m.from);
      return concatAll([
        b.subarray(0, at(m.at)),
        b.subarray(f, Math.min(len, f + m.count)),
        b.subarray(at(m.at)),
      ]);
    }
    case 'lie': {
      if (!headers.length) return b;
      const i = headers[m.header % headers.length]!;
      const old = b[i]!;
      const oldLen = old < 0x80 ? 1 : 1 + (old & 0x7f);
      return concatAll([
        b.subarray(0, i),
        Uint8Array.from(encodeLength(m.form, m.value)),
        b.subarray(Math.min(len, i + oldLen)),
      ]);
    }
    case 'nest': {
      const head = new Uint8Array(m.depth * 2);
      for (let i = 0; i < m.depth; i++) {
        head[i * 2] = 0x30;
        head[i * 2 + 1] = 0x80;
      }
      return concatAll([head, b, new Uint8Array(m.depth * 2)]);
    }
  }
}

function concatAll(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

const PDF_TOKENS = [
  ' R ',
  '<<',
  '>>',
  '[',
  ']',
  ' obj ',
  'endobj',
  'stream\n',
  'endstream',
  'xref\n0 1\n',
  '/Prev 0 ',
  '/Length 99999999 ',
  '/Length 5 0 R',
  '/Type /ObjStm /N 999999 /First 0 ',
  '/Filter /FlateDecode ',
  '/Filter [/FlateDecode /LZWDecode /ASCII85Decode] ',
  'startxref\n0\n%%EOF\n',
  '%%EOF',
  '/ByteRange [0 0 0 0]',
  '/Contents <00>',
  '/Kids [1 0 R]',
  '/Parent 1 0 R',
  '(',
  ')',
  '\\',
  '9999999999 0 R',
  '-1',
];

export const mutationArb = (extraTokens: string[] = []): fc.Arbitrary<Mutation> =>
  fc.oneof(
    {
      weight: 4,
      arbitrary: fc.record({
        op: fc.constant('flip' as const),
        at: fc.nat(),
        xor: fc.integer({ min: 1, max: 255 }),
      }),
    },
    {
      weight: 2,
      arbitrary: fc.record({
        op: fc.constant('set' as const),
        at: fc.nat(),
        value: fc.constantFrom(0, 0x80, 0xff, 0x30, 0x0a, 0x25),
      }),
    },
    { weight: 2, arbitrary: fc.record({ op: fc.constant('truncate' as const), at: fc.nat() }) },
    {
      weight: 2,
      arbitrary: fc.record({
        op: fc.constant('insert' as const),
        at: fc.nat(),
        bytes: fc.oneof(
          fc.uint8Array({ minLength: 1, maxLength: 16 }),
          fc.constantFrom(...PDF_TOKENS, ...extraTokens).map(latin1),
        ),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        op: fc.constant('delete' as const),
        at: fc.nat(),
        count: fc.integer({ min: 1, max: 64 }),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        op: fc.constant('duplicate' as const),
        from: fc.nat(),
        count: fc.integer({ min: 1, max: 512 }),
        at: fc.nat(),
      }),
    },
    {
      weight: 3,
      arbitrary: fc.record({
        op: fc.constant('lie' as const),
        header: fc.nat(),
        form: fc.nat(),
        value: fc.nat(),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({ op: fc.constant('nest' as const), depth: fc.integer({ min: 1, max: 3000 }) }),
    },
  );

// ---------------------------------------------------------------- checks

export class FuzzFinding extends Error {
  constructor(
    message: string,
    readonly input: Uint8Array,
  ) {
    super(message);
  }
}

/** verify() on hostile input: resolves in time with a schema-valid verdict. Returns the verdict. */
export async function checkVerify(
  input: Uint8Array,
  options: VerifyOptionsInput = BASE_OPTIONS,
): Promise<VerdictT> {
  const v = await checkVerifyOrOptionsError(input, options, false);
  if (!v) throw new FuzzFinding('unreachable', input);
  return v;
}

/** As checkVerify; with `allowOptionsError`, ERR_INVALID_OPTIONS (bad caller options, by design) gives undefined. */
export async function checkVerifyOrOptionsError(
  input: Uint8Array,
  options: VerifyOptionsInput,
  allowOptionsError: boolean,
): Promise<VerdictT | undefined> {
  // The long run saves each input first, so a hang (which no timer can interrupt) leaves a reproducer.
  if (process.env.FUZZ_LAST_CASE) writeFileSync(process.env.FUZZ_LAST_CASE, input);
  const started = performance.now();
  let v: VerdictT;
  try {
    v = await verify(input, options);
  } catch (e) {
    if (allowOptionsError && isCrossignError(e) && e.code === 'ERR_INVALID_OPTIONS') return undefined;
    throw new FuzzFinding(
      `verify threw: ${e instanceof Error ? `${e.name}: ${e.message}\n${e.stack}` : String(e)}`,
      input,
    );
  }
  const ms = performance.now() - started;
  const budget = (options?.limits?.timeBudgetMs ?? 60_000) + SLACK_MS;
  if (ms > budget) throw new FuzzFinding(`verify took ${Math.round(ms)} ms (budget ${budget} ms)`, input);
  const r = Verdict.safeParse(v);
  if (!r.success)
    throw new FuzzFinding(`verdict is not schema-valid: ${r.error.message.slice(0, 500)}`, input);
  return v;
}

/** A parser on hostile bytes: returns, or throws a CrossignError — never a TypeError/RangeError. */
export function checkParser(name: string, parse: (b: Uint8Array) => unknown, input: Uint8Array): void {
  try {
    parse(input);
  } catch (e) {
    if (isCrossignError(e)) return;
    throw new FuzzFinding(
      `${name} threw a non-Crossign error: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`,
      input,
    );
  }
}

export function passed(v: VerdictT): boolean {
  return v.indication === 'TOTAL_PASSED' || v.signatures.some((s) => s.indication === 'TOTAL_PASSED');
}

// ---------------------------------------------------------------- seeds

const CMS_SEEDS = [
  'fixtures/cms/rsa-sha256-attached.p7m',
  'fixtures/cms/rsa-sha256-ber-indefinite.p7m',
  'fixtures/cms/ecdsa-p256-sha256.p7m',
  'fixtures/cms/ed25519.p7m',
  'fixtures/cms/multi-signer.p7m',
  'fixtures/cms/rsa-pss-sha256.p7m',
  'fixtures/cms/rsa-sha256-cades.p7m',
  'fixtures/cms/rsa-sha256-noattr.p7m',
  'fixtures/cms/same-name-ca.p7m',
].map(file);

const CERT_SEEDS = [
  'rsa2048',
  'intermediate-ca',
  'root-ca',
  'ecdsa-p256',
  'ed25519',
  'nc-ca',
  'rsa-pss-key',
].map((n) => file(`fixtures/pki/${n}.der`));

const REVOCATION = resolve(ROOT, 'fixtures/revocation');
const CRL_SEEDS = ['crl-full.crl', 'crl-delta.crl', 'crl-idp-ca.crl']
  .filter((f) => existsSync(join(REVOCATION, f)))
  .map((f) => file(`fixtures/revocation/${f}`));
const OCSP_SEEDS = ['ocsp-direct-good.ors', 'ocsp-delegated-checked-good.ors', 'ocsp-direct-revoked.ors']
  .filter((f) => existsSync(join(REVOCATION, f)))
  .map((f) => file(`fixtures/revocation/${f}`));
const TST_SEEDS = ['dss/tsp/SK-disig.tst', 'dss/tsp/archive_timestamp.tst', 'pkijs/TestTSPresp.tsr']
  .map(corpusFile)
  .filter((b): b is Uint8Array => b !== undefined);

const PDF_SEEDS = [
  'valid-signed.pdf',
  'valid-signed-cades.pdf',
  'certified-p2.pdf',
  'isa-content-replaced.pdf',
].map((f) => file(`fixtures/attacks/${f}`));

const seedHeaders = new Map<Uint8Array, number[]>();
function headersOf(seed: Uint8Array): number[] {
  let h = seedHeaders.get(seed);
  if (!h) {
    h = lengthOffsets(seed);
    seedHeaders.set(seed, h);
  }
  return h;
}

export const mutatedArb = (seeds: Uint8Array[], tokens: string[] = []) =>
  fc
    .record({
      seed: fc.nat({ max: seeds.length - 1 }),
      mutations: fc.array(mutationArb(tokens), { minLength: 1, maxLength: 4 }),
    })
    .map(({ seed, mutations }) => {
      const s = seeds[seed]!;
      const headers = headersOf(s);
      return labelled(mutations.reduce((b, m) => applyMutation(b, m, headers), s));
    });

/** Short counterexample text: fast-check would otherwise print every byte. scripts/fuzz.mjs saves the bytes. */
export function labelled(input: Uint8Array): Uint8Array {
  // A no-op mutation hands back the seed itself: label a copy, never a shared seed.
  const b = input.slice();
  Object.defineProperty(b, fc.toStringMethod, {
    value: () => `bytes(${b.length}) head=${Buffer.from(b.subarray(0, 24)).toString('hex')}`,
    enumerable: false,
  });
  return b;
}

/** Byte ranges of rsa-sha256-attached.p7m that the signature covers: eContent, signed attributes, the signature value. */
export function signedRangesOfCms(cms: Uint8Array): Array<{ what: string; start: number; end: number }> {
  const root = asn1js.fromBER(cms).result as asn1js.Sequence;
  const base = cms.byteOffset;
  const off = (v: Uint8Array) => v.byteOffset - base;
  const sd = (root.valueBlock.value[1] as asn1js.Constructed).valueBlock.value[0] as asn1js.Sequence;
  const items = sd.valueBlock.value;
  const eci = items[2] as asn1js.Sequence;
  const eContent = ((eci.valueBlock.value[1] as asn1js.Constructed).valueBlock.value[0] as asn1js.OctetString)
    .valueBlock.valueHexView;
  const si = (items[items.length - 1] as asn1js.Set).valueBlock.value[0] as asn1js.Sequence;
  const attrs = si.valueBlock.value.find((e) => e.idBlock.tagClass === 3 && e.idBlock.tagNumber === 0)!;
  const sig = si.valueBlock.value.find((e) => e instanceof asn1js.OctetString) as asn1js.OctetString;
  return [
    { what: 'eContent', start: off(eContent), end: off(eContent) + eContent.length },
    {
      what: 'signedAttrs',
      start: off(attrs.valueBeforeDecodeView),
      end: off(attrs.valueBeforeDecodeView) + attrs.valueBeforeDecodeView.length,
    },
    {
      what: 'signature',
      start: off(sig.valueBlock.valueHexView),
      end: off(sig.valueBlock.valueHexView) + sig.valueBlock.valueHexView.length,
    },
  ];
}

/** Hostile PDFs made from scratch: xref loops, object-stream cycles, reference cycles, deflate bombs. */
export const structuralPdfArb: fc.Arbitrary<Uint8Array> = fc.oneof<fc.Arbitrary<Uint8Array>[]>(
  // /Prev chains that loop back on themselves or point anywhere.
  fc
    .record({
      revs: fc.integer({ min: 2, max: 6 }),
      target: fc.integer({ min: -1, max: 5 }),
      off: fc.nat({ max: 4000 }),
    })
    .map(({ revs, target, off }) =>
      buildPdf(
        [minimalRevision(), ...Array.from({ length: revs - 1 }, (): Array<[number, string]> => [[3, PAGE]])],
        {
          prevOverride: (r, prev) =>
            r === revs - 1 ? (target < 0 ? off : Math.max(0, prev - target * 7)) : prev,
        },
      ),
    ),
  // Reference cycles through the page tree, the AcroForm and /Length.
  fc.constantFrom(
    buildPdf([
      [
        [1, '<< /Type /Catalog /Pages 2 0 R /AcroForm 1 0 R >>'],
        [2, '<< /Type /Pages /Kids [2 0 R] /Count 1 /Parent 2 0 R >>'],
      ],
    ]),
    buildPdf([
      [
        [1, '<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [4 0 R] >> >>'],
        [2, PAGES],
        [3, PAGE],
        [4, '<< /FT /Sig /Kids [4 0 R] /Parent 4 0 R >>'],
      ],
    ]),
    buildPdf([
      [
        [1, '<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [4 0 R] >> >>'],
        [2, PAGES],
        [3, PAGE],
        [4, '<< /FT /Sig /V 5 0 R /T (a) >>'],
        [5, '<< /Type /Sig /ByteRange 5 0 R /Contents 5 0 R >>'],
      ],
    ]),
    buildPdf([[...minimalRevision(), [6, '<< /Length 6 0 R >>\nstream\nabc\nendstream']]]),
    buildPdf([
      [
        [1, '1 0 R'],
        [2, PAGES],
        [3, PAGE],
      ],
    ]),
  ),
  // Object streams that contain or extend themselves.
  fc.constantFrom(
    pdfWithObjectStreams([
      {
        num: 5,
        objects: [
          [1, '<< /Type /Catalog /Pages 3 0 R /AcroForm 5 0 R >>'],
          [5, '<< /Fields [] >>'],
          [3, PAGES],
          [4, PAGE],
        ],
      },
    ]),
    pdfWithObjectStreams([
      {
        num: 5,
        objects: [
          [1, '<< /Type /Catalog /Pages 3 0 R /AcroForm 6 0 R >>'],
          [3, PAGES],
        ],
      },
      {
        num: 6,
        objects: [
          [6, '<< /Fields [] >>'],
          [5, '<< /X 1 >>'],
          [4, PAGE],
        ],
      },
    ]),
  ),
  // Deflate bombs in the stream the reader must decode: under, at and over the 64 MB default cap.
  fc.constantFrom(1, 63, 65, 100, 200).map(deflateBomb),
  // A signature field with a deflated /Contents-like stream and random DocMDP/Perms structure.
  fc.uint8Array({ minLength: 0, maxLength: 64 }).map((junk) =>
    buildPdf([
      [
        [
          1,
          '<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [4 0 R] /SigFlags 3 >> /Perms << /DocMDP 5 0 R >> >>',
        ],
        [2, PAGES],
        [3, PAGE],
        [4, '<< /FT /Sig /T (s) /V 5 0 R >>'],
        [
          5,
          `<< /Type /Sig /SubFilter /ETSI.CAdES.detached /ByteRange [0 10 20 5] /Contents <${Buffer.from(junk).toString('hex')}> /Reference [<< /TransformMethod /DocMDP /TransformParams 6 0 R >>] >>`,
        ],
        [6, flateStream('/P 2', junk)],
      ],
    ]),
  ),
);

const bombs = new Map<number, Uint8Array>();
/** Built once per size: deflating 200 MB takes seconds, and the bytes are the same every time. */
function deflateBomb(mb: number): Uint8Array {
  let b = bombs.get(mb);
  if (!b) {
    b = pdfWithObjectStreams([
      {
        num: 5,
        objects: [
          [1, '<< /Type /Catalog /Pages 3 0 R /AcroForm 2 0 R >>'],
          [2, '<< /Fields [] >>'],
          [3, PAGES],
          [4, PAGE],
        ],
        padding: mb * 1024 * 1024,
      },
    ]);
    bombs.set(mb, b);
  }
  return b;
}

// ---------------------------------------------------------------- the properties

export interface FuzzProperty {
  name: string;
  /** Cases per property in the short CI run. */
  ciRuns: number;
  /** Relative share of the long run. */
  weight: number;
  property: () => fc.IAsyncPropertyWithHooks<[Uint8Array]> | fc.IAsyncProperty<[Uint8Array]>;
}

const attached = file('fixtures/cms/rsa-sha256-attached.p7m');
const cmsRanges = signedRangesOfCms(attached);
const validPdf = file('fixtures/attacks/valid-signed.pdf');
const pdfRanges = (() => {
  const m = /\/ByteRange \[0 (\d+) (\d+) (\d+)\]/.exec(Buffer.from(validPdf).toString('latin1'));
  if (!m) return [];
  const [a, b, c] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return [
    { start: 0, end: a },
    { start: b, end: b + c },
  ];
})();

export const PROPERTIES: FuzzProperty[] = [
  {
    name: 'cms-mutations',
    ciRuns: 300,
    weight: 3,
    property: () =>
      fc.asyncProperty(mutatedArb(CMS_SEEDS), async (b) => {
        await checkVerify(b);
      }),
  },
  {
    name: 'cms-signed-byte-changed-never-passes',
    ciRuns: 300,
    weight: 2,
    property: () =>
      fc.asyncProperty(
        fc
          .record({
            range: fc.nat({ max: cmsRanges.length - 1 }),
            at: fc.nat(),
            xor: fc.integer({ min: 1, max: 255 }),
          })
          .map(({ range, at, xor }) => {
            const r = cmsRanges[range]!;
            const out = attached.slice();
            out[r.start + (at % (r.end - r.start))]! ^= xor;
            return labelled(out);
          }),
        async (b) => {
          const v = await checkVerify(b);
          if (passed(v)) throw new FuzzFinding('a CMS with a changed signed byte is TOTAL_PASSED', b);
        },
      ),
  },
  {
    name: 'certificate-mutations-in-cms',
    ciRuns: 200,
    weight: 1,
    property: () =>
      fc.asyncProperty(mutatedArb(CERT_SEEDS), async (cert) => {
        // Embedded certificates are input: a broken one is a problem in the verdict, never a throw.
        await checkVerify(withCertificate(attached, cert));
        checkParser('parseCertificate', (d) => parseCertificate(d, 'signature'), cert);
      }),
  },
  {
    name: 'certificate-mutations-as-options',
    ciRuns: 200,
    weight: 1,
    property: () =>
      fc.asyncProperty(mutatedArb(CERT_SEEDS), async (cert) => {
        // Caller options: ERR_INVALID_OPTIONS by design, any other throw is a finding.
        for (const opts of [{ trustAnchors: [cert] }, { certificates: [cert] }])
          await checkVerifyOrOptionsError(attached, { ...BASE_OPTIONS, ...opts }, true);
      }),
  },
  ...(CRL_SEEDS.length
    ? [
        {
          name: 'crl-mutations',
          ciRuns: 300,
          weight: 1,
          property: () =>
            fc.asyncProperty(mutatedArb(CRL_SEEDS), async (b) => {
              checkParser('parseCrl', parseCrl, b);
            }),
        },
      ]
    : []),
  ...(OCSP_SEEDS.length
    ? [
        {
          name: 'ocsp-mutations',
          ciRuns: 300,
          weight: 1,
          property: () =>
            fc.asyncProperty(mutatedArb(OCSP_SEEDS), async (b) => {
              checkParser('parseOcspResponse', parseOcspResponse, b);
            }),
        },
      ]
    : []),
  ...(TST_SEEDS.length
    ? [
        {
          name: 'timestamp-token-mutations',
          ciRuns: 300,
          weight: 1,
          property: () =>
            fc.asyncProperty(mutatedArb(TST_SEEDS), async (b) => {
              checkParser('parseTimestampToken', parseTimestampToken, b);
              await checkVerify(b);
            }),
        },
      ]
    : []),
  {
    name: 'revocation-data-as-options',
    ciRuns: 150,
    weight: 1,
    property: () =>
      fc.asyncProperty(
        mutatedArb([...CRL_SEEDS, ...OCSP_SEEDS].length ? [...CRL_SEEDS, ...OCSP_SEEDS] : CERT_SEEDS),
        async (b) => {
          await checkVerifyOrOptionsError(
            attached,
            { ...BASE_OPTIONS, crls: [b], ocspResponses: [b], revocation: { mode: 'hard-fail' } },
            true,
          );
        },
      ),
  },
  {
    name: 'pdf-mutations',
    ciRuns: 300,
    weight: 3,
    property: () =>
      fc.asyncProperty(
        mutatedArb(PDF_SEEDS, ['/Type /Sig', '/FT /Sig', '/Perms', '/DocMDP', '/AcroForm', 'trailer']),
        async (b) => {
          await checkVerify(b);
        },
      ),
  },
  {
    name: 'pdf-structural',
    ciRuns: 100,
    weight: 1,
    property: () =>
      fc.asyncProperty(structuralPdfArb, async (b) => {
        await checkVerify(b);
      }),
  },
  {
    name: 'pdf-signed-byte-changed-never-passes',
    ciRuns: 300,
    weight: 2,
    property: () =>
      fc.asyncProperty(
        fc
          .record({ range: fc.nat({ max: 1 }), at: fc.nat(), xor: fc.integer({ min: 1, max: 255 }) })
          .map(({ range, at, xor }) => {
            const r = pdfRanges[range % pdfRanges.length]!;
            const out = validPdf.slice();
            out[r.start + (at % (r.end - r.start))]! ^= xor;
            return labelled(out);
          }),
        async (b) => {
          const v = await checkVerify(b);
          if (passed(v)) throw new FuzzFinding('a PDF with a changed signed byte is TOTAL_PASSED', b);
        },
      ),
  },
];

/** The CMS with one certificate added to its (unsigned) certificates field. */
export function withCertificate(cms: Uint8Array, cert: Uint8Array): Uint8Array {
  const root = asn1js.fromBER(cms).result as asn1js.Sequence;
  const sd = (root.valueBlock.value[1] as asn1js.Constructed).valueBlock.value[0] as asn1js.Sequence;
  const certs = sd.valueBlock.value.find(
    (x) => x.idBlock.tagClass === 3 && x.idBlock.tagNumber === 0,
  ) as asn1js.Constructed;
  // Raw bytes, not re-parsed: a broken certificate must reach crossign as it is.
  certs.valueBlock.value.unshift(
    new asn1js.RawData({ data: cert.slice().buffer }) as unknown as asn1js.AsnType,
  );
  return new Uint8Array(root.toBER());
}

export const fixturesPresent = {
  cms: true,
  pdf: true,
  crl: CRL_SEEDS.length > 0,
  ocsp: OCSP_SEEDS.length > 0,
  tst: TST_SEEDS.length > 0,
};
export { PAGE, PAGES };
