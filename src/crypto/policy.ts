/**
 * Algorithm-strength policy by date (ETSI EN 319 102-1 §5.2.8 "cryptographic constraints").
 *
 * The 'etsi-ts-119-312' tables follow the default validation policy of the EU DSS library,
 * esig/dss `dss-policy-jaxb/src/main/resources/policy/constraint.xml` (commit 43a1eff6,
 * `<AlgoExpirationDate Format="yyyy" UpdateDate="2022" LevelAfterUpdate="WARN">`), whose dates cite
 * ETSI TS 119 312 V1.4.2 and the historical ETSI TS 102 176-1:
 *   digests   MD5 2005, SHA-1 2009, SHA-224 2026, SHA-256/384/512 2029, SHA3-256/384/512 2029
 *   RSA       1024 → 2009, 1536 → 2016, 1900 → 2026, 3000 → 2029 (MiniPublicKeySize 1024)
 *   DSA       1024 → 2013, 2048 → 2026, 3072 → 2029 (MiniPublicKeySize 1024)
 *   ECDSA     160/192 → 2013, 224 → 2016, 256/384/512 → 2029 (MiniPublicKeySize 160); PLAIN-ECDSA same
 * A year "Y" means usable before 1 January Y (DSS parses the year as that instant).
 * UpdateDate/LevelAfterUpdate: a sunset later than the policy's update (2022) is a forecast, so once
 * passed it yields a warning, not a failure — as DSS does.
 * Rows DSS does not carry, and what we chose (documented so they can be revisited):
 *   - MD5 fails at any date (DSS: 2005) — collisions are practical, nothing dated before is trusted.
 *   - SHA3-224 → 2026: older DSS default (constraint.xml at commit 016e6618, ETSI 119 312 V1.3.1).
 *   - SHA-512/224 → 2026 and SHA-512/256 → 2029, SHAKE128/256 → 2029: same strength as the SHA-2 rows.
 *   - Ed25519/Ed448 → 2029 like 256-bit ECDSA (DSS leaves EdDSA commented out: "not referenced in
 *     ETSI/SOGIS"; TS 119 312 V1.4.x lists EdDSA).
 *   - SM2/SM3 (GB/T 32918, GB/T 32905), GOST R 34.10/34.11-2012 and ML-DSA (FIPS 204): no sunset;
 *     their legal weight is decided by the economy profile, not here.
 * The caller maps a failure at an unproven (claimed) time to INDETERMINATE /
 * CRYPTO_CONSTRAINTS_FAILURE_NO_POE, and at a proven time to the matching failure.
 */
import type { AlgorithmUse, DigestName, SignatureFamily } from './types.js';

export type AlgorithmPolicyName = 'etsi-ts-119-312' | 'permissive';

/** Stable problem codes for policy failures. */
export const POLICY_PROBLEMS = {
  FORBIDDEN: 'ALGORITHM_FORBIDDEN',
  EXPIRED: 'ALGORITHM_EXPIRED',
  KEY_TOO_SMALL: 'KEY_SIZE_TOO_SMALL',
  UNKNOWN: 'ALGORITHM_NOT_IN_POLICY',
  BAD_TIME: 'POLICY_TIME_INVALID',
} as const;
export type PolicyProblem = (typeof POLICY_PROBLEMS)[keyof typeof POLICY_PROBLEMS];

export type PolicyResult =
  | { ok: true; warning?: string; sunset?: Date }
  | { ok: false; code: PolicyProblem; reason: string; sunset?: Date };

/** A sunset later than this is a forecast (DSS UpdateDate="2022", LevelAfterUpdate="WARN"). */
const POLICY_UPDATE = year(2022);

function year(y: number): Date {
  return new Date(Date.UTC(y, 0, 1));
}

/** undefined = acceptable with no sunset; null = forbidden at any date. */
type Sunset = Date | undefined | null;

const DIGEST_SUNSET: Record<DigestName, Sunset> = {
  MD5: null,
  'SHA-1': year(2009),
  'SHA-224': year(2026),
  'SHA-256': year(2029),
  'SHA-384': year(2029),
  'SHA-512': year(2029),
  'SHA-512/224': year(2026),
  'SHA-512/256': year(2029),
  'SHA3-224': year(2026),
  'SHA3-256': year(2029),
  'SHA3-384': year(2029),
  'SHA3-512': year(2029),
  SHAKE128: year(2029),
  SHAKE256: year(2029),
  SM3: undefined,
  'STREEBOG-256': undefined,
  'STREEBOG-512': undefined,
};

interface SizeRow {
  /** Applies to keys of at least this many bits (up to the next row). */
  minBits: number;
  sunset: Date | undefined;
}

/** Rows ascending by size; a key smaller than the first row is rejected. */
const KEY_ROWS: Partial<Record<SignatureFamily, readonly SizeRow[]>> = {
  RSA: [
    { minBits: 1024, sunset: year(2009) },
    { minBits: 1536, sunset: year(2016) },
    { minBits: 1900, sunset: year(2026) },
    { minBits: 3000, sunset: year(2029) },
  ],
  DSA: [
    { minBits: 1024, sunset: year(2013) },
    { minBits: 2048, sunset: year(2026) },
    { minBits: 3072, sunset: year(2029) },
  ],
  ECDSA: [
    { minBits: 160, sunset: year(2013) },
    { minBits: 224, sunset: year(2016) },
    { minBits: 256, sunset: year(2029) },
  ],
  EdDSA: [{ minBits: 253, sunset: year(2029) }],
  SM2: [{ minBits: 256, sunset: undefined }],
  GOST: [{ minBits: 256, sunset: undefined }],
  'ML-DSA': [{ minBits: 0, sunset: undefined }],
};
KEY_ROWS['RSA-PSS'] = KEY_ROWS.RSA;

