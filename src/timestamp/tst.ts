/**
 * RFC 3161 timestamp tokens: a CMS SignedData over a TSTInfo. Parsing uses pkijs behind the BER guard;
 * the token's SignerInfo is checked by a minimal verifier of our own (content-type, message-digest,
 * ESS signing-certificate(-v2), signature via the crypto registry) so this module does not wait for the
 * shared CMS verifier — swap `verifyTokenSigner` for it once src/cms/ has one.
 */
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import type { FullCryptoContext } from '../crypto/context.js';
import { digestByOid, digestParts, verifySignature } from '../crypto/registry.js';
import { equalBytes, toHex } from '../lib/bytes.js';
import { formatError, guardParse, isCrossignError } from '../lib/errors.js';
import {
  algorithmParams,
  decodeDer,
  derFromMaybeText,
  extendedKeyUsage,
  type GeneralNameValue,
  generalName,
  integerBytes,
  namesEqual,
  normalizeSerial,
  problem,
} from '../revocation/der.js';
import type { Problem } from '../verdict/schema.js';
import { type Certificate, parseCertificate } from '../x509/certificate.js';

export const TST_PROBLEMS = {
  MALFORMED: 'TST_MALFORMED',
  NOT_SIGNED_DATA: 'TST_NOT_SIGNED_DATA',
  WRONG_CONTENT_TYPE: 'TST_WRONG_CONTENT_TYPE',
  RESPONSE_NOT_GRANTED: 'TST_RESPONSE_NOT_GRANTED',
  SIGNER_COUNT: 'TST_SIGNER_COUNT',
  SIGNER_CERT_NOT_FOUND: 'TST_SIGNER_CERTIFICATE_NOT_FOUND',
  NO_SIGNED_ATTRIBUTES: 'TST_NO_SIGNED_ATTRIBUTES',
  CONTENT_TYPE_MISMATCH: 'TST_CONTENT_TYPE_ATTRIBUTE_MISMATCH',
  MESSAGE_DIGEST_MISMATCH: 'TST_MESSAGE_DIGEST_MISMATCH',
  SIGNATURE_INVALID: 'TST_SIGNATURE_INVALID',
  SIGNATURE_UNSUPPORTED: 'TST_SIGNATURE_UNSUPPORTED',
  ESS_MISSING: 'TST_ESS_SIGNING_CERTIFICATE_MISSING',
  ESS_MISMATCH: 'TST_ESS_SIGNING_CERTIFICATE_MISMATCH',
  IMPRINT_MISMATCH: 'TST_IMPRINT_MISMATCH',
  IMPRINT_DIGEST_UNSUPPORTED: 'TST_IMPRINT_DIGEST_UNSUPPORTED',
  TSA_EKU_MISSING: 'TSA_EKU_MISSING',
  TSA_EKU_NOT_CRITICAL: 'TSA_EKU_NOT_CRITICAL',
  TSA_EKU_NOT_EXCLUSIVE: 'TSA_EKU_NOT_EXCLUSIVE',
  TSA_CERT_OUTSIDE_VALIDITY: 'TSA_CERTIFICATE_OUTSIDE_VALIDITY',
  TSA_NAME_MISMATCH: 'TST_TSA_NAME_MISMATCH',
} as const;

export const ID_SIGNED_DATA = '1.2.840.113549.1.7.2';
export const ID_CT_TSTINFO = '1.2.840.113549.1.9.16.1.4';
const ID_CONTENT_TYPE = '1.2.840.113549.1.9.3';
const ID_MESSAGE_DIGEST = '1.2.840.113549.1.9.4';
const ID_SIGNING_CERTIFICATE = '1.2.840.113549.1.9.16.2.12';
const ID_SIGNING_CERTIFICATE_V2 = '1.2.840.113549.1.9.16.2.47';
export const ID_KP_TIMESTAMPING = '1.3.6.1.5.5.7.3.8';
const SHA256 = '2.16.840.1.101.3.4.2.1';
const SHA1 = '1.3.14.3.2.26';

