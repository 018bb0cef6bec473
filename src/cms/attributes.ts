/** Decoding of the CMS / ESS signed attributes the validation needs. */
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { toArrayBuffer } from '../lib/bytes.js';
import { formatError } from '../lib/errors.js';
import { serialHex } from '../x509/certificate.js';
import { OID } from './oids.js';
import type { RawAttribute } from './parse.js';

export function findAttribute(
  attrs: readonly RawAttribute[] | undefined,
  type: string,
): RawAttribute | undefined {
  return attrs?.find((a) => a.type === type);
}

/** RFC 5652 §11: content-type, message-digest and signing-time are single-valued. */
function single(attr: RawAttribute, name: string): asn1js.AsnType {
  if (attr.parsed.length !== 1)
    throw formatError('CMS_ATTRIBUTE_NOT_SINGLE', `${name} must have exactly one value`);
  return attr.parsed[0]!;
}

export function contentTypeOf(attr: RawAttribute): string {
  const v = single(attr, 'content-type');
  if (!(v instanceof asn1js.ObjectIdentifier))
    throw formatError('CMS_BAD_ATTRIBUTE', 'content-type is not an OID');
  return v.valueBlock.toString();
}

export function messageDigestOf(attr: RawAttribute): Uint8Array {
  const v = single(attr, 'message-digest');
  if (!(v instanceof asn1js.OctetString))
    throw formatError('CMS_BAD_ATTRIBUTE', 'message-digest is not an OCTET STRING');
  return new Uint8Array(v.valueBlock.valueHexView);
}

export function signingTimeOf(attr: RawAttribute): Date {
  const v = single(attr, 'signing-time');
  if (v instanceof asn1js.UTCTime || v instanceof asn1js.GeneralizedTime) return v.toDate();
  throw formatError('CMS_BAD_ATTRIBUTE', 'signing-time is not a Time');
}

export interface EssCertId {
  hashAlgorithmOid: string;
  hash: Uint8Array;
  issuerSerial?: { issuerDer: Uint8Array[]; serialNumber: string };
}

/**
 * ESS signing-certificate (RFC 2634, SHA-1) and signing-certificate-v2 (RFC 5035): the first ESSCertID
 * names the signer's certificate.
 */
export function essSigningCertificates(attr: RawAttribute): EssCertId[] {
  const v2 = attr.type === OID.signingCertificateV2;
  const value = single(attr, v2 ? 'signing-certificate-v2' : 'signing-certificate');
  const certsSeq = (value as asn1js.Sequence).valueBlock?.value?.[0] as asn1js.Sequence | undefined;
  if (!certsSeq || !(certsSeq instanceof asn1js.Sequence))
    throw formatError('CMS_BAD_ATTRIBUTE', 'signing-certificate attribute is malformed');
  return certsSeq.valueBlock.value.map((idNode) => {
    const parts = (idNode as asn1js.Sequence).valueBlock.value;
    let i = 0;
    let hashAlgorithmOid = '1.3.14.3.2.26';
    if (v2) {
      hashAlgorithmOid = '2.16.840.1.101.3.4.2.1';
      if (parts[0] instanceof asn1js.Sequence) {
        hashAlgorithmOid = new pkijs.AlgorithmIdentifier({ schema: parts[0] }).algorithmId;
        i = 1;
      }
    }
    const hashNode = parts[i];
    if (!(hashNode instanceof asn1js.OctetString))
      throw formatError('CMS_BAD_ATTRIBUTE', 'ESSCertID hash is not an OCTET STRING');
    const out: EssCertId = { hashAlgorithmOid, hash: new Uint8Array(hashNode.valueBlock.valueHexView) };
    const isNode = parts[i + 1];
    if (isNode instanceof asn1js.Sequence) {
      const [generalNames, serial] = isNode.valueBlock.value;
      const issuerDer: Uint8Array[] = [];
      for (const gn of (generalNames as asn1js.Sequence).valueBlock.value) {
        // directoryName [4] EXPLICIT Name
        if (gn.idBlock.tagClass === 3 && gn.idBlock.tagNumber === 4) {
          const inner = (gn as asn1js.Constructed).valueBlock.value[0];
          if (inner) issuerDer.push(new Uint8Array(inner.valueBeforeDecodeView));
        }
      }
      if (serial instanceof asn1js.Integer)
        out.issuerSerial = {
          issuerDer,
          serialNumber: serialHex(new Uint8Array(serial.valueBlock.valueHexView)),
        };
    }
    return out;
  });
}

/** Parses a DER value into an asn1js node (for attribute values handed to other stages). */
export function parseDer(der: Uint8Array): asn1js.AsnType {
  const r = asn1js.fromBER(toArrayBuffer(der));
  if (r.offset === -1) throw formatError('CMS_BAD_ATTRIBUTE', r.result.error);
  return r.result;
}
