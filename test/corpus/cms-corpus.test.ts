/**
 * Real CMS / CAdES files that no one here wrote (RFC 4134, DSS, pyHanko, gost-engine …) against what
 * their sources' own tests assert (EXPECTATIONS.json).
 */
import { describe, expect, it } from 'vitest';
import { Verdict } from '../../src/verdict/schema.js';
import { verify } from '../../src/verify.js';
import {
  compareVerdict,
  corpusAvailable,
  corpusFile,
  expectations,
  optionsFor,
  policyFor,
  skipNotice,
} from '../helpers/corpus.js';

skipNotice('CMS corpus');

/** Entries we deliberately judge differently from the source, with the reason. */
const DELIBERATE: Record<string, string> = {};

const entries = expectations().filter(
  (e) => (e.kind === 'cms' || e.kind === 'tsr') && e.expect !== null && e.reproducibleFromCorpus !== false,
);

describe.skipIf(!corpusAvailable)('CMS corpus files give the results their sources expect', () => {
  it('has CMS entries to check', () => {
    expect(entries.length).toBeGreaterThan(30);
  });
  for (const entry of entries) {
    const reason = DELIBERATE[entry.path];
    it(`${entry.path}${reason ? ' (deliberate difference)' : ''}`, async () => {
      const v = await verify(corpusFile(entry.path), optionsFor(entry, policyFor(entry.policyNotes)));
      expect(Verdict.safeParse(v).success).toBe(true);
      const diffs = compareVerdict(v, entry);
      if (reason) expect(diffs.length, reason).toBeGreaterThan(0);
      else
        expect(
          diffs,
          JSON.stringify(
            v.signatures.map((s) => [s.indication, s.subIndication, s.problems.map((p) => p.code)]),
          ),
        ).toEqual([]);
    });
  }
});

describe.skipIf(!corpusAvailable)('RFC 4134 under the ETSI algorithm policy', () => {
  it('4.2.bin (RSA-1024 / SHA-1 of 1999) is not TOTAL_PASSED today without a proof of existence', async () => {
    const v = await verify(corpusFile('rfc4134/4.2.bin'), {
      trustAnchors: [corpusFile('rfc4134/CarlRSASelf.cer')],
      revocation: { mode: 'off' },
    });
    expect(v.signatures[0]?.integrity.ok).toBe(true);
    expect(v.signatures[0]?.indication).toBe('INDETERMINATE');
    expect(v.signatures[0]?.subIndication).toBe('CRYPTO_CONSTRAINTS_FAILURE_NO_POE');
  });
});
