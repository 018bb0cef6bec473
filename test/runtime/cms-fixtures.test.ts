/**
 * Every entry of fixtures/cms/index.json and fixtures/national/index.json through verify(), each with its
 * expected indication and sub-indication — the same file runs in Node and in Chromium (vitest projects).
 */
import { describe, expect, it } from 'vitest';
import cmsIndex from '../../fixtures/cms/index.json';
import nationalIndex from '../../fixtures/national/index.json';
import type { VerifyOptionsInput } from '../../src/options.js';
import { Verdict } from '../../src/verdict/schema.js';
import { verify } from '../../src/verify.js';
import { fixture, runtime } from './fixtures.js';

interface FixtureEntry {
  file: string;
  detachedContent: string | null;
  trustAnchors: string[];
  certificates: string[];
  validationTime: string;
  revocation?: string;
  expect: { indication: string; subIndication: string | null; signers: number };
  why: string;
}

const INDEXES: [string, FixtureEntry[]][] = [
  ['cms/index.json', cmsIndex],
  ['national/index.json', nationalIndex],
];

const revocationMode = (m: string | undefined): 'off' | 'hard-fail' | 'soft-fail' => {
  if (m === undefined || m === 'off' || m === 'hard-fail' || m === 'soft-fail') return m ?? 'off';
  throw new Error(`unknown revocation mode in index: ${m}`);
};

describe.each(INDEXES)(`[${runtime}] fixtures of %s reach their expected indication`, (_name, index) => {
  it('has fixtures', () => expect(index.length).toBeGreaterThan(3));
  for (const f of index) {
    it(`${f.file}: ${f.expect.indication}${f.expect.subIndication ? `/${f.expect.subIndication}` : ''} — ${f.why}`, async () => {
      const opts: VerifyOptionsInput = {
        trustAnchors: await Promise.all(f.trustAnchors.map(fixture)),
        certificates: await Promise.all(f.certificates.map(fixture)),
        validationTime: new Date(f.validationTime),
        revocation: { mode: revocationMode(f.revocation) },
      };
      if (f.detachedContent) opts.detachedContent = await fixture(f.detachedContent);
      const v = await verify(await fixture(f.file), opts);
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
