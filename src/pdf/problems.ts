/** Stable problem codes of the PDF stage. Never reword or reuse a code once released. */
import type { Problem } from '../verdict/schema.js';

// Unreadable structure: thrown as formatError (the whole input is a FORMAT_FAILURE).
export const PDF_HEADER = 'PDF_HEADER';
export const PDF_SYNTAX = 'PDF_SYNTAX';
export const PDF_XREF_BROKEN = 'PDF_XREF_BROKEN';
export const PDF_XREF_OFFSET_MISMATCH = 'PDF_XREF_OFFSET_MISMATCH';
export const PDF_XREF_LOOP = 'PDF_XREF_LOOP';
export const PDF_NO_STARTXREF = 'PDF_NO_STARTXREF';
export const PDF_REVISION_ORDER = 'PDF_REVISION_ORDER';
export const PDF_TOO_MANY_REVISIONS = 'PDF_TOO_MANY_REVISIONS';
export const PDF_TOO_MANY_OBJECTS = 'PDF_TOO_MANY_OBJECTS';
export const PDF_OBJECT_STREAM_BROKEN = 'PDF_OBJECT_STREAM_BROKEN';
export const PDF_OBJECT_LOOP = 'PDF_OBJECT_LOOP';
export const PDF_STREAM_LENGTH = 'PDF_STREAM_LENGTH';
export const PDF_STREAM_TOO_LARGE = 'PDF_STREAM_TOO_LARGE';
export const PDF_DECOMPRESSION_BUDGET = 'PDF_DECOMPRESSION_BUDGET';
export const PDF_FILTER_ERROR = 'PDF_FILTER_ERROR';
export const PDF_FILTER_UNSUPPORTED = 'PDF_FILTER_UNSUPPORTED';
export const PDF_NESTING_TOO_DEEP = 'PDF_NESTING_TOO_DEEP';
export const PDF_NO_ROOT = 'PDF_NO_ROOT';
export const PDF_ENCRYPTED_UNSUPPORTED = 'PDF_ENCRYPTED_UNSUPPORTED';
export const PDF_TOO_MANY_SIGNATURES = 'PDF_TOO_MANY_SIGNATURES';

// Document-level findings (PdfAnalysis.problems).
export const PDF_ENCRYPTED = 'PDF_ENCRYPTED';
export const PDF_TRAILING_BYTES = 'PDF_TRAILING_BYTES';
export const PDF_FIELD_TREE_BROKEN = 'PDF_FIELD_TREE_BROKEN';
/** Warning: a startxref or /Prev missed; the only cross-reference table of that revision was taken. */
export const PDF_XREF_OFFSET_CORRECTED = 'PDF_XREF_OFFSET_CORRECTED';
/** Warning: a stream's /Length missed its `endstream`; the only `endstream` within reach was taken. */
export const PDF_STREAM_LENGTH_MISMATCH = 'PDF_STREAM_LENGTH_MISMATCH';

// Per-signature findings (PdfSignature.problems). FORMAT_FAILURE semantics unless noted.
export const PDF_BYTERANGE_INVALID = 'PDF_BYTERANGE_INVALID';
export const PDF_BYTERANGE_NOT_CONTENTS = 'PDF_BYTERANGE_NOT_CONTENTS';
export const PDF_BYTERANGE_NOT_REVISION_END = 'PDF_BYTERANGE_NOT_REVISION_END';
export const PDF_CONTENTS_NOT_HEX = 'PDF_CONTENTS_NOT_HEX';
export const PDF_CONTENTS_NOT_DER = 'PDF_CONTENTS_NOT_DER';
export const PDF_CONTENTS_TRAILING_DATA = 'PDF_CONTENTS_TRAILING_DATA';
export const PDF_SIGNATURE_DICT_INVALID = 'PDF_SIGNATURE_DICT_INVALID';
export const PDF_SUBFILTER_UNSUPPORTED = 'PDF_SUBFILTER_UNSUPPORTED';
/** Warning-level: a later revision changed the signature's own dictionary (e.g. a spoofed /Reason). */
export const PDF_SIGNATURE_DICT_CHANGED = 'PDF_SIGNATURE_DICT_CHANGED';
export const PDF_MODIFIED_AFTER_SIGNING = 'PDF_MODIFIED_AFTER_SIGNING';
/**
 * Pages were added or removed after signing (DSS BBB_FC_DSFREAP): the document shown is not the
 * document signed, whatever the permissions say about its other changes.
 */
export const PDF_PAGE_COUNT_CHANGED = 'PDF_PAGE_COUNT_CHANGED';
export const PDF_DOCMDP_NOT_IN_PERMS = 'PDF_DOCMDP_NOT_IN_PERMS';
export const PDF_CERTIFICATION_NOT_FIRST = 'PDF_CERTIFICATION_NOT_FIRST';

/**
 * Codes that make a signature TOTAL_FAILED/FORMAT_FAILURE: the bytes the CMS covers are not the
 * document the viewer shows, so no cryptographic result can vouch for it.
 */
export const PDF_FORMAT_FAILURE_CODES: ReadonlySet<string> = new Set([
  PDF_BYTERANGE_INVALID,
  PDF_BYTERANGE_NOT_CONTENTS,
  PDF_BYTERANGE_NOT_REVISION_END,
  PDF_CONTENTS_NOT_HEX,
  PDF_CONTENTS_NOT_DER,
  PDF_CONTENTS_TRAILING_DATA,
  PDF_SIGNATURE_DICT_INVALID,
  PDF_PAGE_COUNT_CHANGED,
]);

export { problem } from '../lib/problem.js';
