/**
 * The per-economy recognition engine: a pure function of validation facts and an economy profile.
 *
 * Decision rule (fail closed; documented in trust-lists/README.md):
 *  1. TOTAL_FAILED → not-recognised: a broken signature gets no legal level.
 *  2. A declared transaction the economy excludes → not-recognised (unconfirmed exclusion or an
 *     unknown transaction type → indeterminate).
 *  3. Tiers are walked highest first. A tier is granted when every condition passed, its legal basis
 *     is verified and (if it needs one) the caller asserted a party agreement. Any failed condition →
 *     not granted. Otherwise (some unknown, or legal basis unverified) → undecided.
 *  4. Foreign anchors: tiers above the profile's `crossBorder.foreignMaxLevel` are gated by the
 *     cross-border rule (origin-neutral: no gate; equivalence-test: undecided; approval-or-treaty:
 *     granted only via the economy's recognition lists or a recognised arrangement).
 *  5. Result: the highest granted tier, unless a strictly higher tier is undecided — then the level is
 *     `indeterminate` (described by that higher tier) and the reasons name the granted floor
 *     ("at least …"). An undecided tier never yields more than indeterminate.
 */

import type { Condition, EconomyProfile, MutualRecognition, ProfileCitation, Tier } from '../trust/schema.js';
import { isTransactionType, LEVEL_RANK } from '../trust/schema.js';
import type { Citation, Recognition, RecognitionLevel, TrustListRef } from '../verdict/schema.js';
import { type ConditionOutcome, describeCondition, type EvalEnv, evaluateCondition } from './conditions.js';
import type { RecognitionFacts } from './facts.js';

export interface RecognitionContext {
  /** Transaction type from the controlled vocabulary (TRANSACTION_TYPES). */
  transaction?: string | undefined;
  /** The caller asserts the parties agreed to use this kind of signature. */
  partyAgreement?: boolean | undefined;
}

export type TierResult = 'granted' | 'not-granted' | 'undecided';

export interface TierEvaluation {
  tier: Tier;
  result: TierResult;
  conditions: ConditionOutcome[];
  /** Why the tier is not granted or undecided, in plain words. */
  blockers: string[];
}

export interface ProfileEvaluation {
  economy: string;
  /** null when no trust anchor (or no economy on its lists) tells where it comes from. */
  foreignAnchor: boolean | null;
  stoppedBy?: 'technical-failure' | 'excluded' | 'exclusion-unconfirmed' | 'unknown-transaction';
  exclusion?: EconomyProfile['exclusions'][number];
  tiers: TierEvaluation[];
  /** Highest tier certainly met. */
  granted?: TierEvaluation;
  /** Tiers strictly above `granted` that could not be decided, highest first. */
  undecidedAbove: TierEvaluation[];
  /** Arrangements (mutual recognition) the anchor's lists take part in. */
  arrangements: MutualRecognition[];
}

function toCitation(c: ProfileCitation): Citation {
  const out: Citation = { statute: c.statute, verified: c.verified };
  if (c.section !== undefined) out.section = c.section;
  if (c.url !== undefined) out.url = c.url;
  return out;
}

function cite(c: ProfileCitation | undefined): string {
  if (!c) return '';
  const s = c.section ? `${c.statute} ${c.section}` : c.statute;
  return c.verified ? s : `${s}, unconfirmed`;
}

/** The citation a reason should quote: the first verified one, else the first. */
function mainCitation(t: Tier): ProfileCitation | undefined {
  return t.citations.find((c) => c.verified) ?? t.citations[0];
}

function loadedLists(facts: RecognitionFacts, profile: EconomyProfile): Set<string> {
  const s = new Set<string>();
  for (const l of profile.trustLists) if (l.loaded) s.add(l.listId);
  for (const l of facts.loadedTrustLists) s.add(l.listId);
  for (const l of facts.anchor?.lists ?? []) s.add(l.listId);
  return s;
}

/** Lists of this economy that vouch for foreign CAs rather than domestic ones. */
function foreignVouchingLists(profile: EconomyProfile): Set<string> {
  const s = new Set(profile.crossBorder.recognitionLists);
  for (const m of profile.mutualRecognition) for (const l of m.lists) s.add(l);
  return s;
}

export function isForeignAnchor(facts: RecognitionFacts, profile: EconomyProfile): boolean | null {
  const lists = facts.anchor?.lists ?? [];
  const vouching = foreignVouchingLists(profile);
  const economies = lists
    .filter((l) => l.economy !== undefined && !vouching.has(l.listId))
    .map((l) => l.economy);
  if (economies.includes(profile.economy)) return false;
  const viaVouching = lists.some((l) => vouching.has(l.listId));
  if (economies.length > 0 || viaVouching) return true;
  return null;
}

