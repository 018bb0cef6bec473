/** The PDF stage: strict reading, signature extraction, byte-range coverage, post-signing changes, DSS. */

import { bytesToLatin1 } from '../lib/bytes.js';
import { formatError } from '../lib/errors.js';
import type { Limits } from '../options.js';
import type { Change, Coverage, Problem } from '../verdict/schema.js';
import { analyzeChanges, type ChangePolicy, judge, pageCount, type RevisionDelta } from './diff.js';
import { type PdfDss, readDss } from './dss.js';
import { sameObject } from './objects.js';
import {
  PDF_ENCRYPTED,
  PDF_FORMAT_FAILURE_CODES,
  PDF_MODIFIED_AFTER_SIGNING,
  PDF_PAGE_COUNT_CHANGED,
  PDF_SIGNATURE_DICT_CHANGED,
  PDF_TOO_MANY_SIGNATURES,
  PDF_TRAILING_BYTES,
  problem,
} from './problems.js';
import { isPdfHeader, type PdfFile, readPdf } from './reader.js';
import { type FieldLock, findSignatures, type SignatureKind } from './signatures.js';

export type { PdfDss } from './dss.js';
export * from './problems.js';
export type { FieldLock } from './signatures.js';

export interface PdfSignature {
  /** The (first) fully qualified field name. */
  id: string;
  fieldName: string;
  /** Every field whose /V is this signature dictionary. */
  fieldNames: string[];
  kind: SignatureKind;
  subFilter: string;
  filter?: string;
  /** The CMS (or RFC 3161 token) DER, zero padding removed; a view of decoded /Contents. */
  contents: Uint8Array;
  /** /Contents exactly as decoded from hex (with padding): the input of the VRI key. */
  byteRange: number[];
  /** Views of the input for the byte ranges (never copies). */
  signedParts: Uint8Array[];
  claimedTime?: Date;
  reason?: string;
  location?: string;
  name?: string;
  contactInfo?: string;
  /** /Cert of adbe.x509.rsa_sha1 signatures (DER). */
  certificates: Uint8Array[];
  docMdp?: 1 | 2 | 3;
  fieldMdp: FieldLock[];
  lock?: FieldLock;
  coverage: Coverage;
  /** Object reference of the signature dictionary, e.g. "12 0", when indirect. */
  object?: string;
  /**
   * Problems; any code in PDF_FORMAT_FAILURE_CODES (see `formatFailure`) makes the signature
   * TOTAL_FAILED/FORMAT_FAILURE.
   */
  problems: Problem[];
  /** True when a problem here has FORMAT_FAILURE semantics. */
  formatFailure: boolean;
}

export interface PdfAnalysis {
  revisions: number;
  version: string;
  signatures: PdfSignature[];
  dss: PdfDss;
  encrypted: boolean;
  /** Bytes after the last %%EOF (and its end-of-line). */
  trailingBytes: number;
  problems: Problem[];
}

export function isPdf(bytes: Uint8Array): boolean {
  return isPdfHeader(bytes);
}

