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
 * Three more sections: verifySignature() rates of SM2/GOST against P-256 (one process, bench/internals.ts),
 * loading the corpus's ETSI trusted lists with their signature check (cold and warm; skipped without
 * ../shared/corpus), and the browser bundle: the core entry as tsup ships it, sized by
 * scripts/bundle-size.mjs, next to one esbuild file of everything.
 * Results: bench/results/latest.md and latest.json (plus a dated copy).
 */
import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir, totalmem } from 'node:os';
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
// Other jobs share the machine: the 1-minute load at start and end says how contended the figures are.
const loadAtStart = loadavg()[0];

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
    [
      join(ROOT, 'bench/worker.mjs'),
      JSON.stringify({ root: BUILD.root, impl: BUILD.impl, entries: BUILD.entries, ...task }),
    ],
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

/** The internal entry points the algorithm and trust-list rows call (bench/internals*.ts), as tsup entries. */
const BENCH_ENTRIES = [
  '--entry.bench-internals',
  'bench/internals.ts',
  '--entry.bench-internals-tsl',
  'bench/internals-tsl.ts',
];
const TSUP = join(ROOT, 'node_modules/.bin/tsup');
const tsupNode = (outDir, entries) => [
  '--no-config',
  ...entries,
  '--format',
  'esm',
  '--platform',
  'node',
  '--target',
  'node20',
  '--splitting',
  '-d',
  outDir,
];

/**
 * Where the measured crossign lives: { root for worker imports, dist folder (CLI launcher), folder of
 * the bench entries }. With `--impl dist` the bench entries are still built (dist/ does not export them).
 */
