import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { collectFiles } from '../../src/cli/files.js';
import { main } from '../../src/cli/main.js';
import { Verdict } from '../../src/verdict/schema.js';

const F = (p: string) => resolve(__dirname, '../../fixtures', p);

async function run(
  args: string[],
  env: Record<string, string | undefined> = {},
  tty: { isTTY?: boolean; stderrIsTTY?: boolean } = {},
) {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    stdout: (s) => (stdout += s),
    stderr: (s) => (stderr += s),
    isTTY: tty.isTTY ?? false,
    stderrIsTTY: tty.stderrIsTTY ?? false,
    columns: 120,
    env,
  });
  return { code, stdout, stderr };
}

const AT = ['--at', '2027-01-01T00:00:00Z', '--revocation', 'off'];

describe('crossign CLI', () => {
  it('verify --format json prints only the Verdict JSON, exit 0 when valid', async () => {
    const r = await run([
      'verify',
      F('cms/rsa-sha256-attached.p7m'),
      '--trust',
      F('pki/root-ca.pem'),
      '--format',
      'json',
      ...AT,
    ]);
    expect(r.stderr).toBe('');
    const v = Verdict.parse(JSON.parse(r.stdout));
    expect(v.indication).toBe('TOTAL_PASSED');
    expect(r.code).toBe(0);
  });

  it('text output starts with a one-line answer per signature', async () => {
    const r = await run(['verify', F('cms/multi-signer.p7m'), '--trust', F('pki/root-ca.pem'), ...AT]);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toMatch(/^✔ VALID: signed by /);
    expect(lines[1]).toMatch(/^✔ VALID: signed by /);
    expect(r.code).toBe(0);
  });

  it('detached content via --content', async () => {
    const r = await run([
      'verify',
      F('cms/rsa-sha256-detached.p7s'),
      '--content',
      F('cms/content.txt'),
      '--trust',
      F('pki/root-ca.pem'),
      ...AT,
    ]);
    expect(r.code).toBe(0);
  });

  it('exit 1 when a signature is TOTAL_FAILED', async () => {
    const r = await run(['verify', F('cms/tampered-content.p7m'), '--trust', F('pki/root-ca.pem'), ...AT]);
    expect(r.stdout).toMatch(/^✖ INVALID/);
    expect(r.code).toBe(1);
  });

  it('exit 2 when INDETERMINATE (no trust anchor given)', async () => {
    const r = await run(['verify', F('cms/rsa-sha256-attached.p7m'), ...AT]);
    expect(r.stdout).toMatch(/NO_CERTIFICATE_CHAIN_FOUND/);
    expect(r.code).toBe(2);
  });

  it('exit 3 with a one-line message for an unreadable file', async () => {
    const r = await run(['verify', '/nonexistent/file.p7s']);
    expect(r.code).toBe(3);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/cannot read file/);
  });

  it('exit 3 for usage errors', async () => {
    expect((await run(['verify'])).code).toBe(3);
    expect((await run(['verify', 'a', '--format', 'xml'])).code).toBe(3);
    expect((await run(['verify', 'a', '--bogus'])).code).toBe(3);
    expect((await run(['frobnicate'])).code).toBe(3);
    expect((await run(['verify', F('cms/content.txt'), '--at', 'not-a-date'])).code).toBe(3);
  });

  it('a malformed input file is a FORMAT_FAILURE verdict (exit 1), not a crash', async () => {
    const r = await run(['verify', F('cms/content.txt'), '--format', 'json']);
    const v = Verdict.parse(JSON.parse(r.stdout));
    expect(v.subIndication).toBe('FORMAT_FAILURE');
    expect(r.code).toBe(1);
  });

  it('--out writes the report to a file', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'crossign-')), 'v.json');
    const r = await run([
      'verify',
      F('cms/rsa-sha256-attached.p7m'),
      '--trust',
      F('pki/root-ca.pem'),
      '--format',
      'json',
      '--out',
      out,
      ...AT,
    ]);
    expect(r.stdout).toBe('');
    expect(Verdict.parse(JSON.parse(readFileSync(out, 'utf8'))).indication).toBe('TOTAL_PASSED');
  });

  it('schema prints a JSON Schema of the verdict', async () => {
    const r = await run(['schema']);
    const s = JSON.parse(r.stdout);
    expect(s.type).toBe('object');
    expect(s.properties.signatures).toBeDefined();
  });
});

