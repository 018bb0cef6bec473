/**
 * The China and Russia profiles' top tiers evaluated on real SM2/SM3 and GOST R 34.10-2012 signatures
 * (the PAdES PDFs of fixtures/national/pdf and the CMS of fixtures/national/{sm2,gost}), with TEST-ONLY
 * crossign JSON trust lists (test/national/fixtures, made by make-lists.ts) standing in for
 * CN-licensed-CA and RU-accredited-CA. Revocation is off: the fixtures carry no revocation data.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LIST_NOT_LOADED } from '../../src/recognition/conditions.js';
import { loadPemBundle } from '../../src/trust/pem.js';
import { bundledProfiles } from '../../src/trust/profiles.js';
import { JsonTrustList } from '../../src/trust/schema.js';
import type { Recognition, Verdict } from '../../src/verdict/schema.js';
import { verify } from '../../src/verify.js';

const ROOT = resolve(__dirname, '../..');
const read = (p: string) => new Uint8Array(readFileSync(join(ROOT, p)));
const list = (f: string): unknown => JSON.parse(readFileSync(join(__dirname, 'fixtures', f), 'utf8'));
const T2026 = new Date('2026-01-01T00:00:00Z');

const CN_LIST = 'CN-licensed-CA.sm2.json';
const RU_LIST = 'RU-accredited-CA.gost.json';
const RU_RSA_LIST = 'RU-accredited-CA.rsa.json';

async function recognitionOf(
  file: string,
  economy: 'CN' | 'RU',
  options: Parameters<typeof verify>[1],
): Promise<{ verdict: Verdict; rec: Recognition }> {
  const verdict = await verify(read(file), { economies: [economy], revocation: { mode: 'off' }, ...options });
  expect(verdict.signatures).toHaveLength(1);
  const rec = verdict.signatures[0]!.recognition[economy];
  if (!rec) throw new Error(`no ${economy} recognition`);
  return { verdict, rec };
}

const byType = (rec: Recognition, tier: string) =>
  Object.fromEntries(
    rec.conditions
      .filter((c) => c.id.startsWith(`${tier}.`))
      .map((c) => [c.id.slice(tier.length + 1).replace(/^\d+\./, ''), c]),
  );

/** The profile's top tier and the condition types it lists, so the tests follow the profile data. */
function topTier(economy: 'CN' | 'RU') {
  const t = bundledProfiles()[economy]!.tiers[0]!;
  expect(t.level).toBe('top-statutory-tier');
  return {
    id: t.id,
    types: t.conditions.map((c) => c.type),
    unverifiable: t.unverifiableConditions.map((u) => u.id),
  };
}

describe('test-only trust lists', () => {
  it.each([
    [CN_LIST, 'CN-licensed-CA', 'fixtures/national/sm2/ca.pem'],
    [RU_LIST, 'RU-accredited-CA', 'fixtures/national/gost/ca.pem'],
    [RU_RSA_LIST, 'RU-accredited-CA', 'fixtures/pki/root-ca.pem'],
  ])('%s is a valid test-only %s list holding the current %s', (file, listId, ca) => {
    const parsed = JsonTrustList.parse(list(file));
    expect(parsed).toMatchObject({ listId, testOnly: true, economy: listId.slice(0, 2) });
    const [cert] = loadPemBundle(readFileSync(join(ROOT, ca), 'utf8'));
    // Stale after a fixture script re-issues the CA: rerun test/national/fixtures/make-lists.ts.
    expect(parsed.anchors.map((a) => a.provenance.fingerprintSha256)).toEqual([cert!.sha256]);
  });

  it('the list ids are the ones the CN and RU top tiers require', () => {
    for (const [economy, file] of [
      ['CN', CN_LIST],
      ['RU', RU_LIST],
    ] as const) {
      const cond = bundledProfiles()[economy]!.tiers[0]!.conditions.find(
        (c) => c.type === 'chain-anchored-in',
      );
      expect(cond && 'lists' in cond ? cond.lists : []).toContain(JsonTrustList.parse(list(file)).listId);
    }
  });
});

describe.each([
  ['PAdES PDF', 'fixtures/national/pdf/sm2-sm3-pades.pdf'],
  ['CMS', 'fixtures/national/sm2/sm2-sm3-attached.p7m'],
])('China, SM2/SM3 %s with the SM2 CA on CN-licensed-CA', (_kind, file) => {
  const top = topTier('CN');

  it('reaches the top tier (reliable electronic signature): every condition passed', async () => {
    const { verdict, rec } = await recognitionOf(file, 'CN', {
      trustLists: [list(CN_LIST)],
      validationTime: T2026,
    });
    const s = verdict.signatures[0]!;
    expect(s.indication).toBe('TOTAL_PASSED');
    expect(s.integrity.signatureAlgorithm).toBe('SM2 with SM3');
    expect(s.chain.anchoredIn.map((l) => l.listId)).toEqual(['CN-licensed-CA']);
    expect(rec).toMatchObject({ level: 'top-statutory-tier', tier: top.id, localTerm: '可靠的电子签名' });
    expect(rec.atLeast).toBeUndefined();
    // CN's top tier is technology-neutral: it has no algorithm condition, so it is decided as soon as
    // the SM2 signature validates.
    expect(top.types).not.toContain('algorithm-family');
    const conds = byType(rec, top.id);
    expect(Object.keys(conds)).toEqual(top.types);
    for (const c of Object.values(conds)) expect(c.result).toBe('passed');
    expect(rec.unverifiableConditions).toEqual(top.unverifiable);
    expect(rec.unverifiableConditions).toEqual(['sole-control']);
  });

  it('without the list (anchor passed directly) the top tier is indeterminate: list not loaded', async () => {
    const { verdict, rec } = await recognitionOf(file, 'CN', {
      trustAnchors: [read('fixtures/national/sm2/ca.pem')],
      validationTime: T2026,
    });
    expect(verdict.indication).toBe('TOTAL_PASSED');
    expect(rec.level).toBe('indeterminate');
    expect(rec.tier).toBe(top.id);
    const conds = byType(rec, top.id);
    expect(conds['technically-valid']?.result).toBe('passed');
    expect(conds['chain-anchored-in']).toMatchObject({ result: 'unknown' });
    expect(conds['chain-anchored-in']?.detail).toContain(LIST_NOT_LOADED);
  });
});

