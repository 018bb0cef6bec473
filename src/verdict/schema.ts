/**
 * The public verdict contract. Everything crossign returns is described here as zod schemas; the
 * TypeScript types are inferred from them and `scripts/write-json-schema.mjs` ships them as JSON Schema.
 * Changing a field's meaning is a breaking change: bump VERDICT_SCHEMA_ID.
 */
import { z } from 'zod';
import { Indication, SubIndication } from './indication.js';

export const VERDICT_SCHEMA_ID = 'crossign.verdict/1';

const IsoTime = z.string().describe('ISO 8601 date-time in UTC');

export const ProblemSeverity = z.enum(['error', 'warning', 'info']);
export const Problem = z.object({
  /** Stable machine code, e.g. CMS_MESSAGE_DIGEST_MISMATCH. Never reworded once released. */
  code: z.string().regex(/^[A-Z][A-Z0-9_]*$/),
  severity: ProblemSeverity,
  message: z.string(),
  /** Where it applies: a certificate fingerprint, a PDF object, a signer index… */
  at: z.string().optional(),
});
export type Problem = z.infer<typeof Problem>;

export const CertificateSummary = z.object({
  subject: z.string(),
  issuer: z.string(),
  serialNumber: z.string().describe("hex of the minimal two's-complement INTEGER"),
  notBefore: IsoTime,
  notAfter: IsoTime,
  sha256: z.string().describe('SHA-256 fingerprint of the DER, lower-case hex'),
  commonName: z.string().optional(),
  isCA: z.boolean(),
  selfSigned: z.boolean(),
  publicKey: z.object({
    algorithm: z.string(),
    size: z.number().int().optional(),
    curve: z.string().optional(),
  }),
  source: z
    .enum(['signature', 'caller', 'anchor', 'pdf-dss', 'timestamp', 'revocation', 'fetched'])
    .describe('where the certificate came from'),
});
export type CertificateSummary = z.infer<typeof CertificateSummary>;

export const TrustListRef = z.object({
  /** Economy or jurisdiction code (ISO 3166 alpha-2, or EU) the list belongs to, when known. */
  economy: z.string().optional(),
  listId: z.string(),
  name: z.string().optional(),
  sequenceNumber: z.number().int().optional(),
  issued: IsoTime.optional(),
  digest: z.string().optional(),
});
export type TrustListRef = z.infer<typeof TrustListRef>;

export const ChainResult = z.object({
  status: z.enum(['trusted', 'untrusted', 'invalid', 'not-checked']),
  /** The chain from the signer (first) to the anchor (last) that was judged. */
  certificates: z.array(CertificateSummary),
  anchor: CertificateSummary.optional(),
  anchoredIn: z.array(TrustListRef).default([]),
  /** When no trusted chain: how far the best candidate got and why it stopped. */
  stoppedAt: z.string().optional(),
  stoppedBecause: z.string().optional(),
  candidatesTried: z.number().int(),
  validationTime: IsoTime,
});
export type ChainResult = z.infer<typeof ChainResult>;

export const RevocationResult = z.object({
  certificate: z.string().describe('sha256 of the certificate this status is about'),
  subject: z.string(),
  status: z.enum(['good', 'revoked', 'unknown', 'not-checked']),
  source: z.enum(['crl', 'ocsp', 'none']),
  origin: z.enum(['signature', 'adbe-archival', 'pdf-dss', 'caller', 'fetched', 'none']).optional(),
  thisUpdate: IsoTime.optional(),
  nextUpdate: IsoTime.optional(),
  producedAt: IsoTime.optional(),
  revocationTime: IsoTime.optional(),
  reason: z.string().optional(),
  fresh: z.boolean().optional(),
  problems: z.array(Problem).default([]),
});
export type RevocationResult = z.infer<typeof RevocationResult>;

export const TimestampResult = z.object({
  type: z.enum(['signature', 'content', 'archive', 'document']),
  genTime: IsoTime,
  indication: Indication,
  subIndication: SubIndication.optional(),
  tsa: z.string().optional(),
  digestAlgorithm: z.string().optional(),
  imprintMatches: z.boolean(),
  chain: ChainResult.optional(),
  problems: z.array(Problem).default([]),
});
export type TimestampResult = z.infer<typeof TimestampResult>;

export const Change = z.object({
  revision: z.number().int(),
  kind: z.enum([
    'dss',
    'document-timestamp',
    'signature',
    'form-fill',
    'annotation',
    'page-content',
    'catalog',
    'pages-tree',
    'resources',
    'appearance',
    'metadata',
    'other',
  ]),
  allowed: z.boolean(),
  object: z.string().optional(),
  description: z.string(),
});
export type Change = z.infer<typeof Change>;

