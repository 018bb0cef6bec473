/**
 * The EU list of trusted lists (LOTL): its signature, the pivot mechanism that rotates the LOTL
 * signing certificates, and its pointers to the national lists (with each list's allowed signers).
 *
 * Pivots: the certificates published in the Official Journal (pinned by the caller) authorise the
 * oldest pivot LOTL named in the current LOTL's SchemeInformationURI; each pivot's pointer to the
 * LOTL itself names the certificates that authorise the next one, and the last set must have
 * signed the current LOTL.
 */

import type { TrustAnchor } from './anchor.js';
import { type OtherTslPointer, type TrustedList, TSL_TYPE_LOTL } from './etsi/model.js';
import { parseTrustedList } from './etsi/parse.js';
import { type LoadOptions, loadTrustedList, TL_MALFORMED, type TrustListProblem } from './etsi/signature.js';

export const TL_PIVOT_UNAVAILABLE = 'TL_PIVOT_UNAVAILABLE';
export const TL_NOT_LOTL = 'TL_NOT_LOTL';
export type LotlProblem = TrustListProblem | typeof TL_PIVOT_UNAVAILABLE | typeof TL_NOT_LOTL;

export const EU_LOTL_URL = 'https://ec.europa.eu/tools/lotl/eu-lotl.xml';
const TL_MIME = 'application/vnd.etsi.tsl+xml';

export interface NationalListSource {
  territory: string;
  url: string;
  /** Certificates the LOTL allows to sign that national list (DER). */
  pinnedSigners: Uint8Array[];
}

export interface LotlOptions extends Omit<LoadOptions, 'pinnedSigners'> {
  /** The LOTL-signing certificates from the Official Journal (DER). */
  ojSigners: readonly Uint8Array[];
  /** Pivot LOTL bytes by URL, or a function fetching them; without either, pivots are not followed. */
  pivots?: Readonly<Record<string, Uint8Array | string>> | ((url: string) => Promise<Uint8Array | string>);
}

export type LotlResult =
  | {
      ok: true;
      list: TrustedList;
      anchors: TrustAnchor[];
      nationalLists: NationalListSource[];
      /** Pivot URLs processed, oldest first. */
      pivotsFollowed: string[];
      /** The certificates that were accepted for the current LOTL. */
      signersUsed: Uint8Array[];
    }
  | { ok: false; code: LotlProblem; reason: string; list?: TrustedList; pivotsFollowed: string[] };

/** Pivot LOTL locations named in a LOTL, newest first as listed (DSS convention: the .xml URIs). */
export function pivotUrls(lotl: TrustedList): string[] {
  return lotl.schemeInformationUris.filter(
    (u) => /\.xml$/i.test(u.trim()) && !u.includes('eur-lex.europa.eu'),
  );
}

/** The LOTL's pointer to itself, whose certificates authorise the next LOTL. */
export function selfPointer(lotl: TrustedList): OtherTslPointer | undefined {
  return lotl.pointers.find((p) => p.tslType === TSL_TYPE_LOTL);
}

/** National trusted lists the LOTL points to (XML ones; the PDF renderings are skipped). */
export function nationalListSources(lotl: TrustedList): NationalListSource[] {
  return lotl.pointers
    .filter((p) => p.tslType !== TSL_TYPE_LOTL && (p.mimeType === undefined || p.mimeType === TL_MIME))
    .filter((p) => p.territory !== undefined)
    .map((p) => ({ territory: p.territory as string, url: p.location, pinnedSigners: p.signerCertificates }));
}

async function pivotBytes(src: LotlOptions['pivots'], url: string): Promise<Uint8Array | string | undefined> {
  if (!src) return undefined;
  if (typeof src === 'function') {
    try {
      return await src(url);
    } catch {
      return undefined;
    }
  }
  return src[url];
}

/** Loads and verifies the LOTL, following pivots from the Official Journal certificates. */
export async function loadLotl(xml: string | Uint8Array, opts: LotlOptions): Promise<LotlResult> {
  const followed: string[] = [];
  let unverified: TrustedList;
  try {
    unverified = parseTrustedList(xml, opts);
  } catch (e) {
    return {
      ok: false,
      code: TL_MALFORMED,
      reason: e instanceof Error ? e.message : String(e),
      pivotsFollowed: followed,
    };
  }
  if (!unverified.isLotl) {
    return {
      ok: false,
      code: TL_NOT_LOTL,
      reason: `TSLType is ${unverified.tslType ?? 'absent'}, not the EU LOTL type`,
      list: unverified,
      pivotsFollowed: followed,
    };
  }
  let signers: Uint8Array[] = [...opts.ojSigners];
  const pivots = opts.pivots ? pivotUrls(unverified).reverse() : [];
  for (const url of pivots) {
    const bytes = await pivotBytes(opts.pivots, url);
    if (bytes === undefined) {
      return {
        ok: false,
        code: TL_PIVOT_UNAVAILABLE,
        reason: `pivot LOTL ${url} could not be obtained`,
        list: unverified,
        pivotsFollowed: followed,
      };
    }
    // A pivot is a historic snapshot: only its signature matters, not its freshness.
    const r = await loadTrustedList(bytes, { ...opts, pinnedSigners: signers, allowExpired: true });
    if (!r.ok) {
      return {
        ok: false,
        code: r.code,
        reason: `pivot LOTL ${url}: ${r.reason}`,
        list: unverified,
        pivotsFollowed: followed,
      };
    }
    const next = selfPointer(r.list);
    if (!next || next.signerCertificates.length === 0) {
      return {
        ok: false,
        code: TL_MALFORMED,
        reason: `pivot LOTL ${url} has no pointer to the LOTL with signer certificates`,
        list: unverified,
        pivotsFollowed: followed,
      };
    }
    signers = next.signerCertificates;
    followed.push(url);
  }
  const r = await loadTrustedList(xml, { ...opts, pinnedSigners: signers });
  if (!r.ok)
    return {
      ok: false,
      code: r.code,
      reason: r.reason,
      ...(r.list ? { list: r.list } : {}),
      pivotsFollowed: followed,
    };
  return {
    ok: true,
    list: r.list,
    anchors: r.anchors,
    nationalLists: nationalListSources(r.list),
    pivotsFollowed: followed,
    signersUsed: signers,
  };
}
