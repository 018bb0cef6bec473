/**
 * GOST R 34.10-2012 (256 and 512) signatures with Streebog, as X.509 (RFC 9215) and CMS (RFC 9337,
 * RFC 4490) encode them. GOST R 34.10-2001 (GOST R 34.11-94 hash) is not supported.
 *
 * Encodings, checked against the TC26 reference certificates and CMS examples:
 * - public key: subjectPublicKey holds a DER OCTET STRING of X ‖ Y, each little-endian (RFC 9215 §4.3);
 * - signature: s ‖ r, each big-endian of the coordinate size (RFC 9215 §3.1, RFC 4491 §2.2.2), in
 *   certificates (BIT STRING contents) and in SignerInfo.signature alike;
 * - digest: the Streebog output read as a little-endian integer (GOST R 34.10-2012 §6.1 step 2).
 */
import * as asn1js from 'asn1js';
import { toArrayBuffer } from '../../lib/bytes.js';
import type { FullCryptoContext } from '../context.js';
import { digestByName, registerDigest } from '../digests.js';
import {
  type CurveParams,
  curve,
  GOST_CURVES_BY_OID,
  GOST_TEST_CURVE_OIDS,
  pointFromAffine,
} from '../national/curves.js';
import { gostVerify, leToBig } from '../national/gost3410.js';
import {
  STREEBOG_256_DIGEST,
  STREEBOG_256_OID,
  STREEBOG_512_DIGEST,
  STREEBOG_512_OID,
} from '../national/streebog.js';
import type { AlgorithmUse, DigestName, SignatureEntry, VerifyOutcome, VerifyRequest } from '../types.js';

registerDigest(STREEBOG_256_DIGEST);
registerDigest(STREEBOG_512_DIGEST);

export const GOST_KEY_256_OID = '1.2.643.7.1.1.1.1';
export const GOST_KEY_512_OID = '1.2.643.7.1.1.1.2';
export const GOST_SIG_256_OID = '1.2.643.7.1.1.3.2';
export const GOST_SIG_512_OID = '1.2.643.7.1.1.3.3';

/** Problem codes this module reports in VerifyOutcome messages' place (stable). */
export const GOST_PROBLEMS = {
  TEST_CURVE: 'GOST_TEST_PARAMETER_SET',
} as const;

interface GostKey {
  curveOid: string;
  params: CurveParams;
  x: bigint;
  y: bigint;
}

type Fail = Extract<VerifyOutcome, { ok: false }>;
const fail = (failure: Fail['failure'], message: string, use?: AlgorithmUse): Fail =>
  use ? { ok: false, failure, message, use } : { ok: false, failure, message };

/** Reads GostR3410-2012-PublicKeyParameters ::= SEQUENCE { publicKeyParamSet OID, digestParamSet OID OPTIONAL, … }. */
function paramSetOid(parameters: Uint8Array | undefined): string | undefined {
  if (!parameters) return undefined;
  const parsed = asn1js.fromBER(toArrayBuffer(parameters));
  if (parsed.offset !== parameters.length) return undefined;
  const seq = parsed.result;
  if (!(seq instanceof asn1js.Sequence)) return undefined;
  const first = seq.valueBlock.value[0];
  return first instanceof asn1js.ObjectIdentifier ? first.valueBlock.toString() : undefined;
}

