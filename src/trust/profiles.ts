/**
 * The bundled economy profiles: validated with zod once, on first use, from the generated module
 * (src/trust/generated/profiles.ts, written by scripts/build-trust-lists.ts) so browsers need no
 * file system. Callers may validate their own profiles with `parseProfile`.
 */
import { CrossignError } from '../lib/errors.js';
import { GENERATED_PROFILES } from './generated/profiles.js';
import { APEC_ECONOMIES, EconomyProfile } from './schema.js';

export const PROFILE_INVALID = 'PROFILE_INVALID';
export const PROFILE_UNKNOWN_ECONOMY = 'PROFILE_UNKNOWN_ECONOMY';

/** Validates one profile; throws CrossignError(ERR_PROFILE, PROFILE_INVALID) listing the issues. */
export function parseProfile(json: unknown): EconomyProfile {
  const r = EconomyProfile.safeParse(json);
  if (r.success) return r.data;
  const where = typeof json === 'object' && json !== null && 'economy' in json ? String(json.economy) : '?';
  const issues = r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
  throw new CrossignError('ERR_PROFILE', `economy profile ${where} is invalid: ${issues}`, PROFILE_INVALID);
}

let cache: Readonly<Record<string, EconomyProfile>> | undefined;

/** All bundled profiles keyed by economy code. */
export function bundledProfiles(): Readonly<Record<string, EconomyProfile>> {
  if (!cache) {
    const out: Record<string, EconomyProfile> = {};
    for (const [code, json] of Object.entries(GENERATED_PROFILES)) out[code] = parseProfile(json);
    cache = Object.freeze(out);
  }
  return cache;
}

export function getProfile(code: string): EconomyProfile {
  const p = bundledProfiles()[code.toUpperCase()];
  if (!p) throw new CrossignError('ERR_PROFILE', `no profile for economy ${code}`, PROFILE_UNKNOWN_ECONOMY);
  return p;
}

/** The bundled profiles, in APEC order, optionally restricted to some economies. */
export function selectProfiles(economies?: readonly string[]): EconomyProfile[] {
  const wanted = economies?.map((e) => e.toUpperCase());
  const all = bundledProfiles();
  const order = [
    ...APEC_ECONOMIES,
    ...Object.keys(all).filter((k) => !(APEC_ECONOMIES as readonly string[]).includes(k)),
  ];
  return order.filter((c) => all[c] && (!wanted || wanted.includes(c))).map((c) => all[c]!);
}