function crossBorderGated(t: Tier, profile: EconomyProfile): boolean {
  return LEVEL_RANK[t.level] > LEVEL_RANK[profile.crossBorder.foreignMaxLevel];
}

function evaluateTier(
  t: Tier,
  env: EvalEnv,
  ctx: RecognitionContext,
  foreign: boolean | null,
  arrangements: MutualRecognition[],
): TierEvaluation {
  const { profile, facts } = env;
  const anchorLists = new Set(facts.anchor?.lists.map((l) => l.listId) ?? []);
  const gated = crossBorderGated(t, profile);
  const recognisedVia = gated
    ? (profile.crossBorder.recognitionLists.find((l) => anchorLists.has(l)) ??
      arrangements.find((a) => a.effect === 'recognised')?.id)
    : undefined;
  const unconfirmedVia = gated ? arrangements.find((a) => a.effect === 'unconfirmed') : undefined;
  const family = profile.crossBorder.family;

  const conditions: ConditionOutcome[] = t.conditions.map((c: Condition, i) => {
    const base = { id: `${t.id}.${i + 1}.${c.type}`, description: describeCondition(c, profile) };
    let r = evaluateCondition(c, env);
    if (c.type === 'chain-anchored-in' && r.result !== 'passed' && gated) {
      if (recognisedVia) r = { result: 'passed', detail: `foreign CA recognised via ${recognisedVia}` };
      else if (unconfirmedVia)
        r = {
          result: 'unknown',
          detail: `the CA takes part in "${unconfirmedVia.name}", whose legal effect for this tier is not confirmed`,
        };
      else if (foreign === true && family === 'equivalence-test')
        r = { result: 'unknown', detail: 'foreign CA: equivalence is for a court or regulator to decide' };
    }
    return r.detail === undefined ? { ...base, result: r.result } : { ...base, ...r };
  });

  if (gated && family !== 'origin-neutral' && foreign !== false && !recognisedVia) {
    const id = `${t.id}.cross-border`;
    const description = `Cross-border rule (${family}): ${profile.crossBorder.summary}`;
    if (unconfirmedVia) {
      conditions.push({ id, description, result: 'unknown', detail: `arrangement "${unconfirmedVia.name}"` });
    } else if (foreign === null) {
      conditions.push({
        id,
        description,
        result: 'unknown',
        detail: 'where the trust anchor comes from is not known',
      });
    } else if (family === 'equivalence-test') {
      conditions.push({ id, description, result: 'unknown', detail: 'foreign CA: equivalence not decided' });
    } else {
      const rl = profile.crossBorder.recognitionLists;
      const allLoaded = rl.length > 0 && rl.every((l) => env.loadedLists.has(l));
      conditions.push(
        allLoaded
          ? { id, description, result: 'failed', detail: `foreign CA not on ${rl.join(' or ')}` }
          : {
              id,
              description,
              result: 'unknown',
              detail:
                rl.length > 0
                  ? `${'foreign CA: list of recognised foreign CAs not loaded — supply it'} (${rl.join(', ')})`
                  : 'foreign CA: recognition needs an approval or treaty that no published list shows',
            },
      );
    }
  }

  const blockers: string[] = [];
  for (const c of conditions) if (c.result !== 'passed') blockers.push(c.detail ?? c.description);
  let result: TierResult;
  if (conditions.some((c) => c.result === 'failed')) result = 'not-granted';
  else if (t.requiresPartyAgreement && ctx.partyAgreement !== true) {
    result = 'not-granted';
    blockers.push('applies only where a law or the parties’ agreement selects it, and none was declared');
  } else if (conditions.some((c) => c.result === 'unknown')) result = 'undecided';
  else if (!t.verified) {
    result = 'undecided';
    blockers.push('the legal basis of this tier is not confirmed, so it is never asserted');
  } else result = 'granted';
  return { tier: t, result, conditions, blockers };
}

