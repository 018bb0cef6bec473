/** The `crossign` command line. Exit codes: 0 all valid, 1 any invalid, 2 otherwise, 3 usage/unreadable. */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { isCrossignError } from '../lib/errors.js';
import type { VerifyOptionsInput } from '../options.js';
import { renderText } from '../report/text.js';
import { verdictJsonSchema } from '../verdict/json-schema.js';
import type { Verdict } from '../verdict/schema.js';
import { verify } from '../verify.js';
import { nodeCreateHash } from './node-crypto.js';

export const EXIT = { passed: 0, failed: 1, indeterminate: 2, usage: 3 } as const;

const HELP = `crossign — verify electronic signatures (PDF/PAdES, CMS/CAdES) and their legal recognition in APEC

Usage:
  crossign verify <file> [options]     verify a signed PDF, .p7s, .p7m (DER, BER, PEM or base64)
  crossign schema                      print the verdict JSON Schema
  crossign help                        this text

Options for verify:
  --content <file>        the signed content of a detached signature
  --trust <file>          trust anchor certificate(s), PEM bundle or DER (repeatable)
  --certs <file>          extra certificates for path building (repeatable)
  --crl <file>            CRL (DER or PEM) to use for revocation (repeatable)
  --ocsp <file>           OCSP response (DER) to use for revocation (repeatable)
  --revocation <mode>     hard-fail (default) | soft-fail | off
  --at <ISO-8601>         validation time (default: now)
  --format <fmt>          text (default) | json
  --economy <codes>       show recognition only for these economies, e.g. MY,SG,AU
  --out <file>            write the report to a file instead of stdout
  --no-color              plain text (also when NO_COLOR is set or output is not a terminal)

Exit codes: 0 every signature valid; 1 any signature invalid; 2 otherwise (cannot confirm);
3 usage error or unreadable file.

Examples:
  crossign verify contract.pdf --trust my-root-ca.pem
  crossign verify invoice.p7s --content invoice.xml --format json
  crossign verify signed.p7m --trust root.pem --at 2026-03-01T00:00:00Z --economy SG,MY`;

class UsageError extends Error {}

function readFile(path: string, what: string): Uint8Array {
  try {
    return new Uint8Array(readFileSync(path));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(`cannot read ${what} ${path}${code ? ` (${code})` : ''}`);
  }
}

export function exitCodeFor(verdicts: readonly Verdict[]): number {
  let code: number = EXIT.passed;
  for (const v of verdicts) {
    if (v.indication === 'TOTAL_FAILED') return EXIT.failed;
    if (v.indication === 'INDETERMINATE') code = EXIT.indeterminate;
  }
  return code;
}

interface Io {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  isTTY: boolean;
  env: Record<string, string | undefined>;
}

const defaultIo: Io = {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  isTTY: !!process.stdout.isTTY,
  env: process.env,
};

export async function main(argv: readonly string[], io: Io = defaultIo): Promise<number> {
  try {
    return await run(argv, io);
  } catch (e) {
    if (e instanceof UsageError || (isCrossignError(e) && e.code === 'ERR_INVALID_OPTIONS')) {
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
  if (command !== 'verify') throw new UsageError(`unknown command "${command}" (try: crossign help)`);

  let parsed: ReturnType<typeof parseVerifyArgs>;
  try {
    parsed = parseVerifyArgs(rest);
  } catch (e) {
    throw new UsageError(e instanceof Error ? e.message : String(e));
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout(`${HELP}\n`);
    return EXIT.passed;
  }
  if (positionals.length !== 1) throw new UsageError('verify takes exactly one file (try: crossign help)');
  const format = values.format ?? 'text';
  if (format !== 'text' && format !== 'json')
    throw new UsageError(`--format must be text or json, not "${format}"`);
  const mode = values.revocation ?? 'hard-fail';
  if (mode !== 'hard-fail' && mode !== 'soft-fail' && mode !== 'off')
    throw new UsageError(`--revocation must be hard-fail, soft-fail or off, not "${mode}"`);
  let validationTime: Date | undefined;
  if (values.at) {
    validationTime = new Date(values.at);
    if (Number.isNaN(validationTime.getTime()))
      throw new UsageError(`--at is not an ISO-8601 time: "${values.at}"`);
  }
  const file = positionals[0]!;
  const input = readFile(file, 'file');
  const options: VerifyOptionsInput = {
    trustAnchors: (values.trust ?? []).map((p) => readFile(p, 'trust anchor')),
    certificates: (values.certs ?? []).map((p) => readFile(p, 'certificate file')),
    crls: (values.crl ?? []).map((p) => readFile(p, 'CRL')),
    ocspResponses: (values.ocsp ?? []).map((p) => readFile(p, 'OCSP response')),
    revocation: { mode },
    crypto: { createHash: nodeCreateHash as (n: string) => unknown },
  };
  if (values.content) options.detachedContent = readFile(values.content, 'content');
  if (validationTime) options.validationTime = validationTime;
  const economies = values.economy
    ?.split(',')
    .map((s) => s.trim().toUpperCase())
    .filter(Boolean);

  const verdict = await verify(input, options);
  const color = values['no-color'] !== true && !io.env.NO_COLOR && io.isTTY && !values.out;
  const text =
    format === 'json'
      ? `${JSON.stringify(verdict, null, 2)}\n`
      : renderText(verdict, { color, ...(economies ? { economies } : {}) });
  if (values.out) {
    try {
      writeFileSync(values.out, text);
    } catch {
      throw new UsageError(`cannot write ${values.out}`);
    }
  } else io.stdout(text);
  return exitCodeFor([verdict]);
}

function parseVerifyArgs(args: readonly string[]) {
  return parseArgs({
    args: [...args],
    allowPositionals: true,
    strict: true,
    options: {
      content: { type: 'string' },
      trust: { type: 'string', multiple: true },
      certs: { type: 'string', multiple: true },
      crl: { type: 'string', multiple: true },
      ocsp: { type: 'string', multiple: true },
      revocation: { type: 'string' },
      at: { type: 'string' },
      format: { type: 'string' },
      economy: { type: 'string' },
      out: { type: 'string' },
      'no-color': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}
