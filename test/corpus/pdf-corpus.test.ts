/**
 * Every corpus PDF with an expectation, through verify(), against what its source's own tests assert
 * (EXPECTATIONS.json). Deliberate differences are listed with the reason.
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

skipNotice('PDF corpus');

/** Files we judge differently from the source on purpose. */
const DELIBERATE: Record<string, string> = {
  'dss/pades/BadEncodedCMS.pdf':
    "DSS (BouncyCastle) refuses the whole CMS because an embedded certificate's serialNumber is a " +
    'non-minimal INTEGER (00 50 …, not DER per X.690 §8.3.2) and then reports no signature; the ' +
    'SignedData itself is well formed, so we report the signed field rather than hide it, and it ' +
    'cannot pass (no chain to any anchor)',
  'dss/pades/siwa.pdf':
    'DSS reports the signature "not intact"; we report the CMS intact over the bytes its /ByteRange names ' +
    '(that is how signature wrapping works: the range points at relocated original bytes) and reject the ' +
    'signature as TOTAL_FAILED/FORMAT_FAILURE because the byte range is not the revision minus /Contents. ' +
    'Same indication as DSS, a more precise integrity field',
};

const entries = expectations().filter(
  (e) => e.kind === 'pdf' && e.expect !== null && e.reproducibleFromCorpus !== false,
);

describe.skipIf(!corpusAvailable)('PDF corpus files give the results their sources expect', () => {
  it('has PDF entries to check', () => expect(entries.length).toBeGreaterThan(50));
  for (const entry of entries) {
    const reason = DELIBERATE[entry.path];
    it(`${entry.path}${reason ? ' (deliberate difference)' : ''}`, async () => {
      const v = await verify(corpusFile(entry.path), optionsFor(entry, policyFor(entry.policyNotes)));
      expect(Verdict.safeParse(v).success).toBe(true);
      // We do not report /Perms /UR3 usage-rights signatures (they certify viewer rights, not content).
      const diffs = compareVerdict(v, entry, { dropTypes: ['usageRights'] });
      const detail = JSON.stringify({
        problems: v.problems.map((p) => p.code),
        signatures: v.signatures.map((s) => [
          s.id,
          s.kind,
          s.indication,
          s.subIndication,
          s.integrity.ok,
          s.coverage?.modifiedAfterSigning,
          s.problems.map((p) => p.code),
        ]),
      });
      if (reason) expect(diffs.length, reason).toBeGreaterThan(0);
      else expect(diffs, detail).toEqual([]);
    });
  }
});

describe.skipIf(!corpusAvailable)('signature wrapping (dss/pades/siwa.pdf)', () => {
  it('is TOTAL_FAILED / FORMAT_FAILURE because its byte range is not the revision minus /Contents', async () => {
    const v = await verify(corpusFile('dss/pades/siwa.pdf'));
    const s = v.signatures[0];
    expect(s?.indication).toBe('TOTAL_FAILED');
    expect(s?.subIndication).toBe('FORMAT_FAILURE');
    expect(s?.problems.map((p) => p.code)).toContain('PDF_BYTERANGE_NOT_CONTENTS');
    expect(v.indication).toBe('TOTAL_FAILED');
  });
});