function buildCrossign() {
  if (IMPL === 'src') return { impl: 'src', root: ROOT, dist: join(ROOT, 'dist') };
  if (IMPL === 'dist') {
    const out = join(TMP, 'bench-entries');
    const r = spawnSync(TSUP, tsupNode(out, BENCH_ENTRIES), { cwd: ROOT });
    if (r.status !== 0) throw new Error(`tsup build of the bench entries failed: ${r.stderr}`);
    symlinkSync(join(ROOT, 'node_modules'), join(TMP, 'node_modules'), 'dir');
    return { impl: 'dist', root: ROOT, dist: join(ROOT, 'dist'), entries: out };
  }
  const root = join(TMP, 'build');
  const entries = ['--entry.index', 'src/index.ts', '--entry.cli', 'src/cli/main.ts'];
  if (existsSync(join(ROOT, 'src/cli/cli-worker.ts')))
    entries.push('--entry.cli-worker', 'src/cli/cli-worker.ts');
  const args = tsupNode(join(root, 'dist'), [...entries, ...BENCH_ENTRIES]);
  const r = spawnSync(TSUP, args, { cwd: ROOT });
  if (r.status !== 0) throw new Error(`tsup build failed: ${r.stderr}`);
  // The bundle imports its dependencies by name: resolve them from the repo.
  symlinkSync(join(ROOT, 'node_modules'), join(root, 'node_modules'), 'dir');
  return { impl: 'dist', root, dist: join(root, 'dist'), entries: join(root, 'dist') };
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

/** The same shape as the national fixtures (encapsulated content, signed attributes), signed with P-256. */
function makeCmsP256() {
  const out = join(TMP, 'cms-p256.p7m');
  const r = spawnSync('openssl', [
    'cms',
    '-sign',
    '-binary',
    '-nodetach',
    '-in',
    cms1k.content,
    '-signer',
    join(PKI, 'ecdsa-p256.pem'),
    '-inkey',
    join(PKI, 'ecdsa-p256.key'),
    '-md',
    'sha256',
    '-outform',
    'DER',
    '-out',
    out,
    '-nosmimecap',
  ]);
  if (r.status !== 0) throw new Error(`openssl cms -sign (P-256): ${r.stderr}`);
  return out;
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
const cmsP256 = makeCmsP256();
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

// ------------------------------------------------------------------ signature algorithms

/**
 * Verifications per second through the registry's verifySignature (issue 6), all in one process so the
 * ratios are from the same run; WebCrypto's own P-256 (native, subtle.verify on the same signature) is
 * the reference, the registry's P-256 (noble, as verify() runs it) the like-for-like comparison.
 */
function measureAlgorithms() {
  const gost512 = join(CORPUS, 'sm2-gost/gost/signed_a111.pem');
  const P256_WEBCRYPTO = 'ECDSA P-256, WebCrypto subtle.verify (native)';
  const P256_REGISTRY = 'ECDSA P-256, registry (noble)';
  const cases = [
    {
      label: 'SM2 with SM3 (sm2p256v1)',
      file: join(ROOT, 'fixtures/national/sm2/sm2-sm3-attached.p7m'),
      source: 'fixtures/national/sm2/sm2-sm3-attached.p7m',
    },
    {
      label: 'GOST R 34.10-2012-256, Streebog-256 (CryptoPro-A)',
      file: join(ROOT, 'fixtures/national/gost/gost2012-256-attached.p7m'),
      source: 'fixtures/national/gost/gost2012-256-attached.p7m',
    },
    existsSync(gost512)
      ? {
          label: 'GOST R 34.10-2012-512, Streebog-512 (TC26 512-A)',
          file: gost512,
          source: 'corpus sm2-gost/gost/signed_a111.pem (TC26 reference example A.1.1)',
        }
      : {
          label: 'GOST R 34.10-2012-512, Streebog-512 (TC26 512-A)',
          skipped: 'corpus absent (sm2-gost/gost/signed_a111.pem)',
        },
    {
      label: P256_REGISTRY,
      file: cmsP256,
      source: 'generated: openssl cms -sign with fixtures/pki/ecdsa-p256',
      webcrypto: P256_WEBCRYPTO,
    },
  ];
  const run = cases.filter((c) => !c.skipped);
  const r = runWorker({
    op: 'national',
    cases: run.map(({ label, file, webcrypto }) => ({ label, file, webcrypto })),
    ms: QUICK ? 300 : 1000,
    rounds: 3,
  });
  if (r.error) return { error: r.error };
  const ref = r.rates[P256_WEBCRYPTO];
  const nob = r.rates[P256_REGISTRY];
  const rows = [];
  for (const c of cases) {
    if (c.skipped) {
      rows.push({ label: c.label, skipped: c.skipped });
      continue;
    }
    const row = (label, source) => {
      const opsPerSec = r.rates[label];
      return { label, source, opsPerSec, ofWebCryptoP256: opsPerSec / ref, ofRegistryP256: opsPerSec / nob };
    };
    rows.push(row(c.label, c.source));
    if (c.webcrypto) rows.push(row(c.webcrypto, `${c.source}, same signature`));
  }
  return {
    note: `peak RSS ${r.maxRssKb ? fmtKb(r.maxRssKb) : '?'}; the algorithms take turns for 3 rounds of ${QUICK ? 300 : 1000} ms, median round; each request checked to verify first; digests pure JS (defaultCryptoContext, as in a browser)`,
    rows,
    rounds: r.rounds,
  };
}
log('  signature algorithms…');
const algorithms = measureAlgorithms();
for (const a of algorithms.rows ?? [])
  log(`    ${a.label}: ${a.skipped ? `skipped (${a.skipped})` : `${a.opsPerSec.toFixed(0)}/s`}`);
if (algorithms.error) log(`    error: ${algorithms.error}`);

// ------------------------------------------------------------------ official trust lists

/**
 * Loading a national TS 119 612 list with its signature check (issue 9 point 7), each list in fresh
 * processes: first load (ETSI code imported on demand, as verify() does) and a second load of the same
 * bytes in the same process. The signer is pinned to the certificate in the list's own KeyInfo.
 */
function measureTrustLists() {
  const lists = [
    ['pyhanko/qualified/tsl-be-old.xml', 'BE (tsl-be-old.xml)'],
    ['pyhanko/qualified/tsl-ee.xml', 'EE (tsl-ee.xml)'],
  ];
  // Inside both lists' validity (BE: 2025-01-27 to 2025-07-27; EE issued 2025-06-12).
  const at = '2025-07-01T00:00:00Z';
  const reps = QUICK ? 2 : 5;
  return lists.map(([rel, label]) => {
    const file = join(CORPUS, rel);
    if (!existsSync(file)) return { label, skipped: `../shared/corpus absent (${rel})` };
    const runs = [];
    for (let i = 0; i < reps; i++) {
      const r = runWorker({ op: 'trust-list', files: [file], at });
      if (r.error) return { label, bytes: statSync(file).size, error: r.error };
      runs.push(r);
    }
    return {
      label,
      source: `corpus ${rel}`,
      bytes: statSync(file).size,
      listId: runs[0].listId,
      anchors: runs[0].anchors,
      reps,
      firstMs: median(runs.map((r) => r.firstMs)),
      importMs: median(runs.map((r) => r.importMs)),
      secondMs: median(runs.map((r) => r.secondMs)),
      medianWallMs: median(runs.map((r) => r.wallMs)),
      maxRssKb: Math.max(...runs.map((r) => r.maxRssKb ?? 0)),
    };
  });
}
log('  official trust lists…');
const trustLists = measureTrustLists();
for (const t of trustLists)
  log(
    `    ${t.label}: ${t.skipped ? `skipped (${t.skipped})` : t.error ? `error: ${t.error}` : `first ${fmtMs(t.firstMs)}, second ${fmtMs(t.secondMs)}`}`,
  );

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

for (const t of trustLists.filter((x) => x.firstMs !== undefined)) {
  for (const [which, ms] of [
    ['first load in a fresh process', t.firstMs],
    ['second load, same process', t.secondMs],
  ])
    targets.push({
      target: `trust list ${t.label}, ${(t.bytes / 1024).toFixed(0)} KB, ${which} incl. signature check: well under 1 s`,
      value: fmtMs(ms),
      limit: '1 s',
      met: ms < 1000,
      by: ms / 1000,
    });
}

/**
 * The browser bundle two ways (issue 7). "Core entry as shipped": the repo's tsup browser build
 * (tsup.config.ts, via bench/tsup.browser.config.ts) of the current sources into the temp folder —
 * or the repo's dist/browser with `--impl dist` — sized by scripts/bundle-size.mjs itself (index.js
 * and the chunks it imports statically, min + gzip -9; profiles and ETSI code load on demand).
 * "Everything bundled": one esbuild file of src/index.ts, every dynamic import inlined, no zod plugin.
 */
function bundleSize() {
  const out = { coreAsShipped: coreAsShipped() };
  const esbuild = join(ROOT, 'node_modules/.bin/esbuild');
  if (!existsSync(esbuild)) return { ...out, missing: 'esbuild not installed' };
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
    if (r.status !== 0) return { ...out, missing: `esbuild failed: ${r.stderr.toString().slice(0, 200)}` };
    const bytes = readFileSync(file);
    out[name] = { bytes: bytes.length, gzipBytes: gzipSync(bytes).length };
  }
  return out;
}

function coreAsShipped() {
  const script = join(ROOT, 'scripts/bundle-size.mjs');
  if (!existsSync(script)) return { missing: 'scripts/bundle-size.mjs not in the repo' };
  let runScript = script;
  let built = 'repo dist/browser (as built by npm run build)';
  if (IMPL !== 'dist') {
    // The script sizes ../dist/browser next to itself: give it a copy beside a fresh build.
    const pkg = join(TMP, 'browser-pkg');
    mkdirSync(join(pkg, 'scripts'), { recursive: true });
    copyFileSync(script, join(pkg, 'scripts/bundle-size.mjs'));
    const r = spawnSync(TSUP, ['--config', join(ROOT, 'bench/tsup.browser.config.ts')], {
      cwd: ROOT,
      env: { ...process.env, CROSSIGN_BENCH_BROWSER_OUT: join(pkg, 'dist/browser') },
    });
    if (r.status !== 0) return { missing: `tsup browser build failed: ${r.stderr.toString().slice(0, 200)}` };
    runScript = join(pkg, 'scripts/bundle-size.mjs');
    built = 'tsup.config.ts browser build of the current sources';
  } else if (!existsSync(join(ROOT, 'dist/browser'))) {
    return { missing: 'dist/browser is missing: run `npm run build` first' };
  }
  const r = spawnSync(process.execPath, [runScript, '--json']);
  let report;
  try {
    report = JSON.parse(r.stdout.toString());
  } catch {
    return { missing: `bundle-size.mjs failed: ${r.stderr.toString().slice(0, 200)}` };
  }
  const core = report.report.find((e) => e.entry === 'index.js');
  if (!core) return { missing: 'no index.js entry in the browser build' };
  return {
    built,
    budgetKb: report.maxKb,
    ...core,
    entries: report.report,
    offenders: report.offenders,
  };
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

const browserBundle = bundleSize();
const core = browserBundle.coreAsShipped;
if (core?.gzipBytes)
  targets.push({
    target: `browser core entry as shipped (index.js + ${core.files - 1} static chunks), min + gzip`,
    value: `${(core.gzipBytes / 1024).toFixed(1)} KB`,
    limit: `${core.budgetKb} KB`,
    met: core.gzipBytes <= core.budgetKb * 1024,
    by: core.gzipBytes / (core.budgetKb * 1024),
  });

const result = {
  generated: new Date().toISOString(),
  mode: QUICK ? 'quick' : 'full',
  impl: IMPL,
  machine: {
    cpus: cpus()[0]?.model,
    cores: CORES,
    memoryMb: Math.round(totalmem() / MB),
    node: process.version,
    loadAverage1m: { start: loadAtStart, end: loadavg()[0] },
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
  algorithms,
  trustLists,
  browserBundle,
  durationS: Math.round((Date.now() - started) / 1000),
};

let md = `# crossign benchmark (${result.mode}, ${result.generated.slice(0, 10)})\n\n`;
md += `Machine: ${result.machine.cpus}, ${CORES} cores (shared with other jobs), ${result.machine.memoryMb} MB, Node ${process.version}; crossign: ${IMPL}. Run took ${result.durationS} s; 1-minute load average ${loadAtStart.toFixed(1)} at start, ${result.machine.loadAverage1m.end.toFixed(1)} at end.\n\n`;
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
md += `\n## Signature algorithms (issue 6)\n\nverifySignature() from the algorithm registry, verifications per second, all in one process (ratios from the same run); ${algorithms.note ?? ''}.\n\n`;
if (algorithms.error) md += `error: ${algorithms.error}\n`;
else {
  md +=
    '| algorithm | verifications/s | ÷ WebCrypto P-256 | ÷ registry P-256 (noble) | signature from |\n|---|---:|---:|---:|---|\n';
  for (const a of algorithms.rows)
    md += a.skipped
      ? `| ${a.label} | skipped (${a.skipped}) | | | |\n`
      : `| ${a.label} | ${a.opsPerSec.toFixed(0)} | ${a.ofWebCryptoP256.toFixed(3)} | ${a.ofRegistryP256.toFixed(2)} | ${a.source} |\n`;
}
md +=
  '\n## Official trust lists (issue 9.7)\n\nloadTrustedList(): parse a national ETSI TS 119 612 list, check its XAdES signature against the signer pinned from its own KeyInfo, build the anchors. First load: fresh process with the library loaded, ETSI code imported on demand (as verify() does; import included, shown apart). Second: the same bytes again in that process. Medians.\n\n';
md +=
  '| list | XML size | first load (cold) | of which ETSI import | second load (warm) | process wall | peak RSS | anchors |\n|---|---:|---:|---:|---:|---:|---:|---:|\n';
for (const t of trustLists)
  md += t.skipped
    ? `| ${t.label} | | skipped (${t.skipped}) | | | | | |\n`
    : t.error
      ? `| ${t.label} | ${(t.bytes / 1024).toFixed(0)} KB | error: ${t.error} | | | | | |\n`
      : `| ${t.label}, ${t.listId} | ${(t.bytes / 1024).toFixed(0)} KB | ${fmtMs(t.firstMs)} | ${fmtMs(t.importMs)} | ${fmtMs(t.secondMs)} | ${fmtMs(t.medianWallMs)} | ${fmtKb(t.maxRssKb)} | ${t.anchors} |\n`;
const b = result.browserBundle;
const kb = (n) => `${(n / 1024).toFixed(0)} KB`;
const kb1 = (n) => `${(n / 1024).toFixed(1)} KB`;
md += '\n## Browser bundle (issue 7)\n\n';
md += `- core entry as shipped: ${
  core?.gzipBytes
    ? `${kb1(core.gzipBytes)} min+gzip (${kb(core.minBytes)} min; index.js + ${core.files - 1} static chunks; budget ${core.budgetKb} KB; ${core.lazyChunks.length} chunks loaded on demand: ${core.lazyChunks.join(', ')}) — ${core.built}, sized by scripts/bundle-size.mjs${core.offenders.length ? `; NOT self-contained: ${core.offenders.join('; ')}` : ''}`
    : (core?.missing ?? 'not measured')
}\n`;
if (core?.entries)
  for (const e of core.entries.filter((x) => x.entry !== 'index.js'))
    md += `  - ${core.lazyChunks.includes(`./${e.entry}`) ? 'loaded on demand' : 'other entry'} ${e.entry}: ${kb1(e.gzipBytes)} min+gzip with its static chunks (${e.files} files; chunks shared with the core counted again)\n`;
md += `- everything bundled (one esbuild file of src/index.ts, every dynamic import inlined, zod locales included): ${
  b.missing ??
  `${kb(b.withDependencies.bytes)} min (${kb(b.withDependencies.gzipBytes)} gzip); crossign's own code alone (dependencies external) ${kb(b.own.bytes)} (${kb(b.own.gzipBytes)} gzip)`
}\n`;
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
