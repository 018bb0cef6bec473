/** Builds small PDFs byte by byte for tests: classic xref tables, incremental updates, a signature slot. */
const enc = { encode: (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0) & 0xff) };

export interface Built {
  bytes: Uint8Array;
  xrefOffset: number;
  size: number;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const n = parts.reduce((a, p) => a + p.length, 0);
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/**
 * Appends a revision holding `objects` (object number → body text, without "n 0 obj") to `base`
 * (or starts a file). `trailerExtra` goes into the trailer, e.g. "/Root 1 0 R".
 */
export function addRevision(
  base: Built | undefined,
  objects: Record<number, string>,
  trailerExtra: string,
): Built {
  const chunks: Uint8Array[] = [];
  let pos = 0;
  const push = (s: string | Uint8Array) => {
    const b = typeof s === 'string' ? enc.encode(s) : s;
    chunks.push(b);
    pos += b.length;
  };
  if (base) push(base.bytes);
  else push('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n');
  const offsets = new Map<number, number>();
  for (const [k, body] of Object.entries(objects)) {
    offsets.set(Number(k), pos);
    push(`${k} 0 obj\n${body}\nendobj\n`);
  }
  const xrefOffset = pos;
  const size = Math.max(base?.size ?? 1, ...[...offsets.keys()].map((k) => k + 1));
  let xref = 'xref\n0 1\n0000000000 65535 f \n';
  for (const [k, off] of [...offsets].sort((a, b) => a[0] - b[0]))
    xref += `${k} 1\n${String(off).padStart(10, '0')} 00000 n \n`;
  push(xref);
  push(
    `trailer\n<< /Size ${size} ${trailerExtra}${base ? ` /Prev ${base.xrefOffset}` : ''} >>\nstartxref\n${xrefOffset}\n%%EOF\n`,
  );
  return { bytes: concat(chunks), xrefOffset, size };
}

export const CONTENTS_HEX_LEN = 2048;
const BR_PLACEHOLDER = '[0 0000000000 0000000000 0000000000]';

/** A signature dictionary body with a fixed-size /Contents slot and a /ByteRange placeholder. */
export function sigDict(extra = ''): string {
  return `<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /adbe.pkcs7.detached /ByteRange ${BR_PLACEHOLDER} /Contents <${'0'.repeat(CONTENTS_HEX_LEN)}> /M (D:20240101120000Z) ${extra}>>`;
}

/**
 * Fills the last signature slot of `b`: the byte range covers the file minus the slot, and the
 * slot receives `der` (hex, zero padded). Returns the same layout with the final bytes.
 */
export function fillSignature(b: Built, der: Uint8Array): Built {
  const bytes = b.bytes.slice();
  const text = new TextDecoder('latin1').decode(bytes);
  const brAt = text.lastIndexOf(BR_PLACEHOLDER);
  const cAt = text.indexOf('/Contents <', brAt) + '/Contents '.length;
  const cEnd = cAt + CONTENTS_HEX_LEN + 2;
  const br = `[0 ${String(cAt).padStart(10, '0')} ${String(cEnd).padStart(10, '0')} ${String(bytes.length - cEnd).padStart(10, '0')}]`;
  bytes.set(enc.encode(br), brAt);
  let hex = '';
  for (const x of der) hex += x.toString(16).padStart(2, '0');
  bytes.set(enc.encode(hex.padEnd(CONTENTS_HEX_LEN, '0')), cAt + 1);
  return { ...b, bytes };
}

/** A small DER value standing in for a CMS SignedData (the PDF stage only needs valid DER). */
export const FAKE_CMS = Uint8Array.from([
  0x30, 0x0a, 0x06, 0x08, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07,
]);

export function basePdf(extraCatalog = '', extraObjects: Record<number, string> = {}): Built {
  return addRevision(
    undefined,
    {
      1: `<< /Type /Catalog /Pages 2 0 R ${extraCatalog}>>`,
      2: '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
      3: '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R /Resources << >> >>',
      4: '<< /Length 22 >>\nstream\nBT /F1 12 Tf (a) Tj ET\nendstream',
      ...extraObjects,
    },
    '/Root 1 0 R',
  );
}

/** base → revision 2 adds a signature field Sig1 (widget on page 3) and fills it. */
export function signedPdf(): Built {
  const base = basePdf();
  const rev = addRevision(
    base,
    {
      1: '<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [5 0 R] /SigFlags 3 >> >>',
      3: '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R /Resources << >> /Annots [5 0 R] >>',
      5: '<< /FT /Sig /T (Sig1) /Type /Annot /Subtype /Widget /Rect [0 0 0 0] /F 132 /P 3 0 R /V 6 0 R >>',
      6: sigDict(),
    },
    '/Root 1 0 R',
  );
  return fillSignature(rev, FAKE_CMS);
}
