/**
 * Builds small hostile PDFs for the limit, attack and fuzz tests: objects as text or bytes, any number
 * of incremental revisions, object streams, deflated streams. Written by hand because no PDF library is
 * a dependency, and because the tests need exact control over broken structure.
 */
import { deflateSync } from 'node:zlib';

export type PdfObjectBody = string | Uint8Array;
export type Revision = Array<[number, PdfObjectBody]>;

const latin1 = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0) & 0xff);

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

export interface BuildOptions {
  /** Extra trailer entries, e.g. '/Encrypt 9 0 R'. */
  trailerExtra?: string;
  /** Override the /Prev of revision i (for xref loops). */
  prevOverride?: (revision: number, realPrev: number) => number;
}

/** Serialises revisions as classic xref-table updates; revision 0 must define the catalog as object 1. */
export function buildPdf(revisions: Revision[], opts: BuildOptions = {}): Uint8Array {
  const parts: Uint8Array[] = [latin1('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n')];
  let pos = parts[0]!.length;
  let prev = -1;
  let size = 1;
  revisions.forEach((objects, r) => {
    const offsets: Array<[number, number]> = [];
    for (const [n, body] of objects) {
      offsets.push([n, pos]);
      const b = concat([
        latin1(`${n} 0 obj\n`),
        typeof body === 'string' ? latin1(body) : body,
        latin1('\nendobj\n'),
      ]);
      parts.push(b);
      pos += b.length;
      size = Math.max(size, n + 1);
    }
    const xref = pos;
    let s = 'xref\n';
    if (r === 0) s += '0 1\n0000000000 65535 f \n';
    for (const [n, off] of offsets.sort((a, b) => a[0] - b[0]))
      s += `${n} 1\n${String(off).padStart(10, '0')} 00000 n \n`;
    const p = prev < 0 ? '' : ` /Prev ${opts.prevOverride ? opts.prevOverride(r, prev) : prev}`;
    s += `trailer\n<< /Size ${size} /Root 1 0 R${p}${opts.trailerExtra ? ` ${opts.trailerExtra}` : ''} >>\nstartxref\n${xref}\n%%EOF\n`;
    const b = latin1(s);
    parts.push(b);
    pos += b.length;
    prev = xref;
  });
  return concat(parts);
}

export const CATALOG = '<< /Type /Catalog /Pages 2 0 R >>';
export const PAGES = '<< /Type /Pages /Kids [3 0 R] /Count 1 >>';
export const PAGE = '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>';

/** A minimal valid one-page document. */
export function minimalRevision(catalog = CATALOG): Revision {
  return [
    [1, catalog],
    [2, PAGES],
    [3, PAGE],
  ];
}

export function stream(dict: string, data: Uint8Array): Uint8Array {
  return concat([latin1(`<< ${dict} /Length ${data.length} >>\nstream\n`), data, latin1('\nendstream')]);
}

export function flateStream(dict: string, data: Uint8Array): Uint8Array {
  return stream(`${dict} /Filter /FlateDecode`, new Uint8Array(deflateSync(data)));
}

/** An object stream (§7.5.7) holding the given objects, deflated, with `padding` spaces of filler. */
export function objectStream(objects: Array<[number, string]>, padding = 0): Uint8Array {
  let header = '';
  let body = '';
  for (const [n, text] of objects) {
    header += `${n} ${body.length} `;
    body += `${text}\n`;
  }
  const data = concat([latin1(header + body), new Uint8Array(padding).fill(0x20)]);
  return flateStream(`/Type /ObjStm /N ${objects.length} /First ${header.length}`, data);
}

/**
 * A document whose catalog lives in a compressed object stream, reached through an xref stream
 * (§7.5.8) — so the reader must decode both to find the root.
 */
export function pdfWithObjectStreams(
  streams: Array<{ num: number; objects: Array<[number, string]>; padding?: number }>,
): Uint8Array {
  const parts: Uint8Array[] = [latin1('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n')];
  let pos = parts[0]!.length;
  const entries = new Map<number, [number, number, number]>();
  for (const s of streams) {
    entries.set(s.num, [1, pos, 0]);
    const b = concat([
      latin1(`${s.num} 0 obj\n`),
      objectStream(s.objects, s.padding ?? 0),
      latin1('\nendobj\n'),
    ]);
    parts.push(b);
    pos += b.length;
    for (const [i, [n]] of s.objects.entries()) entries.set(n, [2, s.num, i]);
  }
  const xrefNum = Math.max(...entries.keys()) + 1;
  entries.set(xrefNum, [1, pos, 0]);
  const size = xrefNum + 1;
  const rows = new Uint8Array(size * 7);
  for (let n = 0; n < size; n++) {
    const [t, a, b] = entries.get(n) ?? [0, 0, 0];
    rows[n * 7] = t;
    rows[n * 7 + 1] = (a >>> 24) & 0xff;
    rows[n * 7 + 2] = (a >>> 16) & 0xff;
    rows[n * 7 + 3] = (a >>> 8) & 0xff;
    rows[n * 7 + 4] = a & 0xff;
    rows[n * 7 + 5] = (b >>> 8) & 0xff;
    rows[n * 7 + 6] = b & 0xff;
  }
  const xrefStart = pos;
  parts.push(
    concat([
      latin1(`${xrefNum} 0 obj\n`),
      flateStream(`/Type /XRef /Size ${size} /W [1 4 2] /Root 1 0 R`, rows),
      latin1(`\nendobj\nstartxref\n${xrefStart}\n%%EOF\n`),
    ]),
  );
  return concat(parts);
}

/** `n` distinct signature fields with dummy (non-DER) /Contents: enough for the reader to count signatures. */
export function pdfWithSignatureFields(n: number): Uint8Array {
  const objects: Revision = [];
  const fields: string[] = [];
  for (let i = 0; i < n; i++) {
    const sig = 10 + i * 2;
    const field = sig + 1;
    objects.push([
      sig,
      `<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /adbe.pkcs7.detached /ByteRange [0 1 2 ${3 + i}] /Contents <30${String(i % 100).padStart(2, '0')}> >>`,
    ]);
    objects.push([field, `<< /FT /Sig /T (S${i}) /V ${sig} 0 R >>`]);
    fields.push(`${field} 0 R`);
  }
  return buildPdf([
    [
      ...minimalRevision(
        `<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [${fields.join(' ')}] /SigFlags 3 >> >>`,
      ),
      ...objects,
    ],
  ]);
}

export { concat, latin1 };
