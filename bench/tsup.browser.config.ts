/**
 * The repo's browser build (tsup.config.ts, outDir dist/browser) with only the output folder moved,
 * so the bench measures the core entry exactly as `npm run build` would ship it from the current sources.
 */
import { defineConfig, type Options } from 'tsup';
import repo from '../tsup.config.js';

const outDir = process.env.CROSSIGN_BENCH_BROWSER_OUT;
if (!outDir) throw new Error('CROSSIGN_BENCH_BROWSER_OUT is not set');
const configs = (Array.isArray(repo) ? repo : [repo]) as Options[];
const browser = configs.find((c) => c.outDir === 'dist/browser');
if (!browser) throw new Error('tsup.config.ts has no dist/browser build');

export default defineConfig({ ...browser, outDir });
