/**
 * EU (eIDAS) recognition of one validated signature: the eIDAS status of its certificate from the
 * loaded EU trusted lists (TS 119 615 via qualifyChain) becomes an `euQualification` fact, and the EU
 * profile — data, like every economy profile — is evaluated by the shared recognition engine.
 */
import { recognize } from '../recognition/engine.js';
import { type EuQualificationFact, emptyFacts, type RecognitionFacts } from '../recognition/facts.js';
import type { Indication, SubIndication } from '../verdict/indication.js';
import type { Recognition } from '../verdict/schema.js';
import type { Certificate } from '../x509/certificate.js';
import { listRef } from './etsi/anchors.js';
import { euProfile } from './etsi/eu-profile.js';
import type { TrustedList } from './etsi/model.js';
import {
  assessQualification,
  findServices,
  type EidasLevel as QualificationLevel,
} from './etsi/qualification.js';
import type { EidasLevel } from './schema.js';

// The profile vocabulary and the assessor must name the same levels.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const levelsAgree: Same<EidasLevel, QualificationLevel> = true;
void levelsAgree;

/** EU member states by the codes their trusted lists use (Greece publishes as EL). */
export const EU_MEMBER_STATES: ReadonlySet<string> = new Set([
  'AT',
  'BE',
  'BG',
  'CY',
  'CZ',
  'DE',
  'DK',
  'EE',
  'EL',
  'ES',
  'FI',
  'FR',
  'HR',
  'HU',
  'IE',
  'IT',
  'LT',
  'LU',
  'LV',
  'MT',
  'NL',
  'PL',
  'PT',
  'RO',
  'SE',
  'SI',
  'SK',
]);

export interface EuQualificationInput {
  /** Leaf first, as validated. */
  chain: readonly Certificate[];
  /** Proven signing time, else claimed, else validation time. */
  signingTime: Date;
  provenTime: boolean;
  lists: readonly TrustedList[];
}

/** The eIDAS status fact for the recognition engine; null when no EU trusted list was loaded. */
export function euQualificationFact(input: EuQualificationInput): EuQualificationFact | null {
  if (input.lists.length === 0) return null;
  const time = input.signingTime.toISOString();
  const leaf = input.chain[0];
  if (!leaf)
    return {
      level: 'AdESig',
      listed: false,
      time,
      atProvenTime: input.provenTime,
      reasons: ['no signer certificate'],
    };
  const matches = findServices(input.lists, input.chain);
  const q = assessQualification(leaf, matches, input.signingTime);
  const fact: EuQualificationFact = {
    level: q.level,
    listed: q.service !== undefined,
    time,
    atProvenTime: input.provenTime,
    reasons: q.reasons,
  };
  const svc = q.service;
  const from = svc
    ? matches.find((m) => m.list.territory === svc.territory && m.service.providerName === svc.provider)
    : undefined;
  if (from) fact.list = listRef(from.list);
  return fact;
}

export interface EuRecognitionInput extends EuQualificationInput {
  indication: Indication;
  subIndication?: SubIndication;
  /** Defaults to chain[0]. */
  signer?: Certificate;
}

function describe(q: EuQualificationFact): string {
  const when = q.atProvenTime
    ? `the proven signing time ${q.time}`
    : `${q.time} (a time no timestamp proves)`;
  const from = q.list
    ? ` from ${q.list.listId} #${q.list.sequenceNumber ?? '?'} issued ${q.list.issued ?? '?'}`
    : '';
  const why = q.reasons.length > 0 ? `: ${q.reasons.join('; ')}` : '';
  return `Trusted-list assessment at ${when}${from}: ${q.listed ? q.level : 'not covered by a listed trust service'}${why}.`;
}

/** EU recognition entry for the verdict (`recognition.EU`). */
export function euRecognition(input: EuRecognitionInput): Recognition {
  const chain =
    input.signer && input.chain[0]?.sha256 !== input.signer.sha256
      ? [input.signer, ...input.chain]
      : input.chain;
  const q = euQualificationFact({ ...input, chain });
  const facts: RecognitionFacts = {
    ...emptyFacts(input.indication),
    loadedTrustLists: input.lists.map(listRef),
    provenSigningTime: input.provenTime ? input.signingTime.toISOString() : null,
    claimedSigningTime: input.provenTime ? null : input.signingTime.toISOString(),
    euQualification: q,
  };
  if (input.subIndication !== undefined) facts.subIndication = input.subIndication;
  const top = chain[chain.length - 1];
  if (q?.list && top) facts.anchor = { sha256: top.sha256, lists: [q.list] };
  const r = recognize(facts, euProfile());
  // A member state's list is domestic for the EU, though its territory code is not "EU".
  if (r.anchoredIn?.economy && EU_MEMBER_STATES.has(r.anchoredIn.economy)) {
    r.foreignAnchor = false;
    delete r.crossBorderRule;
  }
  if (q && input.indication !== 'TOTAL_FAILED') r.reasons.push(describe(q));
  return r;
}
