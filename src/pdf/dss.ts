/** Document Security Store (ETSI EN 319 142-1 §5.4.2, ISO 32000-2 §12.8.4.3): validation data in the PDF. */
import { bytesToLatin1, toHex } from '../lib/bytes.js';
import { CrossignError } from '../lib/errors.js';
import type { Problem } from '../verdict/schema.js';
import { dictOf, isName, type PdfObject, PdfStream, PdfString } from './objects.js';
import { problem } from './problems.js';
import type { PdfFile } from './reader.js';

export const PDF_DSS_UNREADABLE = 'PDF_DSS_UNREADABLE';

export interface DssData {
  certificates: Uint8Array[];
  crls: Uint8Array[];
  ocsps: Uint8Array[];
}

export interface PdfDss extends DssData {
  /** /VRI entries keyed by the upper-case hex SHA-1 of a signature's /Contents (as the key is written). */
  vri: Record<string, DssData & { time?: Date }>;
}

export function emptyDss(): PdfDss {
  return { certificates: [], crls: [], ocsps: [], vri: {} };
}

function streams(
  pdf: PdfFile,
  rev: number,
  arr: PdfObject | undefined,
  problems: Problem[],
  what: string,
): Uint8Array[] {
  const out: Uint8Array[] = [];
  const a = pdf.deref(arr, rev);
  if (!Array.isArray(a)) return out;
  for (const item of a) {
    const s = pdf.deref(item, rev);
    if (!(s instanceof PdfStream)) continue;
    try {
      out.push(pdf.decode(s, rev));
    } catch (e) {
      const why = e instanceof CrossignError ? e.message : String(e);
      problems.push(problem(PDF_DSS_UNREADABLE, `a DSS ${what} stream cannot be decoded: ${why}`, 'warning'));
    }
  }
  return out;
}

function section(
  pdf: PdfFile,
  rev: number,
  d: ReturnType<typeof dictOf>,
  problems: Problem[],
  vri: boolean,
): DssData {
  return {
    certificates: streams(pdf, rev, d?.get(vri ? 'Cert' : 'Certs'), problems, 'certificate'),
    crls: streams(pdf, rev, d?.get(vri ? 'CRL' : 'CRLs'), problems, 'CRL'),
    ocsps: streams(pdf, rev, d?.get(vri ? 'OCSP' : 'OCSPs'), problems, 'OCSP'),
  };
}

/**
 * Reads the final revision's /DSS. Undecodable streams, or a DSS whose objects cannot be read, become
 * warnings, not failures: without that data validation can only come out less certain, never passed.
 */
export function readDss(pdf: PdfFile, problems: Problem[]): PdfDss {
  try {
    return readDssStrict(pdf, problems);
  } catch (e) {
    if (!(e instanceof CrossignError)) throw e;
    problems.push(problem(PDF_DSS_UNREADABLE, `the DSS cannot be read: ${e.message}`, 'warning'));
    return emptyDss();
  }
}

function readDssStrict(pdf: PdfFile, problems: Problem[]): PdfDss {
  const rev = pdf.revisions.length - 1;
  const catalog = dictOf(pdf.deref(pdf.revisions[rev]!.trailer.get('Root'), rev));
  const dss = dictOf(pdf.deref(catalog?.get('DSS'), rev));
  if (!dss) return emptyDss();
  const out: PdfDss = { ...section(pdf, rev, dss, problems, false), vri: {} };
  const vri = dictOf(pdf.deref(dss.get('VRI'), rev));
  if (vri) {
    for (const [key, v] of vri.map) {
      const d = dictOf(pdf.deref(v, rev));
      if (!d) continue;
      const entry: DssData & { time?: Date } = section(pdf, rev, d, problems, true);
      const tu = pdf.deref(d.get('TU'), rev);
      if (tu instanceof PdfString) {
        const t = parseDate(bytesToLatin1(tu.bytes));
        if (t) entry.time = t;
      }
      out.vri[key.toUpperCase()] = entry;
    }
  }
  return out;
}

function parseDate(s: string): Date | undefined {
  const m = /^D:(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})/.exec(s);
  if (!m) return undefined;
  return new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!));
}

/** The VRI key of a signature: upper-case hex SHA-1 of its /Contents bytes (callers pass the digest). */
export function vriKey(sha1OfContents: Uint8Array): string {
  return toHex(sha1OfContents).toUpperCase();
}

export function isDssDict(d: ReturnType<typeof dictOf>): boolean {
  return (
    !!d && (isName(d.get('Type'), 'DSS') || d.has('VRI') || d.has('Certs') || d.has('OCSPs') || d.has('CRLs'))
  );
}
