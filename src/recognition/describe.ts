/** Summaries of economy profiles for `crossign economies` and documentation. */
import { selectProfiles } from '../trust/profiles.js';
import type { EconomyProfile } from '../trust/schema.js';

export interface TierSummary {
  id: string;
  level: EconomyProfile['tiers'][number]['level'];
  localTerm: string;
  english: string;
  legalEffect: string;
  needsLists: string[];
  needsPartyAgreement: boolean;
  verified: boolean;
}

export interface ProfileSummary {
  economy: string;
  name: string;
  asOf: string;
  confidence: EconomyProfile['confidence'];
  summary: string;
  crossBorder: EconomyProfile['crossBorder']['family'];
  tiers: TierSummary[];
  trustLists: { listId: string; name: string; publisher: string; url?: string; loaded: boolean }[];
  citations: { verified: number; unverified: number };
  sources: string[];
}

function citationsOf(p: EconomyProfile) {
  return [
    ...p.tiers.flatMap((t) => t.citations),
    ...p.crossBorder.citations,
    ...p.mutualRecognition.flatMap((m) => m.citations),
    ...p.exclusions.map((e) => e.citation),
  ];
}

export function describeProfile(p: EconomyProfile): ProfileSummary {
  const cites = citationsOf(p);
  return {
    economy: p.economy,
    name: p.name,
    asOf: p.asOf,
    confidence: p.confidence,
    summary: p.summary,
    crossBorder: p.crossBorder.family,
    tiers: p.tiers.map((t) => ({
      id: t.id,
      level: t.level,
      localTerm: t.localTerm.local,
      english: t.localTerm.english,
      legalEffect: t.legalEffect,
      needsLists: t.conditions.flatMap((c) => (c.type === 'chain-anchored-in' ? c.lists : [])),
      needsPartyAgreement: t.requiresPartyAgreement,
      verified: t.verified,
    })),
    trustLists: p.trustLists.map((l) => {
      const out: ProfileSummary['trustLists'][number] = {
        listId: l.listId,
        name: l.name,
        publisher: l.publisher,
        loaded: l.loaded,
      };
      if (l.url) out.url = l.url;
      return out;
    }),
    citations: {
      verified: cites.filter((c) => c.verified).length,
      unverified: cites.filter((c) => !c.verified).length,
    },
    sources: p.sources.map((s) => (s.url ? `${s.title} <${s.url}>` : s.title)),
  };
}

/** One summary per economy (bundled profiles, or the ones given), in APEC order. */
export function describeProfiles(profiles: readonly EconomyProfile[] = selectProfiles()): ProfileSummary[] {
  return profiles.map(describeProfile);
}
