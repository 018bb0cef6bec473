/**
 * Online revocation through the pipeline's own hook: offline by default (no status → TRY_LATER), and
 * with an injected fetch the CRL distribution point / AIA OCSP of the certificate are followed — here to
 * a loopback server inside the test, never the internet.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultCryptoContext } from '../../src/crypto/context.js';
import type { ValidationContext } from '../../src/validation/context.js';
import {
  containerEvidence,
  type RevocationRecorder,
  revocationHook,
} from '../../src/validation/revocation.js';
import { parseOptions } from '../../src/verify.js';
import { validatePath } from '../../src/x509/path.js';
import { fixture, fixtureCert } from '../revocation/helpers.js';

let server: Server;
let base = '';
let requests = 0;

beforeAll(async () => {
  server = createServer((req, res) => {
    requests++;
    if (req.url === '/revocation/ca.crl') return res.end(fixture('crl-full.crl'));
    res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

/** The fixture certificates point at 127.0.0.1 port 80; send them to the test server. */
const loopbackFetch: typeof fetch = (input, init) =>
  fetch(String(input).replace('http://127.0.0.1/', `${base}/`), init);

const REFERENCE = new Date('2025-06-01T12:00:00Z');
const VALIDATION = new Date('2026-01-01T00:00:00Z');

function context(extra: Parameters<typeof parseOptions>[0] = {}): ValidationContext {
  const options = parseOptions({ validationTime: VALIDATION, ...extra });
  return {
    crypto: defaultCryptoContext(),
    anchors: [{ certificate: fixtureCert('ca.cer'), lists: [] }],
    etsiLists: [],
    callerCertificates: [],
    validationTime: VALIDATION,
    options,
    loadedTrustLists: [],
    profiles: [],
    deadline: Date.now() + 60_000,
  };
}

async function validate(ctx: ValidationContext, leaf: string) {
  const recorder: RevocationRecorder = { results: new Map(), problems: [] };
  const hook = revocationHook(ctx, containerEvidence(ctx, []), REFERENCE, recorder);
  const target = fixtureCert(leaf);
  const path = await validatePath({
    target,
    pool: [],
    anchors: ctx.anchors,
    time: VALIDATION,
    purpose: 'any',
    crypto: ctx.crypto,
    checkRevocation: hook,
  });
  return { path, status: recorder.results.get(target.sha256) };
}

describe('online revocation (opt-in)', () => {
  it('offline by default: no request is made and the status stays unknown (TRY_LATER)', async () => {
    const before = requests;
    const { path, status } = await validate(context(), 'leaf-good.cer');
    expect(requests).toBe(before);
    expect(path.status).toBe('invalid');
    expect(path.subIndication).toBe('TRY_LATER');
    expect(status?.status).toBe('unknown');
  });

  it('with an injected fetch: the CRL distribution point is fetched and the leaf is good', async () => {
    const { path, status } = await validate(context({ fetch: loopbackFetch }), 'leaf-good.cer');
    expect(path.status).toBe('valid');
    expect(status?.status).toBe('good');
    expect(status?.source).toBe('crl');
  });

  it('with an injected fetch: a certificate revoked before the best-signature-time is revoked', async () => {
    const { path, status } = await validate(context({ fetch: loopbackFetch }), 'leaf-revoked-before.cer');
    expect(status?.status).toBe('revoked');
    expect(path.subIndication).toBe('REVOKED_NO_POE');
  });
});
