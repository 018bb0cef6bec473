/**
 * OCSP responses (RFC 6960): parsing with pkijs behind the BER guard, CertID matching, responder
 * identification and authorisation (the CA itself or a delegated id-kp-OCSPSigning certificate it issued),
 * and the response signature through the crypto registry. Requests are built here too, for the fetcher.
 */
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import type { FullCryptoContext } from '../crypto/context.js';
import { digestByOid, digestParts, verifySignature } from '../crypto/registry.js';
import { equalBytes, fromHex, toHex } from '../lib/bytes.js';
import { formatError, guardParse, isCrossignError } from '../lib/errors.js';
import type { Problem } from '../verdict/schema.js';
import { type Certificate, EXT, parseCertificate } from '../x509/certificate.js';
import {
  algorithmParams,
  bitStringBytes,
  type CrlReason,
  certificateSerial,
  decodeDer,
  derFromMaybeText,
  extendedKeyUsage,
  findExtension,
  integerBytes,
  namesEqual,
  normalizeSerial,
  problem,
  reasonName,
} from './der.js';

export const OCSP_PROBLEMS = {
  MALFORMED: 'OCSP_MALFORMED',
  NOT_SUCCESSFUL: 'OCSP_NOT_SUCCESSFUL',
  UNSUPPORTED_RESPONSE_TYPE: 'OCSP_UNSUPPORTED_RESPONSE_TYPE',
  NO_MATCHING_RESPONSE: 'OCSP_NO_MATCHING_RESPONSE',
  ISSUER_NAME_HASH_MISMATCH: 'OCSP_ISSUER_NAME_HASH_MISMATCH',
  ISSUER_KEY_HASH_MISMATCH: 'OCSP_ISSUER_KEY_HASH_MISMATCH',
  CERTID_HASH_UNSUPPORTED: 'OCSP_CERTID_HASH_UNSUPPORTED',
  CERT_HASH_MISMATCH: 'OCSP_CERT_HASH_MISMATCH',
  RESPONDER_NOT_FOUND: 'OCSP_RESPONDER_NOT_FOUND',
  SIGNATURE_INVALID: 'OCSP_SIGNATURE_INVALID',
  SIGNATURE_UNSUPPORTED: 'OCSP_SIGNATURE_UNSUPPORTED',
  RESPONDER_CERT_INVALID: 'OCSP_RESPONDER_CERT_INVALID',
  RESPONDER_NOT_AUTHORIZED: 'OCSP_RESPONDER_NOT_AUTHORIZED',
  RESPONDER_CERT_OUTSIDE_VALIDITY: 'OCSP_RESPONDER_CERT_OUTSIDE_VALIDITY',
  UNKNOWN_CRITICAL_EXTENSION: 'OCSP_UNKNOWN_CRITICAL_EXTENSION',
} as const;

const ID_PKIX_OCSP_BASIC = '1.3.6.1.5.5.7.48.1.1';
const ID_PKIX_OCSP_NONCE = '1.3.6.1.5.5.7.48.1.2';
export const ID_KP_OCSP_SIGNING = '1.3.6.1.5.5.7.3.9';
/** ISIS-MTT CertHash single extension (used by SK ID Solutions, Estonia). */
const ID_ISISMTT_AT_CERTHASH = '1.3.36.8.3.13';
const KNOWN_RESPONSE_EXTENSIONS = new Set([
  ID_PKIX_OCSP_NONCE,
  '1.3.6.1.5.5.7.48.1.3',
  '1.3.6.1.5.5.7.48.1.9',
]);
const KNOWN_SINGLE_EXTENSIONS = new Set([
  '1.3.6.1.5.5.7.48.1.3', // crlID
  '1.3.6.1.5.5.7.48.1.6', // archiveCutoff
  '2.5.29.21', // reasonCode
  '2.5.29.24', // invalidityDate
  '2.5.29.29', // certificateIssuer
  ID_ISISMTT_AT_CERTHASH,
]);

