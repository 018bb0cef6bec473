/**
 * verify(): bytes in, one schema-valid Verdict out. Bad input never throws: it becomes a verdict with
 * TOTAL_FAILED / FORMAT_FAILURE. Bad options throw CrossignError('ERR_INVALID_OPTIONS').
 */
import { defaultCryptoContext } from './crypto/context.js';
import { digestParts } from './crypto/registry.js';
import type { DigestName, IncrementalHash } from './crypto/types.js';
import { type SniffedInput, sniff } from './input/sniff.js';
import { toHex } from './lib/bytes.js';
import { CrossignError, isCrossignError } from './lib/errors.js';
import { type VerifyOptions, type VerifyOptionsInput, VerifyOptionsSchema } from './options.js';
import type { TrustAnchor } from './trust/anchor.js';
import { anchorsFromOptions, anchorsFromTrustLists, parseCallerCertificates } from './validation/anchors.js';
import { verifyCmsContainer } from './validation/cms-container.js';
import type { ValidationContext } from './validation/context.js';
import { worstIndication } from './verdict/indication.js';
import {
  type Problem,
  type SignatureResult,
  type TrustListRef,
  VERDICT_SCHEMA_ID,
  type Verdict,
} from './verdict/schema.js';
import { VERSION } from './version.js';

export function parseOptions(options: VerifyOptionsInput | undefined): VerifyOptions {
  const r = VerifyOptionsSchema.safeParse(options ?? {});
  if (!r.success) {
    const first = r.error.issues[0];
    throw new CrossignError(
      'ERR_INVALID_OPTIONS',
      `invalid options: ${first ? `${first.path.join('.') || '(root)'}: ${first.message}` : r.error.message}`,
    );
  }
  return r.data;
}

export async function verify(input: Uint8Array, options?: VerifyOptionsInput): Promise<Verdict> {
  if (!(input instanceof Uint8Array))
    throw new CrossignError('ERR_INVALID_OPTIONS', 'input must be a Uint8Array');
  const opts = parseOptions(options);
  const started = Date.now();
  const validationTime = opts.validationTime ?? opts.now?.() ?? new Date();
  const { ctx, listProblems } = await buildContext(opts, validationTime, started);
  const crypto = ctx.crypto;

  const problems: Problem[] = [...listProblems];
  let kind: Verdict['input']['kind'] = 'unknown';
  let signatures: SignatureResult[] = [];
  let formatFailure = false;
  try {
    if (input.length > opts.limits.maxInputBytes)
      throw new CrossignError(
        'ERR_INPUT_TOO_LARGE',
        `input is ${input.length} bytes, over the limit of ${opts.limits.maxInputBytes}`,
        'INPUT_TOO_LARGE',
      );
    const sniffed: SniffedInput = sniff(input);
    kind = sniffed.kind;
    const container =
      sniffed.kind === 'pdf'
        ? // The PDF stage is a chunk of its own in browser builds: a .p7s never loads it.
          await (await import('./validation/pdf-container.js')).verifyPdfContainer(ctx, sniffed.bytes)
        : await verifyCmsContainer(ctx, sniffed.bytes);
    signatures = container.signatures;
    problems.push(...container.problems);
  } catch (caught) {
    // Anything a parser did not anticipate is still malformed input, never a crash (fail closed).
    const e = isCrossignError(caught)
      ? caught
      : new CrossignError(
          'ERR_FORMAT',
          `the input could not be processed: ${caught instanceof Error ? caught.message : String(caught)}`,
          'INPUT_MALFORMED',
        );
    if (e.code === 'ERR_INVALID_OPTIONS') throw e;
    formatFailure = true;
    problems.push({
      code: e.problem ?? e.code.replace(/^ERR_/, 'INPUT_'),
      severity: 'error',
      message: e.message,
    });
  }

  // A document-level error (signatures left unchecked by a limit, …) keeps the verdict from passing.
  const documentError = problems.some((p) => p.severity === 'error');
  let indication: Verdict['indication'] = formatFailure
    ? 'TOTAL_FAILED'
    : signatures.length === 0
      ? 'INDETERMINATE'
      : 'TOTAL_PASSED';
  for (const s of signatures) indication = worstIndication(indication, s.indication);
  if (documentError) indication = worstIndication(indication, 'INDETERMINATE');
  const verdict: Verdict = {
    schema: VERDICT_SCHEMA_ID,
    tool: { name: 'crossign', version: VERSION },
    input: { kind, bytes: input.length, sha256: toHex(digestParts('SHA-256', [input], crypto)) },
    validationTime: validationTime.toISOString(),
    indication,
    signatures,
    policy: {
      algorithms: opts.algorithmPolicy,
      revocation: { mode: opts.revocation.mode, freshness: opts.revocation.freshness },
    },
    problems,
  };
  if (formatFailure) verdict.subIndication = 'FORMAT_FAILURE';
  else if (signatures.length === 0) {
    verdict.subIndication = 'SIGNED_DATA_NOT_FOUND';
    problems.push({ code: 'NO_SIGNATURES', severity: 'warning', message: 'the input contains no signature' });
  } else {
    const worst = signatures.find((s) => s.indication === indication && s.subIndication);
    if (worst?.subIndication && indication !== 'TOTAL_PASSED') verdict.subIndication = worst.subIndication;
  }
  return verdict;
}

