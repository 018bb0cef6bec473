/**
 * Real long-term files that no one here wrote: DSS CAdES T/LT/LTA (and the older C/X/XL/A forms), DSS
 * PAdES files with their anchors, time and OCSP (Belgian eID, Costa Rica, Certipost), pyHanko PAdES-LTA
 * files against its testing CA at its frozen date. Each runs through verify() with exactly the inputs
 * EXPECTATIONS.json gives and must reach what its source's tests assert; the level and proven time we
 * report are checked where the file's own name or source fixes them.
 */
import { describe, expect, it } from 'vitest';
import type { VerifyOptionsInput } from '../../src/options.js';
import { type SignatureResult, Verdict } from '../../src/verdict/schema.js';
import { verify } from '../../src/verify.js';
import {
  compareVerdict,
  corpusAvailable,
  corpusFile,
  type ExpectationEntry,
  expectations,
  optionsFor,
  skipNotice,
} from '../helpers/corpus.js';

skipNotice('LT corpus');

const isLt = (e: ExpectationEntry): boolean =>
  (e.path.startsWith('dss/cades/') && /LT|Signature-C-|-T[-_.]|ats|tst/i.test(e.path)) ||
  (e.path.startsWith('dss/pades/') && (e.inputs?.trustAnchors.length ?? 0) > 0) ||
  (e.path.startsWith('pyhanko/pdf/') && /lta/i.test(e.path));

/**
 * The source test's revocation policy, where EXPECTATIONS.json records one. "Disabled" wins over a
 * soft-fail mentioned for a side check; "soft-fail ... so no revocation data is required" is soft-fail.
 */
function policyFor(notes: string | undefined): VerifyOptionsInput {
  if (!notes) return {};
  if (/revocation checking disabled|NO_REVOCATION/i.test(notes)) return { revocation: { mode: 'off' } };
  if (/soft-fail/i.test(notes)) return { revocation: { mode: 'soft-fail' } };
  if (/no revocation/i.test(notes)) return { revocation: { mode: 'off' } };
  return {};
}

/** Entries we deliberately judge differently from the source, with the reason. */
const DELIBERATE: Record<string, string> = {};

/**
 * What the source fixes beyond the indication, checked on the first signature: that its timestamps prove
 * the signing time (the source asserts every timestamp valid under the anchors it configures) and the
 * level (pyHanko validates Sig1 as PAdES-LTA). `deviation` marks a fact the pipeline does not meet yet:
 * it runs as `it.fails`, so it turns red the day the pipeline is fixed.
 */
interface TimeFacts {
  proven?: boolean;
  level?: string;
  /** Every document timestamp whose token is TOTAL_PASSED is itself TOTAL_PASSED. */
  documentTimestampsPass?: boolean;
  deviation?: string;
}
const TIME_FACTS: Record<string, TimeFacts[]> = {
  'dss/pades/belgian_pki_multiple_ocsps.pdf': [{ proven: true }],
  'dss/pades/belgian_pki_multiple_ocsps_lt.pdf': [{ proven: true }],
  'pyhanko/pdf/pades-lta-dss-indirect-arrs-test.pdf': [
    { proven: true },
    { level: 'B-LTA' },
    { documentTimestampsPass: true },
  ],
};

const entries = expectations().filter(
  (e) => e.expect !== null && e.reproducibleFromCorpus !== false && isLt(e),
);

const summary = (s: SignatureResult) =>
  `${s.kind} ${s.indication}${s.subIndication ? `/${s.subIndication}` : ''} level=${s.level?.achieved ?? 'none'} proven=${s.time.proven ?? 'no'}${s.time.provenBy ? ` by ${s.time.provenBy}` : ''} ts=[${s.timestamps.map((t) => `${t.type}:${t.indication}${t.subIndication ? `/${t.subIndication}` : ''}`).join(',')}] rev=[${s.revocation.map((r) => `${r.status}/${r.source}`).join(',')}] problems=[${s.problems
    .filter((p) => p.severity !== 'info')
    .map((p) => p.code)
    .join(',')}]`;

