/**
 * Zod schemas for the two data formats crossign owns: economy profiles (`trust-lists/<code>/profile.json`,
 * the legal rules the recognition engine evaluates) and crossign's JSON trust lists
 * (`crossign.trust-list/1`, certificates with provenance). Both are checked at build time by
 * scripts/build-trust-lists.ts and again whenever a caller passes their own.
 */
import { z } from 'zod';
import type { DigestName, SignatureFamily } from '../crypto/types.js';

export const PROFILE_SCHEMA_ID = 'crossign.economy-profile/1';
export const TRUST_LIST_FORMAT = 'crossign.trust-list/1';

/** The 21 APEC economies by ISO 3166-1 alpha-2 code (HK and TW under their APEC names in `name`). */
export const APEC_ECONOMIES = [
  'AU',
  'BN',
  'CA',
  'CL',
  'CN',
  'HK',
  'ID',
  'JP',
  'KR',
  'MY',
  'MX',
  'NZ',
  'PG',
  'PE',
  'PH',
  'RU',
  'SG',
  'TW',
  'TH',
  'US',
  'VN',
] as const;
export type ApecEconomy = (typeof APEC_ECONOMIES)[number];

const EconomyCode = z.string().regex(/^[A-Z]{2}$|^EU$/, 'ISO 3166-1 alpha-2 code (or EU)');
const ListId = z.string().regex(/^[A-Z]{2}-[A-Za-z0-9-]+$/, 'list ids look like "MY-licensed-CA"');
const Oid = z.string().regex(/^[0-2](\.\d+)+$/, 'dotted OID');
const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');
const IsoDateTime = z.string().datetime({ offset: true });

/**
 * Controlled vocabulary of transaction types a caller may declare (`ctx.transaction`). Profiles list
 * which ones their economy excludes. Described one by one in trust-lists/README.md.
 */
export const TRANSACTION_TYPES = {
  will: 'Wills, codicils and other testamentary instruments',
  'testamentary-trust': 'Trusts created by will',
  trust: 'Declarations of trust and indentures (implied, constructive and resulting trusts aside)',
  'power-of-attorney': 'Powers of attorney',
  'land-transfer': 'Contracts for the sale or other disposition of immovable property, and conveyances',
  'land-registration':
    'Documents to be registered in a land register, government leases, conditions of grant',
  'negotiable-instrument': 'Bills of exchange, promissory notes, cheques and other negotiable instruments',
  'document-of-title': 'Documents of title (bills of lading, warehouse receipts…)',
  'bearer-security': 'Bearer securities such as bearer bills and bonds',
  'family-law': 'Marriage, divorce, adoption and other family-law matters',
  succession: 'Inheritance and succession',
  'affidavit-or-oath': 'Oaths, affidavits and statutory declarations',
  'court-document': 'Court orders, judgments, warrants, pleadings and other official court documents',
  'judicial-procedure': 'Acts within court or tribunal proceedings',
  'notarial-deed': 'Acts that must be made as a notarial (public) deed or before a land-deed official',
  'personal-appearance': 'Acts that the law requires a party to perform in person',
  'stamp-duty-instrument': 'Instruments that must be stamped under stamp-duty law',
  'floating-charge': 'Floating charges',
  'islamic-law-instrument': 'Instruments under laws relating to Islamic law',
  'utility-termination-notice':
    'Notices of cancellation or termination of utility services (water, heat, power)',
  'foreclosure-or-eviction-notice':
    'Notices of default, acceleration, repossession, foreclosure or eviction concerning a primary residence',
  'insurance-cancellation-notice': 'Notices of cancellation of health or life insurance',
  'product-recall-notice': 'Product recall or material safety notices',
  'hazardous-materials-document': 'Documents required to accompany hazardous materials',
  'ucc-transaction':
    'Transactions under the US Uniform Commercial Code outside §§1-107, 1-206 and Articles 2, 2A',
  'paper-required-by-law': 'Any document another law requires on paper only',
  'employment-record': 'Employment records a labour law requires on paper',
} as const;
export type TransactionType = keyof typeof TRANSACTION_TYPES;
const TRANSACTION_KEYS = Object.keys(TRANSACTION_TYPES) as [TransactionType, ...TransactionType[]];
export const TransactionTypeSchema = z.enum(TRANSACTION_KEYS);

