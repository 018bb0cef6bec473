import { describe, expect, it } from 'vitest';
import { anchorTrustedAt } from '../../src/trust/anchor.js';
import {
  loadTrustedList,
  parseTrustedList,
  SVC_STATUS,
  SVC_TYPE,
  TL_EXPIRED,
  TL_MALFORMED,
  TL_SIGNATURE_INVALID,
  TL_SIGNER_NOT_PINNED,
  TL_UNSIGNED,
} from '../../src/trust/etsi/index.js';
import { parseCertificate } from '../../src/x509/certificate.js';
import { fixture } from './helpers.js';

const pinned = [fixture('tl-signer.der')];
const NOW = new Date('2025-06-01T00:00:00Z');

describe('fixture TS 119 612 lists (fixtures/make-trust-list-fixtures.mjs)', () => {
  it('parses scheme information, providers, services, history and extensions', () => {
    const list = parseTrustedList(fixture('zz-history.xml'));
    expect(list.territory).toBe('ZZ');
    expect(list.listId).toBe('ZZ-TSL');
    expect(list.sequenceNumber).toBe(7);
    expect(list.issued.toISOString()).toBe('2025-01-01T00:00:00.000Z');
    expect(list.nextUpdate?.toISOString()).toBe('2030-01-01T00:00:00.000Z');
    expect(list.schemeOperatorName).toBe('crossign test scheme operator ZZ');
    expect(list.providers).toHaveLength(1);
    const [ca, tsa] = list.providers[0]!.services;
    expect(ca!.current.serviceType).toBe(SVC_TYPE.CA_QC);
    expect(ca!.current.status).toBe(SVC_STATUS.granted);
    expect(ca!.history.map((h) => h.status)).toEqual([SVC_STATUS.withdrawn, SVC_STATUS.granted]);
    expect(ca!.current.identity.certificates).toHaveLength(1);
    expect(ca!.current.identity.subjectNames[0]).toContain('ZZ Qualified CA');
    expect(ca!.current.qualifications[0]!.qualifiers).toEqual(['QCWithQSCD']);
    expect(ca!.current.qualifications[0]!.criteria).toEqual({
      assert: 'atLeastOne',
      criteria: [{ kind: 'policySet', oids: ['2.999.1'] }],
    });
    expect(ca!.current.additionalServiceInformation[0]!.uri).toMatch(/ForeSignatures$/);
    expect(ca!.current.expiredCertsRevocationInfo?.toISOString()).toBe('2016-06-30T22:00:00.000Z');
    expect(ca!.current.unsupported).toEqual([]);
    expect(tsa!.current.serviceType).toBe(SVC_TYPE.TSA_QTST);
    expect(list.digest).toMatch(/^[0-9a-f]{64}$/);
  });

  it('loads a correctly signed list and builds anchors with list snapshot and status periods', async () => {
    const r = await loadTrustedList(fixture('zz-history.xml'), { pinnedSigners: pinned, now: NOW });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.signer.subject).toContain('ZZ Trusted List Signer');
    expect(r.signingTime?.toISOString()).toBe('2025-01-01T00:05:00.000Z');
    const ca = r.anchors.find((a) => a.serviceType === SVC_TYPE.CA_QC)!;
    expect(ca.certificate.subject).toContain('ZZ Qualified CA');
    expect(ca.lists).toEqual([
      {
        economy: 'ZZ',
        listId: 'ZZ-TSL',
        sequenceNumber: 7,
        issued: '2025-01-01T00:00:00.000Z',
        digest: r.list.digest,
      },
    ]);
    expect(ca.qualifiers).toEqual(['http://uri.etsi.org/TrstSvc/TrustedList/SvcInfoExt/QCWithQSCD']);
    expect(
      ca.periods!.map((p) => [
        p.status.split('/').pop(),
        p.from.toISOString(),
        p.to?.toISOString(),
        p.trusted,
      ]),
    ).toEqual([
      ['granted', '2020-01-01T00:00:00.000Z', '2022-01-01T00:00:00.000Z', true],
      ['withdrawn', '2022-01-01T00:00:00.000Z', '2024-01-01T00:00:00.000Z', false],
      ['granted', '2024-01-01T00:00:00.000Z', undefined, true],
    ]);
  });

  it('a service withdrawn before the signing time and granted after it counts only when granted', async () => {
    const r = await loadTrustedList(fixture('zz-history.xml'), { pinnedSigners: pinned, now: NOW });
    if (!r.ok) throw new Error(r.reason);
    const ca = r.anchors.find((a) => a.serviceType === SVC_TYPE.CA_QC)!;
    expect(anchorTrustedAt(ca, new Date('2023-06-01T00:00:00Z'))).toBe(false); // withdrawn then
    expect(anchorTrustedAt(ca, new Date('2024-06-01T00:00:00Z'))).toBe(true); // granted again
    expect(anchorTrustedAt(ca, new Date('2021-01-01T00:00:00Z'))).toBe(true);
    expect(anchorTrustedAt(ca, new Date('2019-06-01T00:00:00Z'))).toBe(false); // before the service existed
    const tsa = r.anchors.find((a) => a.serviceType === SVC_TYPE.TSA_QTST)!;
    expect(anchorTrustedAt(tsa, NOW)).toBe(false); // currently withdrawn, no history
  });

  it('rejects a tampered list', async () => {
    const r = await loadTrustedList(fixture('zz-tampered.xml'), { pinnedSigners: pinned, now: NOW });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.code).toBe(TL_SIGNATURE_INVALID);
    expect(r.reason).toMatch(/digest/i);
  });

  it('rejects an expired list unless allowed, and honours the grace period', async () => {
    const xml = fixture('zz-expired.xml');
    const r = await loadTrustedList(xml, { pinnedSigners: pinned, now: NOW });
    expect(r.ok ? 'ok' : r.code).toBe(TL_EXPIRED);
    const allowed = await loadTrustedList(xml, { pinnedSigners: pinned, now: NOW, allowExpired: true });
    expect(allowed.ok).toBe(true);
    const justAfter = new Date('2024-07-02T00:00:00Z');
    expect((await loadTrustedList(xml, { pinnedSigners: pinned, now: justAfter })).ok).toBe(false);
    expect(
      (await loadTrustedList(xml, { pinnedSigners: pinned, now: justAfter, expiryGraceMs: 2 * 86_400_000 }))
        .ok,
    ).toBe(true);
  });

  it('rejects a list signed by an unpinned key, naming the signer', async () => {
    const r = await loadTrustedList(fixture('zz-unpinned.xml'), { pinnedSigners: pinned, now: NOW });
    expect(r.ok ? 'ok' : r.code).toBe(TL_SIGNER_NOT_PINNED);
    if (!r.ok) expect(r.reason).toContain('Unpinned List Signer');
    // Pinning its signer makes the same bytes acceptable: the rejection was about pinning only.
    const ok = await loadTrustedList(fixture('zz-unpinned.xml'), {
      pinnedSigners: [fixture('other-signer.der')],
      now: NOW,
    });
    expect(ok.ok).toBe(true);
  });

  it('rejects an unsigned list and a list with no pins', async () => {
    const r = await loadTrustedList(fixture('zz-unsigned.xml'), { pinnedSigners: pinned, now: NOW });
    expect(r.ok ? 'ok' : r.code).toBe(TL_UNSIGNED);
    const none = await loadTrustedList(fixture('zz-history.xml'), { pinnedSigners: [], now: NOW });
    expect(none.ok ? 'ok' : none.code).toBe(TL_SIGNER_NOT_PINNED);
  });

  it('rejects malformed input without throwing', async () => {
    for (const bad of [
      '',
      'not xml',
      '<a/>',
      '<!DOCTYPE x [<!ENTITY a "b">]><x/>',
      new Uint8Array([0xff, 0xfe, 0]),
    ]) {
      const r = await loadTrustedList(bad, { pinnedSigners: pinned, now: NOW });
      expect(r.ok ? 'ok' : r.code).toBe(TL_MALFORMED);
    }
  });

  it('refuses a signature whose document reference was moved off the whole list (wrapping)', async () => {
    const original = new TextDecoder().decode(fixture('zz-history.xml'));
    const s = original.replace('<ds:Reference URI="">', '<ds:Reference URI="#elsewhere">');
    expect(s).not.toBe(original);
    const r = await loadTrustedList(s, { pinnedSigners: pinned, now: NOW });
    expect(r.ok ? 'ok' : r.code).toBe(TL_SIGNATURE_INVALID);
  });

  it('does not trust a service instance with an unknown critical extension', () => {
    const s = new TextDecoder()
      .decode(fixture('zz-unsigned.xml'))
      .replace(
        '<ServiceInformationExtensions>',
        '<ServiceInformationExtensions><Extension Critical="true"><Mystery xmlns="urn:x"/></Extension>',
      );
    const list = parseTrustedList(s);
    expect(list.providers[0]!.services[0]!.current.unsupported).toEqual(['{urn:x}Mystery']);
  });

  it('anchors carry parsed certificates identical to the listed DER', async () => {
    const r = await loadTrustedList(fixture('zz-history.xml'), { pinnedSigners: pinned, now: NOW });
    if (!r.ok) throw new Error(r.reason);
    const listed = parseCertificate(fixture('listed-ca.der'));
    expect(r.anchors.some((a) => a.certificate.sha256 === listed.sha256)).toBe(true);
  });
});