const RESPONSE_STATUS = [
  'successful',
  'malformedRequest',
  'internalError',
  'tryLater',
  'unused4',
  'sigRequired',
  'unauthorized',
] as const;
export type OcspResponseStatus = (typeof RESPONSE_STATUS)[number] | 'invalid';

export interface OcspCertId {
  hashAlgorithmOid: string;
  issuerNameHash: Uint8Array;
  issuerKeyHash: Uint8Array;
  serial: string;
}

export interface OcspSingleResponse {
  certId: OcspCertId;
  status: 'good' | 'revoked' | 'unknown';
  revocationTime?: Date;
  reason?: CrlReason;
  thisUpdate: Date;
  nextUpdate?: Date;
  archiveCutoff?: Date;
  certHash?: { algorithmOid: string; value: Uint8Array };
  unknownCriticalExtensions: string[];
}

export type ResponderId = { byName: Uint8Array } | { byKey: Uint8Array };

export interface BasicOcspResponse {
  /** DER of tbsResponseData: the signed bytes. */
  tbs: Uint8Array;
  responderId: ResponderId;
  producedAt: Date;
  responses: OcspSingleResponse[];
  certificates: Certificate[];
  signatureAlgorithmOid: string;
  signatureAlgorithmParams?: Uint8Array;
  signature: Uint8Array;
  nonce?: Uint8Array;
  unknownCriticalExtensions: string[];
}

export interface ParsedOcsp {
  der: Uint8Array;
  sha256: string;
  responseStatus: OcspResponseStatus;
  responseType?: string;
  basic?: BasicOcspResponse;
  /** Embedded certificates that failed to parse (kept as problems, never thrown). */
  problems: Problem[];
}

function parseCertStatus(
  raw: asn1js.AsnType,
): Pick<OcspSingleResponse, 'status' | 'revocationTime' | 'reason'> {
  const tag = raw.idBlock.tagNumber;
  if (raw.idBlock.tagClass !== 3) throw new Error('CertStatus is not context-tagged');
  if (tag === 0) return { status: 'good' };
  if (tag === 2) return { status: 'unknown' };
  if (tag !== 1 || !(raw instanceof asn1js.Constructed)) throw new Error('CertStatus has an unknown tag');
  const [time, reasonBlock] = raw.valueBlock.value;
  if (!(time instanceof asn1js.GeneralizedTime)) throw new Error('RevokedInfo.revocationTime is missing');
  const out: Pick<OcspSingleResponse, 'status' | 'revocationTime' | 'reason'> = {
    status: 'revoked',
    revocationTime: time.toDate(),
  };
  if (reasonBlock instanceof asn1js.Constructed) {
    const e = reasonBlock.valueBlock.value[0];
    if (e instanceof asn1js.Enumerated) {
      const r = reasonName(e.valueBlock.valueDec);
      if (r) out.reason = r;
    }
  }
  return out;
}

function extValue(ext: pkijs.Extension): asn1js.AsnType {
  return decodeDer(
    new Uint8Array(ext.extnValue.valueBlock.valueHexView),
    OCSP_PROBLEMS.MALFORMED,
    ext.extnID,
  );
}

function parseSingle(sr: pkijs.SingleResponse): OcspSingleResponse {
  const out: OcspSingleResponse = {
    certId: {
      hashAlgorithmOid: sr.certID.hashAlgorithm.algorithmId,
      issuerNameHash: new Uint8Array(sr.certID.issuerNameHash.valueBlock.valueHexView),
      issuerKeyHash: new Uint8Array(sr.certID.issuerKeyHash.valueBlock.valueHexView),
      serial: normalizeSerial(integerBytes(sr.certID.serialNumber)),
    },
    ...parseCertStatus(sr.certStatus as asn1js.AsnType),
    thisUpdate: sr.thisUpdate,
    unknownCriticalExtensions: [],
  };
  if (sr.nextUpdate) out.nextUpdate = sr.nextUpdate;
  for (const ext of sr.singleExtensions ?? []) {
    if (ext.critical && !KNOWN_SINGLE_EXTENSIONS.has(ext.extnID))
      out.unknownCriticalExtensions.push(ext.extnID);
    if (ext.extnID === '1.3.6.1.5.5.7.48.1.6') {
      const v = extValue(ext);
      if (v instanceof asn1js.GeneralizedTime) out.archiveCutoff = v.toDate();
    } else if (ext.extnID === ID_ISISMTT_AT_CERTHASH) {
      const v = extValue(ext);
      if (v instanceof asn1js.Sequence) {
        const alg = new pkijs.AlgorithmIdentifier({ schema: v.valueBlock.value[0] });
        const h = v.valueBlock.value[1];
        if (h instanceof asn1js.OctetString)
          out.certHash = { algorithmOid: alg.algorithmId, value: new Uint8Array(h.valueBlock.valueHexView) };
      }
    }
  }
  return out;
}