export function isTransactionType(s: string): s is TransactionType {
  return Object.hasOwn(TRANSACTION_TYPES, s);
}

/**
 * A legal citation. `verified: true` means the section and its content were seen in a named source
 * (`url`, or `seenIn` when no stable address is known); anything recalled or conflicting stays false.
 */
export const ProfileCitation = z
  .object({
    statute: z.string().min(1),
    section: z.string().optional(),
    url: z.string().url().optional(),
    /** Where the text was seen when there is no stable URL, e.g. "mylaw.my copy of Act 562". */
    seenIn: z.string().optional(),
    verified: z.boolean(),
    /** Why the citation is unverified, or how it differs from the research notes. */
    note: z.string().optional(),
  })
  .strict()
  .refine((c) => !c.verified || c.url !== undefined || c.seenIn !== undefined, {
    message: 'a verified citation needs a url or seenIn naming its source',
  })
  .refine((c) => c.verified || c.note !== undefined, {
    message: 'an unverified citation needs a note saying what is not confirmed',
  });
export type ProfileCitation = z.infer<typeof ProfileCitation>;

export const SIGNATURE_FAMILIES = [
  'RSA',
  'RSA-PSS',
  'ECDSA',
  'EdDSA',
  'DSA',
  'SM2',
  'GOST',
  'ML-DSA',
] as const satisfies readonly SignatureFamily[];
const Family = z.enum(SIGNATURE_FAMILIES);

export const DIGEST_NAMES = [
  'MD5',
  'SHA-1',
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
  'SHAKE128',
  'SHAKE256',
  'SM3',
  'STREEBOG-256',
  'STREEBOG-512',
] as const satisfies readonly DigestName[];
const Digest = z.enum(DIGEST_NAMES);

/** RFC 5280 keyUsage bit names as crossign spells them. */
export const KEY_USAGE_NAMES = [
  'digitalSignature',
  'nonRepudiation',
  'keyEncipherment',
  'dataEncipherment',
  'keyAgreement',
  'keyCertSign',
  'cRLSign',
  'encipherOnly',
  'decipherOnly',
] as const;
const KeyUsage = z.enum(KEY_USAGE_NAMES);

const note = z.string().optional();

/**
 * eIDAS statuses of a signer certificate as assessed from EU trusted lists (TS 119 615, see
 * src/trust/etsi/qualification.ts): signatures, seals, timestamp units, and not applicable (website
 * authentication certificates).
 */
export const EIDAS_LEVELS = [
  'QESig',
  'AdESig-QC',
  'AdESig',
  'QESeal',
  'AdESeal-QC',
  'AdESeal',
  'QTST',
  'TST',
  'NotApplicable',
] as const;
export const EidasLevelSchema = z.enum(EIDAS_LEVELS);
export type EidasLevel = z.infer<typeof EidasLevelSchema>;

/**
 * The declarative condition vocabulary. Each is a question the validation facts can answer with
 * passed / failed / unknown; nothing here needs legal judgement.
 */
