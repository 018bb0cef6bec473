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
  const parts = granted.slice(0, SHOWN_IN_SENTENCE).map((r) => {
    const t = termOf(r);
    return `as ${article(t)} “${t}” in ${economyName(r.economy)}`;
  });
  const more = granted.length - SHOWN_IN_SENTENCE;
  const list =
    more > 0
      ? `${parts.join(', ')} and in ${more} more ${more === 1 ? 'economy' : 'economies'}`
      : parts.length > 1
        ? `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`
        : parts[0]!;
  return `recognised ${list}`;
}

/** "Valid signature by Jane Tan, made 3 March 2026 14:02 UTC (proven by timestamp), recognised as …" */
export function answerSentence(s: SignatureResult, economies?: readonly string[]): string {
  const who = signerName(s);
  const what = s.kind === 'document-timestamp' ? 'document timestamp' : 'signature';
  const why = s.subIndication ? `: ${EXPLAIN[s.subIndication]}` : '';
  if (s.indication === 'TOTAL_FAILED')
    return `Invalid ${what}${why}${who ? ` (claimed signer: ${who})` : ''}.`;
  let out =
    s.indication === 'TOTAL_PASSED'
      ? `Valid ${what}${who ? ` by ${who}` : ''}`
      : `Cannot confirm the ${what}${who ? ` by ${who}` : ''}`;
  if (s.time.proven) out += `, made ${humanTime(s.time.proven)} (proven by timestamp)`;
  else if (s.time.claimed)
    out += `, claimed to be made ${humanTime(s.time.claimed)} (not proven by a timestamp)`;
  if (s.indication !== 'TOTAL_PASSED') out += why;
  else {
    const rec = recognitionPhrase(s.recognition, economies);
    if (rec) out += `, ${rec}`;
  }
  return `${out}.`;
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
