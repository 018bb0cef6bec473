/** The one-sentence answer a person reads first, shared by the HTML report and the browser page. */
import type { Recognition, SignatureResult, Verdict } from '../verdict/schema.js';
import { EXPLAIN } from './explain.js';
import { economyName, GRANTING_LEVELS, humanTime } from './labels.js';

export function signerName(s: SignatureResult): string | undefined {
  if (!s.signer) return undefined;
  return s.signer.commonName ?? s.signer.organization ?? s.signer.subject;
}

function article(term: string): string {
  return /^[aeiou]/i.test(term) ? 'an' : 'a';
}

function termOf(r: Recognition): string {
  return (
    r.localTermEnglish ??
    r.localTerm ??
    (r.level === 'recognised' ? 'electronic signature' : 'statutory signature')
  );
}

const SHOWN_IN_SENTENCE = 3;

function andList(xs: readonly string[]): string {
  return xs.length > 1 ? `${xs.slice(0, -1).join(', ')} and ${xs[xs.length - 1]}` : (xs[0] ?? '');
}

/** "recognised as a “digital signature” in Malaysia, as … and in 4 more economies", or undefined. */
export function recognitionPhrase(
  rec: Record<string, Recognition>,
  economies?: readonly string[],
): string | undefined {
  const entries = Object.values(rec).filter((r) => !economies || economies.includes(r.economy));
  if (entries.length === 0) return undefined;
  const granted = entries
    .filter((r) => GRANTING_LEVELS.includes(r.level))
    .sort(
      (a, b) =>
        GRANTING_LEVELS.indexOf(a.level) - GRANTING_LEVELS.indexOf(b.level) ||
        a.economy.localeCompare(b.economy),
    );
  const undecided = entries.filter((r) => r.level === 'indeterminate').length;
  if (granted.length === 0) {
    return undecided > 0
      ? `legal recognition could not be decided in ${undecided} ${undecided === 1 ? 'economy' : 'economies'} and is not given in the others assessed`
      : 'not given legal recognition in any economy assessed';
  }
  // Same term, one phrase: "as an “electronic signature” in Australia, Brunei Darussalam and the US".
  const groups = new Map<string, string[]>();
  const shown = granted.length <= SHOWN_IN_SENTENCE + 1 ? granted : granted.slice(0, SHOWN_IN_SENTENCE);
  for (const r of shown) {
    const t = termOf(r);
    groups.set(t, [...(groups.get(t) ?? []), economyName(r.economy)]);
  }
  const parts = [...groups].map(([t, names]) => `as ${article(t)} “${t}” in ${andList(names)}`);
  const more = granted.length - shown.length;
  const list = more > 0 ? `${parts.join(', ')} and in ${more} more economies` : andList(parts);
  return `recognised ${list}`;
}

export interface AnswerParts {
  /** "Valid signature by Jane Tan, made … (proven by timestamp)" or the reason it is not valid. */
  main: string;
  /** "recognised as …", for valid signatures whose recognition was assessed. */
  recognition?: string;
}

export function answerParts(s: SignatureResult, economies?: readonly string[]): AnswerParts {
  const who = signerName(s);
  const what = s.kind === 'document-timestamp' ? 'document timestamp' : 'signature';
  const why = s.subIndication ? `: ${EXPLAIN[s.subIndication]}` : '';
  if (s.indication === 'TOTAL_FAILED')
    return { main: `Invalid ${what}${why}${who ? ` (claimed signer: ${who})` : ''}` };
  let main =
    s.indication === 'TOTAL_PASSED'
      ? `Valid ${what}${who ? ` by ${who}` : ''}`
      : `Cannot confirm the ${what}${who ? ` by ${who}` : ''}`;
  if (s.time.proven) main += `, made ${humanTime(s.time.proven)} (proven by timestamp)`;
  else if (s.time.claimed)
    main += `, claimed to be made ${humanTime(s.time.claimed)} (not proven by a timestamp)`;
  if (s.indication !== 'TOTAL_PASSED') return { main: `${main}${why}` };
  const recognition = recognitionPhrase(s.recognition, economies);
  return recognition ? { main, recognition } : { main };
}

/** "Valid signature by Jane Tan, made 3 March 2026 14:02 UTC (proven by timestamp), recognised as …" */
export function answerSentence(s: SignatureResult, economies?: readonly string[]): string {
  const p = answerParts(s, economies);
  return `${p.main}${p.recognition ? `, ${p.recognition}` : ''}.`;
}

/** The sentence for a file with no signature to speak of (unreadable, or none found). */
export function fileAnswer(v: Verdict): string {
  if (v.subIndication === 'FORMAT_FAILURE') {
    const p = v.problems[0];
    return `This file could not be read as a signed document${p ? `: ${p.message}` : ''}.`;
  }
  if (v.signatures.length === 0) return 'No signature was found in this file.';
  return v.indication === 'TOTAL_PASSED'
    ? `All ${v.signatures.length} signatures are valid.`
    : `${v.signatures.length} signatures: at least one is ${v.indication === 'TOTAL_FAILED' ? 'invalid' : 'not confirmed'}.`;
}
