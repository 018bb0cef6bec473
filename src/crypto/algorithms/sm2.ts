/**
 * SM2 signatures (GB/T 32918.2, GM/T 0003.2) with SM3, as GM/T 0010 / GB/T 35275 CMS and Chinese X.509
 * certificates use them: key = id-ecPublicKey with namedCurve sm2p256v1, signature = DER SEQUENCE {r, s},
 * e = SM3(Z_A ‖ M) with the signer ID from VerifyRequest.options.sm2UserId or the default
 * "1234567812345678" (GM/T 0009 §10).
 */

import { DER } from '@noble/curves/abstract/weierstrass.js';
import * as asn1js from 'asn1js';
import { toArrayBuffer } from '../../lib/bytes.js';
import { registerDigest } from '../digests.js';
import { curve, SM2_P256 } from '../national/curves.js';
import { SM2_DEFAULT_USER_ID, sm2PublicKey, sm2Verify } from '../national/sm2.js';
import { SM3_DIGEST, SM3_OID } from '../national/sm3.js';
import type { AlgorithmUse, SignatureEntry, VerifyOutcome, VerifyRequest } from '../types.js';

registerDigest(SM3_DIGEST);

export const SM2_CURVE_OID = '1.2.156.10197.1.301';
export const SM2_SIGN_OID = '1.2.156.10197.1.301.1';
export const SM2_WITH_SM3_OID = '1.2.156.10197.1.501';
const EC_PUBLIC_KEY_OID = '1.2.840.10045.2.1';

const USE: AlgorithmUse = {
  family: 'SM2',
  name: 'SM2 with SM3',
  digest: 'SM3',
  keySize: 256,
  curve: 'sm2p256v1',
};

type Fail = Extract<VerifyOutcome, { ok: false }>;
const fail = (failure: Fail['failure'], message: string): Fail => ({ ok: false, failure, message, use: USE });

function namedCurveOid(parameters: Uint8Array | undefined): string | undefined {
  if (!parameters) return undefined;
  const parsed = asn1js.fromBER(toArrayBuffer(parameters));
  if (parsed.offset !== parameters.length || !(parsed.result instanceof asn1js.ObjectIdentifier))
    return undefined;
  return parsed.result.valueBlock.toString();
}

/** True when the key is an SM2 key: id-ecPublicKey on sm2p256v1, or the SM2 OID itself as algorithm. */
export function isSm2Key(key: VerifyRequest['key']): boolean {
  if (key.algorithmOid === EC_PUBLIC_KEY_OID) return namedCurveOid(key.parameters) === SM2_CURVE_OID;
  return key.algorithmOid === SM2_CURVE_OID;
}

/** Verifies an SM2-with-SM3 request; the ECDSA family may call this for id-ecPublicKey SignerInfos on SM2 keys. */
export async function verifySm2(req: VerifyRequest): Promise<VerifyOutcome> {
  // .501 implies SM3; the bare SM2 OIDs take the digest from the SignerInfo, and only SM3 is defined for Z_A.
  if (req.algorithmOid !== SM2_WITH_SM3_OID && req.digestOid !== undefined && req.digestOid !== SM3_OID)
    return fail('UNSUPPORTED_ALGORITHM', `SM2 with digest ${req.digestOid} is not supported`);
  if (!isSm2Key(req.key)) return fail('KEY_ALGORITHM_MISMATCH', 'SM2 signature needs an SM2 (sm2p256v1) key');
  const pub = sm2PublicKey(req.key.publicKey, SM2_P256);
  if (!pub) return fail('BAD_KEY', 'SM2 public key is not a valid sm2p256v1 point');
  let rs: { r: bigint; s: bigint };
  try {
    rs = DER.toSig(req.signature, curve(SM2_P256).size + 1);
  } catch (e) {
    return fail('MALFORMED_SIGNATURE', `SM2 signature is not DER SEQUENCE {r, s}: ${(e as Error).message}`);
  }
  const id = req.options?.sm2UserId ?? SM2_DEFAULT_USER_ID;
  if (id.length > 8191) return fail('BAD_PARAMETERS', 'SM2 user ID longer than 8191 bytes');
  return sm2Verify(pub, req.data, rs.r, rs.s, id, SM2_P256)
    ? { ok: true, use: USE }
    : fail('BAD_SIGNATURE', 'SM2 signature does not verify');
}

/** SM2 signature algorithms. */
export const SM2_ENTRIES: readonly SignatureEntry[] = [
  { oids: [SM2_WITH_SM3_OID], family: 'SM2', digest: 'SM3', verify: (req) => verifySm2(req) },
  { oids: [SM2_SIGN_OID, SM2_CURVE_OID], family: 'SM2', verify: (req) => verifySm2(req) },
];
