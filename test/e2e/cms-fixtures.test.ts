/**
 * Every CMS fixture made by fixtures/make-fixtures.sh (and the SM2/GOST ones of make-national-fixtures.sh), with the indication its index entry expects.
 * The fixtures carry no revocation data, so they run with revocation off (as their index says).
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { VerifyOptionsInput } from '../../src/options.js';
import { Verdict } from '../../src/verdict/schema.js';
import { verify } from '../../src/verify.js';

const FIXTURES = resolve(__dirname, '../../fixtures');
const read = (p: string) => new Uint8Array(readFileSync(join(FIXTURES, p)));

interface FixtureEntry {
  file: string;
  detachedContent: string | null;
  trustAnchors: string[];
  certificates: string[];
  validationTime: string;
  revocation?: 'off' | 'hard-fail' | 'soft-fail';
  expect: { indication: string; subIndication: string | null; signers: number };
  why: string;
}

const INDEXES = ['cms/index.json', 'national/index.json'];

describe.each(INDEXES)('fixtures of %s reach their expected indication', (indexFile) => {
  const index = JSON.parse(readFileSync(join(FIXTURES, indexFile), 'utf8')) as FixtureEntry[];
  it('has fixtures', () => expect(index.length).toBeGreaterThan(3));
  for (const f of index) {
    it(`${f.file}: ${f.expect.indication}${f.expect.subIndication ? `/${f.expect.subIndication}` : ''} — ${f.why}`, async () => {
      const opts: VerifyOptionsInput = {
        trustAnchors: f.trustAnchors.map(read),
        certificates: f.certificates.map(read),
        validationTime: new Date(f.validationTime),
        revocation: { mode: f.revocation ?? 'off' },
      };
      if (f.detachedContent) opts.detachedContent = read(f.detachedContent);
      const v = await verify(read(f.file), opts);
      expect(Verdict.safeParse(v).success).toBe(true);
      expect(v.signatures).toHaveLength(f.expect.signers);
      const detail = JSON.stringify(
        v.signatures.map((s) => [
          s.indication,
          s.subIndication,
          s.problems.map((p) => p.code),
          s.chain.stoppedBecause,
        ]),
      );
      for (const s of v.signatures) {
        expect(s.indication, detail).toBe(f.expect.indication);
        if (f.expect.subIndication) expect(s.subIndication, detail).toBe(f.expect.subIndication);
        else expect(s.subIndication, detail).toBeUndefined();
      }
    });
  }
});
