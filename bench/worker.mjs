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

let tsxRegistered = false;
async function registerTsx() {
  if (tsxRegistered) return;
  (await import('tsx/esm/api')).register();
  tsxRegistered = true;
}

async function loadVerify() {
  if (task.impl === 'src') {
    await registerTsx();
    return (await import(pathToFileURL(`${task.root}/src/verify.ts`).href)).verify;
  }
  return (await import(pathToFileURL(`${task.root}/dist/index.js`).href)).verify;
}

/** A bench entry (bench/internals*.ts): built next to dist/ by run.mjs, or the TypeScript through tsx. */
async function loadEntry(name) {
  if (task.impl === 'src') {
    await registerTsx();
    return import(pathToFileURL(`${task.root}/bench/${name}.ts`).href);
  }
  return import(pathToFileURL(`${task.entries}/bench-${name}.js`).href);
}

/** DER ECDSA-Sig-Value → r||s (what WebCrypto takes), each half left-padded to `size` bytes. */
function derToP1363(der, size) {
  const out = new Uint8Array(2 * size);
  let i = 2 + (der[1] & 0x80 ? der[1] & 0x7f : 0);
  for (let half = 0; half < 2; half++) {
    const len = der[i + 1];
    let v = der.subarray(i + 2, i + 2 + len);
    while (v.length > size && v[0] === 0) v = v.subarray(1);
    out.set(v, half * size + size - v.length);
    i += 2 + len;
  }
  return out;
}

/**
 * Verifications per second of each algorithm in this one process. The algorithms take turns for
 * `rounds` rounds of `ms` each (a shared machine's load drifts; turns spread it over all of them);
 * the figure is the median round. Every request is checked to verify before it is timed.
 */
async function nationalRates() {
  const m = await loadEntry('internals');
  const ctx = m.defaultCryptoContext();
  const subtle = globalThis.crypto.subtle;
  const cases = [];
  for (const c of task.cases) {
    const req = m.signerInfoRequest(read(c.file));
    cases.push({ label: c.label, run: async () => (await m.verifySignature(req, ctx)).ok });
    if (c.webcrypto) {
      const key = await subtle.importKey(
        'spki',
        req.key.spki,
        { name: 'ECDSA', namedCurve: 'P-256' },
        false,
        ['verify'],
      );
      const sig = derToP1363(req.signature, 32);
      cases.push({
        label: c.webcrypto,
        run: () => subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, key, sig, req.data),
      });
    }
  }
  for (const c of cases) {
    if (!(await c.run())) throw new Error(`${c.label}: does not verify`);
    for (let i = 0; i < 20; i++) await c.run();
  }
  const rounds = Object.fromEntries(cases.map((c) => [c.label, []]));
  for (let r = 0; r < task.rounds; r++)
    for (const c of cases) {
      let n = 0;
      const t0 = performance.now();
      while (performance.now() - t0 < task.ms) {
        await c.run();
        n++;
      }
      rounds[c.label].push((n * 1000) / (performance.now() - t0));
    }
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  return {
    rates: Object.fromEntries(Object.entries(rounds).map(([k, v]) => [k, median(v)])),
    rounds,
  };
}

/** The first ds:X509Certificate of the list's own signature (as test/trust-etsi/helpers.ts pins it). */
function keyInfoCertificate(xml) {
  const s = new TextDecoder().decode(xml);
  const m = /<(?:\w+:)?X509Certificate>([^<]+)</.exec(s.slice(s.lastIndexOf('Signature xmlns')));
  if (!m) throw new Error('no KeyInfo certificate');
  return new Uint8Array(Buffer.from(m[1].replace(/\s+/g, ''), 'base64'));
}

/**
 * One list loaded twice in this fresh process, after the library itself is loaded (as in a process
 * that verifies): the first load includes importing the ETSI code, which verify() imports on demand.
 */
async function trustListLoads() {
  await loadVerify();
  const xml = read(task.files[0]);
  const pinnedSigners = [keyInfoCertificate(xml)];
  const opts = { pinnedSigners, now: new Date(task.at) };
  const t0 = performance.now();
  const { loadTrustedList } = await loadEntry('internals-tsl');
  const t1 = performance.now();
  const first = await loadTrustedList(xml, opts);
  const t2 = performance.now();
  const second = await loadTrustedList(xml, opts);
  const t3 = performance.now();
  for (const r of [first, second]) if (!r.ok) throw new Error(`list not loaded: ${r.code}: ${r.reason}`);
  return {
    ms: t2 - t0,
    importMs: t1 - t0,
    firstMs: t2 - t0,
    secondMs: t3 - t2,
    listId: `${first.list.listId} #${first.list.sequenceNumber}`,
    anchors: first.anchors.length,
  };
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
} else if (task.op === 'national') {
  result = await nationalRates();
} else if (task.op === 'trust-list') {
  result = await trustListLoads();
} else throw new Error(`unknown op ${task.op}`);

result.maxRssKb = process.resourceUsage().maxRSS;
result.files = task.files?.length;
process.stdout.write(`${JSON.stringify(result)}\n`);