const TRUST = ['--trust', F('pki/root-ca.pem')];
const tmp = () => mkdtempSync(join(tmpdir(), 'crossign-cli-'));

/** A folder of copies: `valid` valid files, `invalid` tampered ones, `unsure` without a trusted chain. */
function batchDir(valid: number, invalid: number, unsure: number): string {
  const dir = tmp();
  mkdirSync(join(dir, 'sub', 'deeper'), { recursive: true });
  const put = (src: string, i: number, ext: string) => {
    // Spread over nested folders so the walk is exercised; names sort in creation order.
    const where = i % 3 === 0 ? dir : i % 3 === 1 ? join(dir, 'sub') : join(dir, 'sub', 'deeper');
    copyFileSync(F(src), join(where, `f${String(i).padStart(4, '0')}${ext}`));
  };
  let i = 0;
  for (let k = 0; k < valid; k++)
    put(k % 2 ? 'cms/rsa-sha256-attached.p7m' : 'cms/rsa-sha256.pem', i++, k % 2 ? '.p7m' : '.pem');
  for (let k = 0; k < invalid; k++) put('cms/tampered-content.p7m', i++, '.p7m');
  for (let k = 0; k < unsure; k++) put('cms/untrusted-root.p7m', i++, '.p7s');
  // Not signatures: skipped by the folder walk.
  writeFileSync(join(dir, 'notes.txt'), 'hello');
  copyFileSync(F('pki/root-ca.pem'), join(dir, 'sub', 'a-certificate.pem'));
  return dir;
}