export const Condition = z.discriminatedUnion('type', [
  z.object({ type: z.literal('technically-valid'), note }).strict(),
  z.object({ type: z.literal('chain-anchored-in'), lists: z.array(ListId).min(1), note }).strict(),
  z.object({ type: z.literal('cert-valid-at-signing-time'), note }).strict(),
  z.object({ type: z.literal('proven-signing-time'), note }).strict(),
  z.object({ type: z.literal('timestamp-required'), note }).strict(),
  z.object({ type: z.literal('revocation-established'), note }).strict(),
  z.object({ type: z.literal('algorithm-family'), oneOf: z.array(Family).min(1), note }).strict(),
  z.object({ type: z.literal('digest-algorithm'), oneOf: z.array(Digest).min(1), note }).strict(),
  z
    .object({
      type: z.literal('min-key-size'),
      /** Minimum key size in bits per family; a family not named here fails. */
      bits: z.partialRecord(Family, z.number().int().positive()),
      note,
    })
    .strict(),
  z.object({ type: z.literal('key-usage'), anyOf: z.array(KeyUsage).min(1), note }).strict(),
  z.object({ type: z.literal('extended-key-usage'), anyOf: z.array(Oid).min(1), note }).strict(),
  z.object({ type: z.literal('policy-oid'), anyOf: z.array(Oid).min(1), note }).strict(),
  z
    .object({
      type: z.literal('subject-attribute'),
      /** Attribute type OID (preferred) or its short name. */
      attribute: z.string().min(1),
      present: z.boolean(),
      note,
    })
    .strict(),
  z.object({ type: z.literal('qc-statement'), anyOf: z.array(Oid).min(1), note }).strict(),
  z.object({ type: z.literal('signing-time-before'), time: IsoDateTime, note }).strict(),
  z
    .object({
      type: z.literal('eu-qualification'),
      /** The eIDAS status a service of a loaded EU trusted list gives the certificate is one of these. */
      oneOf: z.array(EidasLevelSchema).min(1),
      /**
       * The status must hold at a proven signing time (eIDAS Art. 32(1)(a), 32a(1)(a): "at the time of
       * signing"). Default true; false when the tier does not depend on the time (e.g. advanced).
       */
      provenTime: z.boolean().optional(),
      note,
    })
    .strict(),
]);
export type Condition = z.infer<typeof Condition>;
export type ConditionType = Condition['type'];

export const ProfileLevel = z.enum([
  'top-statutory-tier',
  'intermediate-statutory-tier',
  'recognised',
  'evidence-only',
]);
export type ProfileLevel = z.infer<typeof ProfileLevel>;

/** Rank of each ordinal level, higher is stronger. */
export const LEVEL_RANK: Record<ProfileLevel, number> = {
  'top-statutory-tier': 3,
  'intermediate-statutory-tier': 2,
  recognised: 1,
  'evidence-only': 0,
};

export const LegalEffectCode = z.enum([
  'HANDWRITTEN_EQUIVALENT',
  'REBUTTABLE_PRESUMPTION',
  'DEEMED_RELIABLE',
  'NON_DISCRIMINATION_ONLY',
  'AGREEMENT_DEPENDENT',
  'ADMISSIBLE_ONLY',
]);

const UnverifiableCondition = z
  .object({
    id: z.enum([
      'sole-control',
      'intent-to-sign',
      'recipient-consent',
      'party-agreement',
      'reliability-as-appropriate',
      'identification-adequate',
      'no-knowledge-of-breach',
      'certified-creation-device',
      'certified-signature-tools',
      'accreditation-valid-at-issuance',
      'used-within-certificate-terms',
      'government-it-requirements',
      'uniqueness-of-provider-signing',
      'law-selects-signature',
    ]),
    description: z.string().min(1),
  })
  .strict();

export const Tier = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+$/),
    level: ProfileLevel,
    localTerm: z
      .object({
        /** The term in the statute's language and script. */
        local: z.string().min(1),
        english: z.string().min(1),
        language: z.string().min(2),
        /** The local wording was composed from statutory terms, not seen verbatim in a source. */
        unconfirmed: z.boolean().optional(),
      })
      .strict(),
    /** Plain English, for a small-business owner. */
    legalEffect: z.string().min(1),
    effects: z.array(LegalEffectCode).min(1),
    conditions: z.array(Condition),
    unverifiableConditions: z.array(UnverifiableCondition),
    /**
     * The tier only applies when the parties agreed (or a law selected it). Without
     * `ctx.partyAgreement === true` it is not granted and the engine falls through.
     */
    requiresPartyAgreement: z.boolean().default(false),
    /** The legal basis of this tier is confirmed. false = fail closed: at most indeterminate. */
    verified: z.boolean(),
    citations: z.array(ProfileCitation).min(1),
    note: z.string().optional(),
  })
  .strict()
  .refine((t) => t.level === 'evidence-only' || t.conditions.some((c) => c.type === 'technically-valid'), {
    message: 'every tier above evidence-only must require technically-valid',
  })
  .refine((t) => !t.verified || t.citations.some((c) => c.verified), {
    message: 'a verified tier needs at least one verified citation',
  });