describe.skipIf(!corpusAvailable)('LT/LTA corpus files give the results their sources expect', () => {
  it('has LT entries to check', () => expect(entries.length).toBeGreaterThanOrEqual(20));

  for (const entry of entries) {
    const reason = DELIBERATE[entry.path];
    it(`${entry.path}${reason ? ' (deliberate difference)' : ''}`, async () => {
      const v = await verify(corpusFile(entry.path), optionsFor(entry, policyFor(entry.policyNotes)));
      expect(Verdict.safeParse(v).success).toBe(true);
      const lines = v.signatures.map(summary);
      // The level and proven time we report, for the record of every run.
      console.info(`[lt-corpus] ${entry.path}\n  ${lines.join('\n  ')}`);
      const diffs = compareVerdict(v, entry);
      if (reason) expect(diffs.length, reason).toBeGreaterThan(0);
      else expect(diffs, lines.join('\n')).toEqual([]);
      // A timestamp whose TSA does not chain to a configured anchor proves nothing (fail closed).
      if (entry.inputs?.trustAnchors.length === 0)
        for (const s of v.signatures)
          if (s.kind !== 'document-timestamp') expect(s.time.proven, summary(s)).toBeUndefined();
    });

    for (const facts of TIME_FACTS[entry.path] ?? []) {
      const run = facts.deviation ? it.fails : it;
      const what = [
        facts.proven !== undefined ? (facts.proven ? 'proven time' : 'no proven time') : '',
        facts.level ? `level ${facts.level}` : '',
        facts.documentTimestampsPass ? 'valid document timestamps pass' : '',
      ]
        .filter(Boolean)
        .join(', ');
      run(
        `${entry.path}: ${what}${facts.deviation ? ` (known deviation: ${facts.deviation})` : ''}`,
        async () => {
          const v = await verify(corpusFile(entry.path), optionsFor(entry, policyFor(entry.policyNotes)));
          const first = v.signatures[0];
          const d = v.signatures.map(summary).join('\n');
          if (facts.proven !== undefined) expect(first?.time.proven !== undefined, d).toBe(facts.proven);
          if (facts.level) expect(first?.level?.achieved, d).toBe(facts.level);
          if (facts.documentTimestampsPass) {
            const dts = v.signatures.filter((s) => s.kind === 'document-timestamp');
            expect(dts.length).toBeGreaterThan(0);
            for (const s of dts)
              if (s.timestamps[0]?.indication === 'TOTAL_PASSED')
                expect(s.indication, d).toBe('TOTAL_PASSED');
          }
        },
      );
    }
  }
});

/**
 * Beyond what the sources assert: the LT data inside these files is enough on its own. Under the default
 * hard-fail policy, with no caller revocation data, each signer's chain status comes from the PDF DSS.
 */
describe.skipIf(!corpusAvailable)('LT files validate offline from their own DSS under hard-fail', () => {
  const cases: { path: string; anchors: string[]; time: string }[] = [
    {
      path: 'pyhanko/pdf/pades-lta-dss-indirect-arrs-test.pdf',
      anchors: ['pyhanko/testing-ca/root.cert.pem'],
      time: '2020-11-01T00:00:00Z',
    },
    {
      path: 'dss/pades/belgian_pki_multiple_ocsps_lt.pdf',
      anchors: [
        'dss/trust-anchors/BE-Belgium-Root-CA4.cer',
        'dss/trust-anchors/BE-Universign-Timestamping-CA.cer',
      ],
      time: '2021-07-15T09:14:40Z',
    },
  ];
  for (const c of cases) {
    it(`${c.path}: TOTAL_PASSED, proven, every chain status from pdf-dss`, async () => {
      const v = await verify(corpusFile(c.path), {
        trustAnchors: c.anchors.map(corpusFile),
        validationTime: new Date(c.time),
      });
      const s = v.signatures[0]!;
      expect(v.policy.revocation.mode).toBe('hard-fail');
      expect(s.indication, summary(s)).toBe('TOTAL_PASSED');
      expect(s.time.provenBy).toBe('signature-timestamp');
      expect(s.revocation.length).toBeGreaterThan(0);
      for (const r of s.revocation)
        expect(r, summary(s)).toMatchObject({ status: 'good', origin: 'pdf-dss' });
    });
  }
});
