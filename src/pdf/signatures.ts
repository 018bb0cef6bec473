/** Signature fields (§12.7.4.5) and signature dictionaries (§12.8.1), read from the AcroForm field tree. */
import { scanBer } from '../lib/ber.js';
import { CrossignError } from '../lib/errors.js';
import type { Problem } from '../verdict/schema.js';
import { type ByteRangeCheck, checkByteRange } from './byte-range.js';
import {
  dictOf,
  isDict,
  isName,
  type PdfDict,
  type PdfObject,
  PdfRef,
  PdfString,
  textOf,
} from './objects.js';
import {
  PDF_CONTENTS_NOT_DER,
  PDF_CONTENTS_TRAILING_DATA,
  PDF_DOCMDP_NOT_IN_PERMS,
  PDF_FIELD_TREE_BROKEN,
  PDF_SIGNATURE_DICT_INVALID,
  PDF_SUBFILTER_UNSUPPORTED,
  problem,
} from './problems.js';
import type { PdfFile } from './reader.js';

export const SUPPORTED_SUBFILTERS: ReadonlySet<string> = new Set([
  'adbe.pkcs7.detached',
  'ETSI.CAdES.detached',
  'adbe.pkcs7.sha1',
  'ETSI.RFC3161',
]);

export interface FieldLock {
  action: 'All' | 'Include' | 'Exclude';
  fields: string[];
  /** PDF 2.0 /P in a lock dictionary: DocMDP level that applies once the field is signed. */
  p?: 1 | 2 | 3;
}

/** A terminal form field, as found in the field tree of one revision. */
export interface FieldNode {
  fullName: string;
  /** Indirect reference of the field dictionary, when it has one. */
  ref: PdfRef | undefined;
  dict: PdfDict;
  ft: string | undefined;
  /** The /V entry as written (reference or direct object). */
  v: PdfObject | undefined;
  lock: PdfDict | undefined;
}

const MAX_FIELD_DEPTH = 32;
const MAX_FIELDS = 100_000;

/** Walks /AcroForm /Fields with /Kids, inheriting /FT and building fully qualified names. */
export function walkFields(pdf: PdfFile, rev: number, problems: Problem[]): FieldNode[] {
  const trailer = pdf.revisions[rev]!.trailer;
  const catalog = dictOf(pdf.deref(trailer.get('Root'), rev));
  const acro = dictOf(pdf.deref(catalog?.get('AcroForm'), rev));
  const fields = pdf.deref(acro?.get('Fields'), rev);
  if (!Array.isArray(fields)) return [];
  const out: FieldNode[] = [];
  const seen = new Set<number>();
  let visited = 0;
  const stack: Array<{ o: PdfObject; prefix: string; ft: string | undefined; depth: number }> = [];
  for (let i = fields.length - 1; i >= 0; i--)
    stack.push({ o: fields[i]!, prefix: '', ft: undefined, depth: 0 });
  while (stack.length) {
    const { o, prefix, ft, depth } = stack.pop()!;
    if (++visited > MAX_FIELDS || depth > MAX_FIELD_DEPTH) {
      problems.push(problem(PDF_FIELD_TREE_BROKEN, 'form field tree is too large or too deep', 'error'));
      break;
    }
    if (o instanceof PdfRef) {
      if (seen.has(o.num)) {
        problems.push(
          problem(PDF_FIELD_TREE_BROKEN, `form field ${o.num} appears twice in the field tree`, 'warning'),
        );
        continue;
      }
      seen.add(o.num);
    }
    const d = pdf.deref(o, rev);
    if (!isDict(d)) continue;
    const t = textOf(d.get('T'));
    const name = t === undefined ? prefix : prefix ? `${prefix}.${t}` : t;
    const ftHere = d.get('FT');
    const myFt = isName(ftHere) ? ftHere.name : ft;
    const kids = pdf.deref(d.get('Kids'), rev);
    const fieldKids: PdfObject[] = [];
    if (Array.isArray(kids)) {
      for (const k of kids) {
        const kd = dictOf(pdf.deref(k, rev));
        // Kids with /T are fields; kids without it are this field's widget annotations.
        if (kd?.has('T') || kd?.has('Kids')) fieldKids.push(k);
      }
    }
    if (fieldKids.length) {
      for (let i = fieldKids.length - 1; i >= 0; i--)
        stack.push({ o: fieldKids[i]!, prefix: name, ft: myFt, depth: depth + 1 });
      continue;
    }
    out.push({
      fullName: name,
      ref: o instanceof PdfRef ? o : undefined,
      dict: d,
      ft: myFt,
      v: d.get('V'),
      lock: dictOf(pdf.deref(d.get('Lock'), rev)),
    });
  }
  return out;
}

