/**
 * ETSI TS 119 602 XML LoTE reader on a TEST-ONLY fixture (fixtures/trust-lists/lote-basic.xml),
 * signed in memory with the published TEST key of fixtures/trust-lists (tl-signer) so the
 * TS 119 612 signature check is exercised unchanged on a LoTE root.
 */
import { webcrypto } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DOMImplementation, DOMParser, XMLSerializer } from '@xmldom/xmldom';
import { beforeAll, describe, expect, it } from 'vitest';
import * as xades from 'xadesjs';
import { CrossignError } from '../../src/lib/errors.js';
import { anchorTrustedAt } from '../../src/trust/anchor.js';
import { anchorsFromLote, LOTE_MALFORMED, loadLote, parseLote } from '../../src/trust/etsi/lote.js';

const ROOT = resolve(__dirname, '../..');
const TL = join(ROOT, 'fixtures/trust-lists');
const XML = readFileSync(join(TL, 'lote-basic.xml'), 'utf8');
const SIGNER = new Uint8Array(readFileSync(join(TL, 'tl-signer.der')));
const OTHER = new Uint8Array(readFileSync(join(TL, 'other-signer.der')));
const CA = new Uint8Array(readFileSync(join(TL, 'listed-ca.der')));
const RSA = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
const NOW = new Date('2025-06-01T00:00:00Z');

async function sign(xml: string): Promise<string> {
  xades.setNodeDependencies({ DOMParser, XMLSerializer, DOMImplementation });
  xades.Application.setEngine('NodeJS', webcrypto as unknown as Crypto);
  const key = await webcrypto.subtle.importKey(
    'pkcs8',
    readFileSync(join(TL, 'keys/tl-signer.pk8')),
    RSA,
    true,
    ['sign'],
  );
  const doc = new DOMParser().parseFromString(xml, 'application/xml') as unknown as Document;
  const b64 = Buffer.from(SIGNER).toString('base64');
  const signed = new xades.SignedXml();
  await signed.Sign({ name: 'RSASSA-PKCS1-v1_5' }, key as CryptoKey, doc, {
    references: [{ uri: '', hash: 'SHA-256', transforms: ['enveloped', 'exc-c14n'] }],
    x509: [b64],
    signingCertificate: { certificate: b64, digestAlgorithm: 'SHA-256' },
    signingTime: { value: new Date('2025-01-01T00:00:00Z') },
  });
  doc.documentElement.appendChild(signed.XmlSignature.GetXml() as unknown as Node);
  return new XMLSerializer().serializeToString(doc as never);
}