function parseResponderId(rd: pkijs.ResponseData, tbs: asn1js.Sequence): ResponderId {
  // Read the raw CHOICE: pkijs loses which alternative it was when the content is ambiguous.
  const items = tbs.valueBlock.value;
  const raw = items.find(
    (v) => v.idBlock.tagClass === 3 && (v.idBlock.tagNumber === 1 || v.idBlock.tagNumber === 2),
  );
  if (raw instanceof asn1js.Constructed) {
    const inner = raw.valueBlock.value[0];
    if (raw.idBlock.tagNumber === 2 && inner instanceof asn1js.OctetString)
      return { byKey: new Uint8Array(inner.valueBlock.valueHexView) };
    if (raw.idBlock.tagNumber === 1 && inner) return { byName: new Uint8Array(inner.toBER(false)) };
  }
  if (rd.responderID instanceof asn1js.OctetString)
    return { byKey: new Uint8Array(rd.responderID.valueBlock.valueHexView) };
  throw new Error('ResponderID is neither byName nor byKey');
}

function parseBasic(bytes: Uint8Array, problems: Problem[]): BasicOcspResponse {
  const asn = decodeDer(bytes, OCSP_PROBLEMS.MALFORMED, 'BasicOCSPResponse');
  const basic = new pkijs.BasicOCSPResponse({ schema: asn });
  const rd = basic.tbsResponseData;
  const tbsBlock = (asn as asn1js.Sequence).valueBlock.value[0] as asn1js.Sequence;
  const out: BasicOcspResponse = {
    tbs: new Uint8Array(rd.tbsView),
    responderId: parseResponderId(rd, tbsBlock),
    producedAt: rd.producedAt,
    responses: rd.responses.map(parseSingle),
    certificates: [],
    signatureAlgorithmOid: basic.signatureAlgorithm.algorithmId,
    signature: bitStringBytes(basic.signature),
    unknownCriticalExtensions: [],
  };
  const params = algorithmParams(basic.signatureAlgorithm);
  if (params) out.signatureAlgorithmParams = params;
  for (const ext of rd.responseExtensions ?? []) {
    if (ext.critical && !KNOWN_RESPONSE_EXTENSIONS.has(ext.extnID))
      out.unknownCriticalExtensions.push(ext.extnID);
    if (ext.extnID === ID_PKIX_OCSP_NONCE) out.nonce = new Uint8Array(ext.extnValue.valueBlock.valueHexView);
  }
  for (const c of basic.certs ?? []) {
    try {
      out.certificates.push(parseCertificate(new Uint8Array(c.toSchema().toBER(false)), 'revocation'));
    } catch (e) {
      problems.push(
        problem('OCSP_CERTIFICATE_MALFORMED', `certificate in OCSP response: ${String(e)}`, 'warning'),
      );
    }
  }
  return out;
}

/** Parses an OCSPResponse (DER, or PEM / base64 text). Throws formatError(OCSP_MALFORMED) on bad input. */
export function parseOcspResponse(input: Uint8Array): ParsedOcsp {
  return guardParse(OCSP_PROBLEMS.MALFORMED, 'OCSP response', () => parseOcspResponseUnguarded(input));
}