export interface TstInfo {
  der: Uint8Array;
  version: number;
  policy: string;
  messageImprint: { hashAlgorithmOid: string; hashedMessage: Uint8Array };
  serialNumber: string;
  /** genTime to the millisecond (finer fractions are truncated here but kept in genTimeRaw). */
  genTime: Date;
  genTimeRaw: string;
  accuracy?: { seconds: number; millis: number; micros: number };
  accuracyMs?: number;
  ordering: boolean;
  nonce?: string;
  tsa?: GeneralNameValue;
  extensions: { oid: string; critical: boolean }[];
}

export interface EssCertRef {
  hashAlgorithmOid: string;
  certHash: Uint8Array;
  issuerSerial?: { issuer: GeneralNameValue[]; serial: string };
}

export interface TokenSigner {
  sid: { issuerDer: Uint8Array; serial: string } | { subjectKeyIdentifier: Uint8Array };
  digestAlgorithmOid: string;
  signatureAlgorithmOid: string;
  signatureAlgorithmParams?: Uint8Array;
  signature: Uint8Array;
  /** The signed attributes re-tagged as SET OF (the bytes the signature covers), when present. */
  signedAttrsDer?: Uint8Array;
  contentType?: string;
  messageDigest?: Uint8Array;
  /** ESS signing-certificate(-v2) references, first = the signer's. */
  essCerts?: EssCertRef[];
  essCertsV1?: EssCertRef[];
  essCertsV2?: EssCertRef[];
}

export interface TimestampToken {
  der: Uint8Array;
  sha256: string;
  /** DER of the encapsulated TSTInfo: what message-digest covers. */
  eContent: Uint8Array;
  tstInfo: TstInfo;
  certificates: Certificate[];
  /** SignedData.crls, as DER elements (RevocationInfoChoice), for the revocation pool. */
  revocationInfoChoices: Uint8Array[];
  signers: TokenSigner[];
  problems: Problem[];
}

function fail(code: string, message: string): never {
  throw formatError(code, message);
}

function parseGenTime(gt: asn1js.GeneralizedTime): { date: Date; raw: string } {
  const raw = new TextDecoder('latin1').decode(gt.valueBlock.valueHexView);
  const m = /^(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)(?:[.,](\d+))?Z$/.exec(raw);
  if (!m) fail(TST_PROBLEMS.MALFORMED, `TSTInfo genTime "${raw}" is not a UTC GeneralizedTime`);
  const ms = m[7] ? Number(m[7].slice(0, 3).padEnd(3, '0')) : 0;
  const date = new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!, ms));
  return { date, raw };
}

function parseTstInfo(der: Uint8Array): TstInfo {
  const asn = decodeDer(der, TST_PROBLEMS.MALFORMED, 'TSTInfo');
  const info = new pkijs.TSTInfo({ schema: asn });
  const seq = asn as asn1js.Sequence;
  const gt = seq.valueBlock.value.find((v) => v instanceof asn1js.GeneralizedTime) as asn1js.GeneralizedTime;
  const { date, raw } = parseGenTime(gt);
  const out: TstInfo = {
    der,
    version: info.version,
    policy: info.policy,
    messageImprint: {
      hashAlgorithmOid: info.messageImprint.hashAlgorithm.algorithmId,
      hashedMessage: new Uint8Array(info.messageImprint.hashedMessage.valueBlock.valueHexView),
    },
    serialNumber: normalizeSerial(integerBytes(info.serialNumber)),
    genTime: date,
    genTimeRaw: raw,
    ordering: !!info.ordering,
    extensions: (info.extensions ?? []).map((e) => ({ oid: e.extnID, critical: !!e.critical })),
  };
  if (info.accuracy) {
    const a = {
      seconds: info.accuracy.seconds ?? 0,
      millis: info.accuracy.millis ?? 0,
      micros: info.accuracy.micros ?? 0,
    };
    out.accuracy = a;
    out.accuracyMs = a.seconds * 1000 + a.millis + a.micros / 1000;
  }
  if (info.nonce) out.nonce = toHex(integerBytes(info.nonce));
  if (info.tsa) out.tsa = generalName(info.tsa);
  return out;
}

