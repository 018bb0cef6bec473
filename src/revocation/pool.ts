/**
 * The revocation evidence pool: every CRL and OCSP response found anywhere (CMS crls, Adobe's archival
 * attribute, the PDF DSS, the caller, the fetcher), parsed once and de-duplicated by SHA-256. Bad items
 * never throw: they are kept as rejected entries with their problem code. The RevocationInfoArchival
 * parser is hand-written because neither pkijs nor asn1js knows Adobe's attribute.
 */
import * as asn1js from 'asn1js';
import { digestParts } from '../crypto/registry.js';
import { toHex } from '../lib/bytes.js';
import { isCrossignError } from '../lib/errors.js';
import type { Problem } from '../verdict/schema.js';
import type { Certificate } from '../x509/certificate.js';
import { type ParsedCrl, parseCrl } from './crl.js';
import { decodeDer, derFromMaybeText, problem } from './der.js';
import { type ParsedOcsp, parseOcspResponse } from './ocsp.js';

export type RevocationOrigin = 'signature' | 'adbe-archival' | 'pdf-dss' | 'caller' | 'fetched';

export const POOL_PROBLEMS = {
  ARCHIVAL_MALFORMED: 'ADBE_REVOCATION_ARCHIVAL_MALFORMED',
  REVOCATION_CHOICE_MALFORMED: 'REVOCATION_INFO_CHOICE_MALFORMED',
  OTHER_FORMAT_UNSUPPORTED: 'REVOCATION_INFO_FORMAT_UNSUPPORTED',
} as const;

export const ID_RI_OCSP_RESPONSE = '1.3.6.1.5.5.7.16.2';
const ID_PKIX_OCSP_BASIC = '1.3.6.1.5.5.7.48.1.1';
export const ID_ADBE_REVOCATION_INFO_ARCHIVAL = '1.2.840.113583.1.1.8';

export interface PooledCrl {
  kind: 'crl';
  crl: ParsedCrl;
  origins: RevocationOrigin[];
}
export interface PooledOcsp {
  kind: 'ocsp';
  ocsp: ParsedOcsp;
  origins: RevocationOrigin[];
}
export interface RejectedItem {
  kind: 'crl' | 'ocsp' | 'other';
  origin: RevocationOrigin;
  sha256: string;
  problem: Problem;
}

function sha256Hex(b: Uint8Array): string {
  return toHex(digestParts('SHA-256', [b]));
}

function describe(e: unknown, fallback: string): Problem {
  if (isCrossignError(e)) return problem(e.problem ?? fallback, e.message);
  return problem(fallback, e instanceof Error ? e.message : String(e));
}

/** The DER bytes of each element inside a constructed value. */
function childrenDer(block: asn1js.AsnType): Uint8Array[] {
  const value = (block as asn1js.Constructed).valueBlock?.value;
  if (!Array.isArray(value)) return [];
  return value.map((v) => new Uint8Array(v.valueBeforeDecodeView));
}

/** Wraps a bare BasicOCSPResponse into an OCSPResponse (some producers archive the inner structure). */
function wrapBasic(basicDer: Uint8Array): Uint8Array {
  const resp = new asn1js.Sequence({
    value: [
      new asn1js.Enumerated({ value: 0 }),
      new asn1js.Constructed({
        idBlock: { tagClass: 3, tagNumber: 0 },
        value: [
          new asn1js.Sequence({
            value: [
              new asn1js.ObjectIdentifier({ value: '1.3.6.1.5.5.7.48.1.1' }),
              new asn1js.OctetString({ valueHex: basicDer.slice().buffer }),
            ],
          }),
        ],
      }),
    ],
  });
  return new Uint8Array(resp.toBER(false));
}

export interface RevocationInfoArchival {
  crls: Uint8Array[];
  ocsps: Uint8Array[];
  /** otherRevInfo entries, as DER: no known producer uses them. */
  other: Uint8Array[];
}

