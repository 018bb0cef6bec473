/**
 * Refreshes official trust lists: download, verify (signature, pinning, freshness, no sequence
 * rollback), then cache with digest and sequence number, and report what changed. Only verified
 * bytes ever reach the cache. Network and storage are injected, so this runs in Node and browsers.
 */
import { digestParts } from '../crypto/registry.js';
import { toHex } from '../lib/bytes.js';
import type { DomOptions } from './etsi/dom.js';
import type { TrustedList, TrustService } from './etsi/model.js';
import { parseTrustedList } from './etsi/parse.js';
import { loadTrustedList, type TrustListProblem } from './etsi/signature.js';

export const TL_FETCH_FAILED = 'TL_FETCH_FAILED';
export const TL_SEQUENCE_ROLLBACK = 'TL_SEQUENCE_ROLLBACK';
export type UpdateProblem = TrustListProblem | typeof TL_FETCH_FAILED | typeof TL_SEQUENCE_ROLLBACK;

export interface TrustListSource {
  territory: string;
  url: string;
  pinnedSigners: readonly Uint8Array[];
  /** Digest file URL; default: the list URL with `.xml` replaced by `.sha2`. `null` = none published. */
  sha2Url?: string | null;
}

/** The subset of WHATWG fetch this module uses, so `globalThis.fetch` can be passed as is. */
export type FetchLike = (
  url: string,
) => Promise<{ ok: boolean; status: number; arrayBuffer(): Promise<ArrayBuffer> }>;

export interface CachedList {
  xml: Uint8Array;
  digest: string;
  sequenceNumber: number;
  issued: string;
  nextUpdate?: string;
  fetchedAt: string;
  url: string;
}

export interface TrustListCache {
  get(key: string): Promise<CachedList | undefined> | CachedList | undefined;
  set(key: string, entry: CachedList): Promise<void> | void;
}

export interface ServiceChange {
  provider: string;
  service: string;
  serviceType: string;
  status: string;
  previousStatus?: string;
}

export interface SourceReport {
  territory: string;
  url: string;
  outcome: 'new' | 'updated' | 'unchanged' | 'rejected' | 'fetch-failed';
  code?: UpdateProblem;
  reason?: string;
  sequenceNumber?: number;
  previousSequenceNumber?: number;
  digest?: string;
  previousDigest?: string;
  issued?: string;
  nextUpdate?: string;
  /** Whether a published .sha2 file was used (to skip a download or to cross-check one). */
  digestFile: 'matched-cache' | 'matched-download' | 'mismatch' | 'absent';
  added: ServiceChange[];
  removed: ServiceChange[];
  statusChanged: ServiceChange[];
}

export interface UpdateOptions extends DomOptions {
  sources: readonly TrustListSource[];
  fetch: FetchLike;
  cache: TrustListCache;
  now?: Date;
  expiryGraceMs?: number;
}

export interface UpdateReport {
  checkedAt: string;
  results: SourceReport[];
}

function defaultSha2Url(url: string): string | undefined {
  return /\.xml$/i.test(url) ? url.replace(/\.xml$/i, '.sha2') : undefined;
}

async function fetchBytes(fetch: FetchLike, url: string): Promise<Uint8Array> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  return new Uint8Array(await res.arrayBuffer());
}

/** A .sha2 file holds the hex SHA-256 of the list (possibly followed by a file name). */
function parseSha2(bytes: Uint8Array): string | undefined {
  const m = /^\s*([0-9a-fA-F]{64})\b/.exec(new TextDecoder().decode(bytes));
  return m?.[1]?.toLowerCase();
}

function serviceKey(provider: string, s: TrustService): string {
  const c = s.current;
  const ids = c.identity.certificates
    .map((d) => toHex(digestParts('SHA-256', [d])))
    .sort()
    .join(',');
  return `${provider}\u0000${c.name}\u0000${c.serviceType}\u0000${ids}`;
}

function serviceIndex(list: TrustedList): Map<string, ServiceChange> {
  const out = new Map<string, ServiceChange>();
  for (const tsp of list.providers) {
    for (const s of tsp.services) {
      out.set(serviceKey(tsp.name, s), {
        provider: tsp.name,
        service: s.current.name,
        serviceType: s.current.serviceType,
        status: s.current.status,
      });
    }
  }
  return out;
}

