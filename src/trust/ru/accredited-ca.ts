/**
 * Russia's list of accredited certification centres (Минцифры; historically e-trust.gosuslugi.ru
 * /CA/DownloadTSL?schemaVersion=0, commonly saved as TSL.xml), read into the shared TrustAnchor model.
 * Hand-written over the DOM helpers of the TS 119 612 reader: no kept JavaScript library reads this
 * national, Cyrillic-named, namespace-less format.
 *
 * Element names relied on (no XSD was found; confirmed from independent public readers of the real
 * file — a Go reader (e-trust certparser), a JAXB model (svkreml certificateViewer, types
 * СтатусАккредитацииТип / ДанныеСертификатаТип / АдресТип), XSLT/XPath CRL extractors and a Python
 * CRL monitor — all agreeing):
 *   АккредитованныеУдостоверяющиеЦентры (root, no namespace)
 *     Версия (integer) · Дата (xs:dateTime)
 *     УдостоверяющийЦентр*
 *       Название · КраткоеНазвание · ИНН · ОГРН · РеестровыйНомер
 *       СтатусАккредитации { Статус · ДействуетС (xs:dateTime) }
 *       ИсторияСтатусовАккредитации { СтатусАккредитации* }
 *       ПрограммноАппаратныеКомплексы { ПрограммноАппаратныйКомплекс* { Псевдоним ·
 *         КлючиУполномоченныхЛиц { Ключ* { ИдентификаторКлюча · АдресаСписковОтзыва { Адрес* } ·
 *           Сертификаты { ДанныеСертификата* { Отпечаток · КемВыдан · КомуВыдан · СерийныйНомер ·
 *             ПериодДействияС · ПериодДействияДо · Данные (base64 DER) } } } } } }
 * Confirmed status value: «Действует» (in force) — the only one that makes a centre trusted.
 * NOT confirmed (handled, marked): the other status words (e.g. «Прекращена», «Приостановлена»,
 * «Аннулирована») — any value other than «Действует» is treated as not trusted (fail closed); an
 * end date `ДействуетПо` inside a status (accepted if present, else a status lasts until the next
 * one starts); `Ключи` as an alias of `КлючиУполномоченныхЛиц`; dateTimes without a UTC offset
 * (read as Moscow time, UTC+03:00 — the readers above parse RFC 3339 with an offset).
 *
 * The list carries no signature of its own: it is published over HTTPS only. Every parse therefore
 * reports RU_LIST_UNSIGNED; callers that need integrity pin the list's SHA-256 (`expectedSha256`).
 */
import { digestParts } from '../../crypto/registry.js';
import { fromBase64, toHex } from '../../lib/bytes.js';
import { formatError, isCrossignError } from '../../lib/errors.js';
import type { Problem, TrustListRef } from '../../verdict/schema.js';
import { type Certificate, parseCertificate } from '../../x509/certificate.js';
import { type AnchorPeriod, anchorTrustedAt, type TrustAnchor } from '../anchor.js';
import { childElements, type DomOptions, parseXml, xmlText } from '../etsi/dom.js';

export const RU_LIST_MALFORMED = 'RU_LIST_MALFORMED';
/** Always reported: the list has no signature crossign could check. */
export const RU_LIST_UNSIGNED = 'RU_LIST_UNSIGNED';
export const RU_LIST_DIGEST_MISMATCH = 'RU_LIST_DIGEST_MISMATCH';
/** A ДанныеСертификата/Данные that is not a readable certificate: skipped, listed as a warning. */
export const RU_CERT_UNREADABLE = 'RU_CERT_UNREADABLE';
/** A centre without any accreditation status: its certificates never count. */
export const RU_STATUS_MISSING = 'RU_STATUS_MISSING';

export const RU_ECONOMY = 'RU';
/** The list id the RU profile's top tier names (trust-lists/RU/profile.json, chain-anchored-in). */
export const RU_LIST_ID = 'RU-accredited-CA';
export const RU_ROOT = 'АккредитованныеУдостоверяющиеЦентры';
export const RU_STATUS_ACTIVE = 'Действует';
/** Status given to a centre that lists no status at all. */
export const RU_STATUS_UNKNOWN = 'unknown';