/** Floors that hold under every policy, 'permissive' included. */
const HARD_MIN_BITS: Partial<Record<SignatureFamily, number>> = {
  RSA: 1024,
  'RSA-PSS': 1024,
  DSA: 1024,
  ECDSA: 160,
};

/** Families whose strength depends on a separate digest (EdDSA, SM2, GOST, ML-DSA fix their own). */
const NEEDS_DIGEST: ReadonlySet<SignatureFamily> = new Set<SignatureFamily>([
  'RSA',
  'RSA-PSS',
  'ECDSA',
  'DSA',
]);

function iso(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** Applies one sunset to `at`, with the DSS forecast rule. */
function checkSunset(what: string, sunset: Date | undefined, at: Date): PolicyResult {
  if (!sunset || at.getTime() < sunset.getTime()) return sunset ? { ok: true, sunset } : { ok: true };
  if (sunset.getTime() > POLICY_UPDATE.getTime())
    return { ok: true, sunset, warning: `${what} was forecast acceptable only until ${iso(sunset)}` };
  return {
    ok: false,
    code: POLICY_PROBLEMS.EXPIRED,
    reason: `${what} is not acceptable after ${iso(sunset)}`,
    sunset,
  };
}

/** The stricter of two results: any failure wins, then the earlier sunset. */
function combine(a: PolicyResult, b: PolicyResult): PolicyResult {
  if (!a.ok) return a;
  if (!b.ok) return b;
  const earlier = !a.sunset ? b : !b.sunset ? a : a.sunset.getTime() <= b.sunset.getTime() ? a : b;
  const warning = [a.warning, b.warning].filter(Boolean).join('; ');
  const out: PolicyResult = { ok: true };
  if (earlier.sunset) out.sunset = earlier.sunset;
  if (warning) out.warning = warning;
  return out;
}

/** Evaluates a digest on its own (message imprints, certificate digests, signed-attribute digests). */
export function evaluateDigest(
  digest: DigestName,
  at: Date,
  policy: AlgorithmPolicyName = 'etsi-ts-119-312',
): PolicyResult {
  if (Number.isNaN(at.getTime()))
    return { ok: false, code: POLICY_PROBLEMS.BAD_TIME, reason: 'invalid time' };
  if (!(digest in DIGEST_SUNSET))
    return { ok: false, code: POLICY_PROBLEMS.UNKNOWN, reason: `digest ${digest} is not in the policy` };
  const sunset = DIGEST_SUNSET[digest];
  if (sunset === null)
    return { ok: false, code: POLICY_PROBLEMS.FORBIDDEN, reason: `${digest} is forbidden` };
  if (policy === 'permissive') return { ok: true };
  return checkSunset(digest, sunset, at);
}

function evaluateKey(use: AlgorithmUse, at: Date, policy: AlgorithmPolicyName): PolicyResult {
  const floor = HARD_MIN_BITS[use.family];
  if (floor !== undefined && (use.keySize === undefined || use.keySize < floor))
    return {
      ok: false,
      code: POLICY_PROBLEMS.KEY_TOO_SMALL,
      reason: `${use.family} key of ${use.keySize ?? 'unknown'} bits is below the ${floor}-bit minimum`,
    };
  if (policy === 'permissive') return { ok: true };
  const rows = KEY_ROWS[use.family];
  if (!rows)
    return { ok: false, code: POLICY_PROBLEMS.UNKNOWN, reason: `${use.family} is not in the policy` };
  const size = use.keySize ?? 0;
  let row: SizeRow | undefined;
  for (const r of rows) if (size >= r.minBits) row = r;
  if (!row)
    return {
      ok: false,
      code: POLICY_PROBLEMS.KEY_TOO_SMALL,
      reason: `${use.family} key of ${use.keySize ?? 'unknown'} bits is below the policy minimum of ${rows[0]!.minBits}`,
    };
  return checkSunset(`${use.family} with a ${size}-bit key`, row.sunset, at);
}

/**
 * Whether the algorithm actually used (as the registry reports it) was acceptable at `at`.
 * A signature is as strong as the weaker of its digest and its key.
 */
export function evaluateAlgorithm(
  use: AlgorithmUse,
  at: Date,
  policy: AlgorithmPolicyName = 'etsi-ts-119-312',
): PolicyResult {
  if (Number.isNaN(at.getTime()))
    return { ok: false, code: POLICY_PROBLEMS.BAD_TIME, reason: 'invalid time' };
  let digest: PolicyResult = { ok: true };
  if (use.digest) digest = evaluateDigest(use.digest, at, policy);
  else if (NEEDS_DIGEST.has(use.family))
    return { ok: false, code: POLICY_PROBLEMS.UNKNOWN, reason: `${use.name}: digest algorithm unknown` };
  return combine(digest, evaluateKey(use, at, policy));
}
