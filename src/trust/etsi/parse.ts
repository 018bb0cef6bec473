/**
 * ETSI TS 119 612 reader. Hand-written over the DOM because no kept JavaScript library models
 * TS 119 612 (xmldsigjs/xadesjs cover only the signature, which signature.ts checks).
 */
import { digestParts } from '../../crypto/registry.js';
import { fromBase64, toHex } from '../../lib/bytes.js';
import { formatError } from '../../lib/errors.js';
import {
  child,
  childElements,
  type DomOptions,
  NS,
  optionalTime,
  parseTime,
  parseXml,
  path,
  pickName,
  TL_MALFORMED,
  text,
  xmlText,
} from './dom.js';
import {
  type AdditionalServiceInformation,
  type CriteriaAssert,
  type CriteriaList,
  type Criterion,
  type DigitalIdentity,
  type OtherTslPointer,
  QUALIFIER_BASE,
  type Qualification,
  type ServiceInstance,
  type TakenOverBy,
  type TrustedList,
  type TrustService,
  type TrustServiceProvider,
  TSL_TYPE_LOTL,
} from './model.js';

/** Qualifier short names TS 119 612 §5.5.9.2 defines; other URIs are dropped like pyHanko/DSS do. */
export const KNOWN_QUALIFIERS: ReadonlySet<string> = new Set([
  'QCWithSSCD',
  'QCNoSSCD',
  'QCSSCDStatusAsInCert',
  'QCWithQSCD',
  'QCNoQSCD',
  'QCQSCDStatusAsInCert',
  'QCQSCDManagedOnBehalf',
  'QCForLegalPerson',
  'QCForESig',
  'QCForESeal',
  'QCForWSA',
  'NotQualified',
  'QCStatement',
]);

export interface ParseOptions extends DomOptions {}

export interface ParsedTrustedList {
  list: TrustedList;
  /** The parsed document, reused by the signature check so the XML is parsed once. */
  document: Document;
}

function encodeUtf8(xml: string | Uint8Array): Uint8Array {
  return typeof xml === 'string' ? new TextEncoder().encode(xml) : xml;
}

/** Parses a TS 119 612 list. Throws formatError(TL_MALFORMED) when it is not one. */
export function parseTrustedList(xml: string | Uint8Array, opts: ParseOptions = {}): TrustedList {
  return parseTrustedListDocument(xml, opts).list;
}

