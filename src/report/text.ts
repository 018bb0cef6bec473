/** Text rendering of a verdict: a one-line answer per signature first, then the details. */
import type { Recognition, SignatureResult, Verdict } from '../verdict/schema.js';
import { EXPLAIN, HEADLINE } from './explain.js';

export interface TextOptions {
  color?: boolean;
  /** Economies to show in the recognition table (all when absent). */
  economies?: readonly string[];
}

const MARK = { TOTAL_PASSED: '✔', INDETERMINATE: '?', TOTAL_FAILED: '✖' } as const;
const COLOR = { TOTAL_PASSED: '\x1b[32m', INDETERMINATE: '\x1b[33m', TOTAL_FAILED: '\x1b[31m' } as const;
const RESET = '\x1b[0m';

function when(iso: string | undefined): string {
  if (!iso) return '';
  return iso.replace('T', ' ').replace(/\.\d+Z$|Z$/, ' UTC');
}

export function oneLine(s: SignatureResult, color = false): string {
  const head = `${MARK[s.indication]} ${HEADLINE[s.indication]}`;
  const who = s.signer ? `signed by ${s.signer.commonName ?? s.signer.subject}` : 'signer unknown';
  const time = s.time.proven
    ? `, made ${when(s.time.proven)} (proven by ${s.time.provenBy ?? 'timestamp'})`
    : s.time.claimed
      ? `, claimed ${when(s.time.claimed)} (not proven)`
      : '';
  const why = s.subIndication ? ` — ${EXPLAIN[s.subIndication]} [${s.subIndication}]` : '';
  const line = `${head}: ${s.kind === 'document-timestamp' ? 'document timestamp' : who}${time}${why}`;
  return color ? `${COLOR[s.indication]}${line}${RESET}` : line;
}

function recognitionLines(rec: Record<string, Recognition>, economies?: readonly string[]): string[] {
  const codes = Object.keys(rec)
    .filter((c) => !economies || economies.includes(c))
    .sort();
  if (codes.length === 0) return [];
  const lines = ['  Legal recognition (technical assessment, not legal advice):'];
  for (const c of codes) {
    const r = rec[c]!;
    const cite = r.legalBasis[0];
    const citeText = cite
      ? ` — ${cite.statute}${cite.section ? ` ${cite.section}` : ''}${cite.verified ? '' : ' (unverified)'}`
      : '';
    lines.push(`    ${c.padEnd(3)} ${r.level.padEnd(28)} ${r.localTerm ?? ''}${citeText}`);
    if (r.reasons[0]) lines.push(`        ${r.reasons[0]}`);
  }
  return lines;
}

export function renderText(v: Verdict, opts: TextOptions = {}): string {
  const out: string[] = [];
  if (v.signatures.length === 0) {
    const p = v.problems[0];
    out.push(
      `${MARK[v.indication]} ${HEADLINE[v.indication]}: ${p ? p.message : 'no signature found'}${v.subIndication ? ` [${v.subIndication}]` : ''}`,
    );
  }
  for (const s of v.signatures) out.push(oneLine(s, opts.color));
  out.push('');
  for (const [i, s] of v.signatures.entries()) {
    out.push(`Signature ${i + 1} (${s.id}, ${s.kind}, ${s.format})`);
    out.push(`  Indication:  ${s.indication}${s.subIndication ? ` / ${s.subIndication}` : ''}`);
    if (s.signer) {
      out.push(`  Signer:      ${s.signer.subject}`);
      out.push(`  Issued by:   ${s.signer.issuer}`);
    }
    if (s.time.claimed) out.push(`  Claimed time: ${when(s.time.claimed)}`);
    if (s.time.proven) out.push(`  Proven time: ${when(s.time.proven)} (${s.time.provenBy})`);
    const integ = s.integrity.ok === true ? 'intact' : s.integrity.ok === false ? 'BROKEN' : 'not determined';
    out.push(
      `  Integrity:   ${integ} (${s.integrity.signatureAlgorithm ?? '?'}${s.integrity.digestAlgorithm ? `, digest ${s.integrity.digestAlgorithm}` : ''})`,
    );
    out.push(
      `  Chain:       ${s.chain.status}${s.chain.anchor ? ` → anchor ${s.chain.anchor.subject}` : ''}`,
    );
    for (const c of s.chain.certificates) out.push(`    - ${c.subject} (until ${c.notAfter.slice(0, 10)})`);
    for (const l of s.chain.anchoredIn)
      out.push(
        `    anchored in: ${l.listId}${l.economy ? ` (${l.economy})` : ''}${l.sequenceNumber !== undefined ? ` #${l.sequenceNumber}` : ''}${l.issued ? `, issued ${l.issued}` : ''}${l.digest ? `, sha256 ${l.digest}` : ''}`,
      );
    if (s.chain.stoppedBecause) out.push(`    stopped: ${s.chain.stoppedBecause}`);
    for (const r of s.revocation) out.push(`  Revocation:  ${r.subject}: ${r.status} (${r.source})`);
    for (const t of s.timestamps)
      out.push(`  Timestamp:   ${t.type} ${when(t.genTime)} ${t.indication}${t.tsa ? ` by ${t.tsa}` : ''}`);
    if (s.coverage) {
      out.push(
        `  Coverage:    revision ${s.coverage.signedRevision} of ${s.coverage.revisions}${s.coverage.wholeDocument ? ', whole document' : `, ${s.coverage.bytesAfter} bytes added after`}`,
      );
      for (const c of s.coverage.changesAfter)
        out.push(
          `    ${c.allowed ? 'allowed' : 'NOT ALLOWED'}: ${c.kind} (revision ${c.revision}) ${c.description}`,
        );
    }
    for (const p of s.problems) out.push(`  ${p.severity}: ${p.code} — ${p.message}`);
    out.push(...recognitionLines(s.recognition, opts.economies));
    out.push('');
  }
  for (const p of v.problems)
    if (v.signatures.length > 0) out.push(`${p.severity}: ${p.code} — ${p.message}`);
  return out.join('\n').replace(/\n+$/, '\n');
}
