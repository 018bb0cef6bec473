#!/usr/bin/env node
/**
 * `npm run bench`: crossign against its peers on the same files, in the same run.
 *   node bench/run.mjs [--quick] [--impl dist|src] [--keep]
 * Peers: `openssl cms -verify` (CMS), poppler `pdfsig` (PDF), npm pdf-signature-reader (PDF, installed
 * into a temp folder on first use), and the physical limit: raw SHA-256 of the same bytes (node:crypto).
 * Missing peers are skipped with a printed reason. Every measured run is a fresh process, so its peak
 * RSS is its own. By default src/ is bundled with tsup into the temp folder first (library, CLI and
 * worker), so the figures are for the current sources; `--impl dist` uses the repo's dist/ as built,
 * `--impl src` runs the TypeScript through tsx. Generated inputs live in a temp folder, never in the repo.
 * Results: bench/results/latest.md and latest.json (plus a dated copy).
 */
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { availableParallelism, cpus, tmpdir, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { bytesOf, newDocument, sign } from '../fixtures/attacks/pdf-writer.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const PKI = join(ROOT, 'fixtures/pki');
const CORPUS = resolve(ROOT, '../shared/corpus');
const argv = process.argv.slice(2);
const QUICK = argv.includes('--quick');
const KEEP = argv.includes('--keep');
const implArg = argv.includes('--impl') ? argv[argv.indexOf('--impl') + 1] : undefined;
// Default: build src/ into the temp folder (the repo's dist/ may be stale or mid-rebuild).
const IMPL = implArg ?? 'build';
const REPS = QUICK ? { small: 3, big: 2, huge: 0, batch: 1 } : { small: 7, big: 5, huge: 3, batch: 3 };
const BATCH = QUICK ? 100 : 500;
const PEER_SAMPLE = QUICK ? 20 : 50;
const CORES = availableParallelism();
const AT = '2027-01-01T00:00:00Z';
const ANCHOR = join(PKI, 'root-ca.pem');
const started = Date.now();

const log = (s) => process.stdout.write(`${s}\n`);
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length
    ? s.length % 2
      ? s[(s.length - 1) / 2]
      : (s[s.length / 2 - 1] + s[s.length / 2]) / 2
    : NaN;
};
const has = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

// ------------------------------------------------------------------ measuring

/** Runs a command in a fresh process: wall ms (spawn to exit) and peak RSS (KB, from /usr/bin/time). */
function runProcess(cmd, args, { timeoutMs = 180_000, input } = {}) {
  const t0 = process.hrtime.bigint();
  const r = TIME
    ? spawnSync(TIME, ['-f', '__RSS__ %M', cmd, ...args], { timeout: timeoutMs, input, maxBuffer: 1 << 28 })
    : spawnSync(cmd, args, { timeout: timeoutMs, input, maxBuffer: 1 << 28 });
  const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
  const err = r.stderr?.toString() ?? '';
  const m = /__RSS__ (\d+)/.exec(err);
  return {
    wallMs,
    maxRssKb: m ? Number(m[1]) : undefined,
    status: r.status,
    signal: r.signal,
    stdout: r.stdout?.toString() ?? '',
    stderr: err,
  };
}

/** A worker run: in-process ms (the measured operation only), peak RSS, and the process wall time. */
function runWorker(task, timeoutMs = 300_000) {
  const p = runProcess(
    process.execPath,
    [join(ROOT, 'bench/worker.mjs'), JSON.stringify({ root: BUILD.root, impl: BUILD.impl, ...task })],
    { timeoutMs },
  );
  const line = p.stdout.trim().split('\n').pop();
  if (p.status !== 0 || !line?.startsWith('{'))
    return {
      error: p.signal
        ? `killed (${p.signal}) after ${Math.round(p.wallMs)} ms`
        : (p.stderr.split('\n').find((l) => /Error/.test(l)) ?? `exit ${p.status}`).slice(0, 200),
    };
  const r = JSON.parse(line);
  return { ...r, wallMs: p.wallMs };
}

