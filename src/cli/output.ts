/** What the CLI prints around the reports: progress bar, batch lines, the summary table, the HTML index. */

import { escapeHtml } from '../report/html.js';
import { oneLine } from '../report/text.js';
import type { Indication } from '../verdict/indication.js';
import type { FileResult } from './job.js';

export const EXIT = { passed: 0, failed: 1, indeterminate: 2, usage: 3 } as const;

/** Worst first: an unreadable file beats an invalid signature, which beats "cannot confirm". */
const EXIT_RANK: Record<number, number> = { 0: 0, 2: 1, 1: 2, 3: 3 };

export function worstExit(codes: readonly number[]): number {
  let worst: number = EXIT.passed;
  for (const c of codes) if ((EXIT_RANK[c] ?? 3) > (EXIT_RANK[worst] ?? 0)) worst = c;
  return worst;
}

export function exitForIndication(i: Indication): number {
  return i === 'TOTAL_FAILED' ? EXIT.failed : i === 'INDETERMINATE' ? EXIT.indeterminate : EXIT.passed;
}

export function exitForResult(r: FileResult): number {
  return 'verdict' in r ? exitForIndication(r.verdict.indication) : EXIT.usage;
}

type Status = 'VALID' | 'INVALID' | 'CANNOT CONFIRM' | 'ERROR';

function status(r: FileResult): Status {
  if (!('verdict' in r)) return 'ERROR';
  const i = r.verdict.indication;
  return i === 'TOTAL_PASSED' ? 'VALID' : i === 'TOTAL_FAILED' ? 'INVALID' : 'CANNOT CONFIRM';
}

const SGR: Record<Status, string> = { VALID: '32', INVALID: '31', 'CANNOT CONFIRM': '33', ERROR: '35' };

function paint(s: string, st: Status, color: boolean): string {
  return color ? `\x1b[${SGR[st]}m${s}\x1b[0m` : s;
}

function reason(r: FileResult): string {
  if (!('verdict' in r)) return r.error;
  const v = r.verdict;
  if (v.subIndication) return v.subIndication;
  return '';
}

function shorten(path: string, width: number): string {
  return path.length <= width ? path : `…${path.slice(path.length - width + 1)}`;
}

export interface Tally {
  valid: number;
  invalid: number;
  indeterminate: number;
  errors: number;
}

export function tally(results: readonly (FileResult | undefined)[]): Tally {
  const t: Tally = { valid: 0, invalid: 0, indeterminate: 0, errors: 0 };
  for (const r of results) {
    if (!r) continue;
    const s = status(r);
    if (s === 'VALID') t.valid++;
    else if (s === 'INVALID') t.invalid++;
    else if (s === 'CANNOT CONFIRM') t.indeterminate++;
    else t.errors++;
  }
  return t;
}

function tallyText(t: Tally): string {
  return `${t.valid} valid · ${t.invalid} invalid · ${t.indeterminate} cannot confirm · ${t.errors} error${t.errors === 1 ? '' : 's'}`;
}

/** The table printed after a batch: one row per file, then the totals and the exit code. */
export function summaryTable(results: readonly FileResult[], color: boolean, elapsedMs: number): string {
  const fileWidth = Math.min(60, Math.max(4, ...results.map((r) => r.file.length)));
  const lines = [`Summary of ${results.length} files (${(elapsedMs / 1000).toFixed(1)} s):`];
  lines.push(`  ${'RESULT'.padEnd(14)}  SIGS  ${'FILE'.padEnd(fileWidth)}  REASON`);
  for (const r of results) {
    const st = status(r);
    const sigs = 'verdict' in r ? String(r.verdict.signatures.length) : '-';
    lines.push(
      `  ${paint(st.padEnd(14), st, color)}  ${sigs.padStart(4)}  ${shorten(r.file, fileWidth).padEnd(fileWidth)}  ${reason(r)}`.trimEnd(),
    );
  }
  lines.push(`Total: ${tallyText(tally(results))} — exit code ${worstExit(results.map(exitForResult))}`);
  return `${lines.join('\n')}\n`;
}

/** The per-file lines of a text batch: the file, then one answer line per signature. */
export function batchTextBlock(r: FileResult, color: boolean): string {
  if (!('verdict' in r)) return `${r.file}\n  ${paint(`! ERROR: ${r.error}`, 'ERROR', color)}\n`;
  const v = r.verdict;
  const lines = [r.file];
  if (v.signatures.length === 0) {
    const p = v.problems[0];
    const st = status(r);
    lines.push(
      `  ${paint(`${st}: ${p ? p.message : 'no signature found'}${v.subIndication ? ` [${v.subIndication}]` : ''}`, st, color)}`,
    );
  }
  for (const s of v.signatures) lines.push(`  ${oneLine(s, color)}`);
  return `${lines.join('\n')}\n`;
}

/** A single redrawn line on stderr: "[#####·····] 57/200 · 50 valid · …". */
export function progressLine(done: number, total: number, t: Tally, columns: number): string {
  const width = 24;
  const filled = total ? Math.round((done / total) * width) : width;
  const bar = `[${'#'.repeat(filled)}${'·'.repeat(width - filled)}] ${done}/${total}`;
  const line = `${bar} · ${tallyText(t)}`;
  return line.length > columns - 1 ? line.slice(0, Math.max(0, columns - 1)) : line;
}

/** A file name for one report in an --out folder, unique within the batch. */
export function reportName(file: string, taken: Set<string>): string {
  const base =
    file
      .replace(/^[./\\]+/, '')
      .replace(/[^A-Za-z0-9._-]+/g, '_')
      .slice(-120) || 'report';
  let name = `${base}.html`;
  for (let i = 2; taken.has(name.toLowerCase()); i++) name = `${base}-${i}.html`;
  taken.add(name.toLowerCase());
  return name;
}

/** index.html of an --out folder: the summary table linking each report. */
export function indexHtml(rows: readonly { result: FileResult; report?: string }[]): string {
  const t = tally(rows.map((r) => r.result));
  const tone: Record<Status, string> = {
    VALID: '#1b7f4b',
    INVALID: '#b3261e',
    'CANNOT CONFIRM': '#a15c00',
    ERROR: '#6b2d8c',
  };
  const body = rows
    .map(({ result, report }) => {
      const st = status(result);
      const name = report
        ? `<a href="${escapeHtml(encodeURIComponent(report))}">${escapeHtml(result.file)}</a>`
        : escapeHtml(result.file);
      return `<tr><td style="color:${tone[st]};font-weight:600;white-space:nowrap">${st}</td><td>${name}</td><td>${escapeHtml(reason(result))}</td></tr>`;
    })
    .join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'"><title>crossign batch report</title><style>body{font:16px/1.5 system-ui,sans-serif;margin:0 auto;max-width:980px;padding:16px;overflow-wrap:anywhere}table{border-collapse:collapse;width:100%}td,th{text-align:left;padding:.3rem .5rem;border-bottom:1px solid #d9dee3;vertical-align:top}</style></head><body><h1>crossign: ${rows.length} files</h1><p>${escapeHtml(tallyText(t))}. This is a technical assessment, not legal advice.</p><table><thead><tr><th>Result</th><th>File</th><th>Reason</th></tr></thead><tbody>${body}</tbody></table></body></html>\n`;
}