function parseKey(req: VerifyRequest, bits: 256 | 512): GostKey | Fail {
  const expectedKeyOid = bits === 256 ? GOST_KEY_256_OID : GOST_KEY_512_OID;
  if (req.key.algorithmOid !== expectedKeyOid)
    return fail(
      'KEY_ALGORITHM_MISMATCH',
      `GOST ${bits}-bit signature needs a ${expectedKeyOid} key, got ${req.key.algorithmOid}`,
    );
  const curveOid = paramSetOid(req.key.parameters);
  if (!curveOid) return fail('BAD_PARAMETERS', 'GOST public key parameters missing or malformed');
  const params = GOST_CURVES_BY_OID[curveOid];
  if (!params) return fail('BAD_PARAMETERS', `unknown GOST parameter set ${curveOid}`);
  const size = bits / 8;
  if (curve(params).size !== size)
    return fail('BAD_PARAMETERS', `parameter set ${curveOid} is not a ${bits}-bit curve`);
  const inner = asn1js.fromBER(toArrayBuffer(req.key.publicKey));
  if (inner.offset !== req.key.publicKey.length || !(inner.result instanceof asn1js.OctetString))
    return fail('BAD_KEY', 'GOST public key is not a DER OCTET STRING');
  const raw = new Uint8Array(inner.result.valueBlock.valueHexView);
  if (raw.length !== 2 * size)
    return fail('BAD_KEY', `GOST public key must be ${2 * size} bytes, got ${raw.length}`);
  return { curveOid, params, x: leToBig(raw.subarray(0, size)), y: leToBig(raw.subarray(size)) };
}

function hashData(name: DigestName, data: Uint8Array, ctx: FullCryptoContext): Uint8Array {
  const entry = digestByName(name);
  const h = ctx.createHash?.(name) ?? entry?.create();
  if (!h) throw new Error(`${name} unavailable`);
  return h.update(data).digest();
}

function gostEntry(bits: 256 | 512, oids: readonly string[]): SignatureEntry {
  const digest: DigestName = bits === 256 ? 'STREEBOG-256' : 'STREEBOG-512';
  const digestOid = bits === 256 ? STREEBOG_256_OID : STREEBOG_512_OID;
  return {
    oids,
    family: 'GOST',
    digest,
    async verify(req, ctx): Promise<VerifyOutcome> {
      const baseUse: AlgorithmUse = {
        family: 'GOST',
        name: `GOST R 34.10-2012 ${bits} with Streebog-${bits}`,
        digest,
        keySize: bits,
      };
      // The key OIDs double as SignerInfo signature OIDs (RFC 9337); the digest must then match.
      if (req.digestOid && req.digestOid !== digestOid)
        return fail('BAD_PARAMETERS', `GOST ${bits}-bit signature with digest ${req.digestOid}`, baseUse);
      const key = parseKey(req, bits);
      if ('failure' in key) return { ...key, use: baseUse };
      const use: AlgorithmUse = { ...baseUse, curve: key.params.name };
      if (GOST_TEST_CURVE_OIDS.includes(key.curveOid))
        return fail(
          'BAD_PARAMETERS',
          `${GOST_PROBLEMS.TEST_CURVE}: ${key.curveOid} is a test parameter set`,
          use,
        );
      const c = curve(key.params);
      const pub = pointFromAffine(c, key.x, key.y);
      if (!pub) return fail('BAD_KEY', 'GOST public key is not a valid curve point', use);
      const size = bits / 8;
      if (req.signature.length !== 2 * size)
        return fail(
          'MALFORMED_SIGNATURE',
          `GOST signature must be ${2 * size} bytes, got ${req.signature.length}`,
          use,
        );
      const s = bytesToBigBE(req.signature.subarray(0, size));
      const r = bytesToBigBE(req.signature.subarray(size));
      const ok = gostVerify(key.params, pub, hashData(digest, req.data, ctx), r, s);
      return ok ? { ok: true, use } : fail('BAD_SIGNATURE', 'GOST signature does not verify', use);
    },
  };
}

function bytesToBigBE(b: Uint8Array): bigint {
  let v = 0n;
  for (const x of b) v = (v << 8n) | BigInt(x);
  return v;
}

/** GOST signature algorithms. */
export const GOST_ENTRIES: readonly SignatureEntry[] = [
  gostEntry(256, [GOST_SIG_256_OID, GOST_KEY_256_OID]),
  gostEntry(512, [GOST_SIG_512_OID, GOST_KEY_512_OID]),
];