/** Tier-by-tier evaluation, for callers that want every detail. */
export function evaluateProfile(
  facts: RecognitionFacts,
  profile: EconomyProfile,
  ctx: RecognitionContext = {},
): ProfileEvaluation {
  const foreignAnchor = isForeignAnchor(facts, profile);
  const anchorLists = new Set(facts.anchor?.lists.map((l) => l.listId) ?? []);
  const arrangements = profile.mutualRecognition.filter((m) => m.lists.some((l) => anchorLists.has(l)));
  const base: ProfileEvaluation = {
    economy: profile.economy,
    foreignAnchor,
    tiers: [],
    undecidedAbove: [],
    arrangements,
  };
  if (facts.indication === 'TOTAL_FAILED') return { ...base, stoppedBy: 'technical-failure' };
  if (ctx.transaction !== undefined) {
    if (!isTransactionType(ctx.transaction)) return { ...base, stoppedBy: 'unknown-transaction' };
    const ex = profile.exclusions.find((e) => e.transaction === ctx.transaction);
    if (ex)
      return {
        ...base,
        exclusion: ex,
        stoppedBy: ex.citation.verified ? 'excluded' : 'exclusion-unconfirmed',
      };
  }
  const env: EvalEnv = { facts, profile, loadedLists: loadedLists(facts, profile) };
  const tiers = profile.tiers.map((t) => evaluateTier(t, env, ctx, foreignAnchor, arrangements));
  const granted = tiers.find((t) => t.result === 'granted');
  const floor = granted ? LEVEL_RANK[granted.tier.level] : -1;
  const undecidedAbove = tiers.filter((t) => t.result === 'undecided' && LEVEL_RANK[t.tier.level] > floor);
  return granted ? { ...base, tiers, granted, undecidedAbove } : { ...base, tiers, undecidedAbove };
}

function unverifiableText(t: Tier): string | undefined {
  if (t.unverifiableConditions.length === 0) return undefined;
  return `The law also requires what no software can check: ${t.unverifiableConditions
    .map((u) => u.description)
    .join('; ')}.`;
}

function anchoredIn(facts: RecognitionFacts, t: Tier | undefined): TrustListRef | undefined {
  const lists = facts.anchor?.lists ?? [];
  const wanted = new Set(
    (t?.conditions ?? []).flatMap((c) => (c.type === 'chain-anchored-in' ? c.lists : ([] as string[]))),
  );
  return lists.find((l) => wanted.has(l.listId)) ?? lists[0];
}

function term(t: Tier): string {
  return t.localTerm.english;
}

