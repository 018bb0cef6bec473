/** The NIST PKITS subset (../shared/corpus/pyhanko/nist-pkits), read in place for the PKITS suites. */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type Certificate, parseCertificate } from '../../src/x509/certificate.js';

export const DIR = resolve(__dirname, '../../../shared/corpus/pyhanko/nist-pkits');
export const corpusAvailable = existsSync(join(DIR, 'pkits-subset.json'));
if (!corpusAvailable) console.warn(`[skip] NIST PKITS subset not found at ${DIR}`);

export interface PkitsCase {
  id: string;
  name: string;
  cert: string;
  other_certs: string[];
  crls?: string[];
  path_len?: number;
  /** false = pyHanko runs the case without revocation checking. Absent = revocation is checked. */
  revocation?: boolean;
  error?: { class: string; msg_regex: string };
}

/** pkits-subset.json runs at this time with TrustAnchorRootCertificate.crt as the only anchor. */
export const TIME = new Date('2022-05-01T00:00:00Z');
export const bytes = (sub: string, f: string) => new Uint8Array(readFileSync(join(DIR, sub, f)));
export const load = (f: string): Certificate => parseCertificate(bytes('certs', f), 'caller');
export const cases: PkitsCase[] = corpusAvailable
  ? JSON.parse(readFileSync(join(DIR, 'pkits-subset.json'), 'utf8'))
  : [];