function parseOcspResponseUnguarded(input: Uint8Array): ParsedOcsp {
  const der = derFromMaybeText(input);
  const asn = decodeDer(der, OCSP_PROBLEMS.MALFORMED, 'OCSPResponse');
  try {
    const resp = new pkijs.OCSPResponse({ schema: asn });
    const code = resp.responseStatus.valueBlock.valueDec;
    const out: ParsedOcsp = {
      der,
      sha256: toHex(digestParts('SHA-256', [der])),
      responseStatus: RESPONSE_STATUS[code] ?? 'invalid',
      problems: [],
    };
    if (resp.responseBytes) {
      out.responseType = resp.responseBytes.responseType;
      if (out.responseType === ID_PKIX_OCSP_BASIC)
        out.basic = parseBasic(
          new Uint8Array(resp.responseBytes.response.valueBlock.valueHexView),
          out.problems,
        );
    }
    return out;
  } catch (e) {
    if (isCrossignError(e)) throw e;
    throw formatError(
      OCSP_PROBLEMS.MALFORMED,
      `OCSP response is malformed: ${e instanceof Error ? e.message : e}`,
      e,
    );
  }
}

export interface SingleMatch {
  single?: OcspSingleResponse;
  /** A response named this serial but its CertID did not fit the issuer. */
  problems: Problem[];
}

/**
 * The SingleResponse about `cert` issued by `issuer`: same serial, and issuerNameHash / issuerKeyHash
 * (SHA-1 or whatever hashAlgorithm says, over the issuer's Name DER and subjectPublicKey BIT STRING
 * contents) equal to what the issuer gives.
 */
export function matchSingleResponse(ocsp: ParsedOcsp, cert: Certificate, issuer: Certificate): SingleMatch {
  const problems: Problem[] = [];
  const serial = certificateSerial(cert);
  for (const single of ocsp.basic?.responses ?? []) {
    if (single.certId.serial !== serial) continue;
    const id = single.certId;
    if (!digestByOid(id.hashAlgorithmOid)) {
      problems.push(
        problem(OCSP_PROBLEMS.CERTID_HASH_UNSUPPORTED, `CertID hash ${id.hashAlgorithmOid} is unsupported`),
      );
      continue;
    }
    const nameOk =
      equalBytes(digestParts(id.hashAlgorithmOid, [issuer.subjectDer]), id.issuerNameHash) ||
      equalBytes(digestParts(id.hashAlgorithmOid, [cert.issuerDer]), id.issuerNameHash);
    const keyOk = equalBytes(
      digestParts(id.hashAlgorithmOid, [issuer.publicKey.publicKey]),
      id.issuerKeyHash,
    );
    if (!nameOk)
      problems.push(
        problem(OCSP_PROBLEMS.ISSUER_NAME_HASH_MISMATCH, 'OCSP response issuer name hash does not match'),
      );
    if (!keyOk)
      problems.push(
        problem(OCSP_PROBLEMS.ISSUER_KEY_HASH_MISMATCH, 'OCSP response issuer key hash does not match'),
      );
    if (!nameOk || !keyOk) continue;
    if (single.certHash) {
      const entry = digestByOid(single.certHash.algorithmOid);
      if (
        entry &&
        !equalBytes(digestParts(single.certHash.algorithmOid, [cert.der]), single.certHash.value)
      ) {
        problems.push(
          problem(OCSP_PROBLEMS.CERT_HASH_MISMATCH, 'OCSP CertHash extension does not match the certificate'),
        );
        continue;
      }
    }
    return { single, problems: [] };
  }
  if (problems.length === 0 && ocsp.basic)
    problems.push(
      problem(
        OCSP_PROBLEMS.NO_MATCHING_RESPONSE,
        'the OCSP response says nothing about this certificate',
        'info',
      ),
    );
  return { problems };
}

function matchesResponderId(c: Certificate, rid: ResponderId): boolean {
  if ('byName' in rid) return namesEqual(c.subjectDer, rid.byName);
  return equalBytes(digestParts('SHA-1', [c.publicKey.publicKey]), rid.byKey);
}

function sameKey(a: Certificate, b: Certificate): boolean {
  return equalBytes(a.publicKey.spki, b.publicKey.spki);
}

