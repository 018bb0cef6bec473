/**
 * Short fuzz runs for CI (a few hundred cases per property; `npm run fuzz` runs them long). Set
 * FUZZ_RUNS to scale every property, FUZZ_SEED to replay a run.
 */
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { PROPERTIES } from './properties.js';

const scale = Number(process.env.FUZZ_RUNS ?? 0);
const seed = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;

describe('fuzz (short run)', () => {
  for (const p of PROPERTIES) {
    const numRuns = scale > 0 ? scale : p.ciRuns;
    it(`${p.name}: ${numRuns} cases`, { timeout: 240_000 }, async () => {
      await fc.assert(p.property(), { numRuns, ...(seed === undefined ? {} : { seed }), endOnFailure: true });
    });
  }
});