export type SignatureKind = 'approval' | 'certification' | 'document-timestamp';

export interface FoundSignature {
  fieldNames: string[];
  field: FieldNode;
  /** Reference of the signature dictionary, when indirect. */
  valueRef: PdfRef | undefined;
  /** The signature dictionary as of the signed revision. */
  dict: PdfDict;
  /** The same dictionary as the final revision has it. */
  finalDict: PdfDict;
  kind: SignatureKind;
  subFilter: string;
  filter: string | undefined;
  contents: Uint8Array;
  range: ByteRangeCheck;
  claimedTime: Date | undefined;
  reason: string | undefined;
  location: string | undefined;
  name: string | undefined;
  contactInfo: string | undefined;
  /** /Cert of adbe.x509.rsa_sha1 signatures. */
  certificates: Uint8Array[];
  docMdp: 1 | 2 | 3 | undefined;
  fieldMdp: FieldLock[];
  lock: FieldLock | undefined;
  problems: Problem[];
}

function nameOf(o: PdfObject | undefined): string | undefined {
  return isName(o) ? o.name : undefined;
}

export function readLock(d: PdfDict | undefined, pdf: PdfFile, rev: number): FieldLock | undefined {
  if (!d) return undefined;
  const action = nameOf(pdf.deref(d.get('Action'), rev));
  if (action !== 'All' && action !== 'Include' && action !== 'Exclude') return undefined;
  const fieldsObj = pdf.deref(d.get('Fields'), rev);
  const fields: string[] = [];
  if (Array.isArray(fieldsObj)) for (const f of fieldsObj) fields.push(textOf(pdf.deref(f, rev)) ?? '');
  const p = pdf.deref(d.get('P'), rev);
  const lock: FieldLock = { action, fields };
  if (p === 1 || p === 2 || p === 3) lock.p = p;
  return lock;
}

/** PDF date (§7.9.4) "D:YYYYMMDDHHmmSSOHH'mm" → Date; undefined when unparsable. */
export function parsePdfDate(s: string | undefined): Date | undefined {
  if (!s) return undefined;
  const m =
    /^(?:D:)?(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?(?:([Zz+-])(?:(\d{2})'?(?:(\d{2})'?)?)?)?/.exec(
      s.trim(),
    );
  if (!m) return undefined;
  const [, y, mo = '01', d = '01', h = '00', mi = '00', se = '00', sign, oh = '00', om = '00'] = m;
  const utc = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(se));
  if (Number.isNaN(utc)) return undefined;
  let off = 0;
  if (sign === '+' || sign === '-') off = (Number(oh) * 60 + Number(om)) * (sign === '+' ? 1 : -1);
  return new Date(utc - off * 60_000);
}

function decodeContents(c: PdfObject | undefined, problems: Problem[]): Uint8Array {
  if (!(c instanceof PdfString)) {
    problems.push(problem(PDF_SIGNATURE_DICT_INVALID, 'signature dictionary has no /Contents string'));
    return new Uint8Array(0);
  }
  const raw = c.bytes;
  let end = 0;
  try {
    end = scanBer(raw);
  } catch (e) {
    const why = e instanceof CrossignError ? e.message : String(e);
    problems.push(problem(PDF_CONTENTS_NOT_DER, `/Contents does not hold one DER/BER value: ${why}`));
    return raw;
  }
  for (let i = end; i < raw.length; i++) {
    if (raw[i] !== 0) {
      problems.push(
        problem(PDF_CONTENTS_TRAILING_DATA, '/Contents has non-zero bytes after the signature value'),
      );
      break;
    }
  }
  return raw.subarray(0, end);
}

