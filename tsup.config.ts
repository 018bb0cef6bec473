import { dirname } from 'node:path';
import { defineConfig, type Options } from 'tsup';

type EsbuildPlugin = NonNullable<Options['esbuildPlugins']>[number];

/**
 * zod's `z.locales` namespace drags every translation (~300 KB) into a bundle, because a namespace
 * re-export cannot be tree-shaken. crossign only uses zod's default English messages.
 */
const zodEnglishOnly: EsbuildPlugin = {
  name: 'zod-english-only',
  setup(build) {
    build.onLoad({ filter: /zod[\\/]v4[\\/]locales[\\/]index\.js$/ }, (args) => ({
      contents: 'export { default as en } from "./en.js";',
      resolveDir: dirname(args.path),
      loader: 'js',
    }));
  },
};

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
    // Browsers: minified, self-contained ESM (dependencies bundled: a page has no node_modules) with no
    // Node built-ins; scripts/bundle-size.mjs checks both and prints the size.
    entry: { index: 'src/index.ts', report: 'src/report/index.ts' },
    outDir: 'dist/browser',
    noExternal: [/.*/],
    esbuildPlugins: [zodEnglishOnly],
    format: ['esm'],
    platform: 'browser',
    target: 'es2022',
    minify: true,
    splitting: true,
    sourcemap: true,
    clean: true,
  },
]);
