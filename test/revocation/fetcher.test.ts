import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromBase64, toHex } from '../../src/lib/bytes.js';
import { crlDistributionPointUrls } from '../../src/revocation/crl.js';
import { createFetcher, fetchIssuerCertificates, fetchRevocationFor } from '../../src/revocation/fetcher.js';
import { caIssuersUrls, ocspUrls } from '../../src/revocation/ocsp.js';
import { RevocationPool } from '../../src/revocation/pool.js';
import { determineStatus } from '../../src/revocation/status.js';
import { type Certificate, parseCertificate } from '../../src/x509/certificate.js';
import { crypto, fixture, fixtureCert } from './helpers.js';

let server: Server;
let base: string;
const hits: { method: string; url: string; body: Uint8Array }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = new Uint8Array(Buffer.concat(chunks));
      hits.push({ method: req.method ?? '', url: req.url ?? '', body });
      const url = req.url ?? '';
      if (url === '/revocation/ca.crl') return res.end(fixture('crl-full.crl'));
      if (url === '/revocation/ca.cer') return res.end(fixture('ca.cer'));
      if (url === '/revocation/ocsp' && req.method === 'POST') {
        // Answer only the exact request openssl would send for leaf-good.
        if (toHex(body) !== toHex(fixture('ocsp-request-leaf-good.der'))) return res.writeHead(400).end();
        return res.end(fixture('ocsp-direct-good.ors'));
      }
      if (url.startsWith('/revocation/ocsp/') && req.method === 'GET') {
        const reqDer = fromBase64(decodeURIComponent(url.slice('/revocation/ocsp/'.length)));
        if (toHex(reqDer) !== toHex(fixture('ocsp-request-leaf-good.der'))) return res.writeHead(400).end();
        return res.end(fixture('ocsp-direct-good.ors'));
      }
      if (url === '/huge') return res.end(new Uint8Array(4096));
      if (url === '/slow') return setTimeout(() => res.end('late'), 2000);
      res.writeHead(404).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

/** The fixture leaf points at 127.0.0.1 port 80; send its URLs to the test server's port. */
const portFetch: typeof fetch = (input, init) =>
  fetch(String(input).replace('http://127.0.0.1/', `${base}/`), init);

describe('revocation fetcher against a loopback server', () => {
  const leaf: Certificate = fixtureCert('leaf-good.cer');
  const ca = fixtureCert('ca.cer');

  it('OCSP by GET (small request), then the status is good from a fetched origin', async () => {
    const pool = new RevocationPool();
    const problems = await fetchRevocationFor(leaf, ca, createFetcher({ fetch: portFetch }), pool);
    expect(problems).toEqual([]);
    expect(hits.at(-1)?.method).toBe('GET');
    const d = await determineStatus(leaf, ca, pool, {
      time: new Date('2025-06-01T12:00:00Z'),
      validationTime: new Date('2026-01-01T00:00:00Z'),
      crypto,
    });
    expect(d.result).toMatchObject({ status: 'good', source: 'ocsp', origin: 'fetched' });
  });

  it('OCSP by POST with application/ocsp-request, and the CRL DP when asked for everything', async () => {
    const pool = new RevocationPool();
    await fetchRevocationFor(leaf, ca, createFetcher({ fetch: portFetch, ocspMethod: 'POST' }), pool, {
      all: true,
    });
    expect(hits.some((h) => h.method === 'POST' && h.url === '/revocation/ocsp')).toBe(true);
    expect(pool.ocsps).toHaveLength(1);
    expect(pool.crls).toHaveLength(1);
  });

  it('caIssuers gives the CA certificate', async () => {
    const { certificates, problems } = await fetchIssuerCertificates(
      leaf,
      createFetcher({ fetch: portFetch }),
    );
    expect(problems).toEqual([]);
    expect(certificates.map((c) => c.sha256)).toEqual([ca.sha256]);
  });

  it('caches: a second identical fetch does not reach the server', async () => {
    const f = createFetcher({ fetch: portFetch });
    await f.fetchCrl(`${base}/revocation/ca.crl`);
    const before = hits.length;
    const again = await f.fetchCrl(`${base}/revocation/ca.crl`);
    expect(again.ok).toBe(true);
    expect(hits.length).toBe(before);
  });

  it('refuses non-http(s) schemes without calling fetch', async () => {
    let called = false;
    const f = createFetcher({
      fetch: (() => {
        called = true;
        return Promise.reject(new Error('no'));
      }) as typeof fetch,
    });
    const r = await f.fetchCrl('file:///etc/passwd');
    expect(r.ok).toBe(false);
    expect(!r.ok && r.problem.code).toBe('FETCH_SCHEME_REFUSED');
    expect(called).toBe(false);
  });

  it('caps the response size, times out, reports HTTP errors', async () => {
    const small = createFetcher({ fetch, maxBytes: 1024 });
    const big = await small.fetchCrl(`${base}/huge`);
    expect(!big.ok && big.problem.code).toBe('FETCH_RESPONSE_TOO_LARGE');
    const slow = await createFetcher({ fetch, timeoutMs: 200 }).fetchCrl(`${base}/slow`);
    expect(!slow.ok && slow.problem.code).toBe('FETCH_TIMEOUT');
    const missing = await createFetcher({ fetch }).fetchCrl(`${base}/nothing-here`);
    expect(!missing.ok && missing.problem.code).toBe('FETCH_HTTP_STATUS');
  });

  it('the fixture certificate names the loopback URLs the fetcher follows', () => {
    const c = parseCertificate(fixture('leaf-good.cer'));
    expect(crlDistributionPointUrls(c)).toEqual(['http://127.0.0.1/revocation/ca.crl']);
    expect(ocspUrls(c)).toEqual(['http://127.0.0.1/revocation/ocsp']);
    expect(caIssuersUrls(c)).toEqual(['http://127.0.0.1/revocation/ca.cer']);
  });
});
