import { defineConfig } from 'tsup';

export default defineConfig([
  {
    entry: { index: 'src/index.ts', report: 'src/report/index.ts' },
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: true,
    target: 'es2022',
    platform: 'neutral',
    splitting: true,
  },
  {
    // The worker is its own entry: `--jobs N` starts it from dist/cli-worker.js next to dist/cli.js.
    entry: { cli: 'src/cli/main.ts', 'cli-worker': 'src/cli/cli-worker.ts' },
    format: ['esm'],
    sourcemap: true,
    target: 'node20',
    platform: 'node',
  },
  {
    // Browsers: minified ESM with no Node built-ins (scripts/bundle-size.mjs checks both).
    entry: { index: 'src/index.ts', report: 'src/report/index.ts' },
    outDir: 'dist/browser',
    format: ['esm'],
    platform: 'browser',
    target: 'es2022',
    minify: true,
    splitting: true,
    sourcemap: true,
    clean: true,
  },
]);
