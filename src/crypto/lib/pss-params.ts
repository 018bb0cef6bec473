/**
 * Hand-written RSASSA-PSS-params decoder (RFC 4055 §3.1 / RFC 8017 A.2.3): it must work on both the
 * signature AlgorithmIdentifier and an id-RSASSA-PSS SPKI, with DEFAULTs, without asn1js's BER leniency.
 */
import { children, DER_TAG, DerError, derOid, derSmallInt, readExact, readTlv, type Tlv } from './der.js';

export const OID_SHA1 = '1.3.14.3.2.26';
export const OID_MGF1 = '1.2.840.113549.1.1.8';

export interface RawPssParams {
  hashOid: string;
  mgfOid: string;
  mgfHashOid: string;
  saltLength: number;
  trailerField: number;
}

/** RFC 8017 defaults: SHA-1, MGF1 with SHA-1, 20 octets of salt, trailer 0xBC. */
export const PSS_DEFAULTS: RawPssParams = {
  hashOid: OID_SHA1,
  mgfOid: OID_MGF1,
  mgfHashOid: OID_SHA1,
  saltLength: 20,
  trailerField: 1,
};

/** An AlgorithmIdentifier whose parameters must be absent or NULL (hash algorithms). */
function hashAlgorithm(tlv: Tlv): string {
  if (tlv.tag !== DER_TAG.SEQUENCE) throw new DerError('hash AlgorithmIdentifier must be a SEQUENCE');
  const items = children(tlv.value);
  if (items.length < 1 || items.length > 2)
    throw new DerError('hash AlgorithmIdentifier has the wrong shape');
  const oid = derOid(items[0]!);
  const p = items[1];
  if (p && !(p.tag === DER_TAG.NULL && p.value.length === 0))
    throw new DerError('hash AlgorithmIdentifier parameters must be NULL or absent');
  return oid;
}

/** The single element inside an [n] EXPLICIT wrapper. */
function explicit(tlv: Tlv): Tlv {
  const inner = readTlv(tlv.value, 0);
  if (inner.raw.length !== tlv.value.length) throw new DerError('trailing bytes in an explicit tag');
  return inner;
}

/**
 * Decodes RSASSA-PSS-params. Explicitly encoded DEFAULT values are accepted (several signers emit
 * them); field order and tag uniqueness are enforced.
 */
export function parsePssParams(der: Uint8Array): RawPssParams {
  const seq = readExact(der, DER_TAG.SEQUENCE);
  const out: RawPssParams = { ...PSS_DEFAULTS };
  let last = -1;
  for (const field of children(seq.value)) {
    const n = field.tag - 0xa0;
    if (n < 0 || n > 3 || n <= last) throw new DerError('unexpected or out-of-order RSASSA-PSS-params field');
    last = n;
    const inner = explicit(field);
    if (n === 0) out.hashOid = hashAlgorithm(inner);
    else if (n === 1) {
      if (inner.tag !== DER_TAG.SEQUENCE) throw new DerError('maskGenAlgorithm must be a SEQUENCE');
      const items = children(inner.value);
      if (items.length !== 2) throw new DerError('maskGenAlgorithm must name MGF1 and its hash');
      out.mgfOid = derOid(items[0]!);
      out.mgfHashOid = hashAlgorithm(items[1]!);
    } else if (n === 2) out.saltLength = derSmallInt(inner);
    else out.trailerField = derSmallInt(inner);
  }
  return out;
}