describe('parseLote', () => {
  const list = parseLote(XML);

  it('maps ListAndSchemeInformation onto the TS 119 612 model', () => {
    expect(list).toMatchObject({
      territory: 'ZZ',
      sequenceNumber: 3,
      versionIdentifier: 1,
      listId: 'ZZ-LoTE',
      tslType: 'http://uri.etsi.org/19602/LoTEType/EUPIDProvidersList',
      schemeOperatorName: 'ZZ Test Operator',
    });
    expect(list.issued.toISOString()).toBe('2025-01-01T00:00:00.000Z');
    expect(list.nextUpdate?.toISOString()).toBe('2026-01-01T00:00:00.000Z');
    expect(list.providers.map((p) => [p.name, p.tradeNames, p.services.length])).toEqual([
      ['ZZ Test Entity', ['ZZTE'], 1],
    ]);
    expect(list.providers[0]!.services[0]!.history).toHaveLength(1);
  });

  it('builds anchors whose periods follow the service history', () => {
    const [a] = anchorsFromLote(list);
    expect(Buffer.from(a!.certificate.der).equals(Buffer.from(CA))).toBe(true);
    expect(a!.lists[0]).toMatchObject({ economy: 'ZZ', listId: 'ZZ-LoTE', sequenceNumber: 3 });
    expect(anchorTrustedAt(a!, new Date('2023-01-01Z'))).toBe(false); // withdrawn
    expect(anchorTrustedAt(a!, new Date('2024-06-01Z'))).toBe(true); // granted
  });

  it('a service with no status or an unknown status never counts unless the caller names it', () => {
    const noStatus = XML.replace(/<ServiceStatus>[^<]*granted<\/ServiceStatus>/, '');
    const [a] = anchorsFromLote(parseLote(noStatus));
    expect(anchorTrustedAt(a!, new Date('2024-06-01Z'))).toBe(false);
    const custom = XML.replace(/Svcstatus\/granted/, 'Svcstatus/x-profile-active');
    const s = 'http://uri.etsi.org/TrstSvc/TrustedList/Svcstatus/x-profile-active';
    expect(anchorTrustedAt(anchorsFromLote(parseLote(custom))[0]!, new Date('2024-06-01Z'))).toBe(false);
    const [b] = anchorsFromLote(parseLote(custom), { trustedStatuses: new Set([s]) });
    expect(anchorTrustedAt(b!, new Date('2024-06-01Z'))).toBe(true);
  });

  it.each([
    ['a TS 119 612 root', '<TrustServiceStatusList xmlns="http://uri.etsi.org/02231/v2#"/>'],
    ['no namespace', XML.replace(' xmlns="http://uri.etsi.org/019602/v1#"', '')],
    ['no sequence number', XML.replace('<LoTESequenceNumber>3</LoTESequenceNumber>', '')],
    ['no issue date', XML.replace(/<ListIssueDateTime>[^<]*<\/ListIssueDateTime>/, '')],
    ['broken XML', XML.slice(0, 400)],
  ])('%s → formatError(LOTE_MALFORMED)', (_w, xml) => {
    let code: string | undefined;
    try {
      parseLote(xml);
    } catch (e) {
      if (e instanceof CrossignError) code = e.problem;
    }
    expect(code).toBe(LOTE_MALFORMED);
  });
});

describe('loadLote: the enveloped XAdES signature, checked like a TS 119 612 list', () => {
  let signed = '';
  beforeAll(async () => {
    signed = await sign(XML);
  });

  it('signed by the pinned signer: loads with anchors', async () => {
    const r = await loadLote(signed, { pinnedSigners: [SIGNER], now: NOW });
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.anchors).toHaveLength(1);
  });

  it('through loadEtsiTrustLists (what verify() uses): the LoTE is recognised and loads into the same model', async () => {
    const { loadEtsiTrustLists } = await import('../../src/trust/etsi/load.js');
    const r = await loadEtsiTrustLists([{ xml: signed, pinnedSigners: [SIGNER] }], { now: NOW });
    expect(r.problems).toEqual([]);
    expect(r.anchors).toHaveLength(1);
    expect(r.refs[0]?.listId).toMatch(/-LoTE$/);
  });

  it('another pinned signer: TL_SIGNER_NOT_PINNED', async () => {
    const r = await loadLote(signed, { pinnedSigners: [OTHER], now: NOW });
    expect(r).toMatchObject({ ok: false, code: 'TL_SIGNER_NOT_PINNED' });
  });

  it('tampered after signing: TL_SIGNATURE_INVALID', async () => {
    const t = signed.replace('Svcstatus/withdrawn', 'Svcstatus/granted');
    expect(t).not.toBe(signed);
    const r = await loadLote(t, { pinnedSigners: [SIGNER], now: NOW });
    expect(r).toMatchObject({ ok: false, code: 'TL_SIGNATURE_INVALID' });
  });

  it('unsigned: TL_UNSIGNED; past NextUpdate: TL_EXPIRED', async () => {
    expect(await loadLote(XML, { pinnedSigners: [SIGNER], now: NOW })).toMatchObject({
      ok: false,
      code: 'TL_UNSIGNED',
    });
    expect(await loadLote(signed, { pinnedSigners: [SIGNER], now: new Date('2026-02-01Z') })).toMatchObject({
      ok: false,
      code: 'TL_EXPIRED',
    });
  });
});
