/**
 * Opt-in network retrieval of revocation data and issuer certificates: CRL distribution points, AIA OCSP
 * (RFC 6960 GET for small requests, else POST) and AIA caIssuers. Uses only an injected `fetch`; http(s)
 * only, with a timeout, a response size cap and an in-memory cache. Never called unless the caller opts in.
 */
import type * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { toBase64, toHex } from '../lib/bytes.js';
import type { Problem } from '../verdict/schema.js';
import { type Certificate, parseCertificate } from '../x509/certificate.js';
import { crlDistributionPointUrls } from './crl.js';
import { decodeDer, problem } from './der.js';
import { buildOcspRequest, caIssuersUrls, ocspUrls } from './ocsp.js';
import type { RevocationPool } from './pool.js';

export const FETCH_PROBLEMS = {
  SCHEME_REFUSED: 'FETCH_SCHEME_REFUSED',
  TIMEOUT: 'FETCH_TIMEOUT',
  TOO_LARGE: 'FETCH_RESPONSE_TOO_LARGE',
  HTTP_STATUS: 'FETCH_HTTP_STATUS',
  NETWORK: 'FETCH_NETWORK_ERROR',
  UNUSABLE: 'FETCH_RESPONSE_UNUSABLE',
} as const;

export interface FetcherOptions {
  fetch: typeof fetch;
  timeoutMs?: number;
  maxBytes?: number;
  /** How long a response stays cached (ms); 0 disables the cache. */
  cacheTtlMs?: number;
  /** 'auto': GET when the encoded request fits 255 bytes (RFC 6960 A.1), else POST. */
  ocspMethod?: 'auto' | 'GET' | 'POST';
  now?: () => number;
}

export type FetchOutcome =
  | { ok: true; bytes: Uint8Array; url: string }
  | { ok: false; url: string; problem: Problem };

export interface RevocationFetcher {
  fetchCrl(url: string): Promise<FetchOutcome>;
  fetchOcsp(url: string, request: Uint8Array): Promise<FetchOutcome>;
  fetchCaIssuers(url: string): Promise<FetchOutcome>;
}

async function readCapped(res: Response, maxBytes: number): Promise<Uint8Array | undefined> {
  const declared = Number(res.headers.get('content-length') ?? 'NaN');
  if (Number.isFinite(declared) && declared > maxBytes) return undefined;
  if (!res.body) return new Uint8Array(await res.arrayBuffer());
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > maxBytes) {
      await reader.cancel();
      return undefined;
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let o = 0;
  for (const c of chunks) {
    out.set(c, o);
    o += c.length;
  }
  return out;
}

