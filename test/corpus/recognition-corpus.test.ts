/**
 * A real signature from abroad (a Belgian eID PAdES-B-LT file validated with the anchors and OCSP
 * response DSS's own test uses) and what it is worth in each APEC economy.
 */
import { describe, expect, it } from 'vitest';
import { renderHtml } from '../../src/report/html.js';
import { renderText } from '../../src/report/text.js';
import { APEC_ECONOMIES } from '../../src/trust/schema.js';
import { Verdict } from '../../src/verdict/schema.js';
import { verify } from '../../src/verify.js';
import { corpusAvailable, corpusFile, skipNotice } from '../helpers/corpus.js';

skipNotice('recognition on a corpus signature');

describe.skipIf(!corpusAvailable)(
  'Belgian eID PAdES-B-LT signature: recognition in the 21 APEC economies',
  async () => {
    const verdict = corpusAvailable
      ? await verify(corpusFile('dss/pades/belgian_pki_multiple_ocsps_lt.pdf'), {
          trustAnchors: [
            corpusFile('dss/trust-anchors/BE-Belgium-Root-CA4.cer'),
            corpusFile('dss/trust-anchors/BE-Universign-Timestamping-CA.cer'),
          ],
          ocspResponses: [corpusFile('dss/revocation/BE-external-ocsp-DSS2513.ors')],
          validationTime: new Date('2021-07-15T09:14:40Z'),
        })
      : undefined;
    const sig = verdict?.signatures[0];

    it('is technically valid, proven by its signature timestamp, with revocation established', () => {
      expect(sig?.indication).toBe('TOTAL_PASSED');
      expect(sig?.time.provenBy).toBe('signature-timestamp');
      expect(sig?.format).toBe('PAdES-B-LT');
      expect(sig?.revocation.every((r) => r.status === 'good')).toBe(true);
    });

    it('has a recognition entry for every APEC economy, each with a legal basis', () => {
      expect(Object.keys(sig?.recognition ?? {}).sort()).toEqual([...APEC_ECONOMIES].sort());
      for (const r of Object.values(sig?.recognition ?? {})) expect(r.legalBasis.length).toBeGreaterThan(0);
    });

    it('is a recognised electronic signature where the law is technology-neutral (AU, US)', () => {
      expect(sig?.recognition.AU?.level).toBe('recognised');
      expect(sig?.recognition.US?.level).toBe('recognised');
    });

    it('cannot reach a licensed-CA tier without that list (MY, SG): indeterminate, and says why', () => {
      for (const c of ['MY', 'SG']) {
        expect(sig?.recognition[c]?.level).toBe('indeterminate');
        expect(sig?.recognition[c]?.reasons.join(' ')).toMatch(/trust list not loaded/);
      }
    });

    it('JSON: the verdict with its recognition table validates against the contract', () => {
      expect(Verdict.safeParse(JSON.parse(JSON.stringify(verdict))).success).toBe(true);
    });

    it('text: the recognition table names every economy with its level and statute', () => {
      const text = verdict ? renderText(verdict) : '';
      expect(text).toContain('Legal recognition (technical assessment, not legal advice)');
      for (const c of APEC_ECONOMIES) expect(text).toMatch(new RegExp(`^ {4}${c} +\\S`, 'm'));
      expect(text).toContain('Electronic Transactions Act 1999 (Cth) s.10');
    });

    it('HTML: the report shows every economy, its level and a citation one click away', () => {
      const html = verdict ? renderHtml(verdict) : '';
      for (const c of APEC_ECONOMIES) expect(html).toContain(`>${c}<`);
      expect(html).toContain('Electronic Transactions Act 1999 (Cth) s.10');
      expect(html).toContain('<details');
      expect(html).toMatch(/not legal advice/i);
    });
  },
);
