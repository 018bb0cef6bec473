import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { namesEqual } from '../../src/revocation/der.js';
import { RevocationPool } from '../../src/revocation/pool.js';
import { determineStatus } from '../../src/revocation/status.js';
import type { Certificate } from '../../src/x509/certificate.js';
import { CORPUS, corpus, corpusAvailable, corpusCert, crypto } from './helpers.js';

interface Case {
  id: string;
  name: string;
  cert: string;
  other_certs?: string[];
  crls?: string[];
  error?: { class: string; msg_regex: string };
}
const DIR = 'pyhanko/nist-pkits';
const cases: Case[] = corpusAvailable
  ? (JSON.parse(readFileSync(join(CORPUS, DIR, 'pkits-subset.json'), 'utf8')) as Case[])
  : [];
const MOMENT = new Date('2022-05-01T00:00:00Z');

/** The revocation facts a case asserts, read from pyHanko's expected error message. */
type Expectation =
  | { kind: 'all-good' }
  | { kind: 'revoked'; index: number; time: string; reason: string }
  | { kind: 'leaf-unusable'; code: string };

const LEAF_FAILURES: [RegExp, string][] = [
  [/no revocation information could be found for the end-entity/, 'REVOCATION_NO_DATA'],
  [/CRL signature could not be verified/, 'CRL_SIGNATURE_INVALID'],
  [/unrecognized critical extensions are present in the CRL entry/, 'CRL_UNKNOWN_CRITICAL_ENTRY_EXTENSION'],
  [/CRL is not recent enough/, 'REVOCATION_NOT_FRESH'],
  [/not authorized to sign CRLs/, 'CRL_ISSUER_NOT_AUTHORIZED'],
];

function expectationOf(c: Case): Expectation {
  const msg = c.error?.msg_regex ?? '';
  const revoked =
    /CRL indicates (the end-entity certificate|intermediate certificate (\d+)) was revoked at (\d\d:\d\d:\d\d) on (\d{4}-\d\d-\d\d), due to a compromised key/.exec(
      msg,
    );
  if (revoked) {
    // pyHanko numbers intermediates from the anchor side (1 = just below the root).
    return {
      kind: 'revoked',
      index: revoked[2] ? -Number(revoked[2]) : 0,
      time: `${revoked[4]}T${revoked[3]}Z`,
      reason: 'keyCompromise',
    };
  }
  const leaf = LEAF_FAILURES.find(([re]) => re.test(msg));
  if (leaf) return { kind: 'leaf-unusable', code: leaf[1] };
  return { kind: 'all-good' };
}

function buildChain(leaf: Certificate, pool: Certificate[]): Certificate[] | undefined {
  const chain = [leaf];
  for (let i = 0; i < 8; i++) {
    const last = chain[chain.length - 1]!;
    if (namesEqual(last.subjectDer, last.issuerDer)) return chain;
    const next = pool.find((c) => namesEqual(c.subjectDer, last.issuerDer) && !chain.includes(c));
    if (!next) return undefined;
    chain.push(next);
  }
  return undefined;
}

