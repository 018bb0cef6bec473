/**
 * RSA signatures: PKCS#1 v1.5 with every registry digest and RSASSA-PSS with any parameters. All of
 * it runs on BigInt (lib/rsa.ts) so SHA-3, SHA-512/t, arbitrary MGF1 hashes and id-RSASSA-PSS keys
 * verify the same way everywhere; a 2048-bit verification costs well under a millisecond.
 */
import type { FullCryptoContext } from '../context.js';
import { DerError } from '../lib/der.js';
import { digestEntry, hashBytes } from '../lib/hash.js';
import { absentOrNull, fail, verdict } from '../lib/outcome.js';
import { OID_MGF1, PSS_DEFAULTS, parsePssParams, type RawPssParams } from '../lib/pss-params.js';
import {
  digestInfo,
  type PssParameters,
  parseRsaPublicKey,
  type RsaPublicKey,
  verifyPkcs1v15,
  verifyPss,
} from '../lib/rsa.js';
import type {
  AlgorithmUse,
  DigestEntry,
  DigestName,
  SignatureEntry,
  VerifyOutcome,
  VerifyRequest,
} from '../types.js';

export const OID_RSA_ENCRYPTION = '1.2.840.113549.1.1.1';
export const OID_RSASSA_PSS = '1.2.840.113549.1.1.10';

/**
 * Digests whose DigestInfo may also appear without the NULL parameters (RFC 4055 §2.1 / RFC 5754
 * allow absent parameters for SHA-2; SHA-3 follows). MD5 and SHA-1 keep the one historical form.
 */
const NULL_OPTIONAL: ReadonlySet<DigestName> = new Set<DigestName>([
  'SHA-224',
  'SHA-256',
  'SHA-384',
  'SHA-512',
  'SHA-512/224',
  'SHA-512/256',
  'SHA3-224',
  'SHA3-256',
  'SHA3-384',
  'SHA3-512',
]);

/** Fixed-output digests usable inside PKCS#1 v1.5 and PSS (the XOFs have their own RFC 8702 OIDs). */
function fixedDigest(entry: DigestEntry | undefined): entry is DigestEntry {
  return entry !== undefined && entry.name !== 'SHAKE128' && entry.name !== 'SHAKE256';
}

function loadKey(req: VerifyRequest, allowPss: boolean): RsaPublicKey | VerifyOutcome {
  const oid = req.key.algorithmOid;
  if (oid !== OID_RSA_ENCRYPTION && !(allowPss && oid === OID_RSASSA_PSS))
    return fail('KEY_ALGORITHM_MISMATCH', `RSA signature but the key algorithm is ${oid}`);
  try {
    return parseRsaPublicKey(req.key.publicKey);
  } catch (e) {
    return fail('BAD_KEY', `RSA public key: ${e instanceof Error ? e.message : String(e)}`);
  }
}

function isOutcome(x: RsaPublicKey | VerifyOutcome): x is VerifyOutcome {
  return 'ok' in x;
}

async function verifyPkcs1(
  req: VerifyRequest,
  ctx: FullCryptoContext,
  implied: DigestName | undefined,
): Promise<VerifyOutcome> {
  const entry = implied ? digestEntry(implied) : req.digestOid ? digestEntry(req.digestOid) : undefined;
  if (!implied && !req.digestOid)
    return fail('UNSUPPORTED_ALGORITHM', 'RSA signature without a digest algorithm');
  if (!fixedDigest(entry))
    return fail(
      'UNSUPPORTED_ALGORITHM',
      `RSA PKCS#1 v1.5 with digest ${implied ?? req.digestOid} is not supported`,
    );
  if (!absentOrNull(req.parameters))
    return fail('BAD_PARAMETERS', 'RSA PKCS#1 v1.5 signature algorithm parameters must be NULL or absent');
  const key = loadKey(req, false);
  if (isOutcome(key)) return key;
  const use: AlgorithmUse = {
    family: 'RSA',
    name: `RSA PKCS#1 v1.5 with ${entry.name}`,
    digest: entry.name,
    keySize: key.bits,
  };
  const oid = entry.oids[0]!;
  const digest = hashBytes(entry, req.data, ctx);
  const infos = [digestInfo(oid, digest, true)];
  if (NULL_OPTIONAL.has(entry.name)) infos.push(digestInfo(oid, digest, false));
  return verdict(verifyPkcs1v15(key, req.signature, infos), use, 'RSA PKCS#1 v1.5');
}

function pssName(p: PssParameters): string {
  return `RSA-PSS with ${p.hash.name} (MGF1 ${p.mgfHash.name}, salt ${p.saltLength})`;
}