function repeat(n, fn) {
  const runs = [];
  for (let i = 0; i < n; i++) {
    const r = fn();
    if (r.error) return { error: r.error, runs: runs.length };
    runs.push(r);
  }
  return {
    reps: runs.length,
    medianMs: median(runs.map((r) => r.ms ?? r.wallMs)),
    medianWallMs: median(runs.map((r) => r.wallMs)),
    maxRssKb: Math.max(...runs.map((r) => r.maxRssKb ?? 0)),
    ...(runs[0]?.indications ? { indications: runs[runs.length - 1].indications } : {}),
    ...(runs[0]?.verified !== undefined
      ? { verified: runs[runs.length - 1].verified, integrity: runs[runs.length - 1].integrity }
      : {}),
    ...(runs[0]?.status !== undefined ? { exitStatus: runs[runs.length - 1].status } : {}),
  };
}

// ------------------------------------------------------------------ inputs

const TMP = mkdtempSync(join(tmpdir(), 'crossign-bench-'));
log(`crossign bench (${QUICK ? 'quick' : 'full'}; crossign: ${IMPL}; ${CORES} cores; inputs in ${TMP})`);

/** Where the measured crossign lives: { root for worker imports, dist folder, CLI launcher }. */
function buildCrossign() {
  if (IMPL === 'src') return { impl: 'src', root: ROOT, dist: join(ROOT, 'dist') };
  if (IMPL === 'dist') return { impl: 'dist', root: ROOT, dist: join(ROOT, 'dist') };
  const root = join(TMP, 'build');
  const tsup = join(ROOT, 'node_modules/.bin/tsup');
  const args = [
    '--no-config',
    '--entry.index',
    'src/index.ts',
    '--entry.cli',
    'src/cli/main.ts',
    '--format',
    'esm',
    '--platform',
    'node',
    '--target',
    'node20',
    '--splitting',
    '-d',
    join(root, 'dist'),
  ];
  if (existsSync(join(ROOT, 'src/cli/cli-worker.ts')))
    args.splice(5, 0, '--entry.cli-worker', 'src/cli/cli-worker.ts');
  const r = spawnSync(tsup, args, { cwd: ROOT });
  if (r.status !== 0) throw new Error(`tsup build failed: ${r.stderr}`);
  // The bundle imports its dependencies by name: resolve them from the repo.
  symlinkSync(join(ROOT, 'node_modules'), join(root, 'node_modules'), 'dir');
  return { impl: 'dist', root, dist: join(root, 'dist') };
}
const BUILD = buildCrossign();
const CLI_JS = join(BUILD.dist, 'cli.js');
const cliArgs = (args) => [
  '--input-type=module',
  '-e',
  `import(${JSON.stringify(CLI_JS)}).then((m) => m.main(process.argv.slice(1))).then((c) => { process.exitCode = c; })`,
  ...args,
];

function writeSignedPdf(path, opts = {}, signatures = 1) {
  const doc = newDocument(opts);
  for (let i = 0; i < signatures; i++)
    sign(doc, { signingTime: new Date('2026-06-01T12:00:00Z'), reason: `bench ${i + 1}` });
  writeFileSync(path, bytesOf(doc));
  return path;
}

function makeCms1k() {
  const content = join(TMP, 'content-1k.txt');
  writeFileSync(content, 'crossign benchmark content. '.repeat(37).slice(0, 1024));
  const out = join(TMP, 'cms-1k.p7s');
  const r = spawnSync('openssl', [
    'cms',
    '-sign',
    '-binary',
    '-in',
    content,
    '-signer',
    join(PKI, 'rsa2048.pem'),
    '-inkey',
    join(PKI, 'rsa2048.key'),
    '-certfile',
    join(PKI, 'intermediate-ca.pem'),
    '-md',
    'sha256',
    '-outform',
    'DER',
    '-out',
    out,
    '-nosmimecap',
  ]);
  if (r.status !== 0) throw new Error(`openssl cms -sign: ${r.stderr}`);
  return { file: out, content };
}

function makeNssDb() {
  if (!has('certutil')) return undefined;
  const db = join(TMP, 'nss');
  mkdirSync(db);
  const ok =
    spawnSync('certutil', ['-N', '-d', `sql:${db}`, '--empty-password']).status === 0 &&
    spawnSync('certutil', ['-A', '-d', `sql:${db}`, '-n', 'root', '-t', 'C,C,C', '-i', ANCHOR]).status ===
      0 &&
    spawnSync('certutil', [
      '-A',
      '-d',
      `sql:${db}`,
      '-n',
      'inter',
      '-t',
      ',,',
      '-i',
      join(PKI, 'intermediate-ca.pem'),
    ]).status === 0;
  return ok ? db : undefined;
}

