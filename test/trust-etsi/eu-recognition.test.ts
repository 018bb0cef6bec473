import { beforeAll, describe, expect, it } from 'vitest';
import { evaluateCondition } from '../../src/recognition/conditions.js';
import { emptyFacts } from '../../src/recognition/facts.js';
import {
  EU_PROFILE_SOURCE,
  euProfile,
  parseTrustedList,
  type TrustedList,
} from '../../src/trust/etsi/index.js';
import { euQualificationFact, euRecognition } from '../../src/trust/eu-recognition.js';
import { EconomyProfile } from '../../src/trust/schema.js';
import { Recognition } from '../../src/verdict/schema.js';
import type { Certificate } from '../../src/x509/certificate.js';
import { fixture } from './helpers.js';
import { issueLeaf, listedCa } from './qc-leaf.js';

// zz-history.xml: the CA/QC service is granted 2020–2022, withdrawn 2022–2024, granted again from 2024.
const GRANTED = new Date('2024-06-01T00:00:00Z');
const WITHDRAWN = new Date('2023-06-01T00:00:00Z');

let list: TrustedList;
let ca: Certificate;
const leaf: Record<'qes' | 'qcNoQscd' | 'noQc' | 'seal', Certificate> = {} as never;

beforeAll(async () => {
  list = parseTrustedList(fixture('zz-history.xml'));
  ca = listedCa();
  leaf.qes = await issueLeaf({ serial: '11', qc: { compliance: true, sscd: true, type: 'esign' } });
  leaf.qcNoQscd = await issueLeaf({ serial: '12', qc: { compliance: true, type: 'esign' } });
  leaf.noQc = await issueLeaf({ serial: '13' });
  leaf.seal = await issueLeaf({ serial: '14', qc: { compliance: true, sscd: true, type: 'eseal' } });
});

function rec(
  l: Certificate,
  over: Partial<Parameters<typeof euRecognition>[0]> = {},
): ReturnType<typeof euRecognition> {
  const r = euRecognition({
    indication: 'TOTAL_PASSED',
    chain: [l, ca],
    signingTime: GRANTED,
    provenTime: true,
    lists: [list],
    ...over,
  });
  expect(Recognition.safeParse(r).success).toBe(true);
  return r;
}

describe('EU profile (data)', () => {
  it('validates as an economy profile and every citation names a source or says why not', () => {
    const p = EconomyProfile.parse(EU_PROFILE_SOURCE);
    expect(p.economy).toBe('EU');
    for (const t of p.tiers)
      for (const c of t.citations) {
        if (c.verified) expect(c.url ?? c.seenIn, `${t.id} ${c.section}`).toBeTruthy();
        else expect(c.note, `${t.id} ${c.section}`).toBeTruthy();
      }
    expect(euProfile()).toBe(euProfile());
  });
});