export const Coverage = z.object({
  signedRevision: z.number().int().describe('1-based revision the signature covers'),
  revisions: z.number().int(),
  wholeDocument: z.boolean(),
  bytesAfter: z.number().int(),
  byteRange: z.array(z.number().int()),
  modifiedAfterSigning: z.boolean(),
  changesAfter: z.array(Change),
  docMdp: z.number().int().min(1).max(3).optional(),
});
export type Coverage = z.infer<typeof Coverage>;

export const Citation = z.object({
  statute: z.string(),
  section: z.string().optional(),
  url: z.string().optional(),
  verified: z.boolean(),
});
export type Citation = z.infer<typeof Citation>;

export const RecognitionLevel = z.enum([
  'top-statutory-tier',
  'intermediate-statutory-tier',
  'recognised',
  'evidence-only',
  'not-recognised',
  'indeterminate',
]);
export type RecognitionLevel = z.infer<typeof RecognitionLevel>;

export const ConditionOutcome = z.object({
  id: z.string(),
  description: z.string(),
  result: z.enum(['passed', 'failed', 'unknown']),
  detail: z.string().optional(),
});

export const Recognition = z.object({
  economy: z.string(),
  level: RecognitionLevel,
  tier: z.string().optional(),
  /** When the level is indeterminate because a higher tier could not be decided: the tier certainly met. */
  atLeast: z.object({ level: RecognitionLevel, tier: z.string() }).optional(),
  localTerm: z.string().optional(),
  localTermEnglish: z.string().optional(),
  legalEffect: z.string().optional(),
  conditions: z.array(ConditionOutcome).default([]),
  unverifiableConditions: z.array(z.string()).default([]),
  foreignAnchor: z.boolean().optional(),
  crossBorderRule: z.string().optional(),
  legalBasis: z.array(Citation),
  reasons: z.array(z.string()),
  anchoredIn: TrustListRef.optional(),
  asOf: z.string(),
  confidence: z.enum(['high', 'medium', 'low']),
});
export type Recognition = z.infer<typeof Recognition>;

export const SignerIdentity = z.object({
  commonName: z.string().optional(),
  subject: z.string(),
  issuer: z.string(),
  serialNumber: z.string(),
  country: z.string().optional(),
  organization: z.string().optional(),
  email: z.string().optional(),
  certificateSha256: z.string(),
});
export type SignerIdentity = z.infer<typeof SignerIdentity>;

export const Integrity = z.object({
  /** true: the signature and digests check out; false: they do not; null: could not be decided. */
  ok: z.boolean().nullable(),
  digestAlgorithm: z.string().optional(),
  signatureAlgorithm: z.string().optional(),
  messageDigestMatches: z.boolean().nullable().optional(),
  signatureValid: z.boolean().nullable().optional(),
  signingCertificateBound: z.boolean().nullable().optional(),
});
export type Integrity = z.infer<typeof Integrity>;

export const SignatureLevel = z.object({
  achieved: z.enum(['B-B', 'B-T', 'B-LT', 'B-LTA']).nullable(),
  missingForNext: z.array(z.string()),
});

export const SignatureResult = z.object({
  id: z.string(),
  kind: z.enum(['approval', 'certification', 'document-timestamp']),
  /** e.g. CAdES-B-B, CAdES-B-T, PAdES-B-LT, PKCS7-B, RFC3161 */
  format: z.string(),
  level: SignatureLevel.optional(),
  indication: Indication,
  subIndication: SubIndication.optional(),
  signer: SignerIdentity.nullable(),
  time: z.object({
    claimed: IsoTime.optional(),
    proven: IsoTime.optional(),
    provenBy: z
      .enum(['signature-timestamp', 'document-timestamp', 'archive-timestamp', 'content-timestamp'])
      .optional(),
  }),
  integrity: Integrity,
  coverage: Coverage.optional(),
  chain: ChainResult,
  revocation: z.array(RevocationResult),
  timestamps: z.array(TimestampResult),
  recognition: z.record(z.string(), Recognition),
  problems: z.array(Problem),
});
export type SignatureResult = z.infer<typeof SignatureResult>;

export const Verdict = z.object({
  schema: z.literal(VERDICT_SCHEMA_ID),
  tool: z.object({ name: z.literal('crossign'), version: z.string() }),
  input: z.object({
    kind: z.enum(['pdf', 'cms', 'unknown']),
    bytes: z.number().int(),
    sha256: z.string(),
  }),
  validationTime: IsoTime,
  /** The worst indication over all signatures; FORMAT_FAILURE when the input itself is unreadable. */
  indication: Indication,
  subIndication: SubIndication.optional(),
  signatures: z.array(SignatureResult),
  policy: z.object({
    algorithms: z.string(),
    revocation: z.object({ mode: z.enum(['hard-fail', 'soft-fail', 'off']), freshness: z.string() }),
  }),
  problems: z.array(Problem),
});
export type Verdict = z.infer<typeof Verdict>;