function peerPdfSignatureReader() {
  const dir = join(tmpdir(), 'crossign-bench-peers');
  if (existsSync(join(dir, 'node_modules/pdf-signature-reader'))) return { dir };
  mkdirSync(dir, { recursive: true });
  const r = spawnSync(
    'npm',
    ['install', '--prefix', dir, '--no-audit', '--no-fund', '--silent', 'pdf-signature-reader@1.4.3'],
    {
      timeout: 120_000,
    },
  );
  if (r.status !== 0)
    return {
      skip: `npm install pdf-signature-reader failed: ${(r.stderr?.toString() || `exit ${r.status}`).trim().slice(0, 160)}`,
    };
  return { dir };
}

log('generating inputs…');
const cms1k = makeCms1k();
const smallPdf = writeSignedPdf(join(TMP, 'small.pdf'));
const smallPdf2 = writeSignedPdf(join(TMP, 'warmup.pdf'), { text: 'warm-up document' });
const bltCorpus = join(CORPUS, 'dss/pades/belgian_pki_multiple_ocsps_lt.pdf');
const blt = existsSync(bltCorpus)
  ? {
      file: bltCorpus,
      anchors: [
        join(CORPUS, 'dss/trust-anchors/BE-Belgium-Root-CA4.cer'),
        join(CORPUS, 'dss/trust-anchors/BE-Universign-Timestamping-CA.cer'),
      ],
      at: '2021-07-15T09:14:40Z',
      revocation: 'hard-fail',
      note: 'corpus dss/pades/belgian_pki_multiple_ocsps_lt.pdf (PAdES B-LT, embedded OCSP, revocation hard-fail)',
    }
  : {
      file: smallPdf,
      anchors: [ANCHOR],
      at: AT,
      revocation: 'off',
      note: 'corpus absent: generated one-signature PDF (B-B)',
    };
const pdf20 = writeSignedPdf(join(TMP, 'big-20mb.pdf'), { payloadBytes: 20 * 1024 * 1024 });
const pdf200 = REPS.huge
  ? writeSignedPdf(join(TMP, 'big-200mb.pdf'), { payloadBytes: 200 * 1024 * 1024 })
  : undefined;
const pdf10 = writeSignedPdf(join(TMP, 'ten-signatures.pdf'), {}, 10);
const batchDir = join(TMP, 'batch');
mkdirSync(batchDir);
const batchFiles = [];
for (let i = 0; i < BATCH; i++)
  batchFiles.push(
    writeSignedPdf(join(batchDir, `doc-${String(i).padStart(4, '0')}.pdf`), { text: `document ${i}` }),
  );