export type Tier = z.infer<typeof Tier>;

export const CrossBorderFamily = z.enum([
  'origin-neutral',
  'equivalence-test',
  'approval-or-treaty-required',
]);
export type CrossBorderFamily = z.infer<typeof CrossBorderFamily>;

export const CrossBorder = z
  .object({
    family: CrossBorderFamily,
    /**
     * Highest level a chain ending at a foreign anchor may reach without recognition. Ignored for
     * origin-neutral economies.
     */
    foreignMaxLevel: ProfileLevel,
    /** This economy's own lists of recognised / approved foreign CAs (they lift the cap). */
    recognitionLists: z.array(ListId).default([]),
    summary: z.string().min(1),
    citations: z.array(ProfileCitation).min(1),
  })
  .strict();
export type CrossBorder = z.infer<typeof CrossBorder>;

export const MutualRecognition = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+$/),
    name: z.string().min(1),
    partners: z.array(EconomyCode).min(1),
    kind: z.enum(['administrative-arrangement', 'mou', 'technical-pilot', 'treaty', 'trade-agreement']),
    scope: z.string().min(1),
    status: z.enum(['in-operation', 'historical', 'reported', 'commitment-only']),
    /**
     * What membership of `lists` does to this profile's tiers: 'recognised' lifts the foreign cap,
     * 'unconfirmed' makes the affected tier indeterminate (effect not confirmed), 'none' nothing.
     */
    effect: z.enum(['recognised', 'unconfirmed', 'none']),
    /** Trust lists that implement the arrangement, when published. */
    lists: z.array(ListId).default([]),
    citations: z.array(ProfileCitation).min(1),
    note: z.string().optional(),
  })
  .strict();
export type MutualRecognition = z.infer<typeof MutualRecognition>;

export const Exclusion = z
  .object({
    transaction: TransactionTypeSchema,
    description: z.string().min(1),
    citation: ProfileCitation,
  })
  .strict();
export type Exclusion = z.infer<typeof Exclusion>;

export const TrustListFormat = z.enum([
  'etsi-ts-119-612',
  'custom-xml',
  'certificate-download',
  'web-page',
  'statutory-record',
  'crossign-json',
  'unknown',
]);

/** A regulated list described by its official source; `loaded` only when real anchors are bundled. */
export const TrustListDescriptor = z
  .object({
    listId: ListId,
    name: z.string().min(1),
    publisher: z.string().min(1),
    url: z.string().url().optional(),
    format: TrustListFormat,
    loaded: z.boolean(),
    /** File under trust-lists/<code>/ in crossign JSON format, when loaded. */
    file: z.string().optional(),
    verified: z.boolean(),
    note: z.string().optional(),
  })
  .strict()
  .refine((l) => !l.loaded || l.file !== undefined, { message: 'a loaded list names its file' });
export type TrustListDescriptor = z.infer<typeof TrustListDescriptor>;

export const Statute = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+$/),
    title: z.string().min(1),
    localTitle: z.string().optional(),
    number: z.string().optional(),
    year: z.number().int().min(1900).max(2100),
    status: z.enum(['in-force', 'partly-in-force', 'amended', 'pending', 'repealed', 'unknown']),
    inForceSince: IsoDate.optional(),
    url: z.string().url().optional(),
    note: z.string().optional(),
  })
  .strict();

export const Source = z
  .object({
    title: z.string().min(1),
    url: z.string().url().optional(),
    accessed: IsoDate.optional(),
  })
  .strict();

