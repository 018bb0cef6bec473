/**
 * `crossign trust inspect <list.xml> [--pin <cert>]...` and
 * `crossign trust update [--economy <codes>] --pin <CODE>=<cert> [--cache <dir>]`: official ETSI TS 119 612
 * lists — what one holds, and fetching the lists named in the economy profiles (online, explicit).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { certificatesFromFile } from '../input/sniff.js';
import { formatInspection, inspectTrustedList } from '../trust/inspect.js';
import { selectProfiles } from '../trust/profiles.js';
import {
  type CachedList,
  type TrustListCache,
  type TrustListSource,
  updateTrustLists,
} from '../trust/update.js';
import type { Io } from './main.js';

export const TRUST_HELP = `crossign trust inspect <list.xml> [--pin <signer-cert>]... [--format text|json]
crossign trust update [--economy <codes>] --pin <CODE>=<signer-cert>... [--cache <dir>]

inspect  prints what an ETSI TS 119 612 trusted list holds (territory, issue and next-update dates,
         signer, services by type and status) and whether its signature is good (against --pin).
update   downloads the official TS 119 612 lists named in the economy profiles (network access:
         this command only), verifies each against the pinned signer certificate, caches it with its
         digest and sequence number (default ~/.cache/crossign/trust-lists) and reports what changed.`;

function readCerts(path: string): Uint8Array[] {
  return certificatesFromFile(new Uint8Array(readFileSync(path)));
}

function fileCache(dir: string): TrustListCache {
  mkdirSync(dir, { recursive: true });
  return {
    get(key) {
      try {
        const meta = JSON.parse(readFileSync(join(dir, `${key}.json`), 'utf8')) as Omit<CachedList, 'xml'>;
        return { ...meta, xml: new Uint8Array(readFileSync(join(dir, `${key}.xml`))) };
      } catch {
        return undefined;
      }
    },
    set(key, entry) {
      const { xml, ...meta } = entry;
      writeFileSync(join(dir, `${key}.xml`), xml);
      writeFileSync(join(dir, `${key}.json`), `${JSON.stringify(meta, null, 2)}\n`);
    },
  };
}

async function inspect(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { pin: { type: 'string', multiple: true }, format: { type: 'string' } },
  });
  if (positionals.length !== 1) throw new Error('trust inspect takes exactly one list file');
  const xml = new Uint8Array(readFileSync(positionals[0]!));
  const summary = await inspectTrustedList(xml, {
    pinnedSigners: (values.pin ?? []).flatMap(readCerts),
    now: new Date(),
  });
  io.stdout(
    values.format === 'json' ? `${JSON.stringify(summary, null, 2)}\n` : `${formatInspection(summary)}\n`,
  );
  return summary.signature === 'valid' ? 0 : 2;
}

async function update(args: string[], io: Io): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      economy: { type: 'string' },
      pin: { type: 'string', multiple: true },
      cache: { type: 'string' },
    },
  });
  const pins = new Map<string, Uint8Array[]>();
  for (const p of values.pin ?? []) {
    const m = /^([A-Za-z]{2})=(.+)$/.exec(p);
    if (!m) throw new Error(`--pin takes CODE=<certificate file>, not "${p}"`);
    pins.set(m[1]!.toUpperCase(), [...(pins.get(m[1]!.toUpperCase()) ?? []), ...readCerts(m[2]!)]);
  }
  const codes = values.economy?.split(',').map((c) => c.trim().toUpperCase());
  const sources: TrustListSource[] = [];
  for (const p of selectProfiles(codes)) {
    for (const l of p.trustLists) {
      if (l.format !== 'etsi-ts-119-612' || !l.url) continue;
      const pinned = pins.get(p.economy);
      if (!pinned) {
        io.stderr(
          `crossign: skipping ${p.economy} ${l.listId}: no --pin ${p.economy}=<signer certificate> given\n`,
        );
        continue;
      }
      sources.push({ territory: p.economy, url: l.url, pinnedSigners: pinned });
    }
  }
  if (sources.length === 0) {
    io.stderr('crossign: no ETSI TS 119 612 list to update (the profiles name one for PE; pin its signer)\n');
    return 2;
  }
  const report = await updateTrustLists({
    sources,
    fetch: globalThis.fetch,
    cache: fileCache(values.cache ?? join(homedir(), '.cache', 'crossign', 'trust-lists')),
  });
  for (const r of report.results)
    io.stdout(
      `${r.territory} ${r.outcome}${r.sequenceNumber !== undefined ? ` seq ${r.sequenceNumber}` : ''}${r.reason ? ` — ${r.reason}` : ''} (+${r.added.length} −${r.removed.length} services, ${r.statusChanged.length} status changes)\n`,
    );
  return report.results.every((r) => r.outcome !== 'rejected' && r.outcome !== 'fetch-failed') ? 0 : 2;
}

export async function trustCommand(args: readonly string[], io: Io): Promise<number> {
  const [sub, ...rest] = args;
  try {
    if (sub === 'inspect') return await inspect(rest, io);
    if (sub === 'update') return await update(rest, io);
  } catch (e) {
    io.stderr(`crossign: ${e instanceof Error ? e.message : String(e)}\n`);
    return 3;
  }
  io.stdout(`${TRUST_HELP}\n`);
  return sub === undefined || sub === 'help' || sub === '--help' ? 0 : 3;
}
