/**
 * One measured run in a fresh process, so peak RSS belongs to this workload alone.
 *   node bench/worker.mjs '<json task>'  → prints one JSON line {ms, maxRssKb, files, indications}
 * The library is imported from dist/ (build first) or, with impl "src", from src/ through tsx.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

const task = JSON.parse(process.argv[2]);

/** node:crypto incremental hashing (the same adapter as src/cli/node-crypto.ts, which dist does not export). */
const NODE = {
  'SHA-1': 'sha1',
  'SHA-224': 'sha224',
  'SHA-256': 'sha256',
  'SHA-384': 'sha384',
  'SHA-512': 'sha512',
};
function nodeCreateHash(name) {
  const n = NODE[name];
  if (!n) return undefined;
  const h = createHash(n);
  const api = {
    update(d) {
      h.update(d);
      return api;
    },
    digest: () => new Uint8Array(h.digest()),
  };
  return api;
}

async function loadVerify() {
  if (task.impl === 'src') {
    const { register } = await import('tsx/esm/api');
    register();
    return (await import(pathToFileURL(`${task.root}/src/verify.ts`).href)).verify;
  }
  return (await import(pathToFileURL(`${task.root}/dist/index.js`).href)).verify;
}

/** A view of the Buffer, not `new Uint8Array(buffer)`, which would copy and double the RSS of big files. */
const read = (p) => {
  const b = readFileSync(p);
  return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
};
let result;
if (task.op === 'sha256') {
  const bytes = read(task.files[0]);
  const t0 = performance.now();
  createHash('sha256').update(bytes).digest();
  result = { ms: performance.now() - t0 };
} else if (task.op === 'verify') {
  const verify = await loadVerify();
  const options = {
    trustAnchors: (task.anchors ?? []).map(read),
    revocation: { mode: task.revocation ?? 'off' },
    crypto: { createHash: nodeCreateHash },
    ...(task.at ? { validationTime: new Date(task.at) } : {}),
    ...(task.content ? { detachedContent: read(task.content) } : {}),
  };
  if (task.warmupFile) await verify(read(task.warmupFile), { ...options, detachedContent: undefined });
  const indications = {};
  const t0 = performance.now();
  // Files are read inside the timed loop: a batch user pays for I/O too.
  for (const f of task.files) {
    const v = await verify(read(f), options);
    indications[v.indication] = (indications[v.indication] ?? 0) + 1;
  }
  result = { ms: performance.now() - t0, indications };
} else if (task.op === 'pdf-signature-reader') {
  const require = createRequire(`${task.peerDir}/`);
  const mod = require('pdf-signature-reader');
  const fn = typeof mod === 'function' ? mod : (mod.default ?? mod.verifyPDF);
  const t0 = performance.now();
  let ok = 0;
  let intact = 0;
  for (const f of task.files) {
    const r = fn(readFileSync(f));
    if (r?.verified) ok++;
    if (r?.integrity) intact++;
  }
  // verified needs a chain to its built-in roots (never ours); integrity is its byte-range + CMS check.
  result = { ms: performance.now() - t0, verified: ok, integrity: intact };
} else throw new Error(`unknown op ${task.op}`);

result.maxRssKb = process.resourceUsage().maxRSS;
result.files = task.files.length;
process.stdout.write(`${JSON.stringify(result)}\n`);