/** Reads a PDF and everything the signature checks need. Throws formatError for unreadable PDFs. */
export function analyzePdf(bytes: Uint8Array, limits: Limits): PdfAnalysis {
  const pdf = readPdf(bytes, limits);
  const problems: Problem[] = [];
  if (pdf.encrypted)
    problems.push(
      problem(
        PDF_ENCRYPTED,
        'the PDF is encrypted: signature values and byte ranges are read (they are not encrypted), but text strings such as field names and /Reason are shown undecrypted and object streams cannot be read',
        'warning',
      ),
    );
  if (pdf.trailingBytes > 0)
    problems.push(problem(PDF_TRAILING_BYTES, `${pdf.trailingBytes} bytes follow the last %%EOF`, 'warning'));

  const found = findSignatures(pdf, problems);
  if (found.length > limits.maxSignatures)
    throw formatError(PDF_TOO_MANY_SIGNATURES, `the PDF has more than ${limits.maxSignatures} signatures`);

  const needsDiff = found.some((s) => s.range.signedRevision < pdf.revisions.length - 1);
  const deltas: RevisionDelta[] = needsDiff
    ? analyzeChanges(pdf, Math.min(...found.map((s) => s.range.signedRevision)))
    : [];

  const orphans =
    pdf.trailingBytes > 0 ? objectHeadersIn(bytes.subarray(bytes.length - pdf.trailingBytes)) : undefined;
  const pageCounts = new Map<number, number | undefined>();
  const pages = (rev: number): number | undefined => {
    if (!pageCounts.has(rev)) pageCounts.set(rev, pageCount(pdf, rev));
    return pageCounts.get(rev);
  };
  const signatures = found.map((s): PdfSignature => {
    const sigProblems = [...s.problems];
    const signedRev = s.range.signedRevision;
    const policy: ChangePolicy = {
      docMdp: s.docMdp,
      locks: [...s.fieldMdp, ...(s.lock ? [s.lock] : [])],
      sigObject: s.valueRef?.num,
      fieldName: s.fieldNames[0] ?? '',
    };
    const changes: Change[] = judge(
      deltas.filter((d) => d.revision > signedRev + 1),
      policy,
    );
    if (orphans)
      changes.push({
        revision: pdf.revisions.length + 1,
        kind: 'other',
        allowed: false,
        description: `${orphans} after the last %%EOF without a cross-reference section: viewers that repair files show them`,
      });
    const modifiedAfterSigning = changes.some((c) => !c.allowed);
    if (!sameObject(s.dict, s.finalDict))
      sigProblems.push(
        problem(PDF_SIGNATURE_DICT_CHANGED, 'a later revision rewrote this signature dictionary', 'warning'),
      );
    if (modifiedAfterSigning)
      sigProblems.push(
        problem(
          PDF_MODIFIED_AFTER_SIGNING,
          `the document was changed after this signature in ways it does not permit (${changes
            .filter((c) => !c.allowed)
            .slice(0, 3)
            .map((c) => c.description)
            .join('; ')})`,
        ),
      );
    if (signedRev < pdf.revisions.length - 1) {
      const before = pages(signedRev);
      const after = pages(pdf.revisions.length - 1);
      if (before !== undefined && after !== undefined && before !== after)
        sigProblems.push(
          problem(
            PDF_PAGE_COUNT_CHANGED,
            `the signed revision has ${before} page${before === 1 ? '' : 's'}, the final revision ${after}`,
          ),
        );
    }
    const bytesAfter = Math.max(0, bytes.length - s.range.signedEnd);
    const rangeOk = !s.range.problems.some((p) => PDF_FORMAT_FAILURE_CODES.has(p.code));
    const coverage: Coverage = {
      signedRevision: signedRev + 1,
      revisions: pdf.revisions.length,
      wholeDocument: rangeOk && bytesAfter === 0 && signedRev === pdf.revisions.length - 1,
      bytesAfter,
      byteRange: s.range.byteRange,
      modifiedAfterSigning,
      changesAfter: changes,
    };
    if (s.docMdp !== undefined) coverage.docMdp = s.docMdp;
    const out: PdfSignature = {
      id: s.fieldNames[0] ?? '',
      fieldName: s.fieldNames[0] ?? '',
      fieldNames: s.fieldNames,
      kind: s.kind,
      subFilter: s.subFilter,
      contents: s.contents,
      byteRange: s.range.byteRange,
      signedParts: s.range.signedParts,
      certificates: s.certificates,
      fieldMdp: s.fieldMdp,
      coverage,
      problems: sigProblems,
      formatFailure: sigProblems.some((p) => PDF_FORMAT_FAILURE_CODES.has(p.code)),
    };
    if (s.filter !== undefined) out.filter = s.filter;
    if (s.claimedTime) out.claimedTime = s.claimedTime;
    if (s.reason !== undefined) out.reason = s.reason;
    if (s.location !== undefined) out.location = s.location;
    if (s.name !== undefined) out.name = s.name;
    if (s.contactInfo !== undefined) out.contactInfo = s.contactInfo;
    if (s.docMdp !== undefined) out.docMdp = s.docMdp;
    if (s.lock) out.lock = s.lock;
    if (s.valueRef) out.object = `${s.valueRef.num} ${s.valueRef.gen}`;
    return out;
  });

  const dss = readDss(pdf, problems);
  problems.push(...pdf.warnings);
  return {
    revisions: pdf.revisions.length,
    version: pdf.version,
    signatures,
    dss,
    encrypted: pdf.encrypted,
    trailingBytes: pdf.trailingBytes,
    problems,
  };
}

export type { PdfFile };

/** "object 4 0 defined" etc. for `N G obj` headers in bytes that no cross-reference section covers. */
function objectHeadersIn(tail: Uint8Array): string | undefined {
  const text = bytesToLatin1(tail.subarray(0, 1 << 20));
  const found = [...text.matchAll(/(?:^|[\r\n\s])(\d{1,10})\s+(\d{1,5})\s+obj\b/g)].map(
    (m) => `${m[1]} ${m[2]}`,
  );
  if (!found.length) return undefined;
  return `object${found.length === 1 ? '' : 's'} ${found.slice(0, 5).join(', ')}${found.length > 5 ? ' …' : ''} defined`;
}
