import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fromBase64 } from '../../src/lib/bytes.js';

export const FIX = resolve(__dirname, '../../fixtures/trust-lists');
export const fixture = (name: string): Uint8Array => new Uint8Array(readFileSync(join(FIX, name)));

/** The first ds:X509Certificate of a list's KeyInfo, read with a regex so tests do not reuse the code under test. */
export function keyInfoCertificate(xml: Uint8Array): Uint8Array {
  const s = new TextDecoder().decode(xml);
  const sig = s.slice(s.lastIndexOf('Signature xmlns'));
  const m = /<(?:\w+:)?X509Certificate>([^<]+)</.exec(sig);
  if (!m?.[1]) throw new Error('no KeyInfo certificate');
  return fromBase64(m[1]);
}
