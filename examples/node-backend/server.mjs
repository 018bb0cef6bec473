// A plain node:http backend: POST /verify with the signed file as the raw request body → verdict JSON.
// Run after `npm ci && npm run build`:  node examples/node-backend/server.mjs  [PORT]
//   curl --data-binary @signed.pdf 'http://127.0.0.1:8080/verify?at=2026-03-01T00:00:00Z'
// Env: CROSSIGN_TRUST=root.pem (trust anchors, PEM bundle), CROSSIGN_MAX_BYTES (default 20 MiB).
import { createServer } from 'node:http';

const JSON_HEADERS = {
  'content-type': 'application/json; charset=utf-8',
  'x-content-type-options': 'nosniff',
};

function send(res, status, body) {
  res.writeHead(status, JSON_HEADERS);
  res.end(`${JSON.stringify(body)}\n`);
}

/** Reads the body up to maxBytes; resolves null (after answering 413) when it is larger. */
function readBody(req, res, maxBytes) {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    const tooLarge = () => {
      // Answer first, then stop reading: the client learns why instead of seeing a reset.
      res.setHeader('connection', 'close');
      send(res, 413, { error: 'PAYLOAD_TOO_LARGE', message: `the file is larger than ${maxBytes} bytes` });
      req.unpipe?.();
      req.resume();
      resolve(null);
    };
    if (Number.isFinite(declared) && declared > maxBytes) return tooLarge();
    const chunks = [];
    let size = 0;
    let over = false;
    req.on('data', (c) => {
      if (over) return;
      size += c.length;
      if (size > maxBytes) {
        over = true;
        tooLarge();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => {
      if (!over) resolve(new Uint8Array(Buffer.concat(chunks)));
    });
    req.on('error', reject);
  });
}

/**
 * @param {{ verify: (bytes: Uint8Array, options?: object) => Promise<object>, trustAnchors?: Uint8Array[], maxBytes?: number }} config
 */
export function createVerifyServer({ verify, trustAnchors = [], maxBytes = 20 * 1024 * 1024 }) {
  return createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname === '/health') return send(res, 200, { ok: true });
    if (url.pathname !== '/verify') return send(res, 404, { error: 'NOT_FOUND' });
    if (req.method !== 'POST') {
      res.setHeader('allow', 'POST');
      return send(res, 405, {
        error: 'METHOD_NOT_ALLOWED',
        message: 'POST the signed file as the request body',
      });
    }
    const options = { trustAnchors, revocation: { mode: 'soft-fail' }, limits: { maxInputBytes: maxBytes } };
    const at = url.searchParams.get('at');
    if (at) {
      const t = new Date(at);
      if (Number.isNaN(t.getTime()))
        return send(res, 400, { error: 'BAD_QUERY', message: '?at must be an ISO-8601 time' });
      options.validationTime = t;
    }
    const mode = url.searchParams.get('revocation');
    if (mode) {
      if (!['hard-fail', 'soft-fail', 'off'].includes(mode))
        return send(res, 400, {
          error: 'BAD_QUERY',
          message: '?revocation must be hard-fail, soft-fail or off',
        });
      options.revocation = { mode };
    }
    try {
      const body = await readBody(req, res, maxBytes);
      if (body === null) return;
      // verify() never throws on bad input: a malformed file is a TOTAL_FAILED/FORMAT_FAILURE verdict.
      send(res, 200, await verify(body, options));
    } catch (e) {
      if (!res.headersSent)
        send(res, 500, { error: 'INTERNAL', message: e instanceof Error ? e.message : String(e) });
    }
  });
}

const isMain = import.meta.url === new URL(process.argv[1] ?? '', 'file://').href;
if (isMain) {
  const { readFileSync } = await import('node:fs');
  const { verify } = await import('../../dist/index.js');
  const trust = process.env.CROSSIGN_TRUST ? [new Uint8Array(readFileSync(process.env.CROSSIGN_TRUST))] : [];
  const maxBytes = Number(process.env.CROSSIGN_MAX_BYTES) || undefined;
  const port = Number(process.argv[2] ?? process.env.PORT ?? 8080);
  createVerifyServer({ verify, trustAnchors: trust, ...(maxBytes ? { maxBytes } : {}) }).listen(
    port,
    '127.0.0.1',
    () => console.log(`crossign backend on http://127.0.0.1:${port}/verify`),
  );
}