function attrValue(attrs: pkijs.Attribute[] | undefined, oid: string): asn1js.AsnType | undefined {
  return attrs?.find((a) => a.type === oid)?.values[0] as asn1js.AsnType | undefined;
}

function parseEss(v: asn1js.AsnType, version: 1 | 2): EssCertRef[] {
  if (!(v instanceof asn1js.Sequence)) throw new Error('SigningCertificate is not a SEQUENCE');
  const certs = v.valueBlock.value[0];
  if (!(certs instanceof asn1js.Sequence)) throw new Error('SigningCertificate.certs is not a SEQUENCE');
  return certs.valueBlock.value.map((id) => {
    if (!(id instanceof asn1js.Sequence)) throw new Error('ESSCertID is not a SEQUENCE');
    const items = [...id.valueBlock.value];
    let hashAlgorithmOid = version === 1 ? SHA1 : SHA256;
    if (version === 2 && items[0] instanceof asn1js.Sequence)
      hashAlgorithmOid = new pkijs.AlgorithmIdentifier({ schema: items.shift() }).algorithmId;
    const hash = items.shift();
    if (!(hash instanceof asn1js.OctetString)) throw new Error('ESSCertID.certHash is missing');
    const ref: EssCertRef = { hashAlgorithmOid, certHash: new Uint8Array(hash.valueBlock.valueHexView) };
    const is = items.shift();
    if (is instanceof asn1js.Sequence) {
      const [names, serial] = is.valueBlock.value;
      if (names && serial instanceof asn1js.Integer)
        ref.issuerSerial = {
          issuer: new pkijs.GeneralNames({ schema: names }).names.map(generalName),
          serial: normalizeSerial(integerBytes(serial)),
        };
    }
    return ref;
  });
}

function parseSigner(si: pkijs.SignerInfo): TokenSigner {
  const sid: TokenSigner['sid'] =
    si.sid instanceof pkijs.IssuerAndSerialNumber
      ? {
          issuerDer: new Uint8Array(si.sid.issuer.toSchema().toBER(false)),
          serial: normalizeSerial(integerBytes(si.sid.serialNumber)),
        }
      : { subjectKeyIdentifier: new Uint8Array((si.sid as asn1js.Primitive).valueBlock.valueHexView) };
  const out: TokenSigner = {
    sid,
    digestAlgorithmOid: si.digestAlgorithm.algorithmId,
    signatureAlgorithmOid: si.signatureAlgorithm.algorithmId,
    signature: new Uint8Array(si.signature.valueBlock.valueHexView),
  };
  const params = algorithmParams(si.signatureAlgorithm);
  if (params) out.signatureAlgorithmParams = params;
  if (si.signedAttrs) {
    const der = new Uint8Array(si.signedAttrs.encodedValue).slice();
    der[0] = 0x31;
    out.signedAttrsDer = der;
    const attrs = si.signedAttrs.attributes;
    const ct = attrValue(attrs, ID_CONTENT_TYPE);
    if (ct instanceof asn1js.ObjectIdentifier) out.contentType = ct.valueBlock.toString();
    const md = attrValue(attrs, ID_MESSAGE_DIGEST);
    if (md instanceof asn1js.OctetString) out.messageDigest = new Uint8Array(md.valueBlock.valueHexView);
    const v2 = attrValue(attrs, ID_SIGNING_CERTIFICATE_V2);
    const v1 = attrValue(attrs, ID_SIGNING_CERTIFICATE);
    // Both may be present (SHA-1 refs for old verifiers, v2 for new ones); v2 is preferred.
    if (v2) out.essCertsV2 = parseEss(v2, 2);
    if (v1) out.essCertsV1 = parseEss(v1, 1);
    const refs = out.essCertsV2 ?? out.essCertsV1;
    if (refs) out.essCerts = refs;
  }
  return out;
}