export function parseTrustedListDocument(
  xml: string | Uint8Array,
  opts: ParseOptions = {},
): ParsedTrustedList {
  const bytes = encodeUtf8(xml);
  const doc = parseXml(xmlText(xml), opts);
  const root = doc.documentElement;
  if (root.namespaceURI !== NS.tsl || root.localName !== 'TrustServiceStatusList') {
    throw formatError(
      TL_MALFORMED,
      `not a TS 119 612 list: root element is {${root.namespaceURI}}${root.localName}`,
    );
  }
  const si = child(root, NS.tsl, 'SchemeInformation');
  if (!si) throw formatError(TL_MALFORMED, 'trusted list has no SchemeInformation');
  const seqText = text(child(si, NS.tsl, 'TSLSequenceNumber'));
  const sequenceNumber = seqText && /^\d+$/.test(seqText) ? Number(seqText) : Number.NaN;
  if (!Number.isSafeInteger(sequenceNumber))
    throw formatError(TL_MALFORMED, 'TSLSequenceNumber is missing or invalid');
  const territory = text(child(si, NS.tsl, 'SchemeTerritory'));
  if (!territory) throw formatError(TL_MALFORMED, 'SchemeTerritory is missing');
  const issued = parseTime(text(child(si, NS.tsl, 'ListIssueDateTime')), 'ListIssueDateTime');
  const nextUpdate = optionalTime(text(path(si, 'NextUpdate', 'dateTime')));
  const versionText = text(child(si, NS.tsl, 'TSLVersionIdentifier'));
  const tslType = text(child(si, NS.tsl, 'TSLType'));
  const list: TrustedList = {
    sequenceNumber,
    territory,
    issued,
    distributionPoints: childElements(child(si, NS.tsl, 'DistributionPoints'), NS.tsl, 'URI')
      .map((u) => text(u) ?? '')
      .filter((u) => u !== ''),
    schemeInformationUris: childElements(child(si, NS.tsl, 'SchemeInformationURI'), NS.tsl, 'URI')
      .map((u) => text(u) ?? '')
      .filter((u) => u !== ''),
    pointers: childElements(child(si, NS.tsl, 'PointersToOtherTSL'), NS.tsl, 'OtherTSLPointer').map(
      parsePointer,
    ),
    providers: childElements(
      child(root, NS.tsl, 'TrustServiceProviderList'),
      NS.tsl,
      'TrustServiceProvider',
    ).map(parseProvider),
    digest: toHex(digestParts('SHA-256', [bytes])),
    byteLength: bytes.length,
    listId: `${territory}-TSL`,
    isLotl: tslType === TSL_TYPE_LOTL,
  };
  const id = root.getAttribute('Id');
  if (id) list.id = id;
  if (versionText && /^\d+$/.test(versionText)) list.versionIdentifier = Number(versionText);
  if (tslType) list.tslType = tslType;
  const operator = pickName(child(si, NS.tsl, 'SchemeOperatorName'));
  if (operator) list.schemeOperatorName = operator;
  const schemeName = pickName(child(si, NS.tsl, 'SchemeName'));
  if (schemeName) list.schemeName = schemeName;
  if (nextUpdate) list.nextUpdate = nextUpdate;
  return { list, document: doc };
}

function base64Field(el: Element, what: string): Uint8Array {
  try {
    return fromBase64(text(el) ?? '');
  } catch (e) {
    throw formatError(TL_MALFORMED, `${what} is not base64`, e);
  }
}

function parseDigitalIds(container: Element | undefined): DigitalIdentity {
  const out: DigitalIdentity = { certificates: [], subjectNames: [], skis: [] };
  if (!container) return out;
  for (const id of childElements(container, NS.tsl, 'DigitalId')) {
    for (const c of childElements(id, NS.tsl)) {
      if (c.localName === 'X509Certificate') out.certificates.push(base64Field(c, 'X509Certificate'));
      else if (c.localName === 'X509SubjectName') out.subjectNames.push(text(c) ?? '');
      else if (c.localName === 'X509SKI') out.skis.push(base64Field(c, 'X509SKI'));
    }
  }
  return out;
}

function parsePointer(p: Element): OtherTslPointer {
  const location = text(child(p, NS.tsl, 'TSLLocation'));
  if (!location) throw formatError(TL_MALFORMED, 'OtherTSLPointer without TSLLocation');
  const signerCertificates: Uint8Array[] = [];
  for (const sdi of childElements(
    child(p, NS.tsl, 'ServiceDigitalIdentities'),
    NS.tsl,
    'ServiceDigitalIdentity',
  )) {
    signerCertificates.push(...parseDigitalIds(sdi).certificates);
  }
  const out: OtherTslPointer = { location, signerCertificates };
  for (const oi of childElements(child(p, NS.tsl, 'AdditionalInformation'), NS.tsl, 'OtherInformation')) {
    const tslType = text(child(oi, NS.tsl, 'TSLType'));
    const territory = text(child(oi, NS.tsl, 'SchemeTerritory'));
    const mime = text(child(oi, NS.tslx, 'MimeType'));
    const operator = pickName(child(oi, NS.tsl, 'SchemeOperatorName'));
    if (tslType) out.tslType = tslType;
    if (territory) out.territory = territory;
    if (mime) out.mimeType = mime;
    if (operator) out.schemeOperatorName = operator;
  }
  return out;
}

