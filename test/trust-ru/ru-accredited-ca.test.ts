/**
 * The RU accredited-CA list reader on a TEST-ONLY fixture in the Минцифры TSL.xml shape
 * (fixtures/trust-lists/ru-accredited.xml) holding the GOST test CA (suspended for a while) and the
 * RSA test root (accreditation ended), then end to end with a GOST R 34.10-2012 CMS.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CrossignError } from '../../src/lib/errors.js';
import { anchorTrustedAt } from '../../src/trust/anchor.js';
import { loadPemBundle } from '../../src/trust/pem.js';
import { bundledProfiles } from '../../src/trust/profiles.js';
import {
  accreditationPeriods,
  anchorInputsAt,
  parseRuAccreditedCaList,
  parseRuTime,
  RU_CERT_UNREADABLE,
  RU_LIST_DIGEST_MISMATCH,
  RU_LIST_ID,
  RU_LIST_MALFORMED,
  RU_LIST_UNSIGNED,
  RU_STATUS_MISSING,
} from '../../src/trust/ru/index.js';
import { verify } from '../../src/verify.js';

const ROOT = resolve(__dirname, '../..');
const read = (p: string) => new Uint8Array(readFileSync(join(ROOT, p)));
const XML = read('fixtures/trust-lists/ru-accredited.xml');
const XML_TEXT = new TextDecoder().decode(XML);
const pemSha = (p: string) => loadPemBundle(readFileSync(join(ROOT, p), 'utf8'))[0]!.sha256;
const GOST_CA = pemSha('fixtures/national/gost/ca.pem');
const RSA_ROOT = pemSha('fixtures/pki/root-ca.pem');

function problemOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    if (e instanceof CrossignError) return e.problem;
    throw e;
  }
  return undefined;
}

describe('parseRuAccreditedCaList', () => {
  const list = parseRuAccreditedCaList(XML);

  it('reads version, date and the centres with their identifiers', () => {
    expect(list.version).toBe(12345);
    expect(list.issued.toISOString()).toBe('2025-12-01T06:00:00.000Z');
    expect(list.centres.map((c) => [c.shortName, c.inn, c.ogrn])).toEqual([
      ['Тест ГОСТ УЦ', '7700000000', '1027700000000'],
      ['Бывший УЦ', '7700000001', '1027700000001'],
    ]);
    expect(list.centres[0]!.complexes[0]!.keys[0]!.crlUrls).toEqual(['http://ca.example.test/crl/gost.crl']);
  });

  it('produces one anchor per listed certificate, tagged with the RU list snapshot', () => {
    expect(list.anchors.map((a) => a.certificate.sha256)).toEqual([GOST_CA, RSA_ROOT]);
    expect(list.ref).toMatchObject({ economy: 'RU', listId: RU_LIST_ID, sequenceNumber: 12345 });
    expect(list.ref.digest).toMatch(/^[0-9a-f]{64}$/);
    for (const a of list.anchors) expect(a.lists).toEqual([list.ref]);
  });

  it('uses the list id the RU profile top tier requires', () => {
    const cond = bundledProfiles().RU!.tiers[0]!.conditions.find((c) => c.type === 'chain-anchored-in');
    expect(cond && 'lists' in cond ? cond.lists : []).toContain(list.ref.listId);
  });

  it('honours the accreditation history: suspended and ended periods do not count', () => {
    const [gost, rsa] = list.anchors;
    expect(anchorTrustedAt(gost!, new Date('2024-12-31T00:00:00Z'))).toBe(false); // before accreditation
    expect(anchorTrustedAt(gost!, new Date('2025-03-01T00:00:00Z'))).toBe(true);
    expect(anchorTrustedAt(gost!, new Date('2025-07-01T00:00:00Z'))).toBe(false); // Приостановлена
    expect(anchorTrustedAt(gost!, new Date('2026-01-01T00:00:00Z'))).toBe(true);
    expect(anchorTrustedAt(rsa!, new Date('2023-01-01T00:00:00Z'))).toBe(true);
    expect(anchorTrustedAt(rsa!, new Date('2024-03-01T00:00:00Z'))).toBe(false); // Прекращена (MSK midnight passed)
    expect(anchorTrustedAt(rsa!, new Date('2024-02-29T20:59:59Z'))).toBe(true);
    expect(gost!.periods!.map((p) => [p.status, p.trusted])).toEqual([
      ['Действует', true],
      ['Приостановлена', false],
      ['Действует', true],
    ]);
  });

  it('records that the list is unsigned, every time', () => {
    expect(list.problems.map((p) => p.code)).toEqual([RU_LIST_UNSIGNED]);
    expect(list.problems[0]!.severity).toBe('warning');
  });

  it('checks a pinned digest', () => {
    expect(parseRuAccreditedCaList(XML, { expectedSha256: list.digest }).anchors).toHaveLength(2);
    expect(problemOf(() => parseRuAccreditedCaList(XML, { expectedSha256: '00'.repeat(32) }))).toBe(
      RU_LIST_DIGEST_MISMATCH,
    );
  });
});

describe('fail closed', () => {
  it.each([
    ['not XML', '<АккредитованныеУдостоверяющиеЦентры><Версия>'],
    ['another root', '<TrustServiceStatusList xmlns="http://uri.etsi.org/02231/v2#"/>'],
    ['a DTD', '<!DOCTYPE x [<!ENTITY a "b">]><АккредитованныеУдостоверяющиеЦентры/>'],
    ['no version', XML_TEXT.replace('<Версия>12345</Версия>', '')],
    ['a bad date', XML_TEXT.replace('2025-12-01T09:00:00+03:00', 'вчера')],
    ['a status without its date', XML_TEXT.replace('<ДействуетС>2024-03-01T00:00:00+03:00</ДействуетС>', '')],
    ['certificate data that is not base64', XML_TEXT.replace(/<Данные>MII/, '<Данные>%%%')],
  ])('%s → formatError(RU_LIST_MALFORMED)', (_what, xml) => {
    expect(problemOf(() => parseRuAccreditedCaList(xml))).toBe(RU_LIST_MALFORMED);
  });

  it('an unreadable certificate is skipped with a warning, the rest still loads', () => {
    const bad = XML_TEXT.replace(/<Данные>MII[^<]*<\/Данные>/, '<Данные>AAAA</Данные>');
    const l = parseRuAccreditedCaList(bad);
    expect(l.anchors.map((a) => a.certificate.sha256)).toEqual([RSA_ROOT]);
    expect(l.problems.map((p) => p.code)).toContain(RU_CERT_UNREADABLE);
  });

  it('a centre without any status never counts', () => {
    const noStatus = XML_TEXT.replace(/<СтатусАккредитации>[\s\S]*?<\/ИсторияСтатусовАккредитации>/, '');
    const l = parseRuAccreditedCaList(noStatus);
    expect(l.problems.map((p) => p.code)).toContain(RU_STATUS_MISSING);
    const gost = l.anchors.find((a) => a.certificate.sha256 === GOST_CA)!;
    expect(anchorTrustedAt(gost, new Date('2026-01-01T00:00:00Z'))).toBe(false);
  });

  it('an unknown status word is not trusted; an explicit end closes the period', () => {
    const p = accreditationPeriods([
      { status: 'Действует', from: new Date('2020-01-01Z'), to: new Date('2021-01-01Z') },
      { status: 'что-то новое', from: new Date('2022-01-01Z') },
    ]);
    expect(p.map((x) => [x.trusted, x.to?.toISOString()])).toEqual([
      [true, '2021-01-01T00:00:00.000Z'],
      [false, undefined],
    ]);
  });

  it('reads times without an offset as Moscow time', () => {
    expect(parseRuTime('2025-01-01T00:00:00')?.toISOString()).toBe('2024-12-31T21:00:00.000Z');
    expect(parseRuTime('2025-01-01')?.toISOString()).toBe('2024-12-31T21:00:00.000Z');
    expect(parseRuTime('not a date')).toBeUndefined();
  });
});

describe('end to end: GOST R 34.10-2012 CMS anchored in the RU list', () => {
  const list = parseRuAccreditedCaList(XML);
  const file = read('fixtures/national/gost/gost2012-256-attached.p7m');
  const top = bundledProfiles().RU!.tiers[0]!;

  async function run(validationTime: Date) {
    const v = await verify(file, {
      economies: ['RU'],
      trustAnchors: anchorInputsAt(list.anchors, validationTime),
      validationTime,
      revocation: { mode: 'off' },
    });
    expect(v.signatures).toHaveLength(1);
    return v.signatures[0]!;
  }

  it('while accredited: TOTAL_PASSED, anchored in RU-accredited-CA, RU top tier reached', async () => {
    const s = await run(new Date('2026-01-01T00:00:00Z'));
    expect(s.indication).toBe('TOTAL_PASSED');
    expect(s.chain.anchoredIn.map((l) => l.listId)).toEqual([RU_LIST_ID]);
    const rec = s.recognition.RU!;
    expect(rec).toMatchObject({ level: 'top-statutory-tier', tier: top.id });
    for (const c of rec.conditions.filter((c) => c.id.startsWith(`${top.id}.`)))
      expect(c.result).toBe('passed');
  });

  it('while suspended: the CA is not offered as an anchor, so the top tier is not reached', async () => {
    const at = new Date('2025-07-01T00:00:00Z');
    expect(anchorInputsAt(list.anchors, at).map((a) => a.certificate)).not.toContainEqual(
      list.anchors[0]!.certificate.der,
    );
    const s = await run(at);
    expect(s.indication).not.toBe('TOTAL_PASSED');
    expect(s.recognition.RU?.level).not.toBe('top-statutory-tier');
  });
});