describe('crossign CLI: batches', () => {
  it('200 files in nested folders with worker threads: ndjson per file, summary, exit = worst (1)', async () => {
    const dir = batchDir(150, 30, 20);
    const r = await run(['verify', dir, ...TRUST, ...AT, '--format', 'ndjson', '--jobs', '2']);
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { file: string; verdict?: unknown; error?: string });
    expect(lines).toHaveLength(200);
    const counts = { TOTAL_PASSED: 0, TOTAL_FAILED: 0, INDETERMINATE: 0 };
    for (const l of lines) counts[Verdict.parse(l.verdict).indication]++;
    expect(counts).toEqual({ TOTAL_PASSED: 150, TOTAL_FAILED: 30, INDETERMINATE: 20 });
    // Output order is the walk order, whatever order the workers finish in.
    const walked = lines.map((l) => l.file);
    expect(walked).toEqual(collectFiles([dir]));
    expect(walked.some((f) => f.endsWith('a-certificate.pem') || f.endsWith('notes.txt'))).toBe(false);
    // Summary on stderr (stdout stays machine-readable), no progress bar when stderr is not a terminal.
    expect(r.stderr).toContain('Summary of 200 files');
    expect(r.stderr).toMatch(/Total: 150 valid · 30 invalid · 20 cannot confirm · 0 errors — exit code 1/);
    expect(r.stderr.match(/^ {2}(VALID|INVALID|CANNOT CONFIRM) /gm)).toHaveLength(200);
    expect(r.stderr).not.toContain('\r');
    expect(r.code).toBe(1);
  });

  it('exit code is the worst result: 2 when nothing is invalid, 0 when all are valid', async () => {
    expect((await run(['verify', batchDir(3, 0, 2), ...TRUST, ...AT, '--jobs', '1'])).code).toBe(2);
    const ok = await run(['verify', batchDir(4, 0, 0), ...TRUST, ...AT, '--jobs', '1']);
    expect(ok.code).toBe(0);
    // text batch: per-file answers, then the summary on stdout
    expect(ok.stdout).toMatch(/✔ VALID: signed by /);
    expect(ok.stdout).toMatch(/Total: 4 valid · 0 invalid · 0 cannot confirm · 0 errors — exit code 0\n$/);
  });

  it('in-process and worker-thread batches give the same verdicts', async () => {
    const dir = batchDir(2, 2, 2);
    const a = await run(['verify', dir, ...TRUST, ...AT, '--format', 'json', '--jobs', '1']);
    const b = await run(['verify', dir, ...TRUST, ...AT, '--format', 'json', '--jobs', '3']);
    const pick = (s: string) =>
      (JSON.parse(s) as { file: string; verdict: Verdict }[]).map((x) => [
        x.file,
        x.verdict.indication,
        x.verdict.subIndication,
      ]);
    expect(pick(b.stdout)).toEqual(pick(a.stdout));
    expect(pick(a.stdout)).toHaveLength(6);
  });

  it('draws a progress bar on stderr only when it is a terminal', async () => {
    const dir = batchDir(3, 1, 0);
    const tty = await run(
      ['verify', dir, ...TRUST, ...AT, '--format', 'json', '--jobs', '1'],
      {},
      { stderrIsTTY: true },
    );
    expect(tty.stderr).toContain('\r\x1b[2K[########################] 4/4');
    expect(tty.stderr).toContain('\x1b[31m'); // coloured summary on a terminal
    const nocolor = await run(
      ['verify', dir, ...TRUST, ...AT, '--format', 'json', '--jobs', '1'],
      { NO_COLOR: '1' },
      { stderrIsTTY: true },
    );
    expect(nocolor.stderr).not.toContain('\x1b[3');
  });

  it('colour on a terminal, none with NO_COLOR or --no-color', async () => {
    const args = ['verify', F('cms/tampered-content.p7m'), ...TRUST, ...AT];
    expect((await run(args, {}, { isTTY: true })).stdout).toContain('\x1b[31m');
    expect((await run(args, { NO_COLOR: '1' }, { isTTY: true })).stdout).not.toContain('\x1b[');
    expect((await run([...args, '--no-color'], {}, { isTTY: true })).stdout).not.toContain('\x1b[');
  });

  it('--format html --out <folder> writes one report per file and an index', async () => {
    const dir = batchDir(2, 1, 0);
    const out = join(tmp(), 'reports');
    const r = await run(['verify', dir, ...TRUST, ...AT, '--format', 'html', '--out', out, '--jobs', '1']);
    expect(r.code).toBe(1);
    const written = readdirSync(out).sort();
    expect(written).toHaveLength(4);
    expect(written).toContain('index.html');
    const index = readFileSync(join(out, 'index.html'), 'utf8');
    for (const f of written.filter((n) => n !== 'index.html')) {
      expect(index).toContain(`href="${f}"`);
      expect(readFileSync(join(out, f), 'utf8')).toMatch(
        /^<!doctype html>[\s\S]*<h1>(Valid|Invalid) signature/,
      );
    }
    // Without --out, several html reports have nowhere to go.
    expect((await run(['verify', dir, '--format', 'html'])).code).toBe(3);
  });

  it('--format html for one file prints a self-contained page; --out <file> writes it', async () => {
    const r = await run(['verify', F('cms/rsa-sha256-attached.p7m'), ...TRUST, ...AT, '--format', 'html']);
    expect(r.stdout).toMatch(/^<!doctype html>/);
    expect(r.stdout).toContain('Valid signature by Crossign Test Signer RSA 2048');
    const out = join(tmp(), 'report.html');
    await run([
      'verify',
      F('cms/rsa-sha256-attached.p7m'),
      ...TRUST,
      ...AT,
      '--format',
      'html',
      '--out',
      out,
    ]);
    expect(existsSync(out)).toBe(true);
  });

  it('--help lists the formats and examples; --trust-list, --transaction, --agreement are accepted', async () => {
    const h = await run(['verify', '--help']);
    expect(h.code).toBe(0);
    expect(h.stdout).toMatch(/--format <fmt>\s+text \(default\) \| json \| ndjson \| html/);
    expect(h.stdout).toMatch(/Examples:\n {2}crossign verify/);
    const list = join(tmp(), 'list.json');
    writeFileSync(list, '{"format":"crossign.trust-list/1"}');
    const notJson = join(tmp(), 'list.txt');
    writeFileSync(notJson, 'not json');
    expect((await run(['verify', F('cms/rsa-sha256-attached.p7m'), '--trust-list', notJson])).code).toBe(3);
    const ok = await run([
      'verify',
      F('cms/rsa-sha256-attached.p7m'),
      ...TRUST,
      ...AT,
      '--transaction',
      'commercial-contract',
      '--agreement',
      '--format',
      'json',
    ]);
    expect(ok.stderr).toBe('');
    expect(Verdict.parse(JSON.parse(ok.stdout)).indication).toBe('TOTAL_PASSED');
  });

  it('a missing path among several is a usage error before any work', async () => {
    const r = await run(['verify', F('cms/rsa-sha256-attached.p7m'), '/nonexistent/dir']);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/cannot read file \/nonexistent\/dir/);
  });
});

