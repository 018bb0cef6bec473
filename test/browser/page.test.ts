/**
 * Drives examples/browser in Debian's Chromium (playwright-core, executablePath) and runs verify() in
 * the browser build against the same fixtures as in Node: one check, two runtimes.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verify } from '../../src/verify.js';

const ROOT = resolve(__dirname, '../..');
const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = join(ROOT, 'test-artifacts');
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium)
  console.warn(`[test/browser] skipped: ${CHROMIUM} not found (apt-get install -y chromium)`);

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.map': 'application/json',
  '.json': 'application/json',
  '.css': 'text/css',
};

/** A tiny static server over the repo, confined to it. */
function serveRepo(): Promise<{ server: Server; base: string }> {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    let file = normalize(join(ROOT, path));
    if (file !== ROOT && !file.startsWith(ROOT + sep)) {
      res.writeHead(403).end();
      return;
    }
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, {
      'content-type': MIME[extname(file)] ?? 'application/octet-stream',
      'cache-control': 'no-store',
    });
    res.end(readFileSync(file));
  });
  return new Promise((ok) =>
    server.listen(0, '127.0.0.1', () =>
      ok({ server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }),
    ),
  );
}

const LAUNCH = {
  executablePath: CHROMIUM,
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
};

const F = (p: string) => join(ROOT, 'fixtures', p);
const AT = '2027-01-01T00:00:00Z';

describe.skipIf(!haveChromium)('browser: examples/browser in Chromium', () => {
  let browser: Browser;
  let server: Server;
  let base = '';
  const foreign: string[] = [];

  beforeAll(async () => {
    if (!existsSync(join(ROOT, 'dist/browser/index.js'))) {
      console.warn('[test/browser] dist/browser missing: building it (npx tsup)');
      execFileSync('npx', ['tsup'], { cwd: ROOT, stdio: 'inherit' });
    }
    mkdirSync(ARTIFACTS, { recursive: true });
    ({ server, base } = await serveRepo());
    browser = await chromium.launch(LAUNCH);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise<void>((ok) => (server ? server.close(() => ok()) : ok()));
  });

  async function openPage(width: number, height: number): Promise<Page> {
    const page = await browser.newPage({ viewport: { width, height } });
    page.on('request', (r) => {
      const u = r.url();
      if (!u.startsWith(base) && !u.startsWith('about:') && !u.startsWith('blob:') && !u.startsWith('data:'))
        foreign.push(u);
      if (r.method() !== 'GET') foreign.push(`${r.method()} ${u}`);
    });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${base}/examples/browser/index.html`);
    expect(errors).toEqual([]);
    return page;
  }

  async function check(page: Page, file: string): Promise<string> {
    await page.fill('#at', AT);
    await page.selectOption('#revocation', 'off');
    await page.setInputFiles('#trust', F('pki/root-ca.pem'));
    await page.setInputFiles('#file', F(file));
    await page.waitForSelector('#status[data-indication]');
    const frame = page.frameLocator('#report');
    await frame.locator('h1').first().waitFor();
    // Let the iframe take its full height before the screenshot.
    await page.waitForFunction(
      () => (document.getElementById('report') as HTMLIFrameElement).offsetHeight > 300,
    );
    return (await page.textContent('#status')) ?? '';
  }

  /** Nothing may stick out sideways: the report must fit the phone's width. */
  async function horizontalOverflow(page: Page): Promise<number> {
    const outer = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    const inner = await page
      .frameLocator('#report')
      .locator('html')
      .evaluate((el) => el.scrollWidth - el.clientWidth);
    return Math.max(outer, inner);
  }

  for (const [width, height] of [
    [1280, 800],
    [390, 844],
  ] as const) {
    it(`a valid signature at ${width}px: verdict text, report, screenshot`, async () => {
      const page = await openPage(width, height);
      const status = await check(page, 'cms/rsa-sha256-attached.p7m');
      expect(status).toMatch(/^Valid signature by Crossign Test Signer RSA 2048/);
      expect(await page.getAttribute('#status', 'data-indication')).toBe('TOTAL_PASSED');
      const h1 = await page.frameLocator('#report').locator('h1').first().textContent();
      expect(h1).toMatch(/^Valid signature by Crossign Test Signer RSA 2048/);
      expect(await page.frameLocator('#report').locator('details.eco').count()).toBe(21);
      expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
      await page.evaluate(() => window.scrollTo(0, (document.getElementById('status')?.offsetTop ?? 0) - 8));
      await page.screenshot({ path: join(ARTIFACTS, `report-valid-${width}.png`) });
      await page.screenshot({ path: join(ARTIFACTS, `report-valid-${width}-full.png`), fullPage: true });
      await page.close();
    });

    it(`an invalid signature at ${width}px: verdict text, report, screenshot`, async () => {
      const page = await openPage(width, height);
      const status = await check(page, 'cms/tampered-content.p7m');
      expect(status).toMatch(/^Invalid signature: the signed content was changed after signing/);
      expect(await page.getAttribute('#status', 'data-indication')).toBe('TOTAL_FAILED');
      expect(
        await page.frameLocator('#report').locator('code', { hasText: 'HASH_FAILURE' }).count(),
      ).toBeGreaterThan(0);
      expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
      await page.evaluate(() => window.scrollTo(0, (document.getElementById('status')?.offsetTop ?? 0) - 8));
      await page.screenshot({ path: join(ARTIFACTS, `report-invalid-${width}.png`) });
      await page.screenshot({ path: join(ARTIFACTS, `report-invalid-${width}-full.png`), fullPage: true });
      await page.close();
    });
  }

  it('a file that is not a signature gets a plain answer, and nothing was sent anywhere', async () => {
    const page = await openPage(1280, 800);
    const status = await check(page, 'cms/content.txt');
    expect(status).toMatch(/^This file could not be read as a signed document/);
    await page.close();
    expect(foreign).toEqual([]);
  });

  it('verify() in the browser build gives the same verdicts as in Node (one suite, two runtimes)', async () => {
    type Case = {
      file: string;
      detachedContent: string | null;
      trustAnchors: string[];
      certificates?: string[];
      validationTime: string;
      revocation: 'hard-fail' | 'soft-fail' | 'off';
    };
    type Row = [string, string, string | null, (string | null)[]];
    const cases = JSON.parse(readFileSync(F('cms/index.json'), 'utf8')) as Case[];
    const page = await browser.newPage();
    await page.goto(`${base}/test/browser/runner.html`);
    await page.waitForSelector('#ready:text("ready")');
    const inBrowser = (await page.evaluate(
      (cs) => (window as unknown as { runCases: (c: unknown) => Promise<unknown> }).runCases(cs),
      cases,
    )) as Row[];
    const inNode: Row[] = [];
    const bytes = (p: string) => new Uint8Array(readFileSync(F(p)));
    for (const c of cases) {
      const v = await verify(bytes(c.file), {
        trustAnchors: c.trustAnchors.map(bytes),
        certificates: (c.certificates ?? []).map(bytes),
        ...(c.detachedContent ? { detachedContent: bytes(c.detachedContent) } : {}),
        validationTime: new Date(c.validationTime),
        revocation: { mode: c.revocation },
      });
      inNode.push([
        c.file,
        v.indication,
        v.subIndication ?? null,
        v.signatures.map((s) => s.signer?.subject ?? null),
      ]);
    }
    expect(inBrowser).toEqual(inNode);
    expect(inBrowser.length).toBeGreaterThanOrEqual(40);
    await page.close();
  });
});
