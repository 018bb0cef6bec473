import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// The example is plain JS; it takes verify() injected, so the test runs it against the sources.
import { createVerifyServer } from '../../examples/node-backend/server.mjs';
import { Verdict } from '../../src/verdict/schema.js';
import { verify } from '../../src/verify.js';

const F = (p: string) => new Uint8Array(readFileSync(resolve(__dirname, '../../fixtures', p)));
const LIMIT = 64 * 1024;
const Q = '?at=2027-01-01T00:00:00Z&revocation=off';

let base = '';
const server = createVerifyServer({ verify, trustAnchors: [F('pki/root-ca.pem')], maxBytes: LIMIT });

beforeAll(async () => {
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((ok) => server.close(() => ok())));

async function post(body: Uint8Array | ReadableStream<Uint8Array>, query = Q, init: RequestInit = {}) {
  const res = await fetch(`${base}/verify${query}`, {
    method: 'POST',
    body,
    duplex: 'half',
    ...init,
  } as RequestInit);
  return {
    status: res.status,
    json: (await res.json()) as Record<string, unknown>,
    type: res.headers.get('content-type'),
  };
}

describe('examples/node-backend', () => {
  it('POST /verify with a valid signature → 200 and a TOTAL_PASSED verdict', async () => {
    const r = await post(F('cms/rsa-sha256-attached.p7m'));
    expect(r.status).toBe(200);
    expect(r.type).toMatch(/^application\/json/);
    const v = Verdict.parse(r.json);
    expect(v.indication).toBe('TOTAL_PASSED');
    expect(v.signatures[0]?.signer?.commonName).toBe('Crossign Test Signer RSA 2048');
  });

  it('a tampered file → 200 and TOTAL_FAILED/HASH_FAILURE', async () => {
    const v = Verdict.parse((await post(F('cms/tampered-content.p7m'))).json);
    expect([v.indication, v.subIndication]).toEqual(['TOTAL_FAILED', 'HASH_FAILURE']);
  });

  it('a malformed file → 200 with a FORMAT_FAILURE verdict, never a 500', async () => {
    for (const body of [
      new TextEncoder().encode('this is not a signature'),
      new Uint8Array([0x30, 0x82, 0xff, 0xff, 1, 2]),
      new Uint8Array(0),
    ]) {
      const r = await post(body);
      expect(r.status).toBe(200);
      const v = Verdict.parse(r.json);
      expect([v.indication, v.subIndication]).toEqual(['TOTAL_FAILED', 'FORMAT_FAILURE']);
    }
  });

  it('a body over the limit → 413 (declared by Content-Length, or streamed chunked)', async () => {
    const big = new Uint8Array(LIMIT + 1);
    const declared = await post(big);
    expect(declared.status).toBe(413);
    expect(declared.json.error).toBe('PAYLOAD_TOO_LARGE');
    // Chunked upload without a length: the server must count while reading.
    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        for (let i = 0; i < 5; i++) c.enqueue(new Uint8Array(LIMIT / 2));
        c.close();
      },
    });
    const chunked = await post(stream);
    expect(chunked.status).toBe(413);
    // Exactly at the limit is accepted (and is a FORMAT_FAILURE: zeros are not a signature).
    expect((await post(new Uint8Array(LIMIT))).status).toBe(200);
  });

  it('wrong method, unknown path and bad query are 405, 404 and 400', async () => {
    expect((await fetch(`${base}/verify`)).status).toBe(405);
    expect((await fetch(`${base}/nope`)).status).toBe(404);
    expect((await post(F('cms/rsa-sha256-attached.p7m'), '?at=yesterday')).status).toBe(400);
    expect((await fetch(`${base}/health`)).status).toBe(200);
  });
});