export interface RuAccreditationStatus {
  status: string;
  from: Date;
  /** Only when the list states an end (ДействуетПо, unconfirmed element). */
  to?: Date;
}

export interface RuCertificateEntry {
  der: Uint8Array;
  thumbprint?: string;
  issuer?: string;
  subject?: string;
  serialNumber?: string;
  notBefore?: Date;
  notAfter?: Date;
}

export interface RuKey {
  keyId?: string;
  crlUrls: string[];
  certificates: RuCertificateEntry[];
}

export interface RuSoftwareHardwareComplex {
  alias?: string;
  keys: RuKey[];
}

export interface RuCentre {
  name: string;
  shortName?: string;
  inn?: string;
  ogrn?: string;
  registryNumber?: string;
  status?: RuAccreditationStatus;
  history: RuAccreditationStatus[];
  complexes: RuSoftwareHardwareComplex[];
  /** Status periods derived from status + history (what the anchors carry). */
  periods: AnchorPeriod[];
}

export interface RuAccreditedCaList {
  version: number;
  issued: Date;
  centres: RuCentre[];
  anchors: TrustAnchor[];
  ref: TrustListRef;
  /** sha256 of the exact bytes, lower-case hex. */
  digest: string;
  byteLength: number;
  /** Always holds RU_LIST_UNSIGNED; also unreadable certificates and centres without status. */
  problems: Problem[];
}

export interface RuParseOptions extends DomOptions {
  /** SHA-256 (hex) the caller pinned for this snapshot; a mismatch throws RU_LIST_DIGEST_MISMATCH. */
  expectedSha256?: string;
}

const MOSCOW_OFFSET = '+03:00';

function kids(el: Element | undefined, local: string): Element[] {
  return childElements(el, undefined, local).filter((c) => !c.namespaceURI);
}

function kid(el: Element | undefined, local: string): Element | undefined {
  return kids(el, local)[0];
}

function textOf(el: Element | undefined): string | undefined {
  const t = el?.textContent?.trim();
  return t ? t : undefined;
}

function field(el: Element | undefined, local: string): string | undefined {
  return textOf(kid(el, local));
}