/**
 * Adobe's adbe-revocationInfoArchival signed attribute value:
 * RevocationInfoArchival ::= SEQUENCE { crl [0] EXPLICIT SEQUENCE OF CRLs OPTIONAL,
 *   ocsp [1] EXPLICIT SEQUENCE OF OCSPResponse OPTIONAL, otherRevInfo [2] EXPLICIT SEQUENCE OF OtherRevInfo OPTIONAL }
 * Accepts the SEQUENCE or the attribute's SET of values holding it. Throws formatError on bad input.
 */
export function parseRevocationInfoArchival(der: Uint8Array): RevocationInfoArchival {
  let asn = decodeDer(der, POOL_PROBLEMS.ARCHIVAL_MALFORMED, 'RevocationInfoArchival');
  if (asn instanceof asn1js.Set && asn.valueBlock.value.length === 1) asn = asn.valueBlock.value[0]!;
  if (!(asn instanceof asn1js.Sequence)) throw describeArchival('is not a SEQUENCE');
  const out: RevocationInfoArchival = { crls: [], ocsps: [], other: [] };
  for (const item of asn.valueBlock.value) {
    if (item.idBlock.tagClass !== 3 || !(item instanceof asn1js.Constructed))
      throw describeArchival('has an untagged member');
    const seq = item.valueBlock.value[0];
    if (!(seq instanceof asn1js.Sequence)) throw describeArchival('member is not a SEQUENCE OF');
    const list = childrenDer(seq);
    if (item.idBlock.tagNumber === 0) out.crls.push(...list);
    else if (item.idBlock.tagNumber === 1) out.ocsps.push(...list);
    else if (item.idBlock.tagNumber === 2) out.other.push(...list);
    else throw describeArchival(`has an unknown member [${item.idBlock.tagNumber}]`);
  }
  return out;
}

function describeArchival(what: string): Error {
  return Object.assign(new Error(`RevocationInfoArchival ${what}`), {
    problem: POOL_PROBLEMS.ARCHIVAL_MALFORMED,
  });
}

export class RevocationPool {
  readonly crls: PooledCrl[] = [];
  readonly ocsps: PooledOcsp[] = [];
  /** Certificates that may sign CRLs / OCSP responses (from OCSP responses, the signature, the DSS …). */
  readonly certificates: Certificate[] = [];
  readonly rejected: RejectedItem[] = [];
  private readonly seen = new Map<string, PooledCrl | PooledOcsp | null>();

  /** Adds one CRL (DER, PEM or base64). Returns undefined when it does not parse (see `rejected`). */
  addCrl(input: Uint8Array, origin: RevocationOrigin): PooledCrl | undefined {
    const der = derFromMaybeText(input);
    const key = sha256Hex(der);
    const known = this.seen.get(key);
    if (known !== undefined) return known?.kind === 'crl' ? addOrigin(known, origin) : undefined;
    try {
      const item: PooledCrl = { kind: 'crl', crl: parseCrl(der), origins: [origin] };
      this.crls.push(item);
      this.seen.set(key, item);
      return item;
    } catch (e) {
      this.seen.set(key, null);
      this.rejected.push({ kind: 'crl', origin, sha256: key, problem: describe(e, 'CRL_MALFORMED') });
      return undefined;
    }
  }

  /** Adds one OCSPResponse (or a bare BasicOCSPResponse). */
  addOcsp(input: Uint8Array, origin: RevocationOrigin): PooledOcsp | undefined {
    const der = derFromMaybeText(input);
    const key = sha256Hex(der);
    const known = this.seen.get(key);
    if (known !== undefined) return known?.kind === 'ocsp' ? addOrigin(known, origin) : undefined;
    let ocsp: ParsedOcsp;
    try {
      ocsp = parseOcspResponse(der);
    } catch (first) {
      try {
        ocsp = { ...parseOcspResponse(wrapBasic(der)), der, sha256: key };
      } catch {
        this.seen.set(key, null);
        this.rejected.push({ kind: 'ocsp', origin, sha256: key, problem: describe(first, 'OCSP_MALFORMED') });
        return undefined;
      }
    }
    const item: PooledOcsp = { kind: 'ocsp', ocsp, origins: [origin] };
    this.ocsps.push(item);
    this.seen.set(key, item);
    for (const c of ocsp.basic?.certificates ?? []) this.addCertificate(c);
    return item;
  }