export interface TimeStampResp {
  /** PKIStatus: 0 granted, 1 grantedWithMods, 2 rejection, 3 waiting, 4 revocationWarning, 5 revocationNotification. */
  status: number;
  statusStrings: string[];
  failInfo?: number;
  token?: Uint8Array;
}

/** RFC 3161 TimeStampResp: status plus, when granted, the token's DER. Throws formatError on bad input. */
export function parseTimeStampResp(input: Uint8Array): TimeStampResp {
  return guardParse(TST_PROBLEMS.MALFORMED, 'TimeStampResp', () => parseTimeStampRespUnguarded(input));
}

function parseTimeStampRespUnguarded(input: Uint8Array): TimeStampResp {
  const der = derFromMaybeText(input);
  const asn = decodeDer(der, TST_PROBLEMS.MALFORMED, 'TimeStampResp');
  try {
    const resp = new pkijs.TimeStampResp({ schema: asn });
    const out: TimeStampResp = {
      status: resp.status.status,
      statusStrings: (resp.status.statusStrings ?? []).map((s) => String(s.valueBlock.value)),
    };
    if (resp.status.failInfo)
      out.failInfo = new Uint8Array(resp.status.failInfo.valueBlock.valueHexView)[0] ?? 0;
    if (resp.timeStampToken) out.token = new Uint8Array(resp.timeStampToken.toSchema().toBER(false));
    return out;
  } catch (e) {
    throw formatError(
      TST_PROBLEMS.MALFORMED,
      `TimeStampResp is malformed: ${e instanceof Error ? e.message : e}`,
      e,
    );
  }
}

/**
 * Parses a timestamp token (ContentInfo with SignedData over id-ct-TSTInfo). A TimeStampResp is
 * accepted too and unwrapped when granted. Throws formatError(TST_*) on bad input.
 */
export function parseTimestampToken(input: Uint8Array): TimestampToken {
  return guardParse(TST_PROBLEMS.MALFORMED, 'timestamp token', () => parseTimestampTokenUnguarded(input));
}

function parseTimestampTokenUnguarded(input: Uint8Array): TimestampToken {
  let der = derFromMaybeText(input);
  const first = decodeDer(der, TST_PROBLEMS.MALFORMED, 'timestamp token');
  // TimeStampResp starts with PKIStatusInfo (a SEQUENCE); a ContentInfo starts with an OID.
  if (first instanceof asn1js.Sequence && first.valueBlock.value[0] instanceof asn1js.Sequence) {
    const resp = parseTimeStampResp(der);
    if ((resp.status !== 0 && resp.status !== 1) || !resp.token)
      fail(TST_PROBLEMS.RESPONSE_NOT_GRANTED, `TimeStampResp status ${resp.status} carries no token`);
    der = resp.token;
  }
  try {
    const ci = new pkijs.ContentInfo({ schema: decodeDer(der, TST_PROBLEMS.MALFORMED, 'ContentInfo') });
    if (ci.contentType !== ID_SIGNED_DATA)
      fail(TST_PROBLEMS.NOT_SIGNED_DATA, `token content type is ${ci.contentType}`);
    const sd = new pkijs.SignedData({ schema: ci.content });
    const eci = sd.encapContentInfo;
    if (eci.eContentType !== ID_CT_TSTINFO)
      fail(TST_PROBLEMS.WRONG_CONTENT_TYPE, `eContentType is ${eci.eContentType}`);
    const ec = eci.eContent;
    if (!ec) fail(TST_PROBLEMS.MALFORMED, 'token has no encapsulated TSTInfo');
    // A constructed (BER) OCTET STRING holds the TSTInfo in pieces: join them.
    const eContent = ec.idBlock.isConstructed
      ? new Uint8Array(
          (ec.valueBlock.value as asn1js.OctetString[]).flatMap((p) => [
            ...new Uint8Array(p.valueBlock.valueHexView),
          ]),
        )
      : new Uint8Array(ec.valueBlock.valueHexView);
    const problems: Problem[] = [];
    const certificates: Certificate[] = [];
    for (const c of sd.certificates ?? []) {
      if (!(c instanceof pkijs.Certificate)) continue;
      try {
        certificates.push(parseCertificate(new Uint8Array(c.toSchema().toBER(false)), 'timestamp'));
      } catch (e) {
        problems.push(problem('TST_CERTIFICATE_MALFORMED', `certificate in token: ${String(e)}`, 'warning'));
      }
    }
    const revocationInfoChoices = rawRevocationInfoChoices(ci.content as asn1js.AsnType);
    return {
      der,
      sha256: toHex(digestParts('SHA-256', [der])),
      eContent,
      tstInfo: parseTstInfo(eContent),
      certificates,
      revocationInfoChoices,
      signers: sd.signerInfos.map(parseSigner),
      problems,
    };
  } catch (e) {
    if (isCrossignError(e)) throw e;
    throw formatError(
      TST_PROBLEMS.MALFORMED,
      `timestamp token is malformed: ${e instanceof Error ? e.message : e}`,
      e,
    );
  }
}

