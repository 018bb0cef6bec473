import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TL_SIGNER_NOT_PINNED } from '../../src/trust/etsi/index.js';
import { inspectTrustedList } from '../../src/trust/inspect.js';
import { loadLotl, nationalListSources, pivotUrls, TL_PIVOT_UNAVAILABLE } from '../../src/trust/lotl.js';
import { type CachedList, TL_SEQUENCE_ROLLBACK, updateTrustLists } from '../../src/trust/update.js';
import { FIX, fixture } from './helpers.js';

const NOW = new Date('2025-06-01T00:00:00Z');
const PIVOT = 'https://lotl.example.test/eu-lotl-pivot-1.xml';

describe('LOTL and pivots', () => {
  it('follows the pivot from the Official Journal certificate to the rotated LOTL signer', async () => {
    const r = await loadLotl(fixture('eu-lotl.xml'), {
      ojSigners: [fixture('lotl-signer-a.der')],
      pivots: { [PIVOT]: fixture('eu-lotl-pivot-1.xml') },
      now: NOW,
    });
    expect(r.ok ? 'ok' : `${r.code}: ${r.reason}`).toBe('ok');
    if (!r.ok) return;
    expect(r.pivotsFollowed).toEqual([PIVOT]);
    expect(r.list.territory).toBe('EU');
    expect(r.nationalLists).toHaveLength(1);
    expect(r.nationalLists[0]!.territory).toBe('ZZ');
    expect(r.nationalLists[0]!.url).toBe('https://example.test/zz.xml');
    expect(r.nationalLists[0]!.pinnedSigners[0]).toEqual(fixture('tl-signer.der'));
  });

  it('without the pivot, the OJ certificate alone does not authorise the rotated signer', async () => {
    const r = await loadLotl(fixture('eu-lotl.xml'), { ojSigners: [fixture('lotl-signer-a.der')], now: NOW });
    expect(r.ok ? 'ok' : r.code).toBe(TL_SIGNER_NOT_PINNED);
    const missing = await loadLotl(fixture('eu-lotl.xml'), {
      ojSigners: [fixture('lotl-signer-a.der')],
      pivots: {},
      now: NOW,
    });
    expect(missing.ok ? 'ok' : missing.code).toBe(TL_PIVOT_UNAVAILABLE);
  });

  it('a pivot not signed by the OJ certificates breaks the chain', async () => {
    const r = await loadLotl(fixture('eu-lotl.xml'), {
      ojSigners: [fixture('other-signer.der')],
      pivots: { [PIVOT]: fixture('eu-lotl-pivot-1.xml') },
      now: NOW,
    });
    expect(r.ok ? 'ok' : r.code).toBe(TL_SIGNER_NOT_PINNED);
    if (!r.ok) expect(r.reason).toContain(PIVOT);
  });

  it('reads pivot URLs and national pointers from the LOTL', async () => {
    const { parseTrustedList } = await import('../../src/trust/etsi/parse.js');
    const lotl = parseTrustedList(fixture('eu-lotl.xml'));
    expect(lotl.isLotl).toBe(true);
    expect(pivotUrls(lotl)).toEqual([PIVOT]);
    expect(nationalListSources(lotl).map((s) => s.territory)).toEqual(['ZZ']);
  });
});

