import * as asn1js from 'asn1js';
import { toArrayBuffer } from '../lib/bytes.js';
import { formatError } from '../lib/errors.js';
import type { PublicKeyInfo } from './types.js';

/** Parses a DER SubjectPublicKeyInfo into the parts verifiers need. */
export function parseSpki(spki: Uint8Array): PublicKeyInfo {
  const parsed = asn1js.fromBER(toArrayBuffer(spki));
  if (parsed.offset === -1) throw formatError('SPKI_MALFORMED', 'SubjectPublicKeyInfo is not valid ASN.1');
  const seq = parsed.result;
  if (!(seq instanceof asn1js.Sequence) || seq.valueBlock.value.length !== 2)
    throw formatError('SPKI_MALFORMED', 'SubjectPublicKeyInfo is not a SEQUENCE of two');
  const [alg, bits] = seq.valueBlock.value;
  if (!(alg instanceof asn1js.Sequence) || !(bits instanceof asn1js.BitString))
    throw formatError('SPKI_MALFORMED', 'SubjectPublicKeyInfo has the wrong shape');
  const oid = alg.valueBlock.value[0];
  if (!(oid instanceof asn1js.ObjectIdentifier))
    throw formatError('SPKI_MALFORMED', 'SubjectPublicKeyInfo algorithm has no OID');
  const params = alg.valueBlock.value[1];
  const info: PublicKeyInfo = {
    spki,
    algorithmOid: oid.valueBlock.toString(),
    publicKey: new Uint8Array(bits.valueBlock.valueHexView),
  };
  if (params && !(params instanceof asn1js.Null)) info.parameters = new Uint8Array(params.toBER(false));
  return info;
}
