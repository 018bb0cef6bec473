/**
 * The Belgian and Estonian EU trusted lists pyHanko tests with (../shared/corpus/pyhanko/qualified/)
 * and the three certificates beside them: pyHanko's test_trusted_list.py asserts their qualification.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { equalBytes } from '../../src/lib/bytes.js';
import {
  findServices,
  loadTrustedList,
  qualifyChain,
  SVC_TYPE,
  TL_SIGNER_NOT_PINNED,
  type TrustedList,
} from '../../src/trust/etsi/index.js';
import { formatInspection, inspectTrustedList } from '../../src/trust/inspect.js';
import { type Certificate, parseCertificate } from '../../src/x509/certificate.js';
import { keyInfoCertificate } from './helpers.js';

const DIR = resolve(__dirname, '../../../shared/corpus/pyhanko/qualified');
const corpusAvailable = existsSync(join(DIR, 'tsl-be-old.xml'));
if (!corpusAvailable)
  console.warn('[skip] trust-etsi corpus: ../shared/corpus is absent, corpus tests skipped');
const read = (f: string) => new Uint8Array(readFileSync(join(DIR, f)));
/** pyHanko freezes time at 2025-08-06 for these tests. */
const PYHANKO_TIME = new Date('2025-08-06T00:00:00Z');

function issuerFromList(list: TrustedList, leaf: Certificate): Certificate[] {
  const out: Certificate[] = [];
  for (const tsp of list.providers) {
    for (const s of tsp.services) {
      for (const der of s.current.identity.certificates) {
        const c = parseCertificate(der, 'anchor');
        if (equalBytes(c.subjectDer, leaf.issuerDer) && !out.some((o) => o.sha256 === c.sha256)) out.push(c);
      }
    }
  }
  return out;
}

