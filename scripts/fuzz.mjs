#!/usr/bin/env node
/**
 * Long fuzz run: the properties of test/fuzz/properties.ts with many more cases.
 *   node scripts/fuzz.mjs [--cases 100000] [--seed N] [--only name,name] [--time-limit-min M]
 * Prints per-property counts and findings; each failing input is saved to test/fuzz/regressions/ with
 * its message, and the input being checked is written to test/fuzz/regressions/.last-case.bin first so
 * a hang leaves a reproducer behind.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

register();
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, 'test/fuzz/regressions');
mkdirSync(OUT, { recursive: true });
process.env.FUZZ_LAST_CASE = join(OUT, '.last-case.bin');

const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : dflt;
};
const total = Number(arg('cases', '100000'));
const seed = arg('seed') === undefined ? Date.now() % 2 ** 31 : Number(arg('seed'));
const only = arg('only')?.split(',');
const deadline = Date.now() + Number(arg('time-limit-min', '0')) * 60_000;

const fc = (await import('fast-check')).default;
const { PROPERTIES, FuzzFinding } = await import('../test/fuzz/properties.ts');
const props = PROPERTIES.filter((p) => !only || only.includes(p.name));
const weights = props.reduce((n, p) => n + p.weight, 0);
console.log(`fuzz: ${total} cases over ${props.length} properties, seed ${seed}`);

let cases = 0;
const findings = [];
const seen = new Map();
const started = Date.now();
for (const p of props) {
  const numRuns = Math.max(1, Math.round((total * p.weight) / weights));
  const t0 = Date.now();
  let ran = 0;
  // Chunks, so a failure does not end the property and the time limit is honoured.
  const chunk = 2000;
  for (let done = 0; done < numRuns; done += chunk) {
    if (deadline > started && Date.now() > deadline) break;
    const runs = Math.min(chunk, numRuns - done);
    const r = await fc.check(p.property(), { numRuns: runs, seed: seed + done, maxSkipsPerRun: 100 });
    ran += r.numRuns;
    if (r.failed) {
      const err = r.errorInstance;
      const input = err instanceof FuzzFinding ? err.input : r.counterexample?.[0];
      const msg = (err instanceof Error ? err.message : String(err)).split('\n')[0];
      // One reproducer per distinct message and property; repeats are only counted.
      const kind = `${p.name}: ${msg.replace(/\d+/g, 'N')}`;
      seen.set(kind, (seen.get(kind) ?? 0) + 1);
      if (seen.get(kind) > 1) continue;
      const bytes = input instanceof Uint8Array ? input : new Uint8Array();
      const id = `${p.name}-${createHash('sha256').update(bytes).digest('hex').slice(0, 12)}`;
      writeFileSync(join(OUT, `${id}.bin`), bytes);
      writeFileSync(join(OUT, `${id}.txt`), `${p.name}\nseed ${seed + done}\n${msg}\n`);
      findings.push({ property: p.name, id, message: msg });
      console.log(`  FINDING ${p.name}: ${msg} → test/fuzz/regressions/${id}.bin`);
    }
  }
  cases += ran;
  console.log(`  ${p.name}: ${ran} cases in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}
console.log(
  `fuzz: ${cases} cases in ${((Date.now() - started) / 1000).toFixed(0)} s, ${findings.length} finding(s)`,
);
writeFileSync(
  join(OUT, '.last-run.json'),
  `${JSON.stringify({ seed, cases, findings, at: new Date().toISOString() }, null, 2)}\n`,
);
process.exit(findings.length ? 1 : 0);
