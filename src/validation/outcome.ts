/**
 * EN 319 102-1 building blocks compose into one indication. Each block reports its own outcome; the
 * first block (in the standard's order) that did not pass decides the indication.
 */
import type { Indication, SubIndication } from '../verdict/indication.js';

export type BlockName =
  | 'format' // FC: container, byte range, mandatory attributes
  | 'identification' // ISC: signing certificate identified and bound
  | 'integrity' // CV: digests and signature value
  | 'modification' // PDF: what changed after signing
  | 'x509' // XCV: chain to an anchor, constraints, validity
  | 'revocation' // part of XCV in the standard; kept apart to report it
  | 'acceptance' // SAV: algorithm policy
  | 'time'; // past-signature validation / POE

export interface BlockOutcome {
  block: BlockName;
  indication: Indication;
  subIndication?: SubIndication;
}

// DSS reports chain problems before PDF modification findings; we keep that order so results compare.
const ORDER: BlockName[] = [
  'format',
  'identification',
  'integrity',
  'x509',
  'revocation',
  'modification',
  'acceptance',
  'time',
];

/**
 * TOTAL_FAILED from any block wins (a broken signature is broken whatever else holds); otherwise the
 * first INDETERMINATE in block order; TOTAL_PASSED only when every block passed and at least the
 * integrity and x509 blocks ran — fail closed.
 */
export function compose(outcomes: readonly BlockOutcome[]): {
  indication: Indication;
  subIndication?: SubIndication;
} {
  const sorted = [...outcomes].sort((a, b) => ORDER.indexOf(a.block) - ORDER.indexOf(b.block));
  const failed = sorted.find((o) => o.indication === 'TOTAL_FAILED');
  if (failed) return pick(failed);
  // TRY_LATER says waiting may help; a lasting reason (a forbidden change, a weak algorithm) is the
  // more useful answer when there is one.
  const indet =
    sorted.find((o) => o.indication === 'INDETERMINATE' && o.subIndication !== 'TRY_LATER') ??
    sorted.find((o) => o.indication === 'INDETERMINATE');
  if (indet) return pick(indet);
  const ran = new Set(sorted.map((o) => o.block));
  if (!ran.has('integrity') || !ran.has('x509'))
    return { indication: 'INDETERMINATE', subIndication: 'NO_POE' };
  return { indication: 'TOTAL_PASSED' };
}

function pick(o: BlockOutcome): { indication: Indication; subIndication?: SubIndication } {
  return o.subIndication
    ? { indication: o.indication, subIndication: o.subIndication }
    : { indication: o.indication };
}

export const passed = (block: BlockName): BlockOutcome => ({ block, indication: 'TOTAL_PASSED' });
export const failed = (block: BlockName, subIndication: SubIndication): BlockOutcome => ({
  block,
  indication: 'TOTAL_FAILED',
  subIndication,
});
export const indeterminate = (block: BlockName, subIndication: SubIndication): BlockOutcome => ({
  block,
  indication: 'INDETERMINATE',
  subIndication,
});
