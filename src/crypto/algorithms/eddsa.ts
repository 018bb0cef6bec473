/**
 * Ed25519 and Ed448 (RFC 8410 OIDs) as PureEdDSA over the signed bytes, with @noble/curves in strict
 * RFC 8032 mode (`zip215: false`: canonical point and scalar encodings only). In CMS, Ed448 signers
 * digest the signed attributes with SHAKE256 (RFC 8419) — that digest is the pipeline's concern; the
 * signature itself always covers the DER of the signed attributes (or the content) directly.
 */
import { ed448 } from '@noble/curves/ed448.js';
import { ed25519 } from '@noble/curves/ed25519.js';
import { fail, verdict } from '../lib/outcome.js';
import type { AlgorithmUse, SignatureEntry, VerifyOutcome, VerifyRequest } from '../types.js';

export const OID_ED25519 = '1.3.101.112';
export const OID_ED448 = '1.3.101.113';

interface EdCurve {
  oid: string;
  name: 'Ed25519' | 'Ed448';
  keyLength: number;
  sigLength: number;
  /** Security-relevant size for the policy: the curve's group order length. */
  bits: number;
  verify(sig: Uint8Array, msg: Uint8Array, pub: Uint8Array): boolean;
}

const CURVES: readonly EdCurve[] = [
  {
    oid: OID_ED25519,
    name: 'Ed25519',
    keyLength: 32,
    sigLength: 64,
    bits: 253,
    verify: (sig, msg, pub) => ed25519.verify(sig, msg, pub, { zip215: false }),
  },
  {
    oid: OID_ED448,
    name: 'Ed448',
    keyLength: 57,
    sigLength: 114,
    bits: 446,
    verify: (sig, msg, pub) => ed448.verify(sig, msg, pub, { zip215: false }),
  },
];

async function verifyEddsa(req: VerifyRequest, c: EdCurve): Promise<VerifyOutcome> {
  // RFC 8410 §3: parameters MUST be absent, in the signature AlgorithmIdentifier and in the key.
  if (req.parameters !== undefined && req.parameters.length > 0)
    return fail('BAD_PARAMETERS', `${c.name} signature algorithm parameters must be absent`);
  if (req.key.algorithmOid !== c.oid)
    return fail(
      'KEY_ALGORITHM_MISMATCH',
      `${c.name} signature but the key algorithm is ${req.key.algorithmOid}`,
    );
  if (req.key.parameters !== undefined) return fail('BAD_KEY', `${c.name} key parameters must be absent`);
  if (req.key.publicKey.length !== c.keyLength)
    return fail(
      'BAD_KEY',
      `${c.name} public key must be ${c.keyLength} bytes, got ${req.key.publicKey.length}`,
    );
  const use: AlgorithmUse = { family: 'EdDSA', name: c.name, keySize: c.bits, curve: c.name };
  if (req.signature.length !== c.sigLength)
    return fail('MALFORMED_SIGNATURE', `${c.name} signature must be ${c.sigLength} bytes`, use);
  let ok: boolean;
  try {
    ok = c.verify(req.signature, req.data, req.key.publicKey);
  } catch {
    ok = false;
  }
  return verdict(ok, use, c.name);
}

/** EdDSA entries (the signature OID and the key OID are the same). */
export const EDDSA_ENTRIES: readonly SignatureEntry[] = CURVES.map((c) => ({
  oids: [c.oid],
  family: 'EdDSA' as const,
  digest: undefined,
  verify: (req: VerifyRequest) => verifyEddsa(req, c),
}));