export function createFetcher(options: FetcherOptions): RevocationFetcher {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const maxBytes = options.maxBytes ?? 16 * 1024 * 1024;
  const ttl = options.cacheTtlMs ?? 5 * 60_000;
  const now = options.now ?? (() => Date.now());
  const cache = new Map<string, { expires: number; outcome: Promise<FetchOutcome> }>();

  async function request(url: string, init: RequestInit): Promise<FetchOutcome> {
    if (!/^https?:\/\//i.test(url))
      return {
        ok: false,
        url,
        problem: problem(FETCH_PROBLEMS.SCHEME_REFUSED, `only http(s) URLs are fetched: ${url}`),
      };
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    try {
      const res = await options.fetch(url, { ...init, signal: controller.signal, redirect: 'follow' });
      if (!res.ok)
        return {
          ok: false,
          url,
          problem: problem(FETCH_PROBLEMS.HTTP_STATUS, `${url} answered HTTP ${res.status}`),
        };
      const bytes = await readCapped(res, maxBytes);
      if (!bytes)
        return {
          ok: false,
          url,
          problem: problem(FETCH_PROBLEMS.TOO_LARGE, `${url} sent more than ${maxBytes} bytes`),
        };
      return { ok: true, bytes, url };
    } catch (e) {
      const code = controller.signal.aborted ? FETCH_PROBLEMS.TIMEOUT : FETCH_PROBLEMS.NETWORK;
      return {
        ok: false,
        url,
        problem: problem(code, `${url}: ${e instanceof Error ? e.message : String(e)}`),
      };
    } finally {
      clearTimeout(timer);
    }
  }

  function cached(key: string, run: () => Promise<FetchOutcome>): Promise<FetchOutcome> {
    const hit = cache.get(key);
    if (hit && hit.expires > now()) return hit.outcome;
    const outcome = run();
    if (ttl > 0) cache.set(key, { expires: now() + ttl, outcome });
    return outcome;
  }

  return {
    fetchCrl: (url) => cached(`GET ${url}`, () => request(url, { method: 'GET' })),
    fetchCaIssuers: (url) => cached(`GET ${url}`, () => request(url, { method: 'GET' })),
    fetchOcsp(url, req) {
      const encoded = encodeURIComponent(toBase64(req));
      const method = options.ocspMethod ?? 'auto';
      const useGet = method === 'GET' || (method === 'auto' && encoded.length <= 255);
      if (useGet) {
        const full = `${url.endsWith('/') ? url : `${url}/`}${encoded}`;
        return cached(`GET ${full}`, () => request(full, { method: 'GET' }));
      }
      return cached(`POST ${url} ${toHex(req)}`, () =>
        request(url, {
          method: 'POST',
          headers: { 'content-type': 'application/ocsp-request', accept: 'application/ocsp-response' },
          body: req.slice().buffer as ArrayBuffer,
        }),
      );
    },
  };
}

/**
 * Fetches OCSP (from AIA) and CRLs (from the CRL DPs) for `cert` into the pool with origin 'fetched'.
 * Stops after the first OCSP response that parses unless `all` is set. Returns the problems met.
 */
export async function fetchRevocationFor(
  cert: Certificate,
  issuer: Certificate,
  fetcher: RevocationFetcher,
  pool: RevocationPool,
  opts: { all?: boolean } = {},
): Promise<Problem[]> {
  const problems: Problem[] = [];
  const req = buildOcspRequest(cert, issuer);
  for (const url of ocspUrls(cert)) {
    const r = await fetcher.fetchOcsp(url, req);
    if (!r.ok) {
      problems.push(r.problem);
      continue;
    }
    if (pool.addOcsp(r.bytes, 'fetched')) {
      if (!opts.all) return problems;
    } else
      problems.push(problem(FETCH_PROBLEMS.UNUSABLE, `${url} did not return an OCSP response`, 'warning'));
  }
  for (const url of crlDistributionPointUrls(cert)) {
    const r = await fetcher.fetchCrl(url);
    if (!r.ok) problems.push(r.problem);
    else if (!pool.addCrl(r.bytes, 'fetched'))
      problems.push(problem(FETCH_PROBLEMS.UNUSABLE, `${url} did not return a CRL`, 'warning'));
    else if (!opts.all) return problems;
  }
  return problems;
}

/** Certificates from the AIA caIssuers URLs: a DER/PEM certificate or a certs-only PKCS#7. */
export async function fetchIssuerCertificates(
  cert: Certificate,
  fetcher: RevocationFetcher,
): Promise<{ certificates: Certificate[]; problems: Problem[] }> {
  const certificates: Certificate[] = [];
  const problems: Problem[] = [];
  for (const url of caIssuersUrls(cert)) {
    const r = await fetcher.fetchCaIssuers(url);
    if (!r.ok) {
      problems.push(r.problem);
      continue;
    }
    try {
      certificates.push(parseCertificate(r.bytes, 'fetched'));
    } catch {
      try {
        const ci = new pkijs.ContentInfo({
          schema: decodeDer(r.bytes, 'FETCH_RESPONSE_UNUSABLE', 'caIssuers'),
        });
        const sd = new pkijs.SignedData({ schema: ci.content as asn1js.AsnType });
        for (const c of sd.certificates ?? [])
          if (c instanceof pkijs.Certificate)
            certificates.push(parseCertificate(new Uint8Array(c.toSchema().toBER(false)), 'fetched'));
      } catch {
        problems.push(
          problem(FETCH_PROBLEMS.UNUSABLE, `${url} returned neither a certificate nor a PKCS#7`, 'warning'),
        );
      }
    }
  }
  return { certificates, problems };
}
