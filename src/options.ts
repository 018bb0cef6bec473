/**
 * Options of `verify()`, validated with zod at the boundary. Every limit has a safe default.
 */
import { z } from 'zod';

const Bytes = z.custom<Uint8Array>((v) => v instanceof Uint8Array, { message: 'expected a Uint8Array' });

export const LimitsSchema = z
  .object({
    maxInputBytes: z
      .number()
      .int()
      .positive()
      .default(512 * 1024 * 1024),
    maxAsn1Depth: z.number().int().positive().default(64),
    maxCertificates: z.number().int().positive().default(500),
    maxPathAttempts: z.number().int().positive().default(64),
    maxPdfObjects: z.number().int().positive().default(1_000_000),
    maxPdfRevisions: z.number().int().positive().default(1_000),
    maxStreamBytes: z
      .number()
      .int()
      .positive()
      .default(64 * 1024 * 1024),
    maxTotalDecompressedBytes: z
      .number()
      .int()
      .positive()
      .default(256 * 1024 * 1024),
    maxSignatures: z.number().int().positive().default(200),
    timeBudgetMs: z.number().int().positive().default(60_000),
  })
  .prefault({});
export type Limits = z.infer<typeof LimitsSchema>;

export const RevocationPolicySchema = z
  .object({
    /** hard-fail: no status → INDETERMINATE; soft-fail: no status is a warning; off: not checked. */
    mode: z.enum(['hard-fail', 'soft-fail', 'off']).default('hard-fail'),
    /** Revocation data must be current at, or issued after, the best-signature-time (DSS/pyHanko AdES reading). */
    freshness: z.enum(['after-signing-time', 'any']).default('after-signing-time'),
  })
  .prefault({});
export type RevocationPolicy = z.infer<typeof RevocationPolicySchema>;

export const TrustAnchorInput = z.union([
  Bytes,
  z.object({
    certificate: Bytes,
    /** Where this anchor comes from: an economy's named list, for recognition. */
    economy: z.string().optional(),
    listId: z.string().optional(),
    name: z.string().optional(),
  }),
]);
export type TrustAnchorInput = z.infer<typeof TrustAnchorInput>;

export const VerifyOptionsSchema = z
  .object({
    /** Trust anchors: DER or PEM certificates (a PEM bundle may hold several). */
    trustAnchors: z.array(TrustAnchorInput).default([]),
    /** Extra certificates for path building (intermediates missing from the signature). */
    certificates: z.array(Bytes).default([]),
    /** Detached content for a detached CMS signature. */
    detachedContent: Bytes.optional(),
    /** Caller-supplied revocation data (DER). */
    crls: z.array(Bytes).default([]),
    ocspResponses: z.array(Bytes).default([]),
    /** Validation time; default: the injected clock, else now. */
    validationTime: z.date().optional(),
    /** Injected clock. */
    now: z.custom<() => Date>((v) => typeof v === 'function').optional(),
    /** Opt-in network: true, or an injected fetch. Offline by default. */
    online: z.boolean().default(false),
    fetch: z.custom<typeof fetch>((v) => typeof v === 'function').optional(),
    revocation: RevocationPolicySchema,
    /** Algorithm policy: 'etsi-ts-119-312' (dated sunsets) or 'permissive' (only MD5 fails). */
    algorithmPolicy: z.enum(['etsi-ts-119-312', 'permissive']).default('etsi-ts-119-312'),
    /** SM2 signer ID for Z_A (GB/T 32918); default "1234567812345678". */
    sm2UserId: z.string().optional(),
    /** Caller context for recognition. */
    transaction: z.string().optional(),
    partyAgreement: z.boolean().default(false),
    /** Restrict recognition to these economies (default: all). */
    economies: z.array(z.string()).optional(),
    /** Trust lists in crossign's JSON format (or PEM bundles) to load. */
    trustLists: z.array(z.unknown()).default([]),
    /**
     * Official ETSI TS 119 612 trusted lists (XML), each with the signer certificates to pin. A list whose
     * signature does not verify against them, or that is expired, is not used (and the verdict says so).
     * With EU lists loaded, recognition gains an 'EU' entry (eIDAS).
     */
    etsiTrustLists: z
      .array(
        z.object({
          xml: z.union([Bytes, z.string()]),
          pinnedSigners: z.array(Bytes),
          allowExpired: z.boolean().optional(),
        }),
      )
      .default([]),
    /**
     * Russia's list of accredited certification centres (the Ministry's XML). It carries no signature of
     * its own: pin its SHA-256 (`sha256`) when you can. Accreditation history is honoured at the path's time.
     */
    ruAccreditedCaLists: z
      .array(z.object({ xml: z.union([Bytes, z.string()]), sha256: z.string().optional() }))
      .default([]),
    /** Injected WebCrypto (default globalThis.crypto.subtle). */
    crypto: z
      .object({
        subtle: z.custom<SubtleCrypto>((v) => typeof v === 'object' && v !== null).optional(),
        createHash: z.custom<(name: string) => unknown>((v) => typeof v === 'function').optional(),
      })
      .optional(),
    limits: LimitsSchema,
  })
  .prefault({});

export type VerifyOptionsInput = z.input<typeof VerifyOptionsSchema>;
export type VerifyOptions = z.infer<typeof VerifyOptionsSchema>;