/** Signature dictionaries reachable from signature fields of revision `rev`, one per dictionary. */
export function findSignatures(pdf: PdfFile, problems: Problem[]): FoundSignature[] {
  const last = pdf.revisions.length - 1;
  const fields = walkFields(pdf, last, problems).filter((f) => f.ft === 'Sig' && f.v !== undefined);
  const catalog = dictOf(pdf.deref(pdf.revisions[last]!.trailer.get('Root'), last));
  const perms = dictOf(pdf.deref(catalog?.get('Perms'), last));
  const permsDocMdp = perms?.get('DocMDP');

  const byKey = new Map<string, FoundSignature>();
  const out: FoundSignature[] = [];
  for (const field of fields) {
    const valueRef = field.v instanceof PdfRef ? field.v : undefined;
    const finalDict = dictOf(pdf.deref(field.v, last));
    if (!finalDict) continue;
    const br0 = finalDict.get('ByteRange');
    const key = valueRef ? `r${valueRef.num}` : `d${JSON.stringify(br0)}:${field.fullName}`;
    const existing = byKey.get(key);
    if (existing) {
      existing.fieldNames.push(field.fullName);
      continue;
    }
    const sig = readSignature(pdf, field, valueRef, finalDict, permsDocMdp);
    // Dictionaries with identical /ByteRange and /Contents are one signature, seen from two fields.
    const twin = out.find(
      (s) =>
        s.range.byteRange.join(' ') === sig.range.byteRange.join(' ') &&
        s.contents.length === sig.contents.length &&
        s.contents.every((b, i) => b === sig.contents[i]),
    );
    if (twin && sig.range.byteRange.length) {
      twin.fieldNames.push(field.fullName);
      byKey.set(key, twin);
      continue;
    }
    byKey.set(key, sig);
    out.push(sig);
  }
  out.sort((a, b) => (a.range.byteRange[1] ?? 0) - (b.range.byteRange[1] ?? 0));
  return out;
}