export const EconomyProfile = z
  .object({
    schema: z.literal(PROFILE_SCHEMA_ID),
    economy: EconomyCode,
    name: z.string().min(1),
    asOf: IsoDate,
    confidence: z.enum(['high', 'medium', 'low']),
    summary: z.string().min(1),
    statutes: z.array(Statute).min(1),
    /** Highest first; the engine walks them in this order. */
    tiers: z.array(Tier).min(1),
    crossBorder: CrossBorder,
    mutualRecognition: z.array(MutualRecognition).default([]),
    exclusions: z.array(Exclusion),
    /** The exclusion list is known to be partial (e.g. state laws differ): say so in reasons. */
    exclusionsComplete: z.boolean(),
    exclusionsNote: z.string().optional(),
    trustLists: z.array(TrustListDescriptor),
    sources: z.array(Source).min(1),
    openPoints: z.array(z.string()).default([]),
  })
  .strict()
  .superRefine((p, ctx) => {
    for (let i = 1; i < p.tiers.length; i++) {
      if (LEVEL_RANK[p.tiers[i]!.level] > LEVEL_RANK[p.tiers[i - 1]!.level]) {
        ctx.addIssue({
          code: 'custom',
          message: `tiers must run from highest to lowest (tier ${i})`,
          path: ['tiers', i],
        });
      }
    }
    const ids = new Set<string>();
    p.tiers.forEach((t, i) => {
      if (ids.has(t.id))
        ctx.addIssue({ code: 'custom', message: `duplicate tier id ${t.id}`, path: ['tiers', i] });
      ids.add(t.id);
    });
    const known = new Set(p.trustLists.map((l) => l.listId));
    const check = (listId: string, path: (string | number)[]) => {
      if (listId.startsWith(`${p.economy}-`) && !known.has(listId)) {
        ctx.addIssue({ code: 'custom', message: `list ${listId} is not described in trustLists`, path });
      }
    };
    p.tiers.forEach((t, i) => {
      t.conditions.forEach((c, j) => {
        if (c.type === 'chain-anchored-in') for (const l of c.lists) check(l, ['tiers', i, 'conditions', j]);
      });
    });
    p.crossBorder.recognitionLists.forEach((l, i) => {
      check(l, ['crossBorder', 'recognitionLists', i]);
    });
    const seen = new Set<string>();
    p.exclusions.forEach((e, i) => {
      if (seen.has(e.transaction))
        ctx.addIssue({
          code: 'custom',
          message: `duplicate exclusion ${e.transaction}`,
          path: ['exclusions', i],
        });
      seen.add(e.transaction);
    });
  });
export type EconomyProfile = z.infer<typeof EconomyProfile>;
export type EconomyProfileInput = z.input<typeof EconomyProfile>;

// ---- crossign JSON trust lists ------------------------------------------------------------------

export const JsonTrustListAnchor = z
  .object({
    /** Base64 DER, or a PEM block. */
    certificate: z.string().min(1),
    name: z.string().optional(),
    /** Service type from an official list, e.g. http://uri.etsi.org/TrstSvc/Svctype/CA/QC. */
    serviceType: z.string().optional(),
    qualifiers: z.array(z.string()).optional(),
    /** Status history; absent = always trusted while the list is. */
    periods: z
      .array(
        z
          .object({
            status: z.string().min(1),
            from: IsoDateTime,
            to: IsoDateTime.optional(),
            trusted: z.boolean(),
          })
          .strict(),
      )
      .optional(),
    provenance: z
      .object({
        /** Where this certificate was obtained: official URL, file inside an official bundle… */
        from: z.string().min(1),
        retrieved: IsoDate.optional(),
        fingerprintSha256: z.string().regex(/^[0-9a-f]{64}$/, 'lower-case hex SHA-256 of the DER'),
        notBefore: IsoDateTime,
        notAfter: IsoDateTime,
      })
      .strict(),
  })
  .strict();
export type JsonTrustListAnchor = z.infer<typeof JsonTrustListAnchor>;

export const JsonTrustList = z
  .object({
    format: z.literal(TRUST_LIST_FORMAT),
    economy: EconomyCode,
    listId: ListId,
    name: z.string().min(1),
    sequenceNumber: z.number().int().optional(),
    issued: IsoDateTime.optional(),
    source: z
      .object({
        publisher: z.string().min(1),
        url: z.string().url().optional(),
        format: TrustListFormat,
        note: z.string().optional(),
      })
      .strict(),
    /** Marks lists made for tests; the engine treats them like any other, loaders may refuse them. */
    testOnly: z.boolean().optional(),
    anchors: z.array(JsonTrustListAnchor),
  })
  .strict()
  .refine((l) => l.listId.startsWith(`${l.economy}-`), {
    message: 'listId must start with the economy code',
  });
export type JsonTrustList = z.infer<typeof JsonTrustList>;