describe('euRecognition: qualifyChain mapped onto the eIDAS tiers', () => {
  it('QESig at a proven time in a granted period → top tier, qualified electronic signature, Art. 25(2)', () => {
    const r = rec(leaf.qes);
    expect(r.economy).toBe('EU');
    expect(r.level).toBe('top-statutory-tier');
    expect(r.tier).toBe('eu-qualified-signature');
    expect(r.localTerm).toBe('qualified electronic signature');
    expect(r.legalEffect).toBe(
      'equivalent to a handwritten signature in every EU member state (eIDAS Art. 25(2), 25(3))',
    );
    expect(r.legalBasis.map((c) => c.section)).toContain('Art. 25(2)');
    expect(r.anchoredIn).toEqual({
      economy: 'ZZ',
      listId: 'ZZ-TSL',
      sequenceNumber: 7,
      issued: '2025-01-01T00:00:00.000Z',
      digest: list.digest,
    });
    expect(r.asOf).toBe(EU_PROFILE_SOURCE.asOf);
    // ZZ is not a member state: the anchor is foreign, the rule origin-neutral.
    expect(r.foreignAnchor).toBe(true);
  });

  it('the same signature with only a claimed time → indeterminate, at least advanced', () => {
    const r = rec(leaf.qes, { provenTime: false });
    expect(r.level).toBe('indeterminate');
    expect(r.tier).toBe('eu-qualified-signature');
    expect(r.atLeast).toEqual({ level: 'recognised', tier: 'eu-advanced-signature' });
    expect(r.conditions.find((c) => c.id === 'eu-qualified-signature.2.eu-qualification')?.result).toBe(
      'unknown',
    );
  });

  it('signed while the CA service was withdrawn → not listed → evidence-only', () => {
    const r = rec(leaf.qes, { signingTime: WITHDRAWN });
    expect(r.level).toBe('evidence-only');
    expect(r.tier).toBe('eu-electronic-signature');
    const q = euQualificationFact({
      chain: [leaf.qes, ca],
      signingTime: WITHDRAWN,
      provenTime: true,
      lists: [list],
    });
    expect(q?.listed).toBe(false);
    expect(q?.reasons.join(' ')).toMatch(/withdrawn/);
  });

  it('qualified certificate without a QSCD → AdESig-QC → intermediate tier', () => {
    const r = rec(leaf.qcNoQscd);
    expect(r.level).toBe('intermediate-statutory-tier');
    expect(r.tier).toBe('eu-advanced-signature-qc');
    expect(r.localTerm).toBe('advanced electronic signature based on a qualified certificate');
  });

  it('certificate without QC statements under a listed CA → AdESig → recognised (advanced), Art. 25(1) + 26', () => {
    const r = rec(leaf.noQc);
    expect(r.level).toBe('recognised');
    expect(r.tier).toBe('eu-advanced-signature');
    expect(r.legalBasis.map((c) => c.section)).toEqual(expect.arrayContaining(['Art. 25(1)', 'Art. 26']));
  });

  it('a seal certificate under a service declared for e-signatures only is not qualified → evidence-only', () => {
    const r = rec(leaf.seal);
    expect(r.level).toBe('evidence-only');
  });

  it('INDETERMINATE technical result → at most indeterminate', () => {
    const r = rec(leaf.qes, { indication: 'INDETERMINATE', subIndication: 'NO_CERTIFICATE_CHAIN_FOUND' });
    expect(r.level).toBe('indeterminate');
    expect(r.atLeast).toBeUndefined();
  });

  it('TOTAL_FAILED → not-recognised', () => {
    const r = rec(leaf.qes, { indication: 'TOTAL_FAILED', subIndication: 'HASH_FAILURE' });
    expect(r.level).toBe('not-recognised');
  });

  it('no EU list loaded → the eIDAS conditions are unknown, never passed', () => {
    const r = rec(leaf.qes, { lists: [] });
    expect(r.level).toBe('indeterminate');
    expect(r.conditions.some((c) => c.detail?.includes('no EU trusted list was loaded'))).toBe(true);
  });

  it('signer given apart from the chain is put first', () => {
    const r = rec(leaf.qes, { signer: leaf.qes, chain: [ca] });
    expect(r.level).toBe('top-statutory-tier');
  });
});

describe('eu-qualification condition (engine)', () => {
  const profile = () => euProfile();
  const fact = (o: object) => ({
    ...emptyFacts('TOTAL_PASSED'),
    euQualification: {
      level: 'QESig' as const,
      listed: true,
      time: '2024-06-01T00:00:00.000Z',
      atProvenTime: true,
      reasons: [],
      ...o,
    },
  });
  const env = (facts: ReturnType<typeof fact>) => ({
    facts,
    profile: profile(),
    loadedLists: new Set<string>(),
  });
  const c = { type: 'eu-qualification' as const, oneOf: ['QESig' as const] };
  it('passes, fails on another level, is unknown without proof of time or before eIDAS applied', () => {
    expect(evaluateCondition(c, env(fact({}))).result).toBe('passed');
    expect(evaluateCondition(c, env(fact({ level: 'AdESig-QC' }))).result).toBe('failed');
    expect(evaluateCondition(c, env(fact({ listed: false }))).result).toBe('failed');
    expect(evaluateCondition(c, env(fact({ atProvenTime: false }))).result).toBe('unknown');
    expect(evaluateCondition({ ...c, provenTime: false }, env(fact({ atProvenTime: false }))).result).toBe(
      'passed',
    );
    expect(evaluateCondition(c, env(fact({ time: '2015-01-01T00:00:00.000Z' }))).result).toBe('unknown');
    expect(evaluateCondition(c, { ...env(fact({})), facts: emptyFacts('TOTAL_PASSED') }).result).toBe(
      'unknown',
    );
  });
});
