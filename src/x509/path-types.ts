/** The vocabulary of path building and validation, shared by build.ts, validate.ts and path.ts. */
import type { FullCryptoContext } from '../crypto/context.js';
import type { TrustAnchor } from '../trust/anchor.js';
import type { SubIndication } from '../verdict/indication.js';
import type { Problem } from '../verdict/schema.js';
import type { Certificate } from './certificate.js';
import type { GeneralName } from './extensions.js';

export type PathPurpose = 'signing' | 'timestamping' | 'ocsp-signing' | 'crl-signing' | 'any';

export interface PathPolicy {
  /** user-initial-policy-set; default {anyPolicy}. */
  initialPolicySet?: string[];
  initialExplicitPolicy?: boolean;
  initialPolicyMappingInhibit?: boolean;
  initialAnyPolicyInhibit?: boolean;
  initialPermittedSubtrees?: GeneralName[];
  initialExcludedSubtrees?: GeneralName[];
  /**
   * Check the anchor certificate's own validity period. Default false: RFC 5280 §6.1.1 (d) takes the
   * anchor as trusted input, and DSS skips X.509 checks for trusted certificates; trust-list status
   * periods (anchorTrustedAt) are always honoured instead.
   */
  checkAnchorValidity?: boolean;
  /** Apply the anchor certificate's basicConstraints pathLen and nameConstraints (RFC 5937). Default false. */
  enforceAnchorConstraints?: boolean;
  /**
   * For 'signing': an EKU that lists none of the document-signing purposes is an error instead of a
   * warning. Default false (DSS's default policy does not check the signer's EKU; pyHanko neither).
   * A *critical* EKU without a signing purpose is always an error (RFC 5280 §4.2.1.12).
   */
  strictSigningEku?: boolean;
  /** Extra critical extensions the caller processes itself (e.g. a QC stage handling qcStatements). */
  knownCriticalExtensions?: string[];
}

export interface RevocationVerdict {
  status: 'good' | 'revoked' | 'unknown';
  revocationTime?: Date;
  reason?: string;
  message?: string;
  problems?: Problem[];
}

export interface PathRequest {
  target: Certificate;
  pool: readonly Certificate[];
  anchors: readonly TrustAnchor[];
  time: Date;
  purpose: PathPurpose;
  policy?: PathPolicy;
  /** Cap on candidate paths explored (complete or dead-end); default 64 (Limits.maxPathAttempts). */
  maxAttempts?: number;
  /** Longest path considered, anchor included; default 16. */
  maxDepth?: number;
  crypto: FullCryptoContext;
  checkRevocation?: (
    cert: Certificate,
    issuer: Certificate,
    path: Certificate[],
  ) => Promise<RevocationVerdict>;
}

/** A certificate outside its validity period at the validation time (for the pipeline's POE logic). */
export interface OutOfBounds {
  certificate: Certificate;
  /** Index in the path (0 = target). */
  index: number;
  isTarget: boolean;
  kind: 'expired' | 'not-yet-valid';
}

export interface RevokedCertificate {
  certificate: Certificate;
  index: number;
  isTarget: boolean;
  verdict: RevocationVerdict;
}

export interface CandidateReport {
  /** Subjects from the target up, as far as the candidate got. */
  subjects: string[];
  /** sha256 of each certificate, same order. */
  certificates: string[];
  reachedAnchor: boolean;
  status: 'valid' | 'invalid' | 'incomplete';
  /** One line: why this candidate stopped or failed. */
  reason: string;
  problems: Problem[];
}

export interface PathResult {
  status: 'valid' | 'invalid' | 'no-path';
  /** The chosen path (target first, anchor last), or for no-path the best partial chain. */
  path: Certificate[];
  anchor?: TrustAnchor;
  subIndication?: SubIndication;
  problems: Problem[];
  outOfBounds?: OutOfBounds[];
  revoked?: RevokedCertificate;
  /** Revocation verdicts the hook gave for the chosen path. */
  revocation: { certificate: Certificate; verdict: RevocationVerdict }[];
  /** Subject of the last certificate of the best candidate, when not valid. */
  stoppedAt?: string;
  stoppedBecause?: string;
  candidatesTried: number;
  candidates: CandidateReport[];
  /** user-constrained-policy-set of the chosen path (RFC 5280 §6.1.6). */
  validPolicies?: string[];
  validationTime: Date;
}