/** Resolves raw parameters to registry digests, rejecting what RFC 8017 does not define. */
function resolvePss(raw: RawPssParams): PssParameters | string {
  if (raw.trailerField !== 1) return `RSA-PSS trailerField ${raw.trailerField} is not 1 (0xBC)`;
  if (raw.mgfOid !== OID_MGF1) return `RSA-PSS mask generation ${raw.mgfOid} is not MGF1`;
  const hash = digestEntry(raw.hashOid);
  const mgfHash = digestEntry(raw.mgfHashOid);
  if (!fixedDigest(hash)) return `RSA-PSS hash ${raw.hashOid} is not supported`;
  if (!fixedDigest(mgfHash)) return `RSA-PSS MGF1 hash ${raw.mgfHashOid} is not supported`;
  return { hash, mgfHash, saltLength: raw.saltLength };
}

function decodePss(der: Uint8Array, where: string): RawPssParams | string {
  try {
    return parsePssParams(der);
  } catch (e) {
    return `${where} RSASSA-PSS-params: ${e instanceof DerError ? e.message : String(e)}`;
  }
}

/**
 * Picks the PSS parameters: the signature's own, else the key's (an id-RSASSA-PSS key with
 * parameters fixes them), else the RFC 8017 defaults. Key parameters constrain the signature as
 * RFC 4055 §3.3 requires: same hash and MGF, salt at least as long.
 */
function pssParameters(req: VerifyRequest): RawPssParams | string {
  const keyParams =
    req.key.algorithmOid === OID_RSASSA_PSS && req.key.parameters
      ? decodePss(req.key.parameters, 'key')
      : undefined;
  if (typeof keyParams === 'string') return keyParams;
  let sig: RawPssParams | string;
  if (req.parameters === undefined || req.parameters.length === 0) sig = keyParams ?? { ...PSS_DEFAULTS };
  else sig = decodePss(req.parameters, 'signature');
  if (typeof sig === 'string') return sig;
  if (keyParams) {
    if (sig.hashOid !== keyParams.hashOid) return 'RSA-PSS signature hash differs from the key parameters';
    if (sig.mgfOid !== keyParams.mgfOid || sig.mgfHashOid !== keyParams.mgfHashOid)
      return 'RSA-PSS signature MGF differs from the key parameters';
    if (sig.saltLength < keyParams.saltLength) return 'RSA-PSS salt shorter than the key parameters allow';
    if (sig.trailerField !== keyParams.trailerField) return 'RSA-PSS trailer field differs from the key';
  }
  return sig;
}

async function verifyRsaPss(req: VerifyRequest, ctx: FullCryptoContext): Promise<VerifyOutcome> {
  const raw = pssParameters(req);
  if (typeof raw === 'string') return fail('BAD_PARAMETERS', raw);
  const params = resolvePss(raw);
  if (typeof params === 'string') return fail('UNSUPPORTED_ALGORITHM', params);
  const key = loadKey(req, true);
  if (isOutcome(key)) return key;
  const use: AlgorithmUse = {
    family: 'RSA-PSS',
    name: pssName(params),
    digest: params.hash.name,
    keySize: key.bits,
  };
  const mHash = hashBytes(params.hash, req.data, ctx);
  return verdict(verifyPss(key, req.signature, mHash, params), use, 'RSA-PSS');
}

function pkcs1(oids: string[], digest: DigestName | undefined): SignatureEntry {
  return { oids, family: 'RSA', digest, verify: (req, ctx) => verifyPkcs1(req, ctx, digest) };
}

/** RSA PKCS#1 v1.5 and RSASSA-PSS entries. */
export const RSA_ENTRIES: readonly SignatureEntry[] = [
  pkcs1([OID_RSA_ENCRYPTION], undefined),
  pkcs1(['1.2.840.113549.1.1.4'], 'MD5'),
  pkcs1(['1.2.840.113549.1.1.5', '1.3.14.3.2.29'], 'SHA-1'),
  pkcs1(['1.2.840.113549.1.1.14'], 'SHA-224'),
  pkcs1(['1.2.840.113549.1.1.11'], 'SHA-256'),
  pkcs1(['1.2.840.113549.1.1.12'], 'SHA-384'),
  pkcs1(['1.2.840.113549.1.1.13'], 'SHA-512'),
  pkcs1(['1.2.840.113549.1.1.15'], 'SHA-512/224'),
  pkcs1(['1.2.840.113549.1.1.16'], 'SHA-512/256'),
  pkcs1(['2.16.840.1.101.3.4.3.13'], 'SHA3-224'),
  pkcs1(['2.16.840.1.101.3.4.3.14'], 'SHA3-256'),
  pkcs1(['2.16.840.1.101.3.4.3.15'], 'SHA3-384'),
  pkcs1(['2.16.840.1.101.3.4.3.16'], 'SHA3-512'),
  { oids: [OID_RSASSA_PSS], family: 'RSA-PSS', digest: undefined, verify: verifyRsaPss },
];