function parseProvider(tsp: Element): TrustServiceProvider {
  const info = child(tsp, NS.tsl, 'TSPInformation');
  const name = pickName(child(info, NS.tsl, 'TSPName')) ?? '';
  const tradeNames = childElements(child(info, NS.tsl, 'TSPTradeName'), NS.tsl, 'Name')
    .map((n) => text(n) ?? '')
    .filter((n) => n !== '');
  const services: TrustService[] = [];
  for (const svc of childElements(child(tsp, NS.tsl, 'TSPServices'), NS.tsl, 'TSPService')) {
    const si = child(svc, NS.tsl, 'ServiceInformation');
    if (!si) throw formatError(TL_MALFORMED, `service of ${name} has no ServiceInformation`);
    const history = childElements(child(svc, NS.tsl, 'ServiceHistory'), NS.tsl, 'ServiceHistoryInstance');
    services.push({
      providerName: name,
      current: parseInstance(si, name),
      history: history.map((h) => parseInstance(h, name)),
    });
  }
  return { name, tradeNames, services };
}

function parseInstance(el: Element, providerName: string): ServiceInstance {
  const serviceType = text(child(el, NS.tsl, 'ServiceTypeIdentifier'));
  const status = text(child(el, NS.tsl, 'ServiceStatus'));
  if (!serviceType || !status) {
    throw formatError(
      TL_MALFORMED,
      `service of ${providerName} lacks ServiceTypeIdentifier or ServiceStatus`,
    );
  }
  const inst: ServiceInstance = {
    serviceType,
    name: pickName(child(el, NS.tsl, 'ServiceName')) ?? '',
    status,
    statusStartingTime: parseTime(text(child(el, NS.tsl, 'StatusStartingTime')), 'StatusStartingTime'),
    identity: parseDigitalIds(child(el, NS.tsl, 'ServiceDigitalIdentity')),
    additionalServiceInformation: [],
    qualifications: [],
    takenOverBy: [],
    unsupported: [],
  };
  for (const ext of childElements(child(el, NS.tsl, 'ServiceInformationExtensions'), NS.tsl, 'Extension')) {
    readExtension(ext, inst);
  }
  return inst;
}

