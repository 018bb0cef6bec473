/** Shared helpers for the national-algorithm tests: PEM, pkijs parsing, registry requests. */
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { defaultCryptoContext } from '../../src/crypto/context.js';
import { verifySignature } from '../../src/crypto/registry.js';
import { parseSpki } from '../../src/crypto/spki.js';
import type { VerifyOutcome, VerifyRequest } from '../../src/crypto/types.js';
import { fromBase64, toArrayBuffer } from '../../src/lib/bytes.js';

export const ctx = defaultCryptoContext();

export function derFromPemOrDer(bytes: Uint8Array): Uint8Array {
  const text = new TextDecoder('latin1').decode(bytes);
  if (!text.includes('-----BEGIN')) return bytes;
  return fromBase64(text.replace(/-----[^-]+-----/g, ''));
}

export function parseCert(bytes: Uint8Array): pkijs.Certificate {
  return pkijs.Certificate.fromBER(toArrayBuffer(derFromPemOrDer(bytes)));
}

export function spkiOf(cert: pkijs.Certificate): Uint8Array {
  return new Uint8Array(cert.subjectPublicKeyInfo.toSchema().toBER());
}

/** Verifies cert.tbs with cert.signatureAlgorithm under the issuer's key, as the chain builder will. */
export function verifyCertSignature(
  cert: pkijs.Certificate,
  issuer: pkijs.Certificate,
  tweak?: (req: VerifyRequest) => VerifyRequest,
): Promise<VerifyOutcome> {
  const params = cert.signatureAlgorithm.algorithmParams as asn1js.AsnType | undefined;
  let req: VerifyRequest = {
    algorithmOid: cert.signatureAlgorithm.algorithmId,
    key: parseSpki(spkiOf(issuer)),
    data: new Uint8Array(cert.tbsView),
    signature: new Uint8Array(cert.signatureValue.valueBlock.valueHexView),
  };
  if (params && !(params instanceof asn1js.Null)) req.parameters = new Uint8Array(params.toBER());
  if (tweak) req = tweak(req);
  return verifySignature(req, ctx);
}

export interface SignedDataParts {
  signedData: pkijs.SignedData;
  certificates: pkijs.Certificate[];
}

export function parseSignedData(bytes: Uint8Array): SignedDataParts {
  const ci = pkijs.ContentInfo.fromBER(toArrayBuffer(derFromPemOrDer(bytes)));
  const signedData = new pkijs.SignedData({ schema: ci.content });
  const certificates = (signedData.certificates ?? []).filter(
    (c): c is pkijs.Certificate => c instanceof pkijs.Certificate,
  );
  return { signedData, certificates };
}

export function signerCert(parts: SignedDataParts, index = 0): pkijs.Certificate {
  const si = parts.signedData.signerInfos[index]!;
  const sid = si.sid;
  const found = parts.certificates.find((c) =>
    sid instanceof pkijs.IssuerAndSerialNumber
      ? c.serialNumber.isEqual(sid.serialNumber) && c.issuer.isEqual(sid.issuer)
      : false,
  );
  if (!found) throw new Error('signer certificate not in the SignedData');
  return found;
}

export function eContent(parts: SignedDataParts): Uint8Array {
  const e = parts.signedData.encapContentInfo.eContent;
  if (!e) throw new Error('detached content');
  return new Uint8Array(e.getValue());
}

/**
 * The bytes a SignerInfo signs: the DER SET OF signed attributes (re-tagged from [0]) when present,
 * otherwise the eContent.
 */
export function signedBytes(parts: SignedDataParts, index = 0): Uint8Array {
  const si = parts.signedData.signerInfos[index]!;
  if (!si.signedAttrs) return eContent(parts);
  const der = new Uint8Array(si.signedAttrs.encodedValue);
  der[0] = 0x31;
  return der;
}

/** The messageDigest signed attribute, if any. */
export function messageDigestAttr(parts: SignedDataParts, index = 0): Uint8Array | undefined {
  const attr = parts.signedData.signerInfos[index]!.signedAttrs?.attributes.find(
    (a) => a.type === '1.2.840.113549.1.9.4',
  );
  const v = attr?.values[0];
  return v instanceof asn1js.OctetString ? new Uint8Array(v.getValue()) : undefined;
}

export function signerInfoRequest(parts: SignedDataParts, data: Uint8Array, index = 0): VerifyRequest {
  const si = parts.signedData.signerInfos[index]!;
  const req: VerifyRequest = {
    algorithmOid: si.signatureAlgorithm.algorithmId,
    digestOid: si.digestAlgorithm.algorithmId,
    key: parseSpki(spkiOf(signerCert(parts, index))),
    data,
    signature: new Uint8Array(si.signature.valueBlock.valueHexView),
  };
  return req;
}

export function flipByte(b: Uint8Array, at: number): Uint8Array {
  const c = b.slice();
  c[at]! ^= 0x01;
  return c;
}