describe.each([
  ['PAdES PDF', 'fixtures/national/pdf/gost2012-256-pades.pdf'],
  ['CMS', 'fixtures/national/gost/gost2012-256-attached.p7m'],
])('Russia, GOST R 34.10-2012 %s with the GOST CA on RU-accredited-CA', (_kind, file) => {
  const top = topTier('RU');

  it('reaches the top tier (qualified): algorithm family GOST and digest Streebog pass', async () => {
    const { verdict, rec } = await recognitionOf(file, 'RU', {
      trustLists: [list(RU_LIST)],
      validationTime: T2026,
    });
    const s = verdict.signatures[0]!;
    expect(s.indication).toBe('TOTAL_PASSED');
    expect(s.integrity.signatureAlgorithm).toBe('GOST R 34.10-2012 256 with Streebog-256');
    expect(rec).toMatchObject({ level: 'top-statutory-tier', tier: top.id });
    expect(rec.atLeast).toBeUndefined();
    const conds = byType(rec, top.id);
    expect(Object.keys(conds)).toEqual(top.types);
    expect(conds['algorithm-family']).toMatchObject({ result: 'passed' });
    expect(conds['digest-algorithm']).toMatchObject({ result: 'passed' });
    for (const c of Object.values(conds)) expect(c.result).toBe('passed');
    expect(rec.unverifiableConditions).toEqual([
      'certified-signature-tools',
      'accreditation-valid-at-issuance',
      'used-within-certificate-terms',
    ]);
  });
});

describe('negatives', () => {
  it('RSA CMS anchored in an RU-accredited-CA test list: the qualified tier fails on the algorithm family', async () => {
    const top = topTier('RU');
    const { verdict, rec } = await recognitionOf('fixtures/cms/rsa-sha256-attached.p7m', 'RU', {
      trustLists: [list(RU_RSA_LIST)],
      validationTime: new Date('2027-01-01T00:00:00Z'),
    });
    expect(verdict.indication).toBe('TOTAL_PASSED');
    const conds = byType(rec, top.id);
    expect(conds['technically-valid']?.result).toBe('passed');
    expect(conds['chain-anchored-in']?.result).toBe('passed');
    expect(conds['algorithm-family']).toMatchObject({ result: 'failed' });
    expect(conds['algorithm-family']?.detail).toContain('RSA');
    expect(conds['digest-algorithm']).toMatchObject({ result: 'failed' });
    // Not qualified; the enhanced unqualified tier needs a declared agreement: evidence only.
    expect(rec.level).toBe('evidence-only');
    expect(rec.reasons.some((r) => r.startsWith('Not an enhanced qualified electronic signature'))).toBe(
      true,
    );
  });

  it('the same RSA CMS with a declared party agreement stops at the intermediate tier, still not qualified', async () => {
    const { rec } = await recognitionOf('fixtures/cms/rsa-sha256-attached.p7m', 'RU', {
      trustLists: [list(RU_RSA_LIST)],
      validationTime: new Date('2027-01-01T00:00:00Z'),
      partyAgreement: true,
    });
    expect(rec.level).toBe('intermediate-statutory-tier');
    expect(byType(rec, topTier('RU').id)['algorithm-family']).toMatchObject({ result: 'failed' });
  });

  it.each([
    ['CN', 'fixtures/national/pdf/sm2-sm3-pades-tampered.pdf', CN_LIST],
    ['RU', 'fixtures/national/pdf/gost2012-256-pades-tampered.pdf', RU_LIST],
  ] as const)('%s: the changed PDF is not recognised', async (economy, file, l) => {
    const { verdict, rec } = await recognitionOf(file, economy, {
      trustLists: [list(l)],
      validationTime: T2026,
    });
    expect(verdict.indication).toBe('TOTAL_FAILED');
    expect(rec.level).toBe('not-recognised');
  });

  // With hard-fail revocation and no revocation data the chain still ends at the listed CA: the tier
  // must come out undecided (indeterminate), not failed.
  it('hard-fail revocation without data leaves the qualified tier undecided, not failed', async () => {
    const { verdict, rec } = await recognitionOf('fixtures/national/pdf/gost2012-256-pades.pdf', 'RU', {
      trustLists: [list(RU_LIST)],
      validationTime: T2026,
      revocation: { mode: 'hard-fail' },
    });
    expect(verdict.indication).toBe('INDETERMINATE');
    expect(byType(rec, topTier('RU').id)['chain-anchored-in']?.result).not.toBe('failed');
    expect(rec.level).toBe('indeterminate');
  });
});