const cmsBatchFiles = Array.from({ length: BATCH }, () => cms1k.file);
const nss = makeNssDb();
const psr = peerPdfSignatureReader();
log(`inputs ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);

const peersAvailable = {
  openssl: has('openssl') ? null : 'openssl not on PATH (apt-get install openssl)',
  pdfsig: !has('pdfsig')
    ? 'pdfsig not on PATH (apt-get install poppler-utils)'
    : !nss
      ? 'certutil missing (apt-get install libnss3-tools)'
      : null,
  'pdf-signature-reader': psr.skip ?? null,
};
for (const [p, why] of Object.entries(peersAvailable)) if (why) log(`  skip peer ${p}: ${why}`);

// Each run warms up on a different small file first: the figure is a verify() in a running process, and
// the cold process cost is the "wall" column and the CLI cold-start row.
const WARMUP = { warmupFile: smallPdf2 };
const crossign = (files, extra, reps) =>
  repeat(reps, () =>
    runWorker({ op: 'verify', files, anchors: [ANCHOR], at: AT, revocation: 'off', ...WARMUP, ...extra }),
  );
const sha = (file, reps) => repeat(reps, () => runWorker({ op: 'sha256', files: [file] }));
const openssl = (file, content, reps) =>
  peersAvailable.openssl
    ? { skipped: peersAvailable.openssl }
    : repeat(reps, () =>
        runProcess('openssl', [
          'cms',
          '-verify',
          '-binary',
          '-inform',
          'DER',
          '-in',
          file,
          '-content',
          content,
          '-CAfile',
          ANCHOR,
          '-purpose',
          'any',
          '-out',
          '/dev/null',
        ]),
      );
const pdfsig = (file, reps) =>
  peersAvailable.pdfsig
    ? { skipped: peersAvailable.pdfsig }
    : repeat(reps, () => runProcess('pdfsig', ['-nssdir', `sql:${nss}`, '-no-ocsp', file]));
const reader = (files, reps, timeoutMs = 180_000) =>
  peersAvailable['pdf-signature-reader']
    ? { skipped: peersAvailable['pdf-signature-reader'] }
    : repeat(reps, () => runWorker({ op: 'pdf-signature-reader', files, peerDir: psr.dir }, timeoutMs));

// ------------------------------------------------------------------ workloads

const workloads = [];
function workload(name, file, fn) {
  const t0 = Date.now();
  const w = { name, bytes: file ? statSync(file).size : undefined, ...fn() };
  workloads.push(w);
  log(`  ${name}: crossign ${fmtMs(w.crossign?.medianMs)} (${Math.round((Date.now() - t0) / 1000)} s)`);
}

log('measuring…');
workload('CMS 1 KB detached', cms1k.file, () => ({
  crossign: crossign([cms1k.file], { content: cms1k.content }, REPS.small),
  sha256: sha(cms1k.content, REPS.small),
  peers: { openssl: openssl(cms1k.file, cms1k.content, REPS.small) },
}));
workload('PDF small, one B-B signature (generated)', smallPdf, () => ({
  crossign: crossign([smallPdf], {}, REPS.small),
  sha256: sha(smallPdf, REPS.small),
  peers: { pdfsig: pdfsig(smallPdf, REPS.small), 'pdf-signature-reader': reader([smallPdf], REPS.small) },
}));
workload('PDF small, one B-LT signature', blt.file, () => ({
  note: blt.note,
  crossign: repeat(REPS.small, () =>
    runWorker({
      op: 'verify',
      files: [blt.file],
      anchors: blt.anchors,
      at: blt.at,
      revocation: blt.revocation,
      ...WARMUP,
    }),
  ),
  sha256: sha(blt.file, REPS.small),
  peers: { pdfsig: pdfsig(blt.file, REPS.small), 'pdf-signature-reader': reader([blt.file], REPS.small) },
}));
workload('PDF 20 MB, one signature', pdf20, () => ({
  crossign: crossign([pdf20], {}, REPS.big),
  sha256: sha(pdf20, REPS.big),
  peers: { pdfsig: pdfsig(pdf20, REPS.big), 'pdf-signature-reader': reader([pdf20], Math.min(2, REPS.big)) },
}));
if (pdf200)
  workload('PDF 200 MB, one signature', pdf200, () => ({
    crossign: crossign([pdf200], {}, REPS.huge),
    sha256: sha(pdf200, REPS.huge),
    peers: { pdfsig: pdfsig(pdf200, REPS.huge), 'pdf-signature-reader': reader([pdf200], 1, 240_000) },
  }));
else workloads.push({ name: 'PDF 200 MB, one signature', skipped: '--quick' });
workload('PDF with 10 signatures', pdf10, () => ({
  crossign: crossign([pdf10], {}, REPS.big),
  sha256: sha(pdf10, REPS.big),
  peers: { pdfsig: pdfsig(pdf10, REPS.big), 'pdf-signature-reader': reader([pdf10], REPS.big) },
}));

// Batches: per-file cost. Peers run once per file (a sample of PEER_SAMPLE files, then scaled).
const perFile = (r, n) => (r?.medianMs ?? NaN) / n;
const cli = (args, reps) =>
  repeat(reps, () =>
    runProcess(
      process.execPath,
      cliArgs([
        'verify',
        ...args,
        '--trust',
        ANCHOR,
        '--at',
        AT,
        '--revocation',
        'off',
        '--format',
        'ndjson',
        '--out',
        join(TMP, 'out.ndjson'),
      ]),
    ),
  );
const cliBuilt = existsSync(CLI_JS);
workload(`batch of ${BATCH} small PDFs`, undefined, () => {
  const lib = crossign(batchFiles, {}, REPS.batch);
  const cli1 = cliBuilt
    ? cli([batchDir, '--jobs', '1'], REPS.batch)
    : { skipped: 'dist/cli.js missing: npm run build' };
  const cliN = cliBuilt
    ? cli([batchDir, '--jobs', String(CORES)], REPS.batch)
    : { skipped: 'dist/cli.js missing: npm run build' };
  const sample = batchFiles.slice(0, PEER_SAMPLE);
  const ps = peersAvailable.pdfsig
    ? { skipped: peersAvailable.pdfsig }
    : sampleEach(sample, (f) => runProcess('pdfsig', ['-nssdir', `sql:${nss}`, '-no-ocsp', f]));
  return {
    files: BATCH,
    crossign: { ...lib, perFileMs: perFile(lib, BATCH) },
    cli: {
      jobs1: cli1.medianWallMs ? { ...cli1, perFileMs: cli1.medianWallMs / BATCH } : cli1,
      [`jobs${CORES}`]: cliN.medianWallMs ? { ...cliN, perFileMs: cliN.medianWallMs / BATCH } : cliN,
    },
    peers: {
      pdfsig: ps,
      'pdf-signature-reader': (() => {
        const r = reader(batchFiles, 1);
        return r.medianMs ? { ...r, perFileMs: r.medianMs / BATCH } : r;
      })(),
    },
  };
});
workload(`batch of ${BATCH} CMS 1 KB`, undefined, () => {
  const lib = crossign(cmsBatchFiles, { content: cms1k.content }, REPS.batch);
  const os = peersAvailable.openssl
    ? { skipped: peersAvailable.openssl }
    : sampleEach(cmsBatchFiles.slice(0, PEER_SAMPLE), (f) =>
        runProcess('openssl', [
          'cms',
          '-verify',
          '-binary',
          '-inform',
          'DER',
          '-in',
          f,
          '-content',
          cms1k.content,
          '-CAfile',
          ANCHOR,
          '-purpose',
          'any',
          '-out',
          '/dev/null',
        ]),
      );
  return { files: BATCH, crossign: { ...lib, perFileMs: perFile(lib, BATCH) }, peers: { openssl: os } };
});
workload('CLI cold start, one file', smallPdf, () => ({
  crossign: cliBuilt
    ? repeat(REPS.small, () =>
        runProcess(
          process.execPath,
          cliArgs([
            'verify',
            smallPdf,
            '--trust',
            ANCHOR,
            '--at',
            AT,
            '--revocation',
            'off',
            '--format',
            'json',
            '--out',
            join(TMP, 'cold.json'),
          ]),
        ),
      )
    : { skipped: 'dist/cli.js missing: npm run build' },
  peers: { pdfsig: pdfsig(smallPdf, REPS.small), openssl: openssl(cms1k.file, cms1k.content, REPS.small) },
}));

function sampleEach(files, run) {
  const runs = files.map(run);
  const wall = runs.reduce((n, r) => n + r.wallMs, 0);
  return {
    sampled: files.length,
    perFileMs: wall / files.length,
    medianMs: median(runs.map((r) => r.wallMs)),
    maxRssKb: Math.max(...runs.map((r) => r.maxRssKb ?? 0)),
  };
}

// ------------------------------------------------------------------ ratios and targets

const MB = 1024 * 1024;
const fixedOverheadMs = workloads.find((w) => w.name.startsWith('PDF small, one B-B'))?.crossign?.medianMs;
for (const w of workloads) {
  if (!w.crossign || w.crossign.error || w.skipped) continue;
  // Library use: verify() in a running process. The CLI cold-start row compares whole processes.
  const mine = w.crossign.perFileMs ?? w.crossign.medianMs;
  w.ratios = {};
  for (const [p, r] of Object.entries(w.peers ?? {})) {
    const theirs = r?.perFileMs ?? r?.medianMs;
    if (theirs) w.ratios[p] = theirs / mine; // > 1: crossign is faster
  }
  if (w.sha256?.medianMs) w.ratios.sha256 = w.crossign.medianMs / w.sha256.medianMs; // ≥ 1: times the hash limit
}
const targets = [];
for (const w of workloads.filter((x) => /PDF (20|200) MB/.test(x.name) && x.crossign?.medianMs)) {
  const limit = 1.3 * w.sha256.medianMs + (fixedOverheadMs ?? 0);
  targets.push({
    target: `${w.name}: verify ≤ 1.3 × SHA-256 + fixed overhead (${fmtMs(fixedOverheadMs)})`,
    value: fmtMs(w.crossign.medianMs),
    limit: fmtMs(limit),
    met: w.crossign.medianMs <= limit,
    by: w.crossign.medianMs / limit,
  });
  const rssLimitKb = w.bytes / 1024 + 64 * 1024;
  targets.push({
    target: `${w.name}: peak RSS ≤ file size + 64 MB`,
    value: fmtKb(w.crossign.maxRssKb),
    limit: fmtKb(rssLimitKb),
    met: w.crossign.maxRssKb <= rssLimitKb,
    by: w.crossign.maxRssKb / rssLimitKb,
  });
  // The same, over the peak RSS of an identical process that verifies a 9 KB PDF (Node + crossign loaded).
  const base = workloads.find((x) => x.name.startsWith('PDF small, one B-B'))?.crossign?.maxRssKb;
  if (base) {
    const over = w.crossign.maxRssKb - base;
    targets.push({
      target: `${w.name}: peak RSS above a small-PDF process (${fmtKb(base)}) ≤ file size + 64 MB`,
      value: fmtKb(over),
      limit: fmtKb(rssLimitKb),
      met: over <= rssLimitKb,
      by: over / rssLimitKb,
    });
  }
}
const bPdf = workloads.find((w) => w.name.startsWith('batch') && w.name.endsWith('PDFs'));
const bCms = workloads.find((w) => w.name.startsWith('batch') && w.name.endsWith('CMS 1 KB'));
const best = (w) =>
  Math.min(
    ...[w?.crossign?.perFileMs, ...Object.values(w?.cli ?? {}).map((c) => c.perFileMs)].filter((x) => x > 0),
  );
if (bPdf?.peers?.pdfsig?.perFileMs) {
  const x = bPdf.peers.pdfsig.perFileMs / best(bPdf);
  targets.push({
    target: 'batch throughput ≥ 5× pdfsig run per file',
    value: `${x.toFixed(1)}×`,
    limit: '5×',
    met: x >= 5,
    by: 5 / x,
  });
}
if (bCms?.peers?.openssl?.perFileMs) {
  const x = bCms.peers.openssl.perFileMs / bCms.crossign.perFileMs;
  targets.push({
    target: 'batch throughput ≥ 2× openssl cms -verify run per file',
    value: `${x.toFixed(1)}×`,
    limit: '2×',
    met: x >= 2,
    by: 2 / x,
  });
}

/** verify() for browsers, minified ESM: crossign's own code (deps external, as tsup ships it) and with every dependency. */
function bundleSize() {
  const out = {};
  const esbuild = join(ROOT, 'node_modules/.bin/esbuild');
  if (!existsSync(esbuild)) return { missing: 'esbuild not installed' };
  for (const [name, extra] of [
    ['own', ['--packages=external']],
    ['withDependencies', []],
  ]) {
    const file = join(TMP, `browser-${name}.js`);
    const r = spawnSync(esbuild, [
      join(ROOT, 'src/index.ts'),
      '--bundle',
      '--minify',
      '--format=esm',
      '--platform=browser',
      '--target=es2022',
      `--outfile=${file}`,
      ...extra,
    ]);
    if (r.status !== 0) return { missing: `esbuild failed: ${r.stderr.toString().slice(0, 200)}` };
    const bytes = readFileSync(file);
    out[name] = { bytes: bytes.length, gzipBytes: gzipSync(bytes).length };
  }
  const dir = join(ROOT, 'dist/browser');
  if (existsSync(dir)) {
    const js = readdirSync(dir).filter((f) => f.endsWith('.js'));
    out.repoDistBrowser = {
      files: js.length,
      bytes: js.reduce((n, f) => n + statSync(join(dir, f)).size, 0),
    };
  }
  return out;
}

function fmtMs(ms) {
  if (ms === undefined || Number.isNaN(ms)) return '–';
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(ms < 10 ? 2 : 0)} ms`;
}
function fmtKb(kb) {
  return kb ? `${(kb / 1024).toFixed(0)} MB` : '–';
}
const cell = (r) =>
  r?.skipped
    ? `skipped (${r.skipped})`
    : r?.error
      ? `error: ${r.error}`
      : r
        ? `${fmtMs(r.perFileMs ?? r.medianMs)} / ${fmtKb(r.maxRssKb)}${r.verified !== undefined ? ` (integrity ${r.integrity}, verified ${r.verified})` : ''}`
        : '–';

