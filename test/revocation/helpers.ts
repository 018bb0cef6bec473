import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultCryptoContext } from '../../src/crypto/context.js';
import { derFromMaybeText } from '../../src/revocation/der.js';
import { type Certificate, parseCertificate } from '../../src/x509/certificate.js';

const here = dirname(fileURLToPath(import.meta.url));
export const FIXTURES = join(here, '..', '..', 'fixtures', 'revocation');
export const CORPUS = process.env.CROSSIGN_CORPUS ?? join(here, '..', '..', '..', 'shared', 'corpus');
export const corpusAvailable = existsSync(join(CORPUS, 'MANIFEST.json'));
if (!corpusAvailable)
  console.warn(`[skip] third-party corpus not found at ${CORPUS}: corpus tests are skipped`);

export const crypto = defaultCryptoContext();

export function fixture(name: string): Uint8Array {
  return new Uint8Array(readFileSync(join(FIXTURES, name)));
}
export function corpus(path: string): Uint8Array {
  return new Uint8Array(readFileSync(join(CORPUS, path)));
}
export function cert(bytes: Uint8Array): Certificate {
  return parseCertificate(derFromMaybeText(bytes), 'caller');
}
export function fixtureCert(name: string): Certificate {
  return cert(fixture(name));
}
export function corpusCert(path: string): Certificate {
  return cert(corpus(path));
}
export interface FixtureIndex {
  referenceTime: string;
  files: Record<string, Record<string, unknown> & { kind: string; description: string }>;
}
export function fixtureIndex(): FixtureIndex {
  return JSON.parse(readFileSync(join(FIXTURES, 'index.json'), 'utf8')) as FixtureIndex;
}