function readSignature(
  pdf: PdfFile,
  field: FieldNode,
  valueRef: PdfRef | undefined,
  finalDict: PdfDict,
  permsDocMdp: PdfObject | undefined,
): FoundSignature {
  const last = pdf.revisions.length - 1;
  const problems: Problem[] = [];
  // Locate the signed revision from the final /ByteRange, then read the dictionary as it was signed.
  let range = checkByteRange(
    pdf.bytes,
    pdf.revisions,
    pdf.deref(finalDict.get('ByteRange'), last),
    finalDict.get('Contents'),
  );
  let dict = finalDict;
  if (range.signedRevision < last) {
    const signedRev = range.signedRevision;
    let atSigned: PdfDict | undefined;
    if (valueRef) atSigned = dictOf(pdf.deref(valueRef, signedRev));
    else if (field.ref)
      atSigned = dictOf(pdf.deref(dictOf(pdf.deref(field.ref, signedRev))?.get('V'), signedRev));
    // A later revision may have copied the dictionary to a new object (a spoofed /Reason, a renamed
    // field): the signed one is then the signed revision's dictionary with the same bytes signed.
    atSigned ??= twinInRevision(pdf, signedRev, finalDict);
    if (atSigned && atSigned !== finalDict) {
      dict = atSigned;
      range = checkByteRange(
        pdf.bytes,
        pdf.revisions,
        pdf.deref(dict.get('ByteRange'), signedRev),
        dict.get('Contents'),
      );
    }
  }
  const rev = range.signedRevision;
  problems.push(...range.problems);
  const get = (k: string) => pdf.deref(dict.get(k), rev);
  const critical = (dict.duplicates ?? []).filter((k) => k !== 'Type');
  if (critical.length)
    problems.push(
      problem(
        PDF_SIGNATURE_DICT_INVALID,
        `signature dictionary repeats /${critical.join(', /')} with different values`,
      ),
    );
  const subFilter = nameOf(get('SubFilter')) ?? '';
  const filter = nameOf(get('Filter'));
  const type = nameOf(get('Type'));
  if (!SUPPORTED_SUBFILTERS.has(subFilter)) {
    problems.push(
      problem(
        PDF_SUBFILTER_UNSUPPORTED,
        `signature /SubFilter /${subFilter || '(missing)'} is not supported`,
      ),
    );
  }
  const contentsObj = dict.get('Contents');
  const contents = decodeContents(contentsObj, problems);

  const certificates: Uint8Array[] = [];
  const cert = get('Cert');
  for (const c of Array.isArray(cert) ? cert : cert === undefined ? [] : [cert]) {
    const s = pdf.deref(c, rev);
    if (s instanceof PdfString) certificates.push(s.bytes);
  }

  let docMdp: 1 | 2 | 3 | undefined;
  let hasDocMdpRef = false;
  const fieldMdp: FieldLock[] = [];
  const refs = get('Reference');
  if (Array.isArray(refs)) {
    for (const r of refs) {
      const rd = dictOf(pdf.deref(r, rev));
      if (!rd) continue;
      const method = nameOf(pdf.deref(rd.get('TransformMethod'), rev));
      const params = dictOf(pdf.deref(rd.get('TransformParams'), rev));
      if (method === 'DocMDP') {
        hasDocMdpRef = true;
        const p = pdf.deref(params?.get('P'), rev);
        docMdp = p === 1 || p === 3 ? p : 2;
      } else if (method === 'FieldMDP') {
        const lock = readLock(params, pdf, rev);
        if (lock) fieldMdp.push(lock);
      }
    }
  }
  const inPerms =
    permsDocMdp !== undefined &&
    ((valueRef && permsDocMdp instanceof PdfRef && permsDocMdp.num === valueRef.num) ||
      pdf.deref(permsDocMdp, last) === finalDict);
  let kind: SignatureKind = 'approval';
  if (type === 'DocTimeStamp' || subFilter === 'ETSI.RFC3161') kind = 'document-timestamp';
  else if (hasDocMdpRef || inPerms) {
    kind = 'certification';
    docMdp ??= 2;
    if (!inPerms || !hasDocMdpRef)
      problems.push(
        problem(
          PDF_DOCMDP_NOT_IN_PERMS,
          hasDocMdpRef
            ? 'the signature has a DocMDP reference but the catalog /Perms /DocMDP does not point to it'
            : 'the catalog /Perms /DocMDP points to a signature without a DocMDP reference',
          'warning',
        ),
      );
  }
  const lock = readLock(field.lock, pdf, last);
  if (lock?.p !== undefined && kind !== 'document-timestamp')
    docMdp = Math.min(docMdp ?? 3, lock.p) as 1 | 2 | 3;
  const m = get('M');
  return {
    fieldNames: [field.fullName],
    field,
    valueRef,
    dict,
    finalDict,
    kind,
    subFilter,
    filter,
    contents,
    range,
    claimedTime: parsePdfDate(textOf(m)),
    reason: textOf(get('Reason')),
    location: textOf(get('Location')),
    name: textOf(get('Name')),
    contactInfo: textOf(get('ContactInfo')),
    certificates,
    docMdp,
    fieldMdp,
    lock,
    problems,
  };
}

/** The one signature dictionary of revision `rev` with the same /ByteRange and /Contents as `d`. */
function twinInRevision(pdf: PdfFile, rev: number, d: PdfDict): PdfDict | undefined {
  const br = readByteRangeOf(pdf, d, pdf.revisions.length - 1);
  const contents = d.get('Contents');
  if (!br || !(contents instanceof PdfString)) return undefined;
  const found = new Set<PdfDict>();
  for (const f of walkFields(pdf, rev, [])) {
    if (f.ft !== 'Sig' || f.v === undefined) continue;
    const v = dictOf(pdf.deref(f.v, rev));
    const c = v?.get('Contents');
    const vbr = v && readByteRangeOf(pdf, v, rev);
    if (!v || !vbr || !(c instanceof PdfString) || vbr.join(' ') !== br.join(' ')) continue;
    if (c.bytes.length === contents.bytes.length && c.bytes.every((b, i) => b === contents.bytes[i]))
      found.add(v);
  }
  return found.size === 1 ? [...found][0] : undefined;
}

function readByteRangeOf(pdf: PdfFile, d: PdfDict, rev: number): number[] | undefined {
  const v = pdf.deref(d.get('ByteRange'), rev);
  return Array.isArray(v) && v.every((x) => typeof x === 'number') ? (v as number[]) : undefined;
}

export function isSignatureValueDict(d: PdfDict | undefined): boolean {
  if (!d) return false;
  const t = d.get('Type');
  return isName(t, 'Sig') || isName(t, 'DocTimeStamp') || (d.has('ByteRange') && d.has('Contents'));
}