export interface OcspResponseCheck {
  /** The response is signed by an authorised responder (and, for a delegated one, issued by the CA). */
  ok: boolean;
  responder?: Certificate;
  responderKind?: 'ca' | 'delegated';
  /**
   * A delegated responder without id-pkix-ocsp-nocheck: its own revocation status must be established
   * by the caller before the response counts (RFC 6960 §4.2.2.2.1).
   */
  responderNeedsRevocationCheck?: Certificate;
  problems: Problem[];
}

async function signatureBy(basic: BasicOcspResponse, c: Certificate, ctx: FullCryptoContext) {
  return verifySignature(
    {
      algorithmOid: basic.signatureAlgorithmOid,
      key: c.publicKey,
      data: basic.tbs,
      signature: basic.signature,
      ...(basic.signatureAlgorithmParams ? { parameters: basic.signatureAlgorithmParams } : {}),
    },
    ctx,
  );
}

/**
 * Checks who signed the response and whether they may speak for `issuer`: the CA itself, or a
 * certificate issued by it with id-kp-OCSPSigning, valid when the response was produced.
 * `extraCertificates` are other certificates the caller knows (DSS, signature) to locate the responder.
 */
export async function verifyOcspResponse(
  ocsp: ParsedOcsp,
  issuer: Certificate,
  ctx: FullCryptoContext,
  extraCertificates: readonly Certificate[] = [],
): Promise<OcspResponseCheck> {
  if (ocsp.responseStatus !== 'successful')
    return {
      ok: false,
      problems: [problem(OCSP_PROBLEMS.NOT_SUCCESSFUL, `OCSP response status is ${ocsp.responseStatus}`)],
    };
  const basic = ocsp.basic;
  if (!basic)
    return {
      ok: false,
      problems: [
        problem(OCSP_PROBLEMS.UNSUPPORTED_RESPONSE_TYPE, `OCSP response type ${ocsp.responseType ?? 'none'}`),
      ],
    };
  const problems: Problem[] = [];
  if (basic.unknownCriticalExtensions.length > 0)
    problems.push(
      problem(
        OCSP_PROBLEMS.UNKNOWN_CRITICAL_EXTENSION,
        `unrecognised critical extension(s) ${basic.unknownCriticalExtensions}`,
      ),
    );
  const candidates: Certificate[] = [];
  for (const c of [issuer, ...basic.certificates, ...extraCertificates])
    if (matchesResponderId(c, basic.responderId) && !candidates.some((x) => x.sha256 === c.sha256))
      candidates.push(c);
  if (candidates.length === 0)
    return {
      ok: false,
      problems: [
        ...problems,
        problem(
          OCSP_PROBLEMS.RESPONDER_NOT_FOUND,
          'Unable to verify OCSP response since response signing certificate could not be located',
        ),
      ],
    };
  let responder: Certificate | undefined;
  let unsupported: string | undefined;
  for (const c of candidates) {
    const outcome = await signatureBy(basic, c, ctx);
    if (outcome.ok) {
      responder = c;
      break;
    }
    if (outcome.failure === 'UNSUPPORTED_ALGORITHM') unsupported = outcome.message;
  }
  if (!responder) {
    const code = unsupported ? OCSP_PROBLEMS.SIGNATURE_UNSUPPORTED : OCSP_PROBLEMS.SIGNATURE_INVALID;
    return {
      ok: false,
      problems: [...problems, problem(code, unsupported ?? 'Unable to verify OCSP response signature')],
    };
  }
  if (namesEqual(responder.subjectDer, issuer.subjectDer) && sameKey(responder, issuer))
    return { ok: problems.length === 0, responder, responderKind: 'ca', problems };

  // Delegated responder: issued by this CA, with OCSPSigning, valid at producedAt.
  const issued =
    namesEqual(responder.issuerDer, issuer.subjectDer) &&
    (
      await verifySignature(
        {
          algorithmOid: responder.signatureAlgorithmOid,
          key: issuer.publicKey,
          data: responder.tbs,
          signature: responder.signatureValue,
          ...(responder.signatureAlgorithmParams ? { parameters: responder.signatureAlgorithmParams } : {}),
        },
        ctx,
      )
    ).ok;
  if (!issued)
    problems.push(
      problem(
        OCSP_PROBLEMS.RESPONDER_CERT_INVALID,
        'Unable to verify OCSP response since response signing certificate could not be validated',
      ),
    );
  const eku = extendedKeyUsage(responder);
  if (!eku?.purposes.includes(ID_KP_OCSP_SIGNING))
    problems.push(
      problem(
        OCSP_PROBLEMS.RESPONDER_NOT_AUTHORIZED,
        `${responder.subject} is not authorised to sign OCSP responses (no id-kp-OCSPSigning)`,
      ),
    );
  if (basic.producedAt < responder.notBefore || basic.producedAt > responder.notAfter)
    problems.push(
      problem(
        OCSP_PROBLEMS.RESPONDER_CERT_OUTSIDE_VALIDITY,
        'the OCSP responder certificate was not valid when the response was produced',
      ),
    );
  const out: OcspResponseCheck = {
    ok: problems.length === 0,
    responder,
    responderKind: 'delegated',
    problems,
  };
  if (!findExtension(responder.extensions, EXT.ocspNoCheck)) out.responderNeedsRevocationCheck = responder;
  return out;
}

