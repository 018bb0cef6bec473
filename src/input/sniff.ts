/** Tells a PDF from a CMS blob (DER, BER, PEM, base64) and unwraps the text encodings. */
import { bytesToLatin1, fromBase64 } from '../lib/bytes.js';
import { formatError } from '../lib/errors.js';

export type InputKind = 'pdf' | 'cms';

export interface SniffedInput {
  kind: InputKind;
  /** For CMS: the DER/BER bytes after unwrapping PEM/base64. For PDF: the input itself. */
  bytes: Uint8Array;
  encoding: 'pdf' | 'der' | 'pem' | 'base64';
}

const PDF_MAGIC = '%PDF-';
const PEM_RE =
  /-----BEGIN (PKCS7|CMS|PKCS #7 SIGNED DATA|SIGNED MESSAGE)-----([\s\S]*?)-----END (PKCS7|CMS|PKCS #7 SIGNED DATA|SIGNED MESSAGE)-----/;

export function isPdfBytes(bytes: Uint8Array): boolean {
  // PDF readers accept the header within the first 1024 bytes (ISO 32000-2 §7.5.2 note).
  const head = bytesToLatin1(bytes.subarray(0, 1024));
  return head.includes(PDF_MAGIC);
}

function looksLikeText(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, 512);
  for (let i = 0; i < n; i++) {
    const b = bytes[i]!;
    if (b < 0x09 || (b > 0x0d && b < 0x20) || b > 0x7e) return false;
  }
  return true;
}

export function sniff(bytes: Uint8Array): SniffedInput {
  if (bytes.length === 0) throw formatError('INPUT_EMPTY', 'the input is empty (0 bytes)');
  // DER first: a CMS that encapsulates a PDF has "%PDF-" in its first kilobyte too.
  if (bytes[0] === 0x30) return { kind: 'cms', bytes, encoding: 'der' };
  if (isPdfBytes(bytes)) return { kind: 'pdf', bytes, encoding: 'pdf' };
  if (looksLikeText(bytes)) {
    const text = bytesToLatin1(bytes);
    const pem = PEM_RE.exec(text);
    if (pem) {
      const body = pem[2]!.replace(/^[A-Za-z-]+:.*$/gm, '');
      return { kind: 'cms', bytes: decodeBase64(body), encoding: 'pem' };
    }
    if (text.includes('-----BEGIN ')) {
      const label = /-----BEGIN ([^-]+)-----/.exec(text)?.[1] ?? '';
      throw formatError('INPUT_PEM_LABEL', `PEM block "${label}" is not a CMS signature`);
    }
    const trimmed = text.trim();
    if (/^[A-Za-z0-9+/=\s\r\n]+$/.test(trimmed) && trimmed.length >= 16) {
      const decoded = decodeBase64(trimmed);
      if (decoded[0] === 0x30) return { kind: 'cms', bytes: decoded, encoding: 'base64' };
    }
  }
  throw formatError('INPUT_UNRECOGNISED', 'the input is neither a PDF nor a CMS/PKCS#7 signature');
}

function decodeBase64(body: string): Uint8Array {
  try {
    return fromBase64(body);
  } catch (e) {
    throw formatError('INPUT_BAD_BASE64', 'the base64 text is not valid', e);
  }
}

/** Splits a PEM/DER certificate file or bundle into DER certificates. */
export function certificatesFromFile(bytes: Uint8Array): Uint8Array[] {
  if (bytes[0] === 0x30) return [bytes];
  const text = bytesToLatin1(bytes);
  const out: Uint8Array[] = [];
  const re =
    /-----BEGIN (?:X509 |TRUSTED )?CERTIFICATE-----([\s\S]*?)-----END (?:X509 |TRUSTED )?CERTIFICATE-----/g;
  for (let m = re.exec(text); m; m = re.exec(text)) out.push(decodeBase64(m[1]!));
  if (out.length === 0) throw formatError('INPUT_NO_CERTIFICATE', 'no certificate found in the file');
  return out;
}