const result = {
  generated: new Date().toISOString(),
  mode: QUICK ? 'quick' : 'full',
  impl: IMPL,
  machine: {
    cpus: cpus()[0]?.model,
    cores: CORES,
    memoryMb: Math.round(totalmem() / MB),
    node: process.version,
  },
  notes: [
    'crossign times: verify() (file read included) in a fresh process after one warm-up verify of another small PDF; "process wall" is the whole process (start, module load, warm-up, run).',
    'peer times: wall time of one process per file (what a user running the tool per file pays).',
    'ratio peer = peer time / crossign verify() time (> 1: crossign faster; a library call against a process per file, as the targets are stated); × SHA-256 = crossign time / raw SHA-256 of the same bytes in memory.',
    'peak RSS: /usr/bin/time %M of the measured process.',
    'pdfsig verifies with -no-ocsp against an NSS db trusting the test root; pdf-signature-reader does no chain building to an anchor.',
  ],
  workloads,
  targets,
  browserBundle: bundleSize(),
  durationS: Math.round((Date.now() - started) / 1000),
};

let md = `# crossign benchmark (${result.mode}, ${result.generated.slice(0, 10)})\n\n`;
md += `Machine: ${result.machine.cpus}, ${CORES} cores (shared with other jobs), ${result.machine.memoryMb} MB, Node ${process.version}; crossign: ${IMPL}. Run took ${result.durationS} s.\n\n`;
md +=
  '| workload | size | crossign verify() (median / peak RSS) | crossign process wall | SHA-256 limit | × SHA-256 | openssl cms | pdfsig | pdf-signature-reader | peer ÷ crossign |\n|---|---:|---|---:|---:|---:|---|---|---|---|\n';
