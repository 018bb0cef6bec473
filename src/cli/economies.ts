/** `crossign economies [codes] [--format text|json]`: what each bundled economy profile says. */
import { parseArgs } from 'node:util';
import { describeProfiles, type ProfileSummary } from '../recognition/describe.js';
import { selectProfiles } from '../trust/profiles.js';
import type { Io } from './main.js';

export const ECONOMIES_HELP = `crossign economies [CODES] [--format text|json]

Lists the per-economy recognition profiles: the tiers of signature the law knows (local term,
legal effect, which trust list each needs), the cross-border rule, sources, asOf date and confidence.
  crossign economies              all 21 APEC economies
  crossign economies MY,SG        only these
  crossign economies --format json`;

function render(p: ProfileSummary): string {
  const lines = [
    `${p.economy}  ${p.name} — as of ${p.asOf}, confidence ${p.confidence}, cross-border: ${p.crossBorder}`,
    `    ${p.summary}`,
  ];
  for (const t of p.tiers) {
    const needs = t.needsLists.length ? ` [needs trust list: ${t.needsLists.join(', ')}]` : '';
    const agreement = t.needsPartyAgreement ? ' [needs party agreement]' : '';
    lines.push(
      `    - ${t.level}: ${t.localTerm} (${t.english})${t.verified ? '' : ' (unverified)'}${needs}${agreement}`,
    );
    lines.push(`        ${t.legalEffect}`);
  }
  for (const l of p.trustLists)
    lines.push(
      `    list ${l.listId}: ${l.name} — ${l.publisher}${l.url ? ` <${l.url}>` : ''} — ${l.loaded ? 'bundled' : 'not bundled (supply it with --trust-list)'}`,
    );
  lines.push(`    citations: ${p.citations.verified} verified, ${p.citations.unverified} unverified`);
  return lines.join('\n');
}

export async function economiesCommand(args: readonly string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...args],
    allowPositionals: true,
    options: { format: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    io.stdout(`${ECONOMIES_HELP}\n`);
    return 0;
  }
  const codes = positionals
    .flatMap((p) => p.split(','))
    .map((c) => c.trim().toUpperCase())
    .filter(Boolean);
  const summaries = describeProfiles(selectProfiles(codes.length ? codes : undefined));
  if (codes.length && summaries.length === 0) {
    io.stderr(`crossign: no profile for ${codes.join(', ')}\n`);
    return 3;
  }
  if (values.format === 'json') io.stdout(`${JSON.stringify(summaries, null, 2)}\n`);
  else if (values.format === undefined || values.format === 'text')
    io.stdout(`${summaries.map(render).join('\n\n')}\n`);
  else {
    io.stderr(`crossign: --format must be text or json\n`);
    return 3;
  }
  return 0;
}