/** SignedData.crls as the original DER elements: pkijs re-encodes OtherRevocationInfoFormat untagged. */
function rawRevocationInfoChoices(signedData: asn1js.AsnType): Uint8Array[] {
  const items = (signedData as asn1js.Sequence).valueBlock?.value ?? [];
  const crls = items.find((v) => v.idBlock.tagClass === 3 && v.idBlock.tagNumber === 1) as
    | asn1js.Constructed
    | undefined;
  return (crls?.valueBlock.value ?? []).map((v) => new Uint8Array(v.valueBeforeDecodeView));
}

function sidMatches(sid: TokenSigner['sid'], c: Certificate): boolean {
  if ('subjectKeyIdentifier' in sid)
    return !!c.subjectKeyIdentifier && equalBytes(c.subjectKeyIdentifier, sid.subjectKeyIdentifier);
  return (
    namesEqual(sid.issuerDer, c.issuerDer) &&
    sid.serial === normalizeSerial(integerBytes(c.pkijs.serialNumber))
  );
}

function essMatches(ref: EssCertRef, c: Certificate): boolean {
  if (!digestByOid(ref.hashAlgorithmOid)) return false;
  if (!equalBytes(digestParts(ref.hashAlgorithmOid, [c.der]), ref.certHash)) return false;
  if (!ref.issuerSerial) return true;
  const issuer: GeneralNameValue = { kind: 'directoryName', der: c.issuerDer, text: c.issuer };
  return (
    ref.issuerSerial.serial === normalizeSerial(integerBytes(c.pkijs.serialNumber)) &&
    ref.issuerSerial.issuer.some((n) => n.kind === 'directoryName' && namesEqual(n.der, issuer.der))
  );
}

export interface SignerCheck {
  signatureValid: boolean;
  certificate?: Certificate;
  problems: Problem[];
}

/**
 * Minimal CMS SignerInfo verification for a token (RFC 5652 §5.4, RFC 3161 §2.4.1, RFC 5035):
 * find the signer certificate, check content-type and message-digest over the TSTInfo, the ESS
 * signing-certificate binding, then the signature over the signed attributes.
 */