describe.skipIf(!corpusAvailable)(
  'NIST PKITS CRL cases (pyHanko pkits-subset.json), determineStatus per certificate',
  () => {
    it('has the 24 cases', () => expect(cases).toHaveLength(24));
    for (const c of cases) {
      it(`${c.id} ${c.name}`, async () => {
        const anchor = corpusCert(`${DIR}/certs/TrustAnchorRootCertificate.crt`);
        const others = (c.other_certs ?? []).map((n) => corpusCert(`${DIR}/certs/${n}`));
        const leaf = corpusCert(`${DIR}/certs/${c.cert}`);
        const pool = new RevocationPool();
        for (const n of ['TrustAnchorRootCRL.crl', ...(c.crls ?? [])])
          expect(pool.addCrl(corpus(`${DIR}/crls/${n}`), 'caller')).toBeDefined();
        const chain = buildChain(leaf, [...others, anchor]);
        if (!chain) {
          // Name chaining failure (4.3.1): no issuer, so there is nothing to ask about.
          expect(c.error?.msg_regex).toMatch(/issuer name could not be matched/);
          return;
        }
        const decisions = [];
        for (let i = 0; i < chain.length - 1; i++)
          decisions.push(
            await determineStatus(chain[i]!, chain[i + 1]!, pool, { validationTime: MOMENT, crypto }),
          );
        const exp = expectationOf(c);
        if (exp.kind === 'all-good') {
          // DSA cases included (40104, 40106): DSACACRL is DSA-signed and must verify through the registry.
          decisions.forEach((d, i) => {
            expect(d.result.status, `${chain[i]!.subject}: ${JSON.stringify(d.result.problems)}`).toBe(
              'good',
            );
            expect(d.result.source).toBe('crl');
          });
        } else if (exp.kind === 'revoked') {
          const target = exp.index === 0 ? 0 : chain.length - 1 + exp.index;
          const d = decisions[target]!;
          expect(d.result.status).toBe('revoked');
          expect(d.result.revocationTime).toBe(new Date(exp.time).toISOString());
          expect(d.result.reason).toBe(exp.reason);
          expect(d.revokedBeforeTime).toBe(true);
        } else {
          const d = decisions[0]!;
          expect(d.result.status).toBe('unknown');
          expect(d.result.problems.map((p) => p.code)).toContain(exp.code);
          for (const other of decisions.slice(1)) expect(other.result.status).toBe('good');
        }
      });
    }
  },
);

/** The freshness semantics documented in src/revocation/status.ts, on a real one-day CRL (PKITS 4.4.11). */
describe.skipIf(!corpusAvailable)(
  'determineStatus freshness on OldCRLnextUpdateCACRL (2010-01-01/02 08:30)',
  () => {
    const at = async (time: string, validationTime = '2022-05-01T00:00:00Z', freshness?: 'any') => {
      const pool = new RevocationPool();
      pool.addCrl(corpus(`${DIR}/crls/OldCRLnextUpdateCACRL.crl`), 'caller');
      const ee = corpusCert(`${DIR}/certs/InvalidOldCRLnextUpdateTest11EE.crt`);
      const ca = corpusCert(`${DIR}/certs/OldCRLnextUpdateCACert.crt`);
      const d = await determineStatus(ee, ca, pool, {
        time: new Date(time),
        validationTime: new Date(validationTime),
        crypto,
        ...(freshness ? { policy: { freshness } } : {}),
      });
      return { status: d.result.status, fresh: d.result.fresh, codes: d.result.problems.map((p) => p.code) };
    };

    it('current at the best-signature-time: good', async () => {
      expect(await at('2010-01-01T12:00:00Z')).toEqual({ status: 'good', fresh: true, codes: [] });
    });

    it('issued after the best-signature-time: good (AdES reading; pyHanko point-in-time says TOO_NEW)', async () => {
      expect(await at('2009-06-01T00:00:00Z')).toEqual({ status: 'good', fresh: true, codes: [] });
    });

    it('nextUpdate is honoured with one second of tolerance', async () => {
      expect((await at('2010-01-02T08:30:00.900Z')).status).toBe('good');
      const late = await at('2010-01-02T08:30:02Z');
      expect(late.status).toBe('unknown');
      expect(late.codes).toContain('REVOCATION_NOT_FRESH');
    });

    it("freshness 'any' accepts the stale CRL and flags it", async () => {
      const r = await at('2022-05-01T00:00:00Z', '2022-05-01T00:00:00Z', 'any');
      expect(r.status).toBe('good');
      expect(r.fresh).toBe(false);
      expect(r.codes).toContain('REVOCATION_OLDER_THAN_SIGNING_TIME');
    });

    it('a CRL issued after the validation time is not usable', async () => {
      const r = await at('2009-06-01T00:00:00Z', '2009-06-01T00:00:00Z');
      expect(r.status).toBe('unknown');
      expect(r.codes).toContain('REVOCATION_DATA_UNUSABLE');
      expect(r.codes).toContain('REVOCATION_ISSUED_AFTER_VALIDATION_TIME');
    });
  },
);
