import { existsSync, readFileSync } from 'node:fs';
import { playwright } from '@vitest/browser-playwright';
import type { Plugin } from 'vite';
import { defineConfig, type TestProjectConfiguration } from 'vitest/config';

// One suite, two runtimes: test/runtime/** runs in Node (with everything else) and again in real
// Chromium. Debian's Chromium is used as-is (no `playwright install`); without it the browser project
// is left out so `vitest run` stays green on machines that lack it.
const CHROMIUM = '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
// The config is loaded more than once per run (root, projects, workers): say it once.
if (!haveChromium && !process.env.CROSSIGN_BROWSER_NOTICE) {
  process.env.CROSSIGN_BROWSER_NOTICE = '1';
  console.warn(
    `[vitest] browser project skipped: ${CHROMIUM} not found (apt-get install -y chromium); test/runtime runs in Node only`,
  );
}

/**
 * `import x from './file?bytes'` gives the file as base64 in both runtimes. Vite's own `?inline` only
 * covers known asset types, and `?url` + fetch has no origin to fetch from in Node.
 */
function fixtureBytes(): Plugin {
  return {
    name: 'crossign:fixture-bytes',
    enforce: 'pre',
    load(id) {
      const [file, query] = id.split('?', 2);
      if (query !== 'bytes' || !file) return null;
      return `export default ${JSON.stringify(readFileSync(file).toString('base64'))};`;
    },
  };
}

const shared = { testTimeout: 60_000, hookTimeout: 60_000 };

const projects: TestProjectConfiguration[] = [
  {
    extends: true,
    test: { ...shared, name: 'node', include: ['test/**/*.test.ts'], pool: 'forks' },
  },
];

if (haveChromium)
  projects.push({
    extends: true,
    // Pre-bundle the core's dependencies before the first test file loads: discovering them mid-run
    // makes Vite reload the page and the file fails on a cold cache (CI).
    optimizeDeps: {
      entries: ['test/runtime/**/*.test.ts'],
    },
    test: {
      ...shared,
      name: 'browser',
      include: ['test/runtime/**/*.test.ts'],
      browser: {
        enabled: true,
        headless: true,
        screenshotFailures: false,
        provider: playwright({
          launchOptions: {
            executablePath: CHROMIUM,
            args: [
              '--headless',
              '--no-sandbox',
              '--disable-gpu',
              '--disable-quic',
              '--no-first-run',
              '--disable-background-networking',
              '--disable-component-update',
              '--disable-sync',
            ],
          },
        }),
        instances: [{ browser: 'chromium' }],
      },
    },
  });

export default defineConfig({ plugins: [fixtureBytes()], test: { projects } });
