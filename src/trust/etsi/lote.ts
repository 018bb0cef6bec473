/**
 * ETSI TS 119 602 (Lists of Trusted Entities, "LoTE", V1.1.1, 2025) XML binding, read into the
 * TS 119 612 model (TrustedList) so anchors, inspection and signature checking are shared.
 * Hand-written over the DOM for the same reason as parse.ts: no kept JavaScript library models it.
 *
 * Confirmed (DSS's dss-lote JAXB model and facade, a DSS LoTE test, and independent readers/test
 * vectors of the XML binding that agree with it):
 *   namespace http://uri.etsi.org/019602/v1# · root ListOfTrustedEntities (attribute LOTETag)
 *   ListAndSchemeInformation { LoTEVersionIdentifier · LoTESequenceNumber · LoTEType ·
 *     SchemeOperatorName{Name@xml:lang} · SchemeName · SchemeTerritory · ListIssueDateTime ·
 *     NextUpdate{dateTime} · StatusDeterminationApproach }
 *   TrustedEntitiesList { TrustedEntity* { TrustedEntityInformation{TEName{Name}, TETradeName} ·
 *     TrustedEntityServices { TrustedEntityService* { ServiceInformation{ServiceTypeIdentifier? ·
 *     ServiceName · ServiceDigitalIdentity{DigitalId{X509Certificate|X509SubjectName|X509SKI}} ·
 *     ServiceStatus? · StatusStartingTime? · ServiceInformationExtensions?} ·
 *     ServiceHistory{ServiceHistoryInstance*} } } } }
 *   an enveloped ds:Signature (XAdES, URI="" + enveloped transform + SignedProperties reference) —
 *   the shape signature.ts already checks, so verifyListSignature is reused as is.
 * NOT confirmed / not implemented: ServiceTypeIdentifier, ServiceStatus and StatusStartingTime are
 *   optional in LoTE and their URIs are set per profile (Annexes D–H, e.g. a status
 *   http://uri.etsi.org/19602/SvcStatus/... seen only in a third-party test vector); crossign counts a
 *   service only under the TS 119 612 trusted status URIs unless the caller names more
 *   (`trustedStatuses`) — a service with no status or no start time never counts (fail closed).
 *   PointersToOtherLoTE and the JSON/JAdES binding are not read; extensions are not interpreted
 *   (a critical one makes the instance unsupported).
 */
import { digestParts } from '../../crypto/registry.js';
import { fromBase64, toHex } from '../../lib/bytes.js';
import { formatError, isCrossignError } from '../../lib/errors.js';
import { type Certificate, parseCertificate } from '../../x509/certificate.js';
import type { AnchorPeriod, TrustAnchor } from '../anchor.js';
import { instancesOldestFirst, listRef } from './anchors.js';
import { childElements, type DomOptions, NS, parseXml, TL_MALFORMED, xmlText } from './dom.js';
import {
  type DigitalIdentity,
  type ServiceInstance,
  TRUSTED_STATUSES,
  type TrustedList,
  type TrustService,
  type TrustServiceProvider,
} from './model.js';
import { type SignatureCheckOptions, type TrustListProblem, verifyListSignature } from './signature.js';

export const NS_LOTE = 'http://uri.etsi.org/019602/v1#';
export const LOTE_MALFORMED = 'LOTE_MALFORMED';