export async function verifyTokenSigner(
  token: TimestampToken,
  signer: TokenSigner,
  ctx: FullCryptoContext,
  extraCertificates: readonly Certificate[] = [],
): Promise<SignerCheck> {
  const problems: Problem[] = [];
  const pool = [...token.certificates, ...extraCertificates];
  const bySid = pool.filter((c) => sidMatches(signer.sid, c));
  const ess = signer.essCerts?.[0];
  // Equivalent certificates (same issuer and serial, or same SKI) are told apart by the ESS hash.
  const cert = (ess && bySid.find((c) => essMatches(ess, c))) ?? bySid[0];
  if (!cert) {
    problems.push(
      problem(
        TST_PROBLEMS.SIGNER_CERT_NOT_FOUND,
        'the TSA certificate named by the SignerInfo is not available',
      ),
    );
    return { signatureValid: false, problems };
  }
  let data: Uint8Array;
  if (signer.signedAttrsDer) {
    if (signer.contentType !== ID_CT_TSTINFO)
      problems.push(
        problem(
          TST_PROBLEMS.CONTENT_TYPE_MISMATCH,
          `content-type attribute is ${signer.contentType ?? 'absent'}`,
        ),
      );
    const digestOk =
      !!signer.messageDigest &&
      !!digestByOid(signer.digestAlgorithmOid) &&
      equalBytes(digestParts(signer.digestAlgorithmOid, [token.eContent]), signer.messageDigest);
    if (!digestOk)
      problems.push(
        problem(TST_PROBLEMS.MESSAGE_DIGEST_MISMATCH, 'message-digest does not match the TSTInfo'),
      );
    if (!ess)
      problems.push(
        problem(
          TST_PROBLEMS.ESS_MISSING,
          'no ESS signing-certificate(-v2) attribute binds the TSA certificate',
        ),
      );
    else if (!essMatches(ess, cert))
      problems.push(
        problem(TST_PROBLEMS.ESS_MISMATCH, 'ESS signing-certificate does not match the TSA certificate'),
      );
    data = signer.signedAttrsDer;
  } else {
    problems.push(
      problem(TST_PROBLEMS.NO_SIGNED_ATTRIBUTES, 'the token SignerInfo has no signed attributes'),
    );
    problems.push(
      problem(
        TST_PROBLEMS.ESS_MISSING,
        'no ESS signing-certificate(-v2) attribute binds the TSA certificate',
      ),
    );
    data = token.eContent;
  }
  const outcome = await verifySignature(
    {
      algorithmOid: signer.signatureAlgorithmOid,
      digestOid: signer.digestAlgorithmOid,
      key: cert.publicKey,
      data,
      signature: signer.signature,
      ...(signer.signatureAlgorithmParams ? { parameters: signer.signatureAlgorithmParams } : {}),
    },
    ctx,
  );
  if (!outcome.ok)
    problems.push(
      problem(
        outcome.failure === 'UNSUPPORTED_ALGORITHM'
          ? TST_PROBLEMS.SIGNATURE_UNSUPPORTED
          : TST_PROBLEMS.SIGNATURE_INVALID,
        `token signature: ${outcome.message}`,
      ),
    );
  return {
    signatureValid: outcome.ok && !problems.some((p) => p.severity === 'error'),
    certificate: cert,
    problems,
  };
}

/** RFC 3161 §2.3: the TSA certificate has exactly one, critical, EKU: id-kp-timeStamping. */
export function tsaCertificateProblems(tsa: Certificate, genTime?: Date): Problem[] {
  const out: Problem[] = [];
  const eku = extendedKeyUsage(tsa);
  if (!eku?.purposes.includes(ID_KP_TIMESTAMPING))
    out.push(
      problem(TST_PROBLEMS.TSA_EKU_MISSING, `${tsa.subject} has no id-kp-timeStamping extended key usage`),
    );
  else {
    if (!eku.critical)
      out.push(problem(TST_PROBLEMS.TSA_EKU_NOT_CRITICAL, 'the TSA extendedKeyUsage is not critical'));
    if (eku.purposes.length > 1)
      out.push(
        problem(
          TST_PROBLEMS.TSA_EKU_NOT_EXCLUSIVE,
          'the TSA extendedKeyUsage lists other purposes',
          'warning',
        ),
      );
  }
  if (genTime && (genTime < tsa.notBefore || genTime > tsa.notAfter))
    out.push(
      problem(TST_PROBLEMS.TSA_CERT_OUTSIDE_VALIDITY, 'genTime is outside the TSA certificate validity'),
    );
  return out;
}

