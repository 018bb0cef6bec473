/**
 * Reads ../shared/corpus in place (never copied into the repo) and turns EXPECTATIONS.json entries
 * into verify() inputs and checks. When the corpus is absent, suites skip with a printed notice.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { VerifyOptionsInput } from '../../src/options.js';
import type { SignatureResult, Verdict } from '../../src/verdict/schema.js';

export const CORPUS = resolve(__dirname, '../../../shared/corpus');
export const corpusAvailable = existsSync(join(CORPUS, 'EXPECTATIONS.json'));

export function skipNotice(suite: string): void {
  if (!corpusAvailable) console.warn(`[skip] ${suite}: ../shared/corpus is absent, corpus tests skipped`);
}

export function corpusFile(path: string): Uint8Array {
  return new Uint8Array(readFileSync(join(CORPUS, path)));
}

export interface ExpectedSignature {
  locator?: { index: number; type: string; [k: string]: unknown };
  integrity?: boolean;
  indication?: string[];
  subIndication?: string[];
  modifiedAfterSigning?: boolean;
  coverage?: { wholeDocument?: boolean };
  coverageWholeDocument?: boolean;
}

export interface ExpectationEntry {
  path: string;
  kind: 'pdf' | 'cms' | 'tsr' | 'vectors';
  inputs: {
    trustAnchors: string[];
    extraCertificates: string[];
    detachedContent: string | null;
    validationTime: string | null;
    crls: string[];
    ocsps: string[];
  } | null;
  policyNotes?: string;
  reproducibleFromCorpus?: boolean;
  expect: null | {
    signatures?: ExpectedSignature[];
    signatureCount?: number;
    signatureMatching?: 'fileOrder' | 'unordered';
    rejectsInput?: boolean;
  };
  completeness: string;
  notes?: string;
}

export function expectations(): ExpectationEntry[] {
  if (!corpusAvailable) return [];
  const e = JSON.parse(readFileSync(join(CORPUS, 'EXPECTATIONS.json'), 'utf8')) as {
    entries: ExpectationEntry[];
  };
  return e.entries;
}

export function optionsFor(entry: ExpectationEntry, extra: VerifyOptionsInput = {}): VerifyOptionsInput {
  const i = entry.inputs;
  if (!i) return extra;
  const o: VerifyOptionsInput = {
    trustAnchors: i.trustAnchors.map(corpusFile),
    certificates: i.extraCertificates.map(corpusFile),
    crls: i.crls.map(corpusFile),
    ocspResponses: i.ocsps.map(corpusFile),
    ...extra,
  };
  if (i.detachedContent) o.detachedContent = corpusFile(i.detachedContent);
  if (i.validationTime) o.validationTime = new Date(i.validationTime);
  return o;
}

/**
 * Differences between one signature result and its expectation, as readable strings (empty = match).
 * `integrity: false` in the corpus means "not shown intact", so our `ok: null` (undecided) matches it.
 */
export function mismatches(actual: SignatureResult, exp: ExpectedSignature): string[] {
  const out: string[] = [];
  if (exp.integrity === true && actual.integrity.ok !== true)
    out.push(`integrity ${actual.integrity.ok} ≠ true`);
  if (exp.integrity === false && actual.integrity.ok === true) out.push('integrity true ≠ false');
  if (exp.indication && !exp.indication.includes(actual.indication))
    out.push(`indication ${actual.indication} ∉ ${exp.indication.join('|')}`);
  if (
    exp.subIndication &&
    actual.indication !== 'TOTAL_PASSED' &&
    !exp.subIndication.includes(actual.subIndication ?? '')
  )
    out.push(`subIndication ${actual.subIndication} ∉ ${exp.subIndication.join('|')}`);
  if (
    exp.modifiedAfterSigning !== undefined &&
    actual.coverage?.modifiedAfterSigning !== exp.modifiedAfterSigning
  )
    out.push(`modifiedAfterSigning ${actual.coverage?.modifiedAfterSigning} ≠ ${exp.modifiedAfterSigning}`);
  if (
    exp.coverage?.wholeDocument !== undefined &&
    actual.coverage?.wholeDocument !== exp.coverage.wholeDocument
  )
    out.push(`wholeDocument ${actual.coverage?.wholeDocument} ≠ ${exp.coverage.wholeDocument}`);
  return out;
}

/** Matches a verdict against an entry; returns the list of differences. */
export function compareVerdict(
  v: Verdict,
  entry: ExpectationEntry,
  opts: { dropTypes?: string[] } = {},
): string[] {
  const exp = entry.expect;
  if (!exp) return [];
  if (exp.rejectsInput) {
    const ok = v.indication !== 'TOTAL_PASSED' && v.signatures.every((s) => s.indication !== 'TOTAL_PASSED');
    return ok ? [] : ['input should be rejected but a signature passed'];
  }
  const expected = (exp.signatures ?? []).filter((s) => !opts.dropTypes?.includes(s.locator?.type ?? ''));
  const out: string[] = [];
  if (exp.signatureCount !== undefined) {
    const n = v.signatures.filter((s) => s.kind !== 'document-timestamp').length;
    if (n !== exp.signatureCount) out.push(`signature count ${n} ≠ ${exp.signatureCount}`);
  }
  if (exp.signatureMatching === 'unordered') {
    const used = new Set<number>();
    for (const e of expected) {
      const idx = v.signatures.findIndex((s, i) => !used.has(i) && mismatches(s, e).length === 0);
      if (idx === -1) out.push(`no signature matches ${JSON.stringify(e)}`);
      else used.add(idx);
    }
    return out;
  }
  expected.forEach((e, i) => {
    const actual = v.signatures[i];
    if (!actual) out.push(`signature #${i + 1} missing`);
    else for (const m of mismatches(actual, e)) out.push(`#${i + 1}: ${m}`);
  });
  return out;
}

/** Mirrors the source test's validation policy where EXPECTATIONS.json records one. */
export function policyFor(notes: string | undefined): VerifyOptionsInput {
  const o: VerifyOptionsInput = {};
  if (!notes) return o;
  if (/no revocation|revocation checking disabled|NO_REVOCATION/i.test(notes)) o.revocation = { mode: 'off' };
  else if (/soft-fail/i.test(notes)) o.revocation = { mode: 'soft-fail' };
  if (/no algorithm policy/i.test(notes)) o.algorithmPolicy = 'permissive';
  return o;
}
