/**
 * The algorithm registry's vocabulary. One entry per OID; adding an algorithm is adding one entry to
 * a family file under `algorithms/` (and, if new, the family to `registry.ts`).
 */

export type DigestName =
  | 'MD5'
  | 'SHA-1'
  | 'SHA-224'
  | 'SHA-256'
  | 'SHA-384'
  | 'SHA-512'
  | 'SHA-512/224'
  | 'SHA-512/256'
  | 'SHA3-224'
  | 'SHA3-256'
  | 'SHA3-384'
  | 'SHA3-512'
  | 'SHAKE128'
  | 'SHAKE256'
  | 'SM3'
  | 'STREEBOG-256'
  | 'STREEBOG-512';

export type SignatureFamily = 'RSA' | 'RSA-PSS' | 'ECDSA' | 'EdDSA' | 'DSA' | 'SM2' | 'GOST' | 'ML-DSA';

/** A hash that can be fed in pieces (byte ranges of a PDF) without copying them together. */
export interface DigestEntry {
  name: DigestName;
  oids: readonly string[];
  /** Output length in bytes. */
  size: number;
  create(): IncrementalHash;
}

export interface IncrementalHash {
  update(data: Uint8Array): IncrementalHash;
  digest(): Uint8Array;
}

/** What the verifier knows about the key once it parsed the SubjectPublicKeyInfo. */
export interface PublicKeyInfo {
  /** DER of the whole SubjectPublicKeyInfo. */
  spki: Uint8Array;
  /** OID of subjectPublicKeyInfo.algorithm. */
  algorithmOid: string;
  /** DER of the algorithm parameters, if any (curve OID, PSS params, DSA domain…). */
  parameters?: Uint8Array;
  /** The subjectPublicKey BIT STRING contents. */
  publicKey: Uint8Array;
}

export interface VerifyRequest {
  /** OID of the signature algorithm as it appears (signatureAlgorithm of a cert/CRL/SignerInfo). */
  algorithmOid: string;
  /** DER of the AlgorithmIdentifier parameters, when present. */
  parameters?: Uint8Array;
  /**
   * The digest algorithm named next to the signature (SignerInfo.digestAlgorithm). Needed when the
   * signature OID does not imply one (rsaEncryption, id-ecPublicKey, SM2 curve OID…).
   */
  digestOid?: string;
  key: PublicKeyInfo;
  /** The exact bytes that were signed. */
  data: Uint8Array;
  signature: Uint8Array;
  /** Algorithm-specific options, e.g. the SM2 signer ID. */
  options?: { sm2UserId?: Uint8Array };
}

export type VerifyFailure =
  | 'BAD_SIGNATURE'
  | 'UNSUPPORTED_ALGORITHM'
  | 'KEY_ALGORITHM_MISMATCH'
  | 'BAD_KEY'
  | 'BAD_PARAMETERS'
  | 'MALFORMED_SIGNATURE';

/** Description of the algorithm actually used, for the verdict and the policy. */
export interface AlgorithmUse {
  family: SignatureFamily;
  /** Human name, e.g. "RSA-PSS with SHA-256 (MGF1 SHA-256, salt 32)". */
  name: string;
  digest?: DigestName;
  /** Key size in bits (RSA modulus, curve order size…). */
  keySize?: number;
  curve?: string;
}

export type VerifyOutcome =
  | { ok: true; use: AlgorithmUse }
  | { ok: false; failure: VerifyFailure; message: string; use?: AlgorithmUse };

/** One registry entry: a signature algorithm OID and how to verify with it. */
export interface SignatureEntry {
  oids: readonly string[];
  family: SignatureFamily;
  /** Digest implied by the OID (sha256WithRSAEncryption → SHA-256); undefined when taken from context. */
  digest?: DigestName;
  verify(req: VerifyRequest, ctx: CryptoContext): Promise<VerifyOutcome>;
}

/** Injected crypto: WebCrypto by default (globalThis.crypto.subtle). */
export interface CryptoContext {
  subtle: SubtleCrypto;
}
