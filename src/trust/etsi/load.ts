/**
 * Loads several TS 119 612 lists for one validation run: each is parsed, its signature checked against
 * the signers pinned for it and its freshness checked; a list that fails contributes no anchor and
 * exactly one problem, so a rejected list is never silently used.
 */
import type { Problem, TrustListRef } from '../../verdict/schema.js';
import type { TrustAnchor } from '../anchor.js';
import { listRef } from './anchors.js';
import { loadLote } from './lote.js';
import type { TrustedList } from './model.js';
import { loadTrustedList } from './signature.js';

/** The same list (same bytes) given twice: loaded once. */
export const TL_DUPLICATE = 'TL_DUPLICATE';

export interface EtsiListInput {
  xml: Uint8Array | string;
  /** DER certificates allowed to sign this list (pinned from a separate channel, e.g. the LOTL). */
  pinnedSigners: Uint8Array[];
  /** Accept the list past its NextUpdate (to validate at a past time with an archived snapshot). */
  allowExpired?: boolean;
}

export interface EtsiLoadOptions {
  /** Time the lists must be current at (normally the validation time). */
  now: Date;
  subtle?: SubtleCrypto;
}

export interface EtsiLoadResult {
  anchors: TrustAnchor[];
  /** One per loaded list: territory (as economy), listId, sequence number, issue date, digest. */
  refs: TrustListRef[];
  lists: TrustedList[];
  problems: Problem[];
}

function where(i: number, list: TrustedList | undefined): string {
  return list ? `trust list #${i + 1} (${list.listId} #${list.sequenceNumber})` : `trust list #${i + 1}`;
}

export async function loadEtsiTrustLists(
  inputs: readonly EtsiListInput[],
  opts: EtsiLoadOptions,
): Promise<EtsiLoadResult> {
  const out: EtsiLoadResult = { anchors: [], refs: [], lists: [], problems: [] };
  const seen = new Set<string>();
  for (const [i, input] of inputs.entries()) {
    const loadOpts = {
      pinnedSigners: input.pinnedSigners,
      now: opts.now,
      ...(input.allowExpired ? { allowExpired: true } : {}),
      ...(opts.subtle ? { subtle: opts.subtle } : {}),
    };
    // TS 119 602 lists of trusted entities load into the same model as TS 119 612 lists.
    const r = isLote(input.xml)
      ? await loadLote(input.xml, loadOpts)
      : await loadTrustedList(input.xml, loadOpts);
    if (!r.ok) {
      out.problems.push({
        code: r.code,
        severity: 'warning',
        message: `${where(i, r.list)} was not used: ${r.reason}`,
        at: where(i, r.list),
      });
      continue;
    }
    if (seen.has(r.list.digest)) {
      out.problems.push({
        code: TL_DUPLICATE,
        severity: 'info',
        message: `${where(i, r.list)} is the same list as one given before; loaded once`,
        at: where(i, r.list),
      });
      continue;
    }
    seen.add(r.list.digest);
    out.lists.push(r.list);
    out.refs.push(listRef(r.list));
    out.anchors.push(...r.anchors);
  }
  return out;
}

/** A TS 119 602 document names its root ListOfTrustedEntities (TS 119 612: TrustServiceStatusList). */
function isLote(xml: Uint8Array | string): boolean {
  const head = typeof xml === 'string' ? xml.slice(0, 2048) : new TextDecoder().decode(xml.subarray(0, 2048));
  return /<(?:[\w-]+:)?ListOfTrustedEntities[\s>]/.test(head);
}