describe('CLI plumbing', () => {
  it('worstExit ranks 3 > 1 > 2 > 0', async () => {
    const { worstExit } = await import('../../src/cli/output.js');
    expect(worstExit([0, 2, 0])).toBe(2);
    expect(worstExit([2, 1, 0])).toBe(1);
    expect(worstExit([1, 3, 2])).toBe(3);
    expect(worstExit([])).toBe(0);
  });

  it('job options pass --transaction, --agreement and trust lists through to verify()', async () => {
    const { toVerifyOptions } = await import('../../src/cli/job.js');
    const o = toVerifyOptions({
      trustAnchors: [],
      certificates: [],
      crls: [],
      ocspResponses: [],
      revocation: 'soft-fail',
      validationTime: '2027-01-01T00:00:00.000Z',
      transaction: 'will',
      partyAgreement: true,
      trustLists: [{ a: 1 }],
      etsiLists: [{ xml: new Uint8Array([1]), pinnedSigners: [new Uint8Array([2])] }],
      ruLists: [new Uint8Array([3])],
    });
    expect(o.ruAccreditedCaLists).toEqual([{ xml: new Uint8Array([3]) }]);
    expect(o.etsiTrustLists).toEqual([{ xml: new Uint8Array([1]), pinnedSigners: [new Uint8Array([2])] }]);
    expect(o.transaction).toBe('will');
    expect(o.partyAgreement).toBe(true);
    expect(o.trustLists).toEqual([{ a: 1 }]);
    expect(o.revocation).toEqual({ mode: 'soft-fail' });
    expect(o.validationTime?.toISOString()).toBe('2027-01-01T00:00:00.000Z');
  });
});

describe('crossign economies and trust', () => {
  it('economies lists the 21 APEC profiles with tiers, asOf and confidence', async () => {
    const r = await run(['economies', '--format', 'json']);
    const list = JSON.parse(r.stdout) as {
      economy: string;
      asOf: string;
      confidence: string;
      tiers: unknown[];
    }[];
    expect(list).toHaveLength(21);
    for (const p of list) {
      expect(p.asOf).toMatch(/^\d{4}-\d{2}-\d{2}/);
      expect(p.tiers.length).toBeGreaterThan(0);
    }
    expect(r.code).toBe(0);
  });

  it('economies MY,SG prints only those, in text', async () => {
    const r = await run(['economies', 'MY,SG']);
    expect(r.stdout).toMatch(/^MY {2}Malaysia/m);
    expect(r.stdout).toMatch(/^SG {2}Singapore/m);
    expect(r.stdout).not.toMatch(/^AU /m);
  });

  it('economies with an unknown code is a usage error', async () => {
    expect((await run(['economies', 'XX'])).code).toBe(3);
  });

  it('--tsl without --tsl-signer is a usage error (an official list is only used when pinned)', async () => {
    const r = await run(['verify', F('cms/rsa-sha256-attached.p7m'), '--tsl', F('trust-lists/zz-v1.xml')]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/--tsl-signer/);
  });

  it('trust inspect reads a TS 119 612 list and checks its signature against the pinned signer', async () => {
    const good = await run([
      'trust',
      'inspect',
      F('trust-lists/zz-v1.xml'),
      '--pin',
      F('trust-lists/tl-signer.der'),
    ]);
    expect(good.stdout).toMatch(/signature/i);
    expect(good.code).toBe(0);
    const tampered = await run([
      'trust',
      'inspect',
      F('trust-lists/zz-tampered.xml'),
      '--pin',
      F('trust-lists/tl-signer.der'),
    ]);
    expect(tampered.code).toBe(2);
  });
});