  addCertificate(cert: Certificate): void {
    if (!this.certificates.some((c) => c.sha256 === cert.sha256)) this.certificates.push(cert);
  }

  /** One CMS RevocationInfoChoice: a CertificateList, or [1] OtherRevocationInfoFormat (id-ri-ocsp-response). */
  addRevocationInfoChoice(der: Uint8Array, origin: RevocationOrigin = 'signature'): void {
    const tag = der[0];
    if (tag === 0x30) {
      this.addCrl(der, origin);
      return;
    }
    const key = sha256Hex(der);
    try {
      const asn = decodeDer(der, POOL_PROBLEMS.REVOCATION_CHOICE_MALFORMED, 'RevocationInfoChoice');
      if (asn.idBlock.tagClass !== 3 || asn.idBlock.tagNumber !== 1 || !(asn instanceof asn1js.Constructed))
        throw Object.assign(new Error('RevocationInfoChoice has an unknown tag'), {
          problem: POOL_PROBLEMS.REVOCATION_CHOICE_MALFORMED,
        });
      const [oid, value] = asn.valueBlock.value;
      if (!(oid instanceof asn1js.ObjectIdentifier) || !value)
        throw Object.assign(new Error('OtherRevocationInfoFormat has no format OID'), {
          problem: POOL_PROBLEMS.REVOCATION_CHOICE_MALFORMED,
        });
      const format = oid.valueBlock.toString();
      // id-ri-ocsp-response carries an OCSPResponse; some producers (DSS seen) put a bare
      // BasicOCSPResponse under id-pkix-ocsp-basic, which addOcsp also accepts.
      if (format === ID_RI_OCSP_RESPONSE || format === ID_PKIX_OCSP_BASIC) {
        this.addOcsp(new Uint8Array(value.valueBeforeDecodeView), origin);
        return;
      }
      this.rejected.push({
        kind: 'other',
        origin,
        sha256: key,
        problem: problem(
          POOL_PROBLEMS.OTHER_FORMAT_UNSUPPORTED,
          `revocation info format ${format} is not supported`,
          'warning',
        ),
      });
    } catch (e) {
      this.rejected.push({
        kind: 'other',
        origin,
        sha256: key,
        problem: describe(e, POOL_PROBLEMS.REVOCATION_CHOICE_MALFORMED),
      });
    }
  }

  /** SignedData.crls as DER (the [1] IMPLICIT SET, or a plain SET). */
  addRevocationInfoChoices(setDer: Uint8Array, origin: RevocationOrigin = 'signature'): void {
    try {
      const asn = decodeDer(setDer, POOL_PROBLEMS.REVOCATION_CHOICE_MALFORMED, 'RevocationInfoChoices');
      for (const child of childrenDer(asn)) this.addRevocationInfoChoice(child, origin);
    } catch (e) {
      this.rejected.push({
        kind: 'other',
        origin,
        sha256: sha256Hex(setDer),
        problem: describe(e, POOL_PROBLEMS.REVOCATION_CHOICE_MALFORMED),
      });
    }
  }

  /** The adbe-revocationInfoArchival attribute value. */
  addRevocationInfoArchival(der: Uint8Array): void {
    let parsed: RevocationInfoArchival;
    try {
      parsed = parseRevocationInfoArchival(der);
    } catch (e) {
      this.rejected.push({
        kind: 'other',
        origin: 'adbe-archival',
        sha256: sha256Hex(der),
        problem: describe(e, POOL_PROBLEMS.ARCHIVAL_MALFORMED),
      });
      return;
    }
    for (const c of parsed.crls) this.addCrl(c, 'adbe-archival');
    for (const o of parsed.ocsps) this.addOcsp(o, 'adbe-archival');
  }
}

function addOrigin<T extends PooledCrl | PooledOcsp>(item: T, origin: RevocationOrigin): T {
  if (!item.origins.includes(origin)) item.origins.push(origin);
  return item;
}