function uniqueRefs(refs: TrustListRef[]): TrustListRef[] {
  const seen = new Set<string>();
  return refs.filter((r) => {
    const k = `${r.economy ?? ''}/${r.listId}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** Russia's accredited-CA lists, parsed on demand; a broken list is a programmer error (bad options). */
async function ruLists(
  opts: VerifyOptions,
): Promise<{ anchors: TrustAnchor[]; refs: TrustListRef[]; problems: Problem[] }> {
  const out = { anchors: [] as TrustAnchor[], refs: [] as TrustListRef[], problems: [] as Problem[] };
  if (opts.ruAccreditedCaLists.length === 0) return out;
  const { parseRuAccreditedCaList } = await import('./trust/ru/index.js');
  for (const [i, l] of opts.ruAccreditedCaLists.entries()) {
    try {
      const parsed = parseRuAccreditedCaList(l.xml, l.sha256 ? { expectedSha256: l.sha256 } : {});
      out.anchors.push(...parsed.anchors);
      out.refs.push(parsed.ref);
      out.problems.push(...parsed.problems);
    } catch (e) {
      if (!isCrossignError(e)) throw e;
      throw new CrossignError(
        'ERR_INVALID_OPTIONS',
        `Russian accredited-CA list #${i + 1} is invalid: ${e.message}`,
      );
    }
  }
  return out;
}

/** Everything validation needs besides the input: crypto, anchors from every source, lists, profiles. */
async function buildContext(
  opts: VerifyOptions,
  validationTime: Date,
  started: number,
): Promise<{ ctx: ValidationContext; listProblems: Problem[] }> {
  const crypto = defaultCryptoContext({
    ...(opts.crypto?.subtle ? { subtle: opts.crypto.subtle } : {}),
    ...(opts.crypto?.createHash
      ? { createHash: opts.crypto.createHash as (n: DigestName) => IncrementalHash | undefined }
      : {}),
  });
  const lists = anchorsFromTrustLists(opts.trustLists);
  const etsi =
    opts.etsiTrustLists.length > 0
      ? await (await import('./trust/etsi/load.js')).loadEtsiTrustLists(opts.etsiTrustLists, {
          now: validationTime,
          ...(opts.crypto?.subtle ? { subtle: opts.crypto.subtle } : {}),
        })
      : { anchors: [], refs: [], lists: [], problems: [] };
  const ru = await ruLists(opts);
  const anchors = [
    ...anchorsFromOptions(opts.trustAnchors),
    ...lists.anchors,
    ...etsi.anchors,
    ...ru.anchors,
  ];
  const ctx: ValidationContext = {
    crypto,
    anchors,
    loadedTrustLists: uniqueRefs([
      ...lists.refs,
      ...etsi.refs,
      ...ru.refs,
      ...anchors.flatMap((a) => a.lists),
    ]),
    etsiLists: etsi.lists,
    // Loaded on first use: the 21 profiles are a chunk of their own in the browser bundle.
    profiles: (await import('./trust/profiles.js')).selectProfiles(opts.economies),
    callerCertificates: parseCallerCertificates(opts.certificates, 'caller'),
    validationTime,
    options: opts,
    deadline: started + opts.limits.timeBudgetMs,
  };

  return { ctx, listProblems: [...etsi.problems, ...ru.problems] };
}
