/**
 * /ByteRange checks (ISO 32000-1 §12.8.1, ETSI EN 319 142-1 §5.4): the signed bytes must be a whole
 * revision minus exactly this signature's /Contents hex string.
 */
import type { Problem } from '../verdict/schema.js';
import { isInt, type PdfObject, PdfString } from './objects.js';
import {
  PDF_BYTERANGE_INVALID,
  PDF_BYTERANGE_NOT_CONTENTS,
  PDF_BYTERANGE_NOT_REVISION_END,
  PDF_CONTENTS_NOT_HEX,
  problem,
} from './problems.js';
import type { Revision } from './reader.js';

export interface ByteRangeCheck {
  /** The numbers as written (empty when /ByteRange is not an array of integers). */
  byteRange: number[];
  /** Views of the input for each in-bounds [offset, length] pair (never copies). */
  signedParts: Uint8Array[];
  /** 0-based revision whose end the range reaches (or the first revision ending after it). */
  signedRevision: number;
  /** Offset just past the last signed byte. */
  signedEnd: number;
  problems: Problem[];
}

/** Splits a /ByteRange value into in-bounds views; out-of-bounds or malformed pairs give no view. */
export function signedPartsOf(bytes: Uint8Array, br: readonly number[]): Uint8Array[] {
  if (br.length === 0 || br.length % 2 !== 0) return [];
  const parts: Uint8Array[] = [];
  for (let i = 0; i < br.length; i += 2) {
    const off = br[i]!;
    const len = br[i + 1]!;
    if (off < 0 || len < 0 || off + len > bytes.length) return [];
    parts.push(bytes.subarray(off, off + len));
  }
  return parts;
}

export function readByteRange(value: PdfObject | undefined): number[] | undefined {
  if (!Array.isArray(value) || !value.every((v) => isInt(v))) return undefined;
  return value as number[];
}

/**
 * @param contents this signature's /Contents as read from the signed revision
 */
export function checkByteRange(
  bytes: Uint8Array,
  revisions: readonly Revision[],
  value: PdfObject | undefined,
  contents: PdfObject | undefined,
): ByteRangeCheck {
  const problems: Problem[] = [];
  const br = readByteRange(value);
  if (!br) {
    return {
      byteRange: [],
      signedParts: [],
      signedRevision: revisions.length - 1,
      signedEnd: 0,
      problems: [problem(PDF_BYTERANGE_INVALID, '/ByteRange is not an array of integers')],
    };
  }
  const signedParts = signedPartsOf(bytes, br);
  let signedEnd = 0;
  if (br.length % 2 === 0)
    for (let i = 0; i < br.length; i += 2) signedEnd = Math.max(signedEnd, br[i]! + br[i + 1]!);
  let signedRevision = revisions.findIndex((r) => r.end >= signedEnd);
  if (signedRevision < 0) signedRevision = revisions.length - 1;

  const [o1, l1, o2, l2] = br as [number, number, number, number];
  const shapeOk =
    br.length === 4 &&
    o1 === 0 &&
    l1 > 0 &&
    o2 > l1 &&
    l2 >= 0 &&
    br.every((n) => n >= 0) &&
    o2 + l2 <= bytes.length;
  if (!shapeOk) {
    problems.push(
      problem(
        PDF_BYTERANGE_INVALID,
        `/ByteRange [${br.slice(0, 8).join(' ')}] is not [0 a b c] with 0 < a < b and b + c within the file`,
      ),
    );
    return { byteRange: br, signedParts, signedRevision, signedEnd, problems };
  }
  if (!(contents instanceof PdfString) || !contents.inFile) {
    problems.push(
      problem(PDF_BYTERANGE_NOT_CONTENTS, '/Contents is not a string written directly in the file'),
    );
  } else if (!contents.hex) {
    problems.push(problem(PDF_CONTENTS_NOT_HEX, '/Contents is a literal string, not a hexadecimal string'));
  } else if (contents.start !== l1 || contents.end !== o2) {
    problems.push(
      problem(
        PDF_BYTERANGE_NOT_CONTENTS,
        `the unsigned gap [${l1}, ${o2}) is not this signature's /Contents string [${contents.start}, ${contents.end})`,
      ),
    );
  }
  const end = o2 + l2;
  const rev = revisions.findIndex((r) => r.end === end || r.eofEnd === end);
  if (rev < 0) {
    problems.push(
      problem(
        PDF_BYTERANGE_NOT_REVISION_END,
        `the signed bytes end at ${end}, which is not the end of a revision (%%EOF)`,
      ),
    );
  } else signedRevision = rev;
  return { byteRange: br, signedParts, signedRevision, signedEnd: end, problems };
}