function kids(el: Element | undefined, local: string): Element[] {
  return childElements(el, NS_LOTE, local);
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
function name(container: Element | undefined): string | undefined {
  const names = kids(container, 'Name');
  const en = names.find((n) =>
    (n.getAttributeNS(NS.xml, 'lang') ?? n.getAttribute('xml:lang'))?.startsWith('en'),
  );
  return textOf(en ?? names[0]);
}
function time(s: string | undefined): Date | undefined {
  if (!s) return undefined;
  const d = new Date(s);
  return Number.isNaN(d.getTime()) ? undefined : d;
}
function malformed(message: string, cause?: unknown): Error {
  return formatError(LOTE_MALFORMED, message, cause);
}

function digitalIds(container: Element | undefined): DigitalIdentity {
  const out: DigitalIdentity = { certificates: [], subjectNames: [], skis: [] };
  for (const id of kids(container, 'DigitalId')) {
    for (const c of childElements(id, NS_LOTE)) {
      try {
        if (c.localName === 'X509Certificate') out.certificates.push(fromBase64(textOf(c) ?? ''));
        else if (c.localName === 'X509SKI') out.skis.push(fromBase64(textOf(c) ?? ''));
        else if (c.localName === 'X509SubjectName') out.subjectNames.push(textOf(c) ?? '');
      } catch (e) {
        throw malformed(`${c.localName} is not base64`, e);
      }
    }
  }
  return out;
}

/** LoTE leaves the start time optional; without it the instance cannot be placed in time. */
const NO_START = new Date(Number.NaN);

function instance(el: Element, provider: string): ServiceInstance {
  const start = time(field(el, 'StatusStartingTime'));
  const inst: ServiceInstance = {
    serviceType: field(el, 'ServiceTypeIdentifier') ?? '',
    name: name(kid(el, 'ServiceName')) ?? '',
    status: field(el, 'ServiceStatus') ?? '',
    statusStartingTime: start ?? NO_START,
    identity: digitalIds(kid(el, 'ServiceDigitalIdentity')),
    additionalServiceInformation: [],
    qualifications: [],
    takenOverBy: [],
    unsupported: [],
  };
  if (!start) inst.unsupported.push(`service of ${provider}: no StatusStartingTime`);
  for (const ext of kids(kid(el, 'ServiceInformationExtensions'), 'Extension')) {
    const c = ext.getAttribute('Critical');
    if (c === 'true' || c === '1') {
      const body = childElements(ext)[0];
      inst.unsupported.push(`critical extension {${body?.namespaceURI ?? ''}}${body?.localName ?? ''}`);
    }
  }
  return inst;
}

function entity(te: Element): TrustServiceProvider {
  const info = kid(te, 'TrustedEntityInformation');
  const providerName = name(kid(info, 'TEName')) ?? '';
  const services: TrustService[] = kids(kid(te, 'TrustedEntityServices'), 'TrustedEntityService').map((s) => {
    const si = kid(s, 'ServiceInformation');
    if (!si) throw malformed(`a service of ${providerName} has no ServiceInformation`);
    return {
      providerName,
      current: instance(si, providerName),
      history: kids(kid(s, 'ServiceHistory'), 'ServiceHistoryInstance').map((h) => instance(h, providerName)),
    };
  });
  return {
    name: providerName,
    tradeNames: kids(kid(info, 'TETradeName'), 'Name')
      .map((n) => textOf(n) ?? '')
      .filter((n) => n !== ''),
    services,
  };
}

export interface ParsedLote {
  list: TrustedList;
  document: Document;
  loteTag?: string;
  statusDeterminationApproach?: string;
}

export function parseLoteDocument(xml: string | Uint8Array, opts: DomOptions = {}): ParsedLote {
  const bytes = typeof xml === 'string' ? new TextEncoder().encode(xml) : xml;
  let doc: Document;
  try {
    doc = parseXml(xmlText(xml), opts);
  } catch (e) {
    throw malformed(
      isCrossignError(e) ? e.message.replace('trusted list', 'LoTE') : 'LoTE cannot be read',
      e,
    );
  }
  const root = doc.documentElement;
  if (root.namespaceURI !== NS_LOTE || root.localName !== 'ListOfTrustedEntities') {
    throw malformed(`not a TS 119 602 LoTE: root element is {${root.namespaceURI}}${root.localName}`);
  }
  const si = kid(root, 'ListAndSchemeInformation');
  if (!si) throw malformed('LoTE has no ListAndSchemeInformation');
  const seq = field(si, 'LoTESequenceNumber');
  const sequenceNumber = seq && /^\d+$/.test(seq) ? Number(seq) : Number.NaN;
  if (!Number.isSafeInteger(sequenceNumber)) throw malformed('LoTESequenceNumber is missing or invalid');
  const territory = field(si, 'SchemeTerritory');
  if (!territory) throw malformed('SchemeTerritory is missing');
  const issued = time(field(si, 'ListIssueDateTime'));
  if (!issued) throw malformed('ListIssueDateTime is missing or not a date');
  const list: TrustedList = {
    sequenceNumber,
    territory,
    issued,
    distributionPoints: [],
    schemeInformationUris: [],
    pointers: [],
    providers: kids(kid(root, 'TrustedEntitiesList'), 'TrustedEntity').map(entity),
    digest: toHex(digestParts('SHA-256', [bytes])),
    byteLength: bytes.length,
    listId: `${territory}-LoTE`,
    isLotl: false,
  };
  const version = field(si, 'LoTEVersionIdentifier');
  if (version && /^\d+$/.test(version)) list.versionIdentifier = Number(version);
  const type = field(si, 'LoTEType');
  if (type) list.tslType = type;
  const op = name(kid(si, 'SchemeOperatorName'));
  if (op) list.schemeOperatorName = op;
  const sn = name(kid(si, 'SchemeName'));
  if (sn) list.schemeName = sn;
  const next = time(field(kid(si, 'NextUpdate'), 'dateTime'));
  if (next) list.nextUpdate = next;
  const id = root.getAttribute('Id');
  if (id) list.id = id;
  const out: ParsedLote = { list, document: doc };
  const tag = root.getAttribute('LOTETag');
  if (tag) out.loteTag = tag;
  const sda = field(si, 'StatusDeterminationApproach');
  if (sda) out.statusDeterminationApproach = sda;
  return out;
}

/** Parses a TS 119 602 XML LoTE into the TS 119 612 model. Throws formatError(LOTE_MALFORMED). */
export function parseLote(xml: string | Uint8Array, opts: DomOptions = {}): TrustedList {
  return parseLoteDocument(xml, opts).list;
}

export interface LoteAnchorOptions {
  /** Status URIs that make a service count; default the TS 119 612 trusted statuses. */
  trustedStatuses?: ReadonlySet<string>;
  /** Only these service types (default: every service with a certificate). */
  serviceTypes?: ReadonlySet<string>;
}

function periods(svc: TrustService, trusted: ReadonlySet<string>): AnchorPeriod[] {
  const inst = instancesOldestFirst(svc);
  if (inst.some((i) => Number.isNaN(i.statusStartingTime.getTime()))) {
    return [{ status: svc.current.status, from: new Date(0), trusted: false }];
  }
  return inst.map((i, k) => {
    const p: AnchorPeriod = {
      status: i.status,
      from: i.statusStartingTime,
      trusted: i.status !== '' && trusted.has(i.status) && i.unsupported.length === 0,
    };
    const next = inst[k + 1];
    if (next) p.to = next.statusStartingTime;
    return p;
  });
}

export function anchorsFromLote(list: TrustedList, opts: LoteAnchorOptions = {}): TrustAnchor[] {
  const trusted = opts.trustedStatuses ?? TRUSTED_STATUSES;
  const ref = listRef(list);
  const out: TrustAnchor[] = [];
  for (const tp of list.providers) {
    for (const svc of tp.services) {
      if (opts.serviceTypes && !opts.serviceTypes.has(svc.current.serviceType)) continue;
      const ps = periods(svc, trusted);
      for (const der of svc.current.identity.certificates) {
        let certificate: Certificate;
        try {
          certificate = parseCertificate(der, 'anchor');
        } catch {
          continue;
        }
        const a: TrustAnchor = { certificate, lists: [ref], periods: ps };
        if (svc.current.serviceType) a.serviceType = svc.current.serviceType;
        out.push(a);
      }
    }
  }
  return out;
}

export interface LoteLoadOptions extends DomOptions, LoteAnchorOptions, SignatureCheckOptions {
  now?: Date;
  allowExpired?: boolean;
}

export type LoteLoadResult =
  | { ok: true; list: TrustedList; anchors: TrustAnchor[]; signer: Certificate }
  | { ok: false; code: TrustListProblem; reason: string; list?: TrustedList };

/** Parse, check the enveloped signature against pinned signers, check freshness, build anchors. */
export async function loadLote(xml: string | Uint8Array, opts: LoteLoadOptions): Promise<LoteLoadResult> {
  let parsed: ParsedLote;
  try {
    parsed = parseLoteDocument(xml, opts);
  } catch (e) {
    return { ok: false, code: TL_MALFORMED, reason: e instanceof Error ? e.message : String(e) };
  }
  const { list, document } = parsed;
  const sig = await verifyListSignature(document, opts);
  if (!sig.ok) return { ok: false, code: sig.code, reason: sig.reason, list };
  const now = opts.now ?? new Date();
  if (list.nextUpdate && !opts.allowExpired && now > list.nextUpdate) {
    return {
      ok: false,
      code: 'TL_EXPIRED',
      reason: `NextUpdate ${list.nextUpdate.toISOString()} has passed`,
      list,
    };
  }
  return { ok: true, list, anchors: anchorsFromLote(list, opts), signer: sig.signer };
}