describe('updateTrustLists against a loopback server', () => {
  let server: Server;
  let base = '';
  const served = new Map<string, string>(); // path → fixture file
  const hits: string[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      hits.push(req.url ?? '');
      const file = served.get(req.url ?? '');
      if (!file) {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/xml' }).end(readFileSync(join(FIX, file)));
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((ok) => server.close(() => ok())));

  const memoryCache = () => {
    const m = new Map<string, CachedList>();
    return { m, get: (k: string) => m.get(k), set: (k: string, v: CachedList) => void m.set(k, v) };
  };
  const source = () => ({
    territory: 'ZZ',
    url: `${base}/zz.xml`,
    pinnedSigners: [fixture('tl-signer.der')],
  });

  it('caches a verified list, reports changes, uses the .sha2 file, and refuses rollbacks and bad lists', async () => {
    const cache = memoryCache();
    served.set('/zz.xml', 'zz-v1.xml');
    served.set('/zz.sha2', 'zz-v1.sha2');
    const first = await updateTrustLists({ sources: [source()], fetch, cache, now: NOW });
    const r1 = first.results[0]!;
    expect(r1.outcome).toBe('new');
    expect(r1.sequenceNumber).toBe(8);
    expect(r1.digestFile).toBe('matched-download');
    expect(r1.added).toHaveLength(2);
    expect(cache.m.get('ZZ')?.sequenceNumber).toBe(8);

    hits.length = 0;
    const again = await updateTrustLists({ sources: [source()], fetch, cache, now: NOW });
    expect(again.results[0]!.outcome).toBe('unchanged');
    expect(again.results[0]!.digestFile).toBe('matched-cache');
    expect(hits).toEqual(['/zz.sha2']); // the digest file spared the download

    served.set('/zz.xml', 'zz-v2.xml');
    served.set('/zz.sha2', 'zz-v2.sha2');
    const second = await updateTrustLists({ sources: [source()], fetch, cache, now: NOW });
    const r2 = second.results[0]!;
    expect(r2.outcome).toBe('updated');
    expect([r2.previousSequenceNumber, r2.sequenceNumber]).toEqual([8, 9]);
    expect(r2.added.map((a) => a.service)).toEqual(['ZZ Second CA']);
    expect(r2.removed).toEqual([]);
    expect(
      r2.statusChanged.map((c) => [c.service, c.previousStatus?.split('/').pop(), c.status.split('/').pop()]),
    ).toEqual([['ZZ TSA unit', 'withdrawn', 'granted']]);

    served.set('/zz.xml', 'zz-v1.xml');
    served.set('/zz.sha2', 'zz-v1.sha2');
    const rollback = await updateTrustLists({ sources: [source()], fetch, cache, now: NOW });
    expect(rollback.results[0]!.code).toBe(TL_SEQUENCE_ROLLBACK);
    expect(cache.m.get('ZZ')?.sequenceNumber).toBe(9);

    for (const bad of ['zz-tampered.xml', 'zz-unpinned.xml', 'zz-expired.xml']) {
      served.set('/zz.xml', bad);
      served.delete('/zz.sha2');
      const r = await updateTrustLists({ sources: [source()], fetch, cache, now: NOW });
      expect(r.results[0]!.outcome).toBe('rejected');
      expect(r.results[0]!.digestFile).toBe('absent');
      expect(cache.m.get('ZZ')?.sequenceNumber).toBe(9); // never cached
    }

    served.delete('/zz.xml');
    const gone = await updateTrustLists({ sources: [source()], fetch, cache, now: NOW });
    expect(gone.results[0]!.outcome).toBe('fetch-failed');
  });

  it('flags a .sha2 file that disagrees with the downloaded list', async () => {
    const cache = memoryCache();
    served.set('/zz.xml', 'zz-v2.xml');
    served.set('/zz.sha2', 'zz-v1.sha2');
    const r = await updateTrustLists({ sources: [source()], fetch, cache, now: NOW });
    expect(r.results[0]!.digestFile).toBe('mismatch');
    expect(r.results[0]!.outcome).toBe('new'); // the verified signature, not the digest file, decides
  });
});

describe('inspectTrustedList on fixtures', () => {
  it('reports an unpinned but intact signature and a tampered one', async () => {
    const a = await inspectTrustedList(fixture('zz-history.xml'), { now: NOW });
    expect(a.signature).toBe('intact-unpinned');
    expect(a.signer?.subject).toContain('ZZ Trusted List Signer');
    const b = await inspectTrustedList(fixture('zz-tampered.xml'), {
      pinnedSigners: [fixture('tl-signer.der')],
      now: NOW,
    });
    expect(b.signature).toBe('invalid');
    const c = await inspectTrustedList(fixture('zz-unsigned.xml'), { now: NOW });
    expect(c.signature).toBe('unsigned');
    const d = await inspectTrustedList(fixture('zz-expired.xml'), { now: NOW });
    expect(d.expired).toBe(true);
  });
});