/** Services added, removed, or whose current status changed between two snapshots. */
export function diffLists(
  before: TrustedList | undefined,
  after: TrustedList,
): Pick<SourceReport, 'added' | 'removed' | 'statusChanged'> {
  const a = before ? serviceIndex(before) : new Map<string, ServiceChange>();
  const b = serviceIndex(after);
  const added: ServiceChange[] = [];
  const removed: ServiceChange[] = [];
  const statusChanged: ServiceChange[] = [];
  for (const [k, v] of b) {
    const old = a.get(k);
    if (!old) added.push(v);
    else if (old.status !== v.status) statusChanged.push({ ...v, previousStatus: old.status });
  }
  for (const [k, v] of a) if (!b.has(k)) removed.push(v);
  return { added, removed, statusChanged };
}

async function updateOne(src: TrustListSource, opts: UpdateOptions, now: Date): Promise<SourceReport> {
  const base: SourceReport = {
    territory: src.territory,
    url: src.url,
    outcome: 'unchanged',
    digestFile: 'absent',
    added: [],
    removed: [],
    statusChanged: [],
  };
  const cached = await opts.cache.get(src.territory);
  if (cached) {
    base.previousSequenceNumber = cached.sequenceNumber;
    base.previousDigest = cached.digest;
  }
  const sha2Url = src.sha2Url === null ? undefined : (src.sha2Url ?? defaultSha2Url(src.url));
  let published: string | undefined;
  if (sha2Url) {
    try {
      published = parseSha2(await fetchBytes(opts.fetch, sha2Url));
    } catch {
      published = undefined;
    }
  }
  if (cached && published && published === cached.digest) {
    return {
      ...base,
      digestFile: 'matched-cache',
      sequenceNumber: cached.sequenceNumber,
      digest: cached.digest,
      issued: cached.issued,
      ...(cached.nextUpdate ? { nextUpdate: cached.nextUpdate } : {}),
    };
  }
  let xml: Uint8Array;
  try {
    xml = await fetchBytes(opts.fetch, src.url);
  } catch (e) {
    return {
      ...base,
      outcome: 'fetch-failed',
      code: TL_FETCH_FAILED,
      reason: `${src.url}: ${e instanceof Error ? e.message : String(e)}`,
    };
  }
  const digest = toHex(digestParts('SHA-256', [xml]));
  const digestFile: SourceReport['digestFile'] = published
    ? published === digest
      ? 'matched-download'
      : 'mismatch'
    : 'absent';
  const loaded = await loadTrustedList(xml, {
    pinnedSigners: src.pinnedSigners,
    now,
    ...(opts.expiryGraceMs !== undefined ? { expiryGraceMs: opts.expiryGraceMs } : {}),
    ...(opts.DOMParser ? { DOMParser: opts.DOMParser } : {}),
  });
  if (!loaded.ok)
    return { ...base, outcome: 'rejected', code: loaded.code, reason: loaded.reason, digest, digestFile };
  const list = loaded.list;
  const facts = {
    sequenceNumber: list.sequenceNumber,
    digest,
    issued: list.issued.toISOString(),
    ...(list.nextUpdate ? { nextUpdate: list.nextUpdate.toISOString() } : {}),
    digestFile,
  };
  if (cached && cached.digest === digest) return { ...base, ...facts, outcome: 'unchanged' };
  if (cached && list.sequenceNumber < cached.sequenceNumber) {
    return {
      ...base,
      ...facts,
      outcome: 'rejected',
      code: TL_SEQUENCE_ROLLBACK,
      reason: `sequence number ${list.sequenceNumber} is below the cached ${cached.sequenceNumber}`,
    };
  }
  let previous: TrustedList | undefined;
  if (cached) {
    try {
      previous = parseTrustedList(cached.xml, opts);
    } catch {
      previous = undefined;
    }
  }
  const entry: CachedList = {
    xml,
    digest,
    sequenceNumber: list.sequenceNumber,
    issued: facts.issued,
    fetchedAt: now.toISOString(),
    url: src.url,
  };
  if (facts.nextUpdate) entry.nextUpdate = facts.nextUpdate;
  await opts.cache.set(src.territory, entry);
  return { ...base, ...facts, outcome: cached ? 'updated' : 'new', ...diffLists(previous, list) };
}

/** Updates every source in turn; one failing source never blocks the others. */
export async function updateTrustLists(opts: UpdateOptions): Promise<UpdateReport> {
  const now = opts.now ?? new Date();
  const results: SourceReport[] = [];
  for (const src of opts.sources) results.push(await updateOne(src, opts, now));
  return { checkedAt: now.toISOString(), results };
}
