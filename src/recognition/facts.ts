/**
 * What the recognition engine needs to know about one validated signature. The validation pipeline
 * fills it in; the engine never looks at bytes. Plain data, so tests can build it directly.
 *
 * Tri-state fields use `null` for "could not be decided", never a guess: the engine turns null into
 * an `unknown` condition outcome, which fails closed (at most indeterminate).
 */
import { z } from 'zod';
import { DIGEST_NAMES, EidasLevelSchema, KEY_USAGE_NAMES, SIGNATURE_FAMILIES } from '../trust/schema.js';
import { Indication, SubIndication } from '../verdict/indication.js';
import { TrustListRef } from '../verdict/schema.js';

const IsoTime = z.string().datetime({ offset: true });

export const SubjectAttributeFact = z.object({
  /** Attribute type OID, e.g. 2.5.4.3 or 1.2.643.100.3 (SNILS). */
  type: z.string(),
  /** Short name when known: CN, C, O, serialNumber, SNILS, OGRN… */
  shortName: z.string().optional(),
  value: z.string(),
});
export type SubjectAttributeFact = z.infer<typeof SubjectAttributeFact>;

export const SignerFacts = z.object({
  /** keyUsage bit names; null when the certificate has no keyUsage extension. */
  keyUsage: z.array(z.enum(KEY_USAGE_NAMES)).nullable(),
  /** extKeyUsage OIDs (empty when absent). */
  extendedKeyUsage: z.array(z.string()),
  /** certificatePolicies OIDs of the signer certificate. */
  policyOids: z.array(z.string()),
  subjectAttributes: z.array(SubjectAttributeFact),
  /** QCStatement OIDs (RFC 3739 / ETSI EN 319 412-5), e.g. 0.4.0.1862.1.1 (QcCompliance). */
  qcStatements: z.array(z.string()),
  /** Subject country (C attribute), upper case, when present. */
  country: z.string().nullable(),
});
export type SignerFacts = z.infer<typeof SignerFacts>;

export const AnchorFacts = z.object({
  /** SHA-256 of the anchor certificate DER, lower-case hex. */
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  /**
   * Every list the anchor is on and trusted in at the relevant time (status history already applied
   * by the pipeline). Empty for anchors the caller passed directly.
   */
  lists: z.array(TrustListRef),
});
export type AnchorFacts = z.infer<typeof AnchorFacts>;

/** The eIDAS status of the signer certificate, from the EU trusted lists loaded in this run. */
export const EuQualificationFact = z.object({
  level: EidasLevelSchema,
  /**
   * A service of a loaded trusted list, with a trusted status at `time`, covers the chain. Without one
   * the level is only what the certificate claims about itself and is never relied on.
   */
  listed: z.boolean(),
  /** The time the status was assessed at. */
  time: IsoTime,
  /** `time` is a proven signing time (validated timestamp or other POE), not a claimed one. */
  atProvenTime: z.boolean(),
  /** The trusted list (territory as economy, sequence number, issue date, digest) the status rests on. */
  list: TrustListRef.optional(),
  /** Why the status is what it is, in plain words. */
  reasons: z.array(z.string()),
});
export type EuQualificationFact = z.infer<typeof EuQualificationFact>;

export const RecognitionFacts = z.object({
  /** ETSI EN 319 102-1 result of the technical validation. */
  indication: Indication,
  subIndication: SubIndication.optional(),
  /** null when no signer certificate was found. */
  signer: SignerFacts.nullable(),
  algorithm: z.object({
    /** Signature family of the signer's signature; null when not identified. */
    family: z.enum(SIGNATURE_FAMILIES).nullable(),
    /** Message digest used by the signer. */
    digest: z.enum(DIGEST_NAMES).nullable(),
    /** Signer public-key size in bits (RSA/DSA modulus, EC group order size), when known. */
    keySizeBits: z.number().int().positive().nullable(),
  }),
  /** Trust anchor the chain ended at; null when no trusted chain was built. */
  anchor: AnchorFacts.nullable(),
  /**
   * Lists that were loaded into this validation run, even when the anchor is not on them. Lets the
   * engine say "not on the licensed-CA list" (failed) instead of "list not loaded" (unknown).
   */
  loadedTrustLists: z.array(TrustListRef),
  /**
   * Signer certificate valid (within validity, not revoked, not suspended) at the signing time the
   * pipeline used: the proven time when there is one, else the claimed time; null when undecidable.
   */
  certValidAtSigningTime: z.boolean().nullable(),
  /** Signing time claimed by the signer (signingTime attribute or /M), if any. */
  claimedSigningTime: IsoTime.nullable(),
  /** Signing time proven by a validated timestamp (or other POE); null when none. */
  provenSigningTime: IsoTime.nullable(),
  /**
   * true: a fresh revocation status established the certificate was not revoked; false: the pipeline
   * looked and could not establish it; null: not checked.
   */
  revocationEstablished: z.boolean().nullable(),
  /** The signature carries a validated signature or document timestamp. */
  timestamped: z.boolean(),
  /**
   * eIDAS status from the EU trusted lists; absent or null when no EU trusted list was loaded (the
   * `eu-qualification` condition is then unknown).
   */
  euQualification: EuQualificationFact.nullable().optional(),
});
export type RecognitionFacts = z.infer<typeof RecognitionFacts>;

/** Facts for a signature about which nothing is known yet; a safe base for the pipeline to fill. */
export function emptyFacts(indication: Indication = 'INDETERMINATE'): RecognitionFacts {
  return {
    indication,
    signer: null,
    algorithm: { family: null, digest: null, keySizeBits: null },
    anchor: null,
    loadedTrustLists: [],
    certValidAtSigningTime: null,
    claimedSigningTime: null,
    provenSigningTime: null,
    revocationEstablished: null,
    timestamped: false,
  };
}