describe.skipIf(!corpusAvailable)('EU trusted lists from the corpus', () => {
  const lists = corpusAvailable
    ? { BE: read('tsl-be-old.xml'), EE: read('tsl-ee.xml') }
    : { BE: new Uint8Array(), EE: new Uint8Array() };

  for (const [name, other] of [
    ['BE', 'EE'],
    ['EE', 'BE'],
  ] as const) {
    it(`${name}: verifies with its own signer pinned and is rejected with the ${other} signer pinned`, async () => {
      const xml = lists[name];
      const own = keyInfoCertificate(xml);
      const t0 = performance.now();
      const r = await loadTrustedList(xml, { pinnedSigners: [own], now: new Date('2025-07-01T00:00:00Z') });
      const ms = performance.now() - t0;
      console.log(
        `[bench] load + signature check of ${name} list (${(xml.length / 1024).toFixed(0)} KiB): ${ms.toFixed(0)} ms`,
      );
      expect(r.ok ? 'ok' : `${r.code}: ${r.reason}`).toBe('ok');
      if (!r.ok) return;
      expect(r.list.territory).toBe(name);
      expect(r.signer.subject).toContain(
        name === 'BE' ? 'Belgian Trusted List Scheme Operator' : 'Estonian Trusted List Scheme Operator',
      );
      expect(r.anchors.length).toBeGreaterThan(10);
      expect(
        r.anchors.every((a) => a.lists[0]?.economy === name && a.lists[0]?.digest === r.list.digest),
      ).toBe(true);

      const wrong = await loadTrustedList(xml, {
        pinnedSigners: [keyInfoCertificate(lists[other])],
        now: new Date('2025-07-01T00:00:00Z'),
      });
      expect(wrong.ok ? 'ok' : wrong.code).toBe(TL_SIGNER_NOT_PINNED);
    });
  }

  it('warm load of the BE list still verifies (benchmark figure)', async () => {
    const xml = lists.BE;
    const t0 = performance.now();
    const r = await loadTrustedList(xml, {
      pinnedSigners: [keyInfoCertificate(xml)],
      now: new Date('2025-07-01T00:00:00Z'),
    });
    console.log(`[bench] warm load + signature check of BE list: ${(performance.now() - t0).toFixed(0)} ms`);
    expect(r.ok).toBe(true);
  });

  it('the BE list is expired at pyHanko’s frozen time unless expiry is waived', async () => {
    const r = await loadTrustedList(lists.BE, {
      pinnedSigners: [keyInfoCertificate(lists.BE)],
      now: PYHANKO_TIME,
    });
    expect(r.ok ? 'ok' : r.code).toBe('TL_EXPIRED');
  });

  it('real-qcert.cer (itsme): qualified, CA/QC, QcType esign, key on a QSCD → QESig', async () => {
    const r = await loadTrustedList(lists.BE, {
      pinnedSigners: [keyInfoCertificate(lists.BE)],
      now: PYHANKO_TIME,
      allowExpired: true,
    });
    if (!r.ok) throw new Error(r.reason);
    const leaf = parseCertificate(read('real-qcert.cer'));
    expect(leaf.subject).toContain('Valvekens');
    const issuers = issuerFromList(r.list, leaf);
    expect(issuers.map((c) => c.subject)).toEqual([expect.stringContaining('itsme Sign Issuing CA G2x')]);
    const q = qualifyChain([r.list], [leaf, issuers[0]!], PYHANKO_TIME);
    expect(q.status.qualified).toBe(true);
    expect(q.service?.serviceType).toBe(SVC_TYPE.CA_QC);
    expect(q.status.type).toBe('esign');
    // pyHanko reports QSCD; the BE list puts QCQSCDManagedOnBehalf (matching this certificate's policy
    // 1.3.6.1.4.1.8024.1.410) in a separate Qualifications extension that pyHanko's parser overwrites
    // with the next one. Both mean the key is on a QSCD.
    expect(q.status.keyManagement).toBe('QSCD_DELEGATED');
    expect(q.qualifiersApplied).toEqual(['QCQSCDManagedOnBehalf']);
    expect(q.level).toBe('QESig');
  });

  it('real-qtst-cert.cer (BOSA TSU): qualified, TSA/QTST, QcType eseal, key management unknown', async () => {
    const r = await loadTrustedList(lists.BE, {
      pinnedSigners: [keyInfoCertificate(lists.BE)],
      now: PYHANKO_TIME,
      allowExpired: true,
    });
    if (!r.ok) throw new Error(r.reason);
    const leaf = parseCertificate(read('real-qtst-cert.cer'));
    expect(leaf.subject).toContain('QTSP: FPS Policy and Support - BOSA');
    const matches = findServices([r.list], [leaf]);
    expect(matches).toHaveLength(1); // pkix_len 0: the TSU certificate itself is listed
    const q = qualifyChain([r.list], [leaf], PYHANKO_TIME);
    expect(q.status).toEqual({ qualified: true, type: 'eseal', keyManagement: 'UNKNOWN' });
    expect(q.service?.serviceType).toBe(SVC_TYPE.TSA_QTST);
    expect(q.level).toBe('QTST');
  });

  it('real-misissued-qtst-cert.cer (SK TSU 2025E): listed under a QTST service, but not qualified', async () => {
    const r = await loadTrustedList(lists.EE, {
      pinnedSigners: [keyInfoCertificate(lists.EE)],
      now: PYHANKO_TIME,
      allowExpired: true,
    });
    if (!r.ok) throw new Error(r.reason);
    const leaf = parseCertificate(read('real-misissued-qtst-cert.cer'));
    expect(leaf.subject).toContain('SK TIMESTAMPING UNIT 2025E');
    const q = qualifyChain([r.list], [leaf], PYHANKO_TIME);
    expect(q.status.qualified).toBe(false);
    expect(q.service?.serviceType).toBe(SVC_TYPE.TSA_QTST);
    expect(q.level).toBe('TST');
    expect(q.reasons).toContain('the certificate has no QCStatements');
  });

  it('inspect summarises the BE list', async () => {
    const s = await inspectTrustedList(lists.BE, {
      pinnedSigners: [keyInfoCertificate(lists.BE)],
      now: new Date('2025-07-01T00:00:00Z'),
    });
    expect(s.territory).toBe('BE');
    expect(s.sequenceNumber).toBe(74);
    expect(s.signature).toBe('valid');
    expect(s.expired).toBe(false);
    expect(s.providers).toBe(16);
    expect(s.services).toBe(108);
    expect(s.servicesByType[SVC_TYPE.CA_QC]).toBeGreaterThan(0);
    const text = formatInspection(s);
    expect(text).toContain('Trusted list BE');
    expect(text).toContain('VALID (pinned signer)');
    console.log(text);
  });
});