/** One economy's recognition entry for the verdict. */
export function recognize(
  facts: RecognitionFacts,
  profile: EconomyProfile,
  ctx: RecognitionContext = {},
): Recognition {
  const ev = evaluateProfile(facts, profile, ctx);
  const name = profile.name;
  const out = (
    level: RecognitionLevel,
    reasons: string[],
    legalBasis: Citation[],
    t?: Tier,
    conditions: ConditionOutcome[] = [],
    confidence: Recognition['confidence'] = profile.confidence,
  ): Recognition => {
    const r: Recognition = {
      economy: profile.economy,
      level,
      conditions,
      unverifiableConditions: t?.unverifiableConditions.map((u) => u.id) ?? [],
      legalBasis,
      reasons,
      asOf: profile.asOf,
      confidence,
    };
    if (t) {
      r.tier = t.id;
      r.localTerm = t.localTerm.local;
      r.localTermEnglish = t.localTerm.english;
      r.legalEffect = t.legalEffect;
    }
    if (ev.foreignAnchor !== null) r.foreignAnchor = ev.foreignAnchor;
    if (ev.foreignAnchor === true || ev.arrangements.length > 0)
      r.crossBorderRule = profile.crossBorder.family;
    const a = anchoredIn(facts, t);
    if (a) r.anchoredIn = a;
    return r;
  };

  if (ev.stoppedBy === 'technical-failure') {
    return out(
      'not-recognised',
      [
        `${name}: no legal effect as a signature — the signature failed technical validation (${facts.subIndication ?? 'TOTAL_FAILED'}), so it does not show who signed or that the document is unchanged.`,
      ],
      [],
    );
  }
  if (ev.stoppedBy === 'unknown-transaction') {
    return out(
      'indeterminate',
      [
        `${name}: the transaction type "${ctx.transaction}" is not in crossign's vocabulary, so exclusions could not be checked (see trust-lists/README.md for the known types).`,
      ],
      [],
      undefined,
      [],
      'low',
    );
  }
  if (ev.exclusion) {
    const ex = ev.exclusion;
    const basis = [toCitation(ex.citation)];
    if (ev.stoppedBy === 'excluded') {
      return out(
        'not-recognised',
        [`${name}: not recognised for this transaction — ${ex.description} (${cite(ex.citation)}).`],
        basis,
      );
    }
    return out(
      'indeterminate',
      [
        `${name}: this transaction may be excluded from electronic signing — ${ex.description} (${cite(ex.citation)}); the exclusion is not confirmed.`,
      ],
      basis,
      undefined,
      [],
      'low',
    );
  }

  const reasons: string[] = [];
  const notes: string[] = [];
  if (ctx.transaction === undefined && profile.exclusions.length > 0)
    notes.push(
      `No transaction type was given, so ${name}'s exclusions (e.g. ${profile.exclusions[0]!.description.toLowerCase()}) were not checked.`,
    );
  else if (ctx.transaction !== undefined && !profile.exclusionsComplete)
    notes.push(
      `${name}'s exclusion list is incomplete${profile.exclusionsNote ? `: ${profile.exclusionsNote}` : ''}.`,
    );
  if (ev.foreignAnchor === true && profile.crossBorder.family !== 'origin-neutral')
    notes.push(
      `Foreign certificate: ${profile.crossBorder.summary} (${cite(profile.crossBorder.citations[0])}).`,
    );

  const higherFailed = ev.tiers.filter(
    (t) =>
      t.result === 'not-granted' &&
      (!ev.granted || LEVEL_RANK[t.tier.level] > LEVEL_RANK[ev.granted.tier.level]),
  );
  const failedText = higherFailed.map(
    (t) => `Not ${article(term(t.tier))} (${cite(mainCitation(t.tier))}): ${t.blockers.join('; ')}.`,
  );
  const allConditions = (ts: TierEvaluation[]) => ts.flatMap((t) => t.conditions);
  const crossBasis =
    ev.foreignAnchor === true || ev.arrangements.length > 0
      ? [...profile.crossBorder.citations, ...ev.arrangements.flatMap((a) => a.citations)]
      : [];

  const top = ev.undecidedAbove[0];
  if (top) {
    const t = top.tier;
    reasons.push(
      `${name}: could not decide whether this is ${article(term(t))} — ${t.legalEffect.charAt(0).toLowerCase()}${t.legalEffect.slice(1)} (${cite(mainCitation(t))}): ${top.blockers.join('; ')}.`,
    );
    if (ev.granted) {
      const g = ev.granted.tier;
      reasons.push(`At least: ${term(g)} — ${g.legalEffect} (${cite(mainCitation(g))}).`);
    }
    reasons.push(...failedText);
    const u = unverifiableText(t);
    if (u) reasons.push(u);
    reasons.push(...notes);
    const basis = [...t.citations, ...(ev.granted?.tier.citations ?? []), ...crossBasis].map(toCitation);
    const considered = [top, ...(ev.granted ? [ev.granted] : [])];
    const undecided = out(
      'indeterminate',
      reasons,
      dedupe(basis),
      t,
      allConditions(considered),
      t.verified ? profile.confidence : 'low',
    );
    // The tier that is certainly met, machine-readable, so callers need not parse "At least: …".
    if (ev.granted) undecided.atLeast = { level: ev.granted.tier.level, tier: ev.granted.tier.id };
    return undecided;
  }
  if (ev.granted) {
    const g = ev.granted.tier;
    reasons.push(`${name}: ${term(g)} — ${g.legalEffect} (${cite(mainCitation(g))}).`);
    reasons.push(...failedText);
    const u = unverifiableText(g);
    if (u) reasons.push(u);
    reasons.push(...notes);
    return out(
      g.level,
      reasons,
      dedupe([...g.citations, ...crossBasis].map(toCitation)),
      g,
      allConditions([...higherFailed, ev.granted]),
    );
  }
  reasons.push(
    `${name}: no tier's conditions are met, so it gets no recognition as a signature.`,
    ...failedText,
    ...notes,
  );
  const lowest = profile.tiers[profile.tiers.length - 1]!;
  return out(
    'not-recognised',
    reasons,
    dedupe(lowest.citations.map(toCitation)),
    undefined,
    allConditions(ev.tiers),
  );
}

function dedupe(cs: Citation[]): Citation[] {
  const seen = new Set<string>();
  return cs.filter((c) => {
    const k = `${c.statute}|${c.section ?? ''}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** Recognition in every given economy, keyed by economy code. */
export function recognizeAll(
  facts: RecognitionFacts,
  profiles: readonly EconomyProfile[] | Readonly<Record<string, EconomyProfile>>,
  ctx: RecognitionContext = {},
): Record<string, Recognition> {
  const list = Array.isArray(profiles) ? profiles : Object.values(profiles);
  const out: Record<string, Recognition> = {};
  for (const p of list as readonly EconomyProfile[]) out[p.economy] = recognize(facts, p, ctx);
  return out;
}

/** "a" or "an" before an English term (by its first letter; good enough for the profiles' terms). */
function article(phrase: string): string {
  if (/^(the|a|an) /i.test(phrase)) return phrase;
  return /^[aeiou]/i.test(phrase) ? `an ${phrase}` : `a ${phrase}`;
}
