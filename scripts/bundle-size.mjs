// Prints the browser bundle's min+gzip size per entry (the entry plus the chunks it imports statically),
// fails when it pulls in a Node built-in or leaves a bare import a page cannot resolve, and warns over the 250 KB core budget.
// Usage: node scripts/bundle-size.mjs [--json] [--max-kb 250]   (after `npm run build`)
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const dir = new URL('../dist/browser/', import.meta.url).pathname;
const args = process.argv.slice(2);
const maxKb = Number(args[args.indexOf('--max-kb') + 1]) || 250;
if (!existsSync(dir)) {
  console.error('dist/browser is missing: run `npm run build` first');
  process.exit(2);
}

const files = readdirSync(dir).filter((f) => f.endsWith('.js'));
const source = new Map(files.map((f) => [f, readFileSync(join(dir, f), 'utf8')]));
const gz = new Map([...source].map(([f, s]) => [f, gzipSync(s, { level: 9 }).length]));

// Static imports in minified ESM: `from"./chunk-X.js"` and `import"./chunk-X.js"`; dynamic: `import("./x.js")`.
const STATIC = /\b(?:import|export)\s*(?:[\w$*{},\s]+?\s*from\s*)?["']([^"'\s]+)["']/g;
const DYNAMIC = /import\(\s*["']([^"']+)["']\s*\)/g;
const specifiers = (s, re) => [...s.matchAll(re)].map((m) => m[1]);

const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
const offenders = [];
for (const [f, s] of source) {
  for (const spec of [...specifiers(s, STATIC), ...specifiers(s, DYNAMIC)])
    if (spec.startsWith('node:') || builtins.has(spec)) offenders.push(`${f} imports ${spec}`);
    else if (!/^(\.{1,2}\/|\/|https?:)/.test(spec))
      offenders.push(`${f} imports the bare specifier ${spec} (not resolvable in a page)`);
  if (/\brequire\(\s*["'](node:)?(fs|path|crypto|os|zlib|worker_threads|buffer)["']\)/.test(s))
    offenders.push(`${f} requires a Node built-in`);
}

function closure(entry) {
  const seen = new Set();
  const walk = (f) => {
    if (seen.has(f) || !source.has(f)) return;
    seen.add(f);
    for (const spec of specifiers(source.get(f), STATIC)) if (spec.startsWith('./')) walk(spec.slice(2));
  };
  walk(entry);
  return [...seen];
}

const entries = files.filter((f) => !f.startsWith('chunk-'));
const report = entries.map((entry) => {
  const parts = closure(entry);
  const min = parts.reduce((n, f) => n + Buffer.byteLength(source.get(f)), 0);
  const gzip = parts.reduce((n, f) => n + gz.get(f), 0);
  const lazy = [...new Set(parts.flatMap((f) => specifiers(source.get(f), DYNAMIC)))];
  return { entry, files: parts.length, minBytes: min, gzipBytes: gzip, lazyChunks: lazy };
});

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
if (args.includes('--json')) console.log(JSON.stringify({ maxKb, report, offenders }, null, 2));
else {
  console.log('browser bundle (dist/browser), min + gzip, entry with its static chunks:');
  for (const r of report)
    console.log(
      `  ${r.entry.padEnd(12)} ${kb(r.minBytes).padStart(10)} min  ${kb(r.gzipBytes).padStart(9)} gzip  (${r.files} file${r.files === 1 ? '' : 's'}${r.lazyChunks.length ? `, ${r.lazyChunks.length} loaded on demand` : ''})`,
    );
}
const core = report.find((r) => r.entry === 'index.js');
let code = 0;
if (offenders.length) {
  console.error(`The browser bundle is not self-contained:\n  ${offenders.join('\n  ')}`);
  code = 1;
}
if (core && core.gzipBytes > maxKb * 1024)
  console.warn(`core bundle ${kb(core.gzipBytes)} gzip is over the ${maxKb} KB budget`);
process.exit(code);
