import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RevocationPool } from '../../src/revocation/pool.js';
import { determineStatus } from '../../src/revocation/status.js';
import { CORPUS, corpus, corpusAvailable, corpusCert, crypto } from './helpers.js';

interface Case {
  name: string;
  root: string;
  other_certs?: string[];
  cert: string;
  ocsps: string[];
  moment: string;
  error?: { class: string; msg_regex: string };
}

const DIR = 'pyhanko/openssl-ocsp';
const cases: Case[] = corpusAvailable
  ? (JSON.parse(readFileSync(join(CORPUS, DIR, 'openssl-ocsp-subset.json'), 'utf8')) as Case[])
  : [];

/** The problem code each pyHanko message corresponds to. */
const EXPECTED_CODE: [RegExp, string][] = [
  [/Unable to verify OCSP response signature/, 'OCSP_SIGNATURE_INVALID'],
  [/signing certificate could not be located/, 'OCSP_RESPONDER_NOT_FOUND'],
  [/signing certificate could not be validated/, 'OCSP_RESPONDER_CERT_INVALID'],
  [/issuer name hash does not match/, 'OCSP_ISSUER_NAME_HASH_MISMATCH'],
  [/issuer key hash does not match/, 'OCSP_ISSUER_KEY_HASH_MISMATCH'],
  [/not recent enough/, 'REVOCATION_NOT_FRESH'],
];

describe.skipIf(!corpusAvailable)('OpenSSL OCSP cases (pyHanko openssl-ocsp-subset.json)', () => {
  it('has the 14 cases', () => expect(cases).toHaveLength(14));
  for (const c of cases) {
    it(c.name, async () => {
      const root = corpusCert(`${DIR}/${c.root}`);
      const others = (c.other_certs ?? []).map((n) => corpusCert(`${DIR}/${n}`));
      const leaf = corpusCert(`${DIR}/${c.cert}`);
      const pool = new RevocationPool();
      for (const o of c.ocsps) expect(pool.addOcsp(corpus(`${DIR}/${o}`), 'caller')).toBeDefined();
      const chain = [leaf, ...others, root];
      const moment = new Date(c.moment);
      // Every certificate but the root needs its status; the leaf carries the case's verdict.
      const decisions = [];
      for (let i = 0; i < chain.length - 1; i++)
        decisions.push(
          await determineStatus(chain[i]!, chain[i + 1]!, pool, { validationTime: moment, crypto }),
        );
      const leafDecision = decisions[0]!;
      if (!c.error) {
        for (const d of decisions) expect(d.result.status, JSON.stringify(d.result.problems)).toBe('good');
        expect(leafDecision.result.source).toBe('ocsp');
        return;
      }
      expect(leafDecision.result.status).not.toBe('good');
      const code = EXPECTED_CODE.find(([re]) => re.test(c.error!.msg_regex))?.[1];
      expect(code).toBeDefined();
      expect(leafDecision.result.problems.map((p) => p.code)).toContain(code);
    });
  }
});
