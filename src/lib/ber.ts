/**
 * A strict, iterative BER/DER structure check run before asn1js sees the bytes. asn1js parses
 * recursively and trusts length fields; this walk bounds nesting depth and rejects lengths that run
 * past their parent, so hostile input becomes a FORMAT_FAILURE instead of a stack overflow or a hang.
 */
import * as asn1js from 'asn1js';
import { formatError } from './errors.js';

export interface BerScanLimits {
  maxDepth: number;
  maxElements: number;
}

export const DEFAULT_BER_LIMITS: BerScanLimits = { maxDepth: 64, maxElements: 2_000_000 };

interface Frame {
  /** End offset of this constructed value, or -1 when it has an indefinite length. */
  end: number;
}

/**
 * Checks that `bytes[offset..]` starts with one well-formed TLV and returns the offset just past it.
 * Throws a CrossignError (ERR_FORMAT) with problem ASN1_* otherwise.
 */
export function scanBer(bytes: Uint8Array, limits: BerScanLimits = DEFAULT_BER_LIMITS, offset = 0): number {
  const stack: Frame[] = [];
  let pos = offset;
  let elements = 0;
  const total = bytes.length;
  for (;;) {
    // Close every frame that has been consumed.
    for (;;) {
      const top = stack[stack.length - 1];
      if (!top) break;
      if (top.end >= 0) {
        if (pos === top.end) {
          stack.pop();
          continue;
        }
        if (pos > top.end) throw formatError('ASN1_LENGTH_OVERRUN', 'ASN.1 element runs past its parent');
        break;
      }
      // Indefinite: end-of-contents octets close it.
      if (pos + 1 < total && bytes[pos] === 0 && bytes[pos + 1] === 0) {
        pos += 2;
        stack.pop();
        continue;
      }
      break;
    }
    if (stack.length === 0 && pos !== offset) return pos;
    if (pos >= total) throw formatError('ASN1_TRUNCATED', 'ASN.1 data ends before the structure is complete');
    if (++elements > limits.maxElements)
      throw formatError('ASN1_TOO_MANY_ELEMENTS', 'ASN.1 data has too many elements');

    const first = bytes[pos++]!;
    const constructed = (first & 0x20) !== 0;
    if ((first & 0x1f) === 0x1f) {
      // High tag number form.
      let n = 0;
      for (;;) {
        if (pos >= total) throw formatError('ASN1_TRUNCATED', 'ASN.1 tag is truncated');
        const b = bytes[pos++]!;
        if (++n > 5) throw formatError('ASN1_BAD_TAG', 'ASN.1 tag number is too long');
        if ((b & 0x80) === 0) break;
      }
    }
    if (pos >= total) throw formatError('ASN1_TRUNCATED', 'ASN.1 length is truncated');
    const lb = bytes[pos++]!;
    let len: number;
    if (lb < 0x80) len = lb;
    else if (lb === 0x80) len = -1;
    else {
      const n = lb & 0x7f;
      if (n > 6) throw formatError('ASN1_BAD_LENGTH', 'ASN.1 length field is too long');
      len = 0;
      for (let i = 0; i < n; i++) {
        if (pos >= total) throw formatError('ASN1_TRUNCATED', 'ASN.1 length is truncated');
        len = len * 256 + bytes[pos++]!;
      }
    }
    if (len === -1 && !constructed)
      throw formatError('ASN1_BAD_LENGTH', 'primitive ASN.1 element with indefinite length');
    const parent = stack[stack.length - 1];
    if (len >= 0) {
      const end = pos + len;
      if (end > total) throw formatError('ASN1_LENGTH_OVERRUN', 'ASN.1 length is larger than the input');
      if (parent && parent.end >= 0 && end > parent.end)
        throw formatError('ASN1_LENGTH_OVERRUN', 'ASN.1 element runs past its parent');
      if (!constructed || len === 0) {
        pos = end;
        if (stack.length === 0) return pos;
        continue;
      }
      if (stack.length + 1 > limits.maxDepth) throw formatError('ASN1_TOO_DEEP', 'ASN.1 nesting is too deep');
      stack.push({ end });
    } else {
      if (stack.length + 1 > limits.maxDepth) throw formatError('ASN1_TOO_DEEP', 'ASN.1 nesting is too deep');
      stack.push({ end: -1 });
    }
  }
}

/**
 * scanBer, then asn1js.fromBER with limits that fit real signatures (asn1js' defaults of 10,000 nodes
 * and 16 MiB reject large CRLs and CMS with big attached content). Embedded OCTET STRING contents are
 * not speculatively parsed: every stage decodes what it needs explicitly.
 */
export function decodeBer(bytes: Uint8Array, limits: BerScanLimits = DEFAULT_BER_LIMITS): asn1js.AsnType {
  const end = scanBer(bytes, limits);
  const view = end === bytes.length ? bytes : bytes.subarray(0, end);
  const buf =
    view.byteOffset === 0 && view.byteLength === view.buffer.byteLength ? view.buffer : view.slice().buffer;
  const r = asn1js.fromBER(buf as ArrayBuffer, {
    maxDepth: limits.maxDepth + 8,
    maxNodes: limits.maxElements,
    maxContentLength: Math.max(view.length, 1),
    parseEmbedded: false,
  });
  if (r.offset === -1) throw formatError('ASN1_MALFORMED', `ASN.1 is malformed: ${r.result.error}`);
  return r.result;
}