for (const w of workloads) {
  if (w.skipped) {
    md += `| ${w.name} | | skipped (${w.skipped}) | | | | | | | |\n`;
    continue;
  }
  const c = w.crossign;
  const ratios = Object.entries(w.ratios ?? {})
    .filter(([k]) => k !== 'sha256')
    .map(([k, v]) => `${k} ${v.toFixed(1)}×`)
    .join(', ');
  md += `| ${w.name} | ${w.bytes ? `${(w.bytes / 1024).toFixed(0)} KB` : `${w.files} files`} | ${cell(c)}${c?.indications ? ` ${JSON.stringify(c.indications)}` : ''} | ${fmtMs(c?.medianWallMs)} | ${fmtMs(w.sha256?.medianMs)} | ${w.ratios?.sha256 ? w.ratios.sha256.toFixed(2) : '–'} | ${cell(w.peers?.openssl)} | ${cell(w.peers?.pdfsig)} | ${cell(w.peers?.['pdf-signature-reader'])} | ${ratios} |\n`;
  if (w.cli)
    for (const [k, v] of Object.entries(w.cli))
      md += `| ↳ CLI --${k.replace('jobs', 'jobs ')} | | ${cell(v)} per file | ${fmtMs(v.medianWallMs)} total | | | | | | |\n`;
}
md += '\n## Targets\n\n| target | measured | limit | met |\n|---|---:|---:|---|\n';
for (const t of targets)
  md += `| ${t.target} | ${t.value} | ${t.limit} | ${t.met ? 'yes' : `no (${((t.by - 1) * 100).toFixed(0)}% over)`} |\n`;
