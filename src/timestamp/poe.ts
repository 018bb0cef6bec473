/**
 * Past signature validation (ETSI EN 319 102-1 §5.6.2.4) as a pure function of facts: the proofs of
 * existence (timestamp genTimes already verified), the certificates' validity and revocation facts, and
 * whether long-term (LT) revocation data established their status. Returns the indication the
 * validation keeps or the pass that proof of existence earns.
 */
import type { Indication, SubIndication } from '../verdict/indication.js';

export type TimestampKind = 'content' | 'signature' | 'archive' | 'document';

export interface ProvenTimestamp {
  kind: TimestampKind;
  genTime: Date;
}

export interface CertificateFacts {
  notBefore?: Date;
  notAfter: Date;
  /** Set when revocation data says revoked. */
  revocationTime?: Date;
  /** Revocation status established by LT data (CRL / OCSP): good, revoked, or not established. */
  status: 'good' | 'revoked' | 'unknown';
}

export interface PastValidationInput {
  validationTime: Date;
  /** Verified timestamps over the signature (and content timestamps, for ordering). */
  timestamps: readonly ProvenTimestamp[];
  /** The signing-time attribute, if any: the signer's claim, not a proof. */
  claimedSigningTime?: Date;
  signingCertificate: CertificateFacts;
  /** The CA certificates of the chain (anchor excluded). */
  caCertificates?: readonly CertificateFacts[];
  /** When the signature's algorithms stopped being reliable (EN 319 102-1 §5.2.8), if they did. */
  algorithmSunset?: Date;
}

export interface PastValidationOutcome {
  indication: Indication;
  subIndication?: SubIndication;
  /** The earliest proven time of the signature, when any. */
  bestSignatureTime?: Date;
  reason: string;
}

/** Content ≤ signature ≤ archive/document (EN 319 102-1 §5.6.2.5 "timestamps ordering"). */
export function timestampsInOrder(ts: readonly ProvenTimestamp[]): boolean {
  const rank: Record<TimestampKind, number> = { content: 0, signature: 1, archive: 2, document: 2 };
  for (const a of ts)
    for (const b of ts)
      if (rank[a.kind] < rank[b.kind] && a.genTime.getTime() > b.genTime.getTime()) return false;
  return true;
}

const indeterminate = (sub: SubIndication, reason: string, best?: Date): PastValidationOutcome =>
  best
    ? { indication: 'INDETERMINATE', subIndication: sub, bestSignatureTime: best, reason }
    : { indication: 'INDETERMINATE', subIndication: sub, reason };

export function pastSignatureValidation(input: PastValidationInput): PastValidationOutcome {
  if (!timestampsInOrder(input.timestamps))
    return indeterminate(
      'TIMESTAMP_ORDER_FAILURE',
      'a content timestamp is later than a signature or archive timestamp',
    );
  // Content timestamps prove the content, not the signature: they do not bound the signature's time.
  const poes = input.timestamps.filter((t) => t.kind !== 'content').map((t) => t.genTime.getTime());
  const best = poes.length ? new Date(Math.min(...poes)) : undefined;
  const provenBefore = (t: Date) => best !== undefined && best.getTime() < t.getTime();
  const sc = input.signingCertificate;

  if (sc.notBefore && best && best < sc.notBefore)
    return {
      indication: 'TOTAL_FAILED',
      subIndication: 'NOT_YET_VALID',
      bestSignatureTime: best,
      reason: 'proven before the signing certificate was valid',
    };

  if (sc.status === 'revoked' && sc.revocationTime) {
    // A signer claiming a time after the revocation convicts itself (EN 319 102-1 §5.3.4).
    if (input.claimedSigningTime && input.claimedSigningTime >= sc.revocationTime)
      return {
        indication: 'TOTAL_FAILED',
        subIndication: 'REVOKED',
        ...(best ? { bestSignatureTime: best } : {}),
        reason: 'signed after the signing certificate was revoked',
      };
    if (!provenBefore(sc.revocationTime))
      return indeterminate(
        'REVOKED_NO_POE',
        'the signing certificate is revoked and no proof of existence precedes the revocation',
        best,
      );
  }
  for (const ca of input.caCertificates ?? []) {
    if (ca.status === 'revoked' && ca.revocationTime && !provenBefore(ca.revocationTime))
      return indeterminate(
        'REVOKED_CA_NO_POE',
        'a CA certificate is revoked and no proof of existence precedes the revocation',
        best,
      );
  }
  if (sc.notAfter < input.validationTime && !provenBefore(sc.notAfter)) {
    return sc.status === 'good'
      ? indeterminate(
          'OUT_OF_BOUNDS_NOT_REVOKED',
          'the signing certificate expired, is not revoked, and no proof of existence precedes expiry',
          best,
        )
      : indeterminate(
          'OUT_OF_BOUNDS_NO_POE',
          'the signing certificate expired and no proof of existence precedes expiry',
          best,
        );
  }
  if (
    input.algorithmSunset &&
    input.algorithmSunset < input.validationTime &&
    !provenBefore(input.algorithmSunset)
  )
    return indeterminate(
      'CRYPTO_CONSTRAINTS_FAILURE_NO_POE',
      'the algorithm is no longer reliable and no proof of existence precedes its sunset',
      best,
    );
  const ltMissing =
    sc.status === 'unknown' || (input.caCertificates ?? []).some((c) => c.status === 'unknown');
  if (ltMissing) {
    // A proven time before expiry / revocation helps only if LT data established the status then.
    const needsProof = sc.notAfter < input.validationTime || sc.status === 'revoked';
    return needsProof
      ? indeterminate(
          'NO_POE',
          'no long-term revocation data establishes the status at the proven time',
          best,
        )
      : indeterminate('TRY_LATER', 'the revocation status is not established yet', best);
  }
  return best
    ? {
        indication: 'TOTAL_PASSED',
        bestSignatureTime: best,
        reason: 'proof of existence precedes every compromising event',
      }
    : { indication: 'TOTAL_PASSED', reason: 'no compromising event before the validation time' };
}
