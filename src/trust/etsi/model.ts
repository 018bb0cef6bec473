/** The TS 119 612 trusted-list model crossign reads: only what validation and inspection use. */

export const SVC_TYPE = {
  CA_QC: 'http://uri.etsi.org/TrstSvc/Svctype/CA/QC',
  CA_PKC: 'http://uri.etsi.org/TrstSvc/Svctype/CA/PKC',
  NATIONAL_ROOT_CA_QC: 'http://uri.etsi.org/TrstSvc/Svctype/NationalRootCA-QC',
  TSA: 'http://uri.etsi.org/TrstSvc/Svctype/TSA',
  TSA_QTST: 'http://uri.etsi.org/TrstSvc/Svctype/TSA/QTST',
  TSA_TSS_QC: 'http://uri.etsi.org/TrstSvc/Svctype/TSA/TSS-QC',
  TSA_TSS_ADES_QC_QES: 'http://uri.etsi.org/TrstSvc/Svctype/TSA/TSS-AdESQCandQES',
  OCSP_QC: 'http://uri.etsi.org/TrstSvc/Svctype/Certstatus/OCSP/QC',
  CRL_QC: 'http://uri.etsi.org/TrstSvc/Svctype/Certstatus/CRL/QC',
} as const;

const STATUS_BASE = 'http://uri.etsi.org/TrstSvc/TrustedList/Svcstatus/';
export const SVC_STATUS = {
  granted: `${STATUS_BASE}granted`,
  withdrawn: `${STATUS_BASE}withdrawn`,
  recognisedatnationallevel: `${STATUS_BASE}recognisedatnationallevel`,
  deprecatedatnationallevel: `${STATUS_BASE}deprecatedatnationallevel`,
  undersupervision: `${STATUS_BASE}undersupervision`,
  supervisionincessation: `${STATUS_BASE}supervisionincessation`,
  supervisionceased: `${STATUS_BASE}supervisionceased`,
  supervisionrevoked: `${STATUS_BASE}supervisionrevoked`,
  accredited: `${STATUS_BASE}accredited`,
  accreditationceased: `${STATUS_BASE}accreditationceased`,
  accreditationrevoked: `${STATUS_BASE}accreditationrevoked`,
  setbynationallaw: `${STATUS_BASE}setbynationallaw`,
  deprecatedbynationallaw: `${STATUS_BASE}deprecatedbynationallaw`,
} as const;

/**
 * Statuses under which a listed service counts (eIDAS statuses and the pre-2016 Directive 1999/93/EC
 * ones); every other status URI — withdrawn, deprecated…, ceased, revoked, unknown — does not.
 */
export const TRUSTED_STATUSES: ReadonlySet<string> = new Set([
  SVC_STATUS.granted,
  SVC_STATUS.recognisedatnationallevel,
  SVC_STATUS.undersupervision,
  SVC_STATUS.supervisionincessation,
  SVC_STATUS.accredited,
  SVC_STATUS.setbynationallaw,
]);

export const QUALIFIER_BASE = 'http://uri.etsi.org/TrstSvc/TrustedList/SvcInfoExt/';
export const ADDITIONAL_INFO = {
  forESignatures: `${QUALIFIER_BASE}ForeSignatures`,
  forESeals: `${QUALIFIER_BASE}ForeSeals`,
  forWebSiteAuthentication: `${QUALIFIER_BASE}ForWebSiteAuthentication`,
} as const;

export const TSL_TYPE_LOTL = 'http://uri.etsi.org/TrstSvc/TrustedList/TSLType/EUlistofthelists';

export interface DigitalIdentity {
  /** DER certificates from X509Certificate elements. */
  certificates: Uint8Array[];
  subjectNames: string[];
  /** X509SKI values (raw bytes). */
  skis: Uint8Array[];
}

export type CriteriaAssert = 'all' | 'atLeastOne' | 'none';

export type Criterion =
  | { kind: 'keyUsage'; bits: { name: string; value: boolean }[] }
  /** Every OID of one PolicySet must be among the certificate's policies. */
  | { kind: 'policySet'; oids: string[] }
  | { kind: 'certSubjectDNAttribute'; oids: string[] }
  | { kind: 'extendedKeyUsage'; oids: string[] }
  | { kind: 'criteriaList'; list: CriteriaList }
  /** An otherCriteriaList element crossign does not know: never matches (fail closed). */
  | { kind: 'unknown'; element: string };

export interface CriteriaList {
  assert: CriteriaAssert;
  criteria: Criterion[];
}

export interface Qualification {
  /** Qualifier URIs as listed. */
  qualifierUris: string[];
  /** Short names of the known ones: QCWithSSCD, QCForESig, NotQualified … */
  qualifiers: string[];
  criteria: CriteriaList;
}

export interface AdditionalServiceInformation {
  uri: string;
  critical: boolean;
}

export interface TakenOverBy {
  uri: string;
  tspName?: string;
  schemeOperatorName?: string;
  territory?: string;
}

/** One ServiceInformation or ServiceHistoryInstance: what the service was from `statusStartingTime`. */
export interface ServiceInstance {
  serviceType: string;
  name: string;
  status: string;
  statusStartingTime: Date;
  identity: DigitalIdentity;
  additionalServiceInformation: AdditionalServiceInformation[];
  qualifications: Qualification[];
  takenOverBy: TakenOverBy[];
  expiredCertsRevocationInfo?: Date;
  /**
   * Critical extensions crossign does not understand, or Qualifications it cannot read fully: such an
   * instance yields no anchor and no qualification (fail closed).
   */
  unsupported: string[];
}

export interface TrustService {
  providerName: string;
  current: ServiceInstance;
  /** ServiceHistoryInstance entries as listed (newest first in well-formed lists). */
  history: ServiceInstance[];
}

export interface TrustServiceProvider {
  name: string;
  tradeNames: string[];
  services: TrustService[];
}

export interface OtherTslPointer {
  location: string;
  territory?: string;
  tslType?: string;
  mimeType?: string;
  schemeOperatorName?: string;
  /** Certificates allowed to sign the pointed-to list (DER). */
  signerCertificates: Uint8Array[];
}

export interface TrustedList {
  /** Root element Id, if any. */
  id?: string;
  versionIdentifier?: number;
  sequenceNumber: number;
  tslType?: string;
  territory: string;
  schemeOperatorName?: string;
  schemeName?: string;
  issued: Date;
  /** Absent for a closed list (no further updates). */
  nextUpdate?: Date;
  distributionPoints: string[];
  /** SchemeInformationURI values (the LOTL lists its Official Journal notice and pivot LOTLs here). */
  schemeInformationUris: string[];
  pointers: OtherTslPointer[];
  providers: TrustServiceProvider[];
  /** sha256 of the exact XML bytes, lower-case hex. */
  digest: string;
  byteLength: number;
  /** `<territory>-TSL`. */
  listId: string;
  isLotl: boolean;
}