export interface TimestampVerification {
  /** null when no stamped bytes were given. */
  imprintMatches: boolean | null;
  signatureValid: boolean;
  tsaCertificate?: Certificate;
  genTime: Date;
  accuracyMs?: number;
  /** [genTime - accuracy, genTime + accuracy]; a point when accuracy is absent. */
  window: { notBefore: Date; notAfter: Date };
  problems: Problem[];
}

export interface VerifyTimestampContext {
  crypto: FullCryptoContext;
  /** Certificates known besides those in the token (DSS, signature, caller). */
  certificates?: readonly Certificate[];
}

/**
 * Verifies a token against exactly the bytes it stamps (one buffer, or parts hashed in order: PDF byte
 * ranges). For a signature timestamp pass the SignerInfo.signature OCTET STRING contents.
 */
export async function verifyTimestampToken(
  token: TimestampToken,
  stamped: Uint8Array | readonly Uint8Array[] | undefined,
  ctx: VerifyTimestampContext,
): Promise<TimestampVerification> {
  const info = token.tstInfo;
  const problems: Problem[] = [...token.problems];
  let imprintMatches: boolean | null = null;
  if (stamped !== undefined) {
    const parts = stamped instanceof Uint8Array ? [stamped] : stamped;
    if (!digestByOid(info.messageImprint.hashAlgorithmOid)) {
      imprintMatches = false;
      problems.push(
        problem(
          TST_PROBLEMS.IMPRINT_DIGEST_UNSUPPORTED,
          `imprint algorithm ${info.messageImprint.hashAlgorithmOid} is unsupported`,
        ),
      );
    } else {
      imprintMatches = equalBytes(
        digestParts(info.messageImprint.hashAlgorithmOid, parts),
        info.messageImprint.hashedMessage,
      );
      if (!imprintMatches)
        problems.push(problem(TST_PROBLEMS.IMPRINT_MISMATCH, 'the token does not stamp these bytes'));
    }
  }
  const acc = info.accuracyMs ?? 0;
  const window = {
    notBefore: new Date(info.genTime.getTime() - Math.ceil(acc)),
    // Sub-millisecond digits were truncated from genTime: widen the upper edge by that lost millisecond.
    notAfter: new Date(
      info.genTime.getTime() + Math.ceil(acc) + (/[.,]\d{4,}Z$/.test(info.genTimeRaw) ? 1 : 0),
    ),
  };
  const out: TimestampVerification = {
    imprintMatches,
    signatureValid: false,
    genTime: info.genTime,
    window,
    problems,
  };
  if (info.accuracyMs !== undefined) out.accuracyMs = info.accuracyMs;
  if (token.signers.length !== 1) {
    problems.push(
      problem(
        TST_PROBLEMS.SIGNER_COUNT,
        `a token has exactly one SignerInfo, this one has ${token.signers.length}`,
      ),
    );
    return out;
  }
  const check = await verifyTokenSigner(token, token.signers[0]!, ctx.crypto, ctx.certificates);
  problems.push(...check.problems);
  out.signatureValid = check.signatureValid;
  if (check.certificate) {
    out.tsaCertificate = check.certificate;
    problems.push(...tsaCertificateProblems(check.certificate, info.genTime));
    if (info.tsa?.kind === 'directoryName' && !namesEqual(info.tsa.der, check.certificate.subjectDer))
      problems.push(
        problem(
          TST_PROBLEMS.TSA_NAME_MISMATCH,
          'TSTInfo.tsa does not name the TSA certificate subject',
          'warning',
        ),
      );
  }
  return out;
}
