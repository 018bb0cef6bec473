/**
 * The `crossign` command line. Exit codes: 0 all valid, 1 any invalid, 2 otherwise, 3 usage/unreadable;
 * for a batch, the worst over all files (3 > 1 > 2 > 0).
 */
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { isCrossignError } from '../lib/errors.js';
import { renderHtml } from '../report/html.js';
import { renderText } from '../report/text.js';
import { verdictJsonSchema } from '../verdict/json-schema.js';
import type { Verdict } from '../verdict/schema.js';
import { runBatch } from './batch.js';
import { economiesCommand } from './economies.js';
import { collectFiles, MissingPathError, SIGNED_EXTENSIONS } from './files.js';
import type { FileResult, JobOptions } from './job.js';
import {
  batchTextBlock,
  EXIT,
  exitForIndication,
  exitForResult,
  indexHtml,
  progressLine,
  reportName,
  summaryTable,
  tally,
  worstExit,
} from './output.js';
import { trustCommand } from './trust.js';

export { EXIT } from './output.js';

const FORMATS = ['text', 'json', 'ndjson', 'html'] as const;
type Format = (typeof FORMATS)[number];

const HELP = `crossign — verify electronic signatures (PDF/PAdES, CMS/CAdES) and their legal recognition in APEC

Usage:
  crossign verify <files or folders>... [options]   verify signed PDFs, .p7s, .p7m (DER, BER, PEM or base64)
  crossign schema                                  print the verdict JSON Schema
  crossign economies [CODES] [--format json]       the per-economy recognition profiles
  crossign trust inspect|update ...                official ETSI TS 119 612 trust lists (crossign trust help)
  crossign help                                    this text

Folders are walked recursively for ${SIGNED_EXTENSIONS.join(' ')}
(a .pem or .b64 only when it holds a CMS/PKCS#7 block; hidden folders and node_modules are skipped).
A file named on the command line is always verified, whatever its extension.

Options for verify:
  --content <file>        the signed content of a detached signature (used for every file)
  --trust <file>          trust anchor certificate(s), PEM bundle or DER (repeatable)
  --trust-list <file>     a trust list in crossign's JSON format (repeatable)
  --tsl <file>            an official ETSI TS 119 612 trusted list, XML (repeatable); adds EU recognition
  --tsl-signer <file>     the certificate that must have signed the --tsl lists (repeatable)
  --ru-list <file>        Russia's accredited-CA list (the Ministry's XML; unsigned — reported as such)
  --certs <file>          extra certificates for path building (repeatable)
  --crl <file>            CRL (DER or PEM) to use for revocation (repeatable)
  --ocsp <file>           OCSP response (DER) to use for revocation (repeatable)
  --revocation <mode>     hard-fail (default) | soft-fail | off
  --at <ISO-8601>         validation time (default: now, the same instant for the whole batch)
  --transaction <type>    the kind of transaction, for per-economy exclusions (see trust-lists/README.md)
  --agreement             the parties agreed to use this kind of signature (some legal tiers need it)
  --format <fmt>          text (default) | json | ndjson | html
                          json: one verdict; for several files an array of {file, verdict|error}
                          ndjson: one {file, verdict|error} object per line, as files finish (in order)
                          html: a self-contained report; for several files --out <folder> is required and
                          gets one <file>.html per input plus index.html with the summary
  --economy <codes>       show recognition only for these economies, e.g. MY,SG,AU
  --out <file|folder>     write the output to a file (html with several files: a folder)
  --jobs <n>              worker threads for a batch (default: one per CPU core; 1 = in-process)
  --no-color              plain text (also when NO_COLOR is set or output is not a terminal)

A progress bar is drawn on stderr when it is a terminal; with several files a summary table follows
(on stdout for text, on stderr for json, ndjson and html).

Exit codes: 0 every signature valid; 1 any signature invalid; 2 otherwise (cannot confirm);
3 usage error or unreadable file. With several files: the worst of them (3, then 1, then 2, then 0).

Examples:
  crossign verify contract.pdf --trust my-root-ca.pem
  crossign verify invoice.p7s --content invoice.xml --format json
  crossign verify signed.p7m --trust root.pem --at 2026-03-01T00:00:00Z --economy SG,MY
  crossign verify contract.pdf --trust root.pem --format html --out report.html
  crossign verify inbox/ archive/2025/ --trust root.pem --format html --out reports/
  crossign verify scans/ --format ndjson --jobs 4 > verdicts.ndjson`;