function readExtension(ext: Element, inst: ServiceInstance): void {
  const critical = ext.getAttribute('Critical') === 'true' || ext.getAttribute('Critical') === '1';
  const body = childElements(ext)[0];
  if (!body) return;
  const key = `{${body.namespaceURI}}${body.localName}`;
  if (body.namespaceURI === NS.tsl && body.localName === 'AdditionalServiceInformation') {
    const uri = text(child(body, NS.tsl, 'URI'));
    if (uri) inst.additionalServiceInformation.push({ uri, critical } satisfies AdditionalServiceInformation);
  } else if (body.namespaceURI === NS.ecc && body.localName === 'Qualifications') {
    for (const qe of childElements(body, NS.ecc, 'QualificationElement')) {
      try {
        const q = parseQualification(qe);
        if (q) inst.qualifications.push(q);
      } catch (e) {
        inst.unsupported.push(`Qualifications: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
  } else if (
    body.localName === 'TakenOverBy' &&
    (body.namespaceURI === NS.tslx || body.namespaceURI === NS.tsl)
  ) {
    const t: TakenOverBy = { uri: text(childElements(body, undefined, 'URI')[0]) ?? '' };
    const tsp = pickName(childElements(body, undefined, 'TSPName')[0]);
    const op = pickName(childElements(body, undefined, 'SchemeOperatorName')[0]);
    const terr = text(childElements(body, undefined, 'SchemeTerritory')[0]);
    if (tsp) t.tspName = tsp;
    if (op) t.schemeOperatorName = op;
    if (terr) t.territory = terr;
    inst.takenOverBy.push(t);
  } else if (body.namespaceURI === NS.tsl && body.localName === 'ExpiredCertsRevocationInfo') {
    const d = optionalTime(text(body));
    if (d) inst.expiredCertsRevocationInfo = d;
    else if (critical) inst.unsupported.push('ExpiredCertsRevocationInfo: not a date');
  } else if (critical) {
    inst.unsupported.push(key);
  }
}

function parseQualification(qe: Element): Qualification | undefined {
  const qualifierUris = childElements(child(qe, NS.ecc, 'Qualifiers'), NS.ecc, 'Qualifier')
    .map((q) => (q.getAttribute('uri') ?? '').trim())
    .filter((u) => u !== '');
  const qualifiers = qualifierUris
    .filter((u) => u.startsWith(QUALIFIER_BASE))
    .map((u) => u.slice(QUALIFIER_BASE.length))
    .filter((n) => KNOWN_QUALIFIERS.has(n));
  const cl = child(qe, NS.ecc, 'CriteriaList');
  if (!cl) throw new Error('QualificationElement without CriteriaList');
  const criteria = parseCriteriaList(cl);
  if (qualifiers.length === 0) return undefined;
  return { qualifierUris, qualifiers, criteria };
}

function oidText(el: Element | undefined): string | undefined {
  const t = text(el);
  if (!t) return undefined;
  const oid = t.replace(/^urn:oid:/i, '');
  if (!/^[0-2](\.\d+)+$/.test(oid)) throw new Error(`not an OID: ${t}`);
  return oid;
}

function parseCriteriaList(cl: Element): CriteriaList {
  const a = cl.getAttribute('assert') || 'all';
  if (a !== 'all' && a !== 'atLeastOne' && a !== 'none') throw new Error(`unknown CriteriaList assert ${a}`);
  const criteria: Criterion[] = [];
  for (const c of childElements(cl)) {
    if (c.namespaceURI === NS.ecc && c.localName === 'KeyUsage') {
      const bits = childElements(c, NS.ecc, 'KeyUsageBit').map((b) => ({
        name: b.getAttribute('name') ?? '',
        value: text(b) === 'true' || text(b) === '1',
      }));
      criteria.push({ kind: 'keyUsage', bits });
    } else if (c.namespaceURI === NS.ecc && c.localName === 'PolicySet') {
      const oids = childElements(c, NS.ecc, 'PolicyIdentifier')
        .map((p) => oidText(child(p, NS.xades, 'Identifier')))
        .filter((o): o is string => o !== undefined);
      criteria.push({ kind: 'policySet', oids });
    } else if (c.namespaceURI === NS.ecc && c.localName === 'CriteriaList') {
      criteria.push({ kind: 'criteriaList', list: parseCriteriaList(c) });
    } else if (c.namespaceURI === NS.ecc && c.localName === 'otherCriteriaList') {
      for (const o of childElements(c)) {
        if (o.namespaceURI === NS.tslx && o.localName === 'CertSubjectDNAttribute') {
          const oids = childElements(o, NS.tslx, 'AttributeOID')
            .map((x) => oidText(child(x, NS.xades, 'Identifier')))
            .filter((x): x is string => x !== undefined);
          criteria.push({ kind: 'certSubjectDNAttribute', oids });
        } else if (o.namespaceURI === NS.tslx && o.localName === 'ExtendedKeyUsage') {
          const oids = childElements(o, NS.tslx, 'KeyPurposeId')
            .map((x) => oidText(child(x, NS.xades, 'Identifier')))
            .filter((x): x is string => x !== undefined);
          criteria.push({ kind: 'extendedKeyUsage', oids });
        } else {
          throw new Error(`unsupported criterion {${o.namespaceURI}}${o.localName}`);
        }
      }
    } else if (c.namespaceURI === NS.ecc && c.localName === 'Description') {
      // Informative text only.
    } else {
      throw new Error(`unsupported criterion {${c.namespaceURI}}${c.localName}`);
    }
  }
  if (criteria.length === 0) throw new Error('empty CriteriaList');
  return { assert: a as CriteriaAssert, criteria };
}