/** xs:dateTime or xs:date; no offset = Moscow time (assumption, see header). */
export function parseRuTime(s: string | undefined): Date | undefined {
  if (!s) return undefined;
  const m = /^(\d{4}-\d{2}-\d{2})(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?(Z|[+-]\d{2}:\d{2})?$/.exec(s.trim());
  if (!m) return undefined;
  const time = m[2] ?? 'T00:00:00';
  const d = new Date(`${m[1]}${time}${m[5] ?? MOSCOW_OFFSET}`);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

function malformed(message: string, cause?: unknown): Error {
  return formatError(RU_LIST_MALFORMED, message, cause);
}

function readStatus(el: Element, where: string): RuAccreditationStatus {
  const status = field(el, 'Статус');
  const from = parseRuTime(field(el, 'ДействуетС'));
  if (!status || !from) throw malformed(`${where}: СтатусАккредитации lacks Статус or a valid ДействуетС`);
  const out: RuAccreditationStatus = { status, from };
  const to = parseRuTime(field(el, 'ДействуетПо'));
  if (to) out.to = to;
  return out;
}

/**
 * Each status holds from its ДействуетС until the next one starts (or its own ДействуетПо, if
 * earlier); only «Действует» is trusted. No status at all = one untrusted period (fail closed:
 * an anchor with no periods would count always).
 */
export function accreditationPeriods(statuses: readonly RuAccreditationStatus[]): AnchorPeriod[] {
  const seen = new Set<string>();
  const uniq = statuses.filter((s) => {
    const k = `${s.status}|${s.from.getTime()}|${s.to?.getTime() ?? ''}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  if (uniq.length === 0) return [{ status: RU_STATUS_UNKNOWN, from: new Date(0), trusted: false }];
  const sorted = [...uniq].sort((a, b) => a.from.getTime() - b.from.getTime());
  return sorted.map((s, i) => {
    const p: AnchorPeriod = { status: s.status, from: s.from, trusted: s.status === RU_STATUS_ACTIVE };
    const next = sorted[i + 1]?.from;
    const end = s.to && (!next || s.to < next) ? s.to : next;
    if (end) p.to = end;
    return p;
  });
}

function readCertificate(el: Element, where: string): RuCertificateEntry {
  const data = field(el, 'Данные');
  if (!data) throw malformed(`${where}: ДанныеСертификата without Данные`);
  let der: Uint8Array;
  try {
    der = fromBase64(data.replace(/\s+/g, ''));
  } catch (e) {
    throw malformed(`${where}: Данные is not base64`, e);
  }
  const out: RuCertificateEntry = { der };
  const thumbprint = field(el, 'Отпечаток');
  const issuer = field(el, 'КемВыдан');
  const subject = field(el, 'КомуВыдан');
  const serialNumber = field(el, 'СерийныйНомер');
  const notBefore = parseRuTime(field(el, 'ПериодДействияС'));
  const notAfter = parseRuTime(field(el, 'ПериодДействияДо'));
  if (thumbprint) out.thumbprint = thumbprint;
  if (issuer) out.issuer = issuer;
  if (subject) out.subject = subject;
  if (serialNumber) out.serialNumber = serialNumber;
  if (notBefore) out.notBefore = notBefore;
  if (notAfter) out.notAfter = notAfter;
  return out;
}

function readComplex(el: Element, where: string): RuSoftwareHardwareComplex {
  const keyContainers = [...kids(el, 'КлючиУполномоченныхЛиц'), ...kids(el, 'Ключи')];
  const keys: RuKey[] = keyContainers.flatMap((kc) =>
    kids(kc, 'Ключ').map((k) => {
      const key: RuKey = {
        crlUrls: kids(kid(k, 'АдресаСписковОтзыва'), 'Адрес')
          .map((a) => textOf(a) ?? '')
          .filter((a) => a !== ''),
        certificates: kids(kid(k, 'Сертификаты'), 'ДанныеСертификата').map((c) => readCertificate(c, where)),
      };
      const keyId = field(k, 'ИдентификаторКлюча');
      if (keyId) key.keyId = keyId;
      return key;
    }),
  );
  const out: RuSoftwareHardwareComplex = { keys };
  const alias = field(el, 'Псевдоним');
  if (alias) out.alias = alias;
  return out;
}

function readCentre(el: Element, index: number): RuCentre {
  const name = field(el, 'Название');
  const where = `УдостоверяющийЦентр #${index + 1}${name ? ` (${name})` : ''}`;
  if (!name) throw malformed(`${where}: no Название`);
  const current = kid(el, 'СтатусАккредитации');
  const history = kids(kid(el, 'ИсторияСтатусовАккредитации'), 'СтатусАккредитации').map((s) =>
    readStatus(s, where),
  );
  const centre: RuCentre = {
    name,
    history,
    complexes: kids(kid(el, 'ПрограммноАппаратныеКомплексы'), 'ПрограммноАппаратныйКомплекс').map((c) =>
      readComplex(c, where),
    ),
    periods: [],
  };
  if (current) centre.status = readStatus(current, where);
  centre.periods = accreditationPeriods(centre.status ? [centre.status, ...history] : history);
  for (const [k, v] of [
    ['shortName', field(el, 'КраткоеНазвание')],
    ['inn', field(el, 'ИНН')],
    ['ogrn', field(el, 'ОГРН')],
    ['registryNumber', field(el, 'РеестровыйНомер')],
  ] as const) {
    if (v) centre[k] = v;
  }
  return centre;
}

function parseDocument(xml: string | Uint8Array, opts: DomOptions): Document {
  try {
    return parseXml(xmlText(xml), opts);
  } catch (e) {
    if (isCrossignError(e)) throw malformed(e.message.replace('trusted list', 'RU accredited-CA list'), e);
    throw malformed('RU accredited-CA list cannot be read', e);
  }
}

/** Parses the list and builds anchors. Throws formatError(RU_LIST_MALFORMED) when it is not one. */
export function parseRuAccreditedCaList(
  xml: string | Uint8Array,
  opts: RuParseOptions = {},
): RuAccreditedCaList {
  const bytes = typeof xml === 'string' ? new TextEncoder().encode(xml) : xml;
  const digest = toHex(digestParts('SHA-256', [bytes]));
  if (opts.expectedSha256 !== undefined && opts.expectedSha256.toLowerCase() !== digest) {
    throw formatError(
      RU_LIST_DIGEST_MISMATCH,
      `RU accredited-CA list digest ${digest} is not the pinned ${opts.expectedSha256}`,
    );
  }
  const root = parseDocument(xml, opts).documentElement;
  if (root.localName !== RU_ROOT || root.namespaceURI) {
    throw malformed(`not an RU accredited-CA list: root element is ${root.localName}`);
  }
  const versionText = field(root, 'Версия');
  const version = versionText && /^\d+$/.test(versionText) ? Number(versionText) : Number.NaN;
  if (!Number.isSafeInteger(version)) throw malformed('Версия is missing or not an integer');
  const issued = parseRuTime(field(root, 'Дата'));
  if (!issued) throw malformed('Дата is missing or not a date');
  const centres = kids(root, 'УдостоверяющийЦентр').map(readCentre);

  const ref: TrustListRef = {
    economy: RU_ECONOMY,
    listId: RU_LIST_ID,
    name: 'Аккредитованные удостоверяющие центры (Минцифры России)',
    sequenceNumber: version,
    issued: issued.toISOString(),
    digest,
  };
  const at = `${RU_LIST_ID} #${version}`;
  const problems: Problem[] = [
    {
      code: RU_LIST_UNSIGNED,
      severity: 'warning',
      message: `${at} carries no signature of its own (it is published over HTTPS only); its content is ${
        opts.expectedSha256 ? 'checked against the pinned SHA-256' : 'not authenticated — pin its SHA-256'
      }`,
      at,
    },
  ];
  const anchors: TrustAnchor[] = [];
  const bySha = new Map<string, TrustAnchor>();
  for (const centre of centres) {
    if (!centre.status && centre.history.length === 0) {
      problems.push({
        code: RU_STATUS_MISSING,
        severity: 'warning',
        message: `${centre.name} lists no accreditation status; its certificates never count`,
        at,
      });
    }
    for (const cx of centre.complexes) {
      for (const key of cx.keys) {
        for (const entry of key.certificates) {
          let certificate: Certificate;
          try {
            certificate = parseCertificate(entry.der, 'anchor');
          } catch (e) {
            problems.push({
              code: RU_CERT_UNREADABLE,
              severity: 'warning',
              message: `a certificate of ${centre.name} cannot be read and was skipped: ${
                e instanceof Error ? e.message : String(e)
              }`,
              at,
            });
            continue;
          }
          // The same CA certificate under two keys or centres: one anchor, the union of its periods.
          const prior = bySha.get(certificate.sha256);
          if (prior) {
            prior.periods = [...(prior.periods ?? []), ...centre.periods];
            continue;
          }
          const anchor: TrustAnchor = { certificate, lists: [ref], periods: centre.periods };
          bySha.set(certificate.sha256, anchor);
          anchors.push(anchor);
        }
      }
    }
  }
  return { version, issued, centres, anchors, ref, digest, byteLength: bytes.length, problems };
}

export interface AnchorInput {
  certificate: Uint8Array;
  economy: string;
  listId: string;
}

/**
 * The anchors that count at `time`, in the shape verify({ trustAnchors }) takes. verify() options
 * carry no status periods, so the period check happens here, at the (proven) signing time.
 */
export function anchorInputsAt(anchors: readonly TrustAnchor[], time: Date): AnchorInput[] {
  return anchors
    .filter((a) => anchorTrustedAt(a, time))
    .map((a) => ({
      certificate: a.certificate.der,
      economy: a.lists[0]?.economy ?? RU_ECONOMY,
      listId: a.lists[0]?.listId ?? RU_LIST_ID,
    }));
}