// Where `crossign economies` (per-economy profiles) plugs in; the lead adds it.
export const COMMANDS: Record<string, ((args: readonly string[], io: Io) => Promise<number>) | undefined> = {
  economies: economiesCommand,
  trust: trustCommand,
};

class UsageError extends Error {}

function readFile(path: string, what: string): Uint8Array {
  try {
    const b = readFileSync(path);
    return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(`cannot read ${what} ${path}${code ? ` (${code})` : ''}`);
  }
}

export function exitCodeFor(verdicts: readonly Verdict[]): number {
  return worstExit(verdicts.map((v) => exitForIndication(v.indication)));
}

export interface Io {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  /** stdout is a terminal (colour for text output). */
  isTTY: boolean;
  env: Record<string, string | undefined>;
  /** stderr is a terminal (progress bar); default false. */
  stderrIsTTY?: boolean;
  columns?: number;
}

const defaultIo: Io = {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  isTTY: !!process.stdout.isTTY,
  env: process.env,
  stderrIsTTY: !!process.stderr.isTTY,
  columns: process.stderr.columns ?? 80,
};

export async function main(argv: readonly string[], io: Io = defaultIo): Promise<number> {
  try {
    return await run(argv, io);
  } catch (e) {
    if (
      e instanceof UsageError ||
      e instanceof MissingPathError ||
      (isCrossignError(e) && e.code === 'ERR_INVALID_OPTIONS')
    ) {
      io.stderr(`crossign: ${(e as Error).message}\n`);
      return EXIT.usage;
    }
    const message = e instanceof Error ? e.message : String(e);
    io.stderr(`crossign: internal error: ${message}\n`);
    return EXIT.usage;
  }
}

async function run(argv: readonly string[], io: Io): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === 'help' || command === '--help' || command === '-h') {
    io.stdout(`${HELP}\n`);
    return command ? EXIT.passed : EXIT.usage;
  }
  if (command === 'schema') {
    io.stdout(`${JSON.stringify(verdictJsonSchema(), null, 2)}\n`);
    return EXIT.passed;
  }
  const extra = COMMANDS[command];
  if (extra) return extra(rest, io);
  if (command !== 'verify') throw new UsageError(`unknown command "${command}" (try: crossign help)`);
  return runVerify(rest, io);
}

interface VerifyRequest {
  paths: string[];
  format: Format;
  out: string | undefined;
  jobs: number;
  economies: string[] | undefined;
  noColor: boolean;
  job: JobOptions;
}

