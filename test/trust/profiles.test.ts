import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  GENERATED_FILE,
  readSources,
  renderModule,
  validateSources,
} from '../../scripts/build-trust-lists.js';
import { describeProfiles } from '../../src/recognition/describe.js';
import { bundledProfiles, getProfile, parseProfile } from '../../src/trust/profiles.js';
import { APEC_ECONOMIES, type EconomyProfile } from '../../src/trust/schema.js';

const profiles = bundledProfiles();
const all = Object.values(profiles);

function citations(p: EconomyProfile) {
  return [
    ...p.tiers.flatMap((t) => t.citations),
    ...p.crossBorder.citations,
    ...p.mutualRecognition.flatMap((m) => m.citations),
    ...p.exclusions.map((e) => e.citation),
  ];
}

describe('bundled economy profiles', () => {
  it('cover exactly the 21 APEC economies', () => {
    expect(Object.keys(profiles).sort()).toEqual([...APEC_ECONOMIES].sort());
  });

  it('every trust-lists/<code>/profile.json validates and matches its folder', () => {
    const src = readSources();
    expect(validateSources(src)).toEqual([]);
    expect(Object.keys(src.profiles)).toHaveLength(21);
  });

  it('the generated module is up to date (run npx tsx scripts/build-trust-lists.ts)', () => {
    expect(readFileSync(GENERATED_FILE, 'utf8')).toBe(renderModule(readSources()));
  });

  it.each(all.map((p) => [p.economy, p] as const))(
    '%s: every citation names a source or is marked unverified',
    (_c, p) => {
      for (const c of citations(p)) {
        if (c.verified) expect(c.url ?? c.seenIn, `${c.statute} ${c.section ?? ''}`).toBeTruthy();
        else expect(c.note, `${c.statute} ${c.section ?? ''}`).toBeTruthy();
      }
    },
  );

  it('no regulated list claims bundled anchors (none can be fetched here)', () => {
    for (const p of all) for (const l of p.trustLists) expect(l.loaded, l.listId).toBe(false);
  });

  it('tiers run from highest to lowest and unverified tiers are flagged low or medium confidence', () => {
    const rank = {
      'top-statutory-tier': 3,
      'intermediate-statutory-tier': 2,
      recognised: 1,
      'evidence-only': 0,
    };
    for (const p of all) {
      const ranks = p.tiers.map((t) => rank[t.level]);
      expect(
        [...ranks].sort((a, b) => b - a),
        p.economy,
      ).toEqual(ranks);
      if (p.tiers.some((t) => !t.verified)) expect(p.confidence, p.economy).not.toBe('high');
    }
  });

  it('rejects a profile whose top tier forgets technically-valid', () => {
    const bad = structuredClone(getProfile('MY')) as unknown as { tiers: { conditions: unknown[] }[] };
    bad.tiers[0]!.conditions = [];
    expect(() => parseProfile(bad)).toThrow(/technically-valid/);
  });

  it('rejects a verified citation without a source', () => {
    const bad = structuredClone(getProfile('US')) as unknown as { tiers: { citations: object[] }[] };
    bad.tiers[0]!.citations = [{ statute: 'Some Act', section: 's.1', verified: true }];
    expect(() => parseProfile(bad)).toThrow(/url or seenIn/);
  });

  it('rejects a tier that needs an undescribed list of its own economy', () => {
    const bad = structuredClone(getProfile('MY')) as unknown as { trustLists: unknown[] };
    bad.trustLists = [];
    expect(() => parseProfile(bad)).toThrow(/MY-licensed-CA is not described/);
  });

  it('describeProfiles summarises tiers, sources, asOf and confidence', () => {
    const d = describeProfiles();
    expect(d.map((s) => s.economy)).toEqual([...APEC_ECONOMIES]);
    const my = d.find((s) => s.economy === 'MY')!;
    expect(my.tiers[0]).toMatchObject({
      level: 'top-statutory-tier',
      needsLists: ['MY-licensed-CA'],
      verified: true,
    });
    expect(my.asOf).toBe('2026-11-23');
    expect(my.sources.length).toBeGreaterThan(0);
    const total = d.reduce((n, s) => n + s.citations.verified + s.citations.unverified, 0);
    expect(total).toBe(all.reduce((n, p) => n + citations(p).length, 0));
  });
});
