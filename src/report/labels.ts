/** Display words shared by the reports: economy names, recognition levels, dates people read. */
import type { RecognitionLevel } from '../verdict/schema.js';

/** The 21 APEC economies in APEC's own order, with the names APEC uses. */
export const ECONOMY_NAMES: Readonly<Record<string, string>> = {
  AU: 'Australia',
  BN: 'Brunei Darussalam',
  CA: 'Canada',
  CL: 'Chile',
  CN: 'China',
  HK: 'Hong Kong, China',
  ID: 'Indonesia',
  JP: 'Japan',
  KR: 'Korea',
  MY: 'Malaysia',
  MX: 'Mexico',
  NZ: 'New Zealand',
  PG: 'Papua New Guinea',
  PE: 'Peru',
  PH: 'The Philippines',
  RU: 'Russia',
  SG: 'Singapore',
  TW: 'Chinese Taipei',
  TH: 'Thailand',
  US: 'United States',
  VN: 'Viet Nam',
};

export const REPORT_ECONOMIES: readonly string[] = Object.keys(ECONOMY_NAMES);

export function economyName(code: string): string {
  return ECONOMY_NAMES[code] ?? code;
}

/** Short words for a grid cell, and a sentence part for the answer line. */
export const LEVEL_LABEL: Record<RecognitionLevel | 'not-assessed', { short: string; long: string }> = {
  'top-statutory-tier': { short: 'Highest tier', long: 'the highest statutory tier' },
  'intermediate-statutory-tier': { short: 'Statutory tier', long: 'an intermediate statutory tier' },
  recognised: { short: 'Recognised', long: 'an electronic signature' },
  'evidence-only': { short: 'Evidence only', long: 'evidence only' },
  'not-recognised': { short: 'Not recognised', long: 'not recognised' },
  indeterminate: { short: 'Undecided', long: 'undecided' },
  'not-assessed': { short: 'Not assessed', long: 'not assessed' },
};

/** Levels that give the signature legal standing, best first. */
export const GRANTING_LEVELS: readonly RecognitionLevel[] = [
  'top-statutory-tier',
  'intermediate-statutory-tier',
  'recognised',
];

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** "3 March 2026 14:02 UTC": always UTC, never the reader's locale, so a report reads the same anywhere. */
export function humanTime(iso: string | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const hh = String(d.getUTCHours()).padStart(2, '0');
  const mm = String(d.getUTCMinutes()).padStart(2, '0');
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${hh}:${mm} UTC`;
}

/** "3 March 2026" */
export function humanDate(iso: string | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}