function parseVerify(args: readonly string[]): VerifyRequest | 'help' {
  let parsed: ReturnType<typeof parseVerifyArgs>;
  try {
    parsed = parseVerifyArgs(args);
  } catch (e) {
    throw new UsageError(e instanceof Error ? e.message : String(e));
  }
  const { values, positionals } = parsed;
  if (values.help) return 'help';
  if (positionals.length === 0)
    throw new UsageError('verify needs at least one file or folder (try: crossign help)');
  const format = (values.format ?? 'text') as Format;
  if (!FORMATS.includes(format))
    throw new UsageError(`--format must be one of ${FORMATS.join(', ')}, not "${format}"`);
  const mode = values.revocation ?? 'hard-fail';
  if (mode !== 'hard-fail' && mode !== 'soft-fail' && mode !== 'off')
    throw new UsageError(`--revocation must be hard-fail, soft-fail or off, not "${mode}"`);
  let validationTime = new Date();
  if (values.at) {
    validationTime = new Date(values.at);
    if (Number.isNaN(validationTime.getTime()))
      throw new UsageError(`--at is not an ISO-8601 time: "${values.at}"`);
  }
  let jobs = availableParallelism();
  if (values.jobs !== undefined) {
    jobs = Number(values.jobs);
    if (!Number.isInteger(jobs) || jobs < 1 || jobs > 256)
      throw new UsageError(`--jobs must be a whole number from 1 to 256`);
  }
  const job: JobOptions = {
    trustAnchors: (values.trust ?? []).map((p) => readFile(p, 'trust anchor')),
    certificates: (values.certs ?? []).map((p) => readFile(p, 'certificate file')),
    crls: (values.crl ?? []).map((p) => readFile(p, 'CRL')),
    ocspResponses: (values.ocsp ?? []).map((p) => readFile(p, 'OCSP response')),
    revocation: mode,
    validationTime: validationTime.toISOString(),
    partyAgreement: values.agreement === true,
    trustLists: (values['trust-list'] ?? []).map(readTrustList),
    etsiLists: etsiLists(values.tsl ?? [], values['tsl-signer'] ?? []),
    ruLists: (values['ru-list'] ?? []).map((p) => readFile(p, 'Russian accredited-CA list')),
  };
  if (values.content) job.detachedContent = readFile(values.content, 'content');
  if (values.transaction) job.transaction = values.transaction;
  const economies = values.economy
    ?.split(',')
    .map((s) => s.trim().toUpperCase())
    .filter(Boolean);
  return {
    paths: positionals,
    format,
    out: values.out,
    jobs,
    economies,
    noColor: values['no-color'] === true,
    job,
  };
}

function etsiLists(lists: string[], signers: string[]): JobOptions['etsiLists'] {
  if (lists.length > 0 && signers.length === 0)
    throw new UsageError(
      '--tsl needs --tsl-signer <certificate>: an official list is only used when its signer is pinned',
    );
  const pinnedSigners = signers.map((p) => readFile(p, 'trusted-list signer certificate'));
  return lists.map((p) => ({ xml: readFile(p, 'trusted list'), pinnedSigners }));
}

function readTrustList(path: string): unknown {
  const text = new TextDecoder().decode(readFile(path, 'trust list'));
  try {
    return JSON.parse(text);
  } catch {
    throw new UsageError(`trust list ${path} is not JSON (crossign's trust-list format is expected)`);
  }
}