const b = result.browserBundle;
const kb = (n) => `${(n / 1024).toFixed(0)} KB`;
md += `\nBrowser bundle (verify() entry, minified ESM): ${
  b.missing ??
  `crossign's own code ${kb(b.own.bytes)} (${kb(b.own.gzipBytes)} gzip); with all dependencies ${kb(b.withDependencies.bytes)} (${kb(b.withDependencies.gzipBytes)} gzip)${b.repoDistBrowser ? `; repo dist/browser: ${b.repoDistBrowser.files} files, ${kb(b.repoDistBrowser.bytes)}` : '; repo dist/browser absent'}`
}.\n`;
md += `\n${result.notes.map((n) => `- ${n}`).join('\n')}\n`;
if (blt.note) md += `- small B-LT PDF: ${blt.note}\n`;

const outDir = join(ROOT, 'bench/results');
mkdirSync(outDir, { recursive: true });
const stamp = `${result.mode}-${result.generated.slice(0, 16).replace(/[:T]/g, '')}`;
for (const name of ['latest', stamp]) {
  writeFileSync(join(outDir, `${name}.json`), `${JSON.stringify(result, null, 2)}\n`);
  writeFileSync(join(outDir, `${name}.md`), md);
}
log(`\n${md}`);
log(`results: bench/results/latest.md, latest.json (${stamp})`);
if (!KEEP) rmSync(TMP, { recursive: true, force: true });
