import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { Verdict } from '../../src/verdict/schema.js';

const F = (p: string) => resolve(__dirname, '../../fixtures', p);

async function run(args: string[], env: Record<string, string | undefined> = {}) {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    stdout: (s) => (stdout += s),
    stderr: (s) => (stderr += s),
    isTTY: false,
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