function isDirectory(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function write(path: string, text: string): void {
  try {
    writeFileSync(path, text);
  } catch (e) {
    throw new UsageError(
      `cannot write ${path}${(e as NodeJS.ErrnoException).code ? ` (${(e as NodeJS.ErrnoException).code})` : ''}`,
    );
  }
}

function baseName(p: string): string {
  return p.split(/[\\/]/).pop() ?? p;
}

async function runVerify(args: readonly string[], io: Io): Promise<number> {
  const req = parseVerify(args);
  if (req === 'help') {
    io.stdout(`${HELP}\n`);
    return EXIT.passed;
  }
  const files = collectFiles(req.paths);
  if (files.length === 0) throw new UsageError(`no signed files found in ${req.paths.join(', ')}`);
  const batch = files.length > 1 || req.paths.some(isDirectory);
  if (batch && req.format === 'html' && !req.out)
    throw new UsageError('--format html with several files needs --out <folder> (one report per file)');
  const htmlDir =
    req.format === 'html' && req.out !== undefined && (batch || isDirectory(req.out)) ? req.out : undefined;
  if (htmlDir) {
    try {
      mkdirSync(htmlDir, { recursive: true });
    } catch {
      throw new UsageError(`cannot create the folder ${htmlDir}`);
    }
  }
  const color = !req.noColor && !io.env.NO_COLOR && io.isTTY && !req.out;
  const errColor = !req.noColor && !io.env.NO_COLOR && io.stderrIsTTY === true;
  const showProgress = batch && io.stderrIsTTY === true;
  const htmlOpts = req.economies ? { economies: req.economies } : {};

  if (!batch) {
    const r = (await runBatch(files, req.job, 1))[0]!;
    if (!('verdict' in r)) throw new UsageError(r.error);
    const v = r.verdict;
    let text: string;
    if (req.format === 'json') text = `${JSON.stringify(v, null, 2)}\n`;
    else if (req.format === 'ndjson') text = `${JSON.stringify({ file: r.file, verdict: v })}\n`;
    else if (req.format === 'html') text = renderHtml(v, { ...htmlOpts, fileName: baseName(r.file) });
    else text = renderText(v, { color, ...(req.economies ? { economies: req.economies } : {}) });
    if (htmlDir) write(join(htmlDir, reportName(baseName(r.file), new Set())), text);
    else if (req.out) write(req.out, text);
    else io.stdout(text);
    return exitForResult(r);
  }

  // Batch: stream text/ndjson in input order as results arrive; collect the rest.
  const started = Date.now();
  const results: (FileResult | undefined)[] = new Array(files.length);
  const chunks: string[] = [];
  const taken = new Set<string>(['index.html']);
  const reports: (string | undefined)[] = new Array(files.length);
  let flushed = 0;
  let done = 0;
  let lastDraw = 0;
  const columns = io.columns ?? 80;
  const clearProgress = () => showProgress && io.stderr('\r\x1b[2K');
  const drawProgress = (force: boolean) => {
    if (!showProgress) return;
    const now = Date.now();
    if (!force && now - lastDraw < 80) return;
    lastDraw = now;
    io.stderr(`\r\x1b[2K${progressLine(done, files.length, tally(results), columns)}`);
  };
  const emit = (s: string) => {
    if (req.out) chunks.push(s);
    else {
      clearProgress();
      io.stdout(s);
    }
  };
  drawProgress(true);
  await runBatch(files, req.job, req.jobs, (i, r) => {
    results[i] = r;
    done++;
    if (htmlDir && 'verdict' in r) {
      const name = reportName(r.file, taken);
      reports[i] = name;
      write(join(htmlDir, name), renderHtml(r.verdict, { ...htmlOpts, fileName: r.file }));
    }
    for (; flushed < files.length && results[flushed]; flushed++) {
      const x = results[flushed]!;
      if (req.format === 'ndjson')
        emit(
          `${JSON.stringify('verdict' in x ? { file: x.file, verdict: x.verdict } : { file: x.file, error: x.error })}\n`,
        );
      else if (req.format === 'text') emit(batchTextBlock(x, color));
    }
    drawProgress(done === files.length);
  });
  clearProgress();
  const all = results as FileResult[];
  if (req.format === 'json')
    emit(
      `${JSON.stringify(
        all.map((x) =>
          'verdict' in x ? { file: x.file, verdict: x.verdict } : { file: x.file, error: x.error },
        ),
        null,
        2,
      )}\n`,
    );
  const summary = summaryTable(all, req.format === 'text' ? color : errColor, Date.now() - started);
  if (req.format === 'text') emit(`\n${summary}`);
  else io.stderr(summary);
  if (htmlDir)
    write(
      join(htmlDir, 'index.html'),
      indexHtml(all.map((result, i) => ({ result, ...(reports[i] ? { report: reports[i] } : {}) }))),
    );
  else if (req.out) write(req.out, chunks.join(''));
  return worstExit(all.map(exitForResult));
}

function parseVerifyArgs(args: readonly string[]) {
  return parseArgs({
    args: [...args],
    allowPositionals: true,
    strict: true,
    options: {
      content: { type: 'string' },
      trust: { type: 'string', multiple: true },
      'trust-list': { type: 'string', multiple: true },
      tsl: { type: 'string', multiple: true },
      'tsl-signer': { type: 'string', multiple: true },
      'ru-list': { type: 'string', multiple: true },
      certs: { type: 'string', multiple: true },
      crl: { type: 'string', multiple: true },
      ocsp: { type: 'string', multiple: true },
      revocation: { type: 'string' },
      at: { type: 'string' },
      transaction: { type: 'string' },
      agreement: { type: 'boolean' },
      format: { type: 'string' },
      economy: { type: 'string' },
      out: { type: 'string' },
      jobs: { type: 'string', short: 'j' },
      'no-color': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}