/** The http(s) OCSP responder URLs of the certificate's authorityInfoAccess. */
export function ocspUrls(cert: Certificate): string[] {
  return accessUrls(cert, '1.3.6.1.5.5.7.48.1');
}

/** The http(s) caIssuers URLs of the certificate's authorityInfoAccess. */
export function caIssuersUrls(cert: Certificate): string[] {
  return accessUrls(cert, '1.3.6.1.5.5.7.48.2');
}

function accessUrls(cert: Certificate, method: string): string[] {
  const ext = findExtension(cert.extensions, EXT.authorityInfoAccess);
  const aia = ext?.parsedValue as pkijs.InfoAccess | undefined;
  const out: string[] = [];
  for (const ad of aia?.accessDescriptions ?? []) {
    if (ad.accessMethod !== method || ad.accessLocation.type !== 6) continue;
    const url = String(ad.accessLocation.value);
    if (/^https?:\/\//i.test(url)) out.push(url);
  }
  return out;
}

/** DER OCSPRequest for one certificate (RFC 6960 §4.1), SHA-1 CertID as responders expect by default. */
export function buildOcspRequest(
  cert: Certificate,
  issuer: Certificate,
  opts: { hashOid?: string; nonce?: Uint8Array } = {},
): Uint8Array {
  const hashOid = opts.hashOid ?? '1.3.14.3.2.26';
  const certId = new asn1js.Sequence({
    value: [
      new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: hashOid }), new asn1js.Null()] }),
      new asn1js.OctetString({ valueHex: digestParts(hashOid, [cert.issuerDer]).slice().buffer }),
      new asn1js.OctetString({ valueHex: digestParts(hashOid, [issuer.publicKey.publicKey]).slice().buffer }),
      // The DER (minimal) form, even when the certificate itself pads its serial (X.690 §8.3.2).
      new asn1js.Integer({ valueHex: fromHex(cert.serialNumber).slice().buffer }),
    ],
  });
  const tbsItems: asn1js.AsnType[] = [
    new asn1js.Sequence({ value: [new asn1js.Sequence({ value: [certId] })] }),
  ];
  if (opts.nonce) {
    const nonceExt = new asn1js.Sequence({
      value: [
        new asn1js.ObjectIdentifier({ value: ID_PKIX_OCSP_NONCE }),
        new asn1js.OctetString({
          valueHex: new asn1js.OctetString({ valueHex: opts.nonce.slice().buffer }).toBER(false),
        }),
      ],
    });
    tbsItems.push(
      new asn1js.Constructed({
        idBlock: { tagClass: 3, tagNumber: 2 },
        value: [new asn1js.Sequence({ value: [nonceExt] })],
      }),
    );
  }
  const req = new asn1js.Sequence({ value: [new asn1js.Sequence({ value: tbsItems })] });
  return new Uint8Array(req.toBER(false));
}
