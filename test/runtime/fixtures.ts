/// <reference types="vite/client" />
/**
 * Fixture loading that works unchanged in Node and in the browser: the `?bytes` plugin of
 * vitest.config.ts turns each file into a base64 module, so no `node:fs` and no fetch origin is needed.
 */
import { fromBase64 } from '../../src/lib/bytes.js';

const loaders = import.meta.glob<string>('../../fixtures/{cms,pki,national,pdf}/**/*', {
  query: '?bytes',
  import: 'default',
});

/** A fixture by its path under fixtures/, e.g. `cms/rsa-sha256-attached.p7m`. */
export async function fixture(path: string): Promise<Uint8Array> {
  const load = loaders[`../../fixtures/${path}`];
  if (!load) throw new Error(`no such fixture: fixtures/${path}`);
  return fromBase64(await load());
}

/** Which runtime a test is in, for the test names: the same file runs under both projects. */
export const runtime: 'browser' | 'node' =
  typeof window !== 'undefined' && typeof document !== 'undefined' ? 'browser' : 'node';
