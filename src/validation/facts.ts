/**
 * Maps what validation established about one signature to the recognition engine's facts
 * (src/recognition/facts.ts). Undecidable facts stay null: the engine fails closed on them.
 */
import type { AlgorithmUse } from '../crypto/types.js';
import type { RecognitionFacts, SignerFacts } from '../recognition/facts.js';
import type { TrustAnchor } from '../trust/anchor.js';
import { DIGEST_NAMES, SIGNATURE_FAMILIES } from '../trust/schema.js';
import type { SignatureResult, TrustListRef } from '../verdict/schema.js';
import type { Certificate } from '../x509/certificate.js';
import { EXT } from '../x509/certificate.js';
import { decodeDer, expectOid, expectSequence } from '../x509/der.js';
import {
  decodeCertificatePolicies,
  decodeExtKeyUsage,
  decodeKeyUsage,
  findExtension,
} from '../x509/extensions.js';
import { nameAttributes } from '../x509/names.js';

function safe<T>(fn: () => T, fallback: T): T {
  try {
    return fn();
  } catch {
    return fallback;
  }
}

/** QCStatement identifiers (RFC 3739 §3.2.6 / ETSI EN 319 412-5). */
export function qcStatementIds(cert: Certificate): string[] {
  const ext = findExtension(cert, EXT.qcStatements);
  if (!ext) return [];
  return safe(
    () =>
      expectSequence(decodeDer(ext.value), 'QCStatements').map((st) =>
        expectOid(expectSequence(st, 'QCStatement')[0], 'statementId'),
      ),
    [],
  );
}

export function signerFacts(cert: Certificate): SignerFacts {
  const ku = findExtension(cert, EXT.keyUsage);
  const eku = findExtension(cert, EXT.extKeyUsage);
  const pol = findExtension(cert, EXT.certificatePolicies);
  const attrs = nameAttributes(cert.pkijs.subject);
  const country = attrs.find((a) => a.short === 'C')?.value.toUpperCase() ?? null;
  return {
    keyUsage: ku ? safe(() => [...decodeKeyUsage(ku.value)], []) : null,
    extendedKeyUsage: eku ? safe(() => decodeExtKeyUsage(eku.value), []) : [],
    policyOids: pol ? safe(() => decodeCertificatePolicies(pol.value).map((p) => p.oid), []) : [],
    subjectAttributes: attrs.map((a) =>
      a.short ? { type: a.type, shortName: a.short, value: a.value } : { type: a.type, value: a.value },
    ),
    qcStatements: qcStatementIds(cert),
    country,
  };
}

function algorithmFacts(use: AlgorithmUse | undefined): RecognitionFacts['algorithm'] {
  const family =
    use && (SIGNATURE_FAMILIES as readonly string[]).includes(use.family)
      ? (use.family as RecognitionFacts['algorithm']['family'])
      : null;
  const digest =
    use?.digest && (DIGEST_NAMES as readonly string[]).includes(use.digest)
      ? (use.digest as RecognitionFacts['algorithm']['digest'])
      : null;
  return { family, digest, keySizeBits: use?.keySize ?? null };
}

export interface FactsInput {
  result: SignatureResult;
  signer?: Certificate;
  algorithm?: AlgorithmUse;
  anchor?: TrustAnchor;
  loadedTrustLists: readonly TrustListRef[];
  /** Whether the signer certificate was valid at the signing time used; null when not decided. */
  certValidAtSigningTime: boolean | null;
  revocationEstablished: boolean | null;
}

export function recognitionFacts(input: FactsInput): RecognitionFacts {
  const r = input.result;
  const facts: RecognitionFacts = {
    indication: r.indication,
    signer: input.signer ? signerFacts(input.signer) : null,
    algorithm: algorithmFacts(input.algorithm),
    anchor: input.anchor ? { sha256: input.anchor.certificate.sha256, lists: input.anchor.lists } : null,
    loadedTrustLists: [...input.loadedTrustLists],
    certValidAtSigningTime: input.certValidAtSigningTime,
    claimedSigningTime: r.time.claimed ?? null,
    provenSigningTime: r.time.proven ?? null,
    revocationEstablished: input.revocationEstablished,
    timestamped: r.timestamps.some((t) => t.indication === 'TOTAL_PASSED'),
  };
  if (r.subIndication) facts.subIndication = r.subIndication;
  return facts;
}
