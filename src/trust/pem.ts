/**
 * PEM bundle reader. Hand-written because it is a dozen lines of base64 framing (RFC 7468) and
 * pulling a PEM library into the browser build for that is not worth it.
 */
import { bytesToLatin1, fromBase64 } from '../lib/bytes.js';
import { formatError } from '../lib/errors.js';
import { type Certificate, type CertificateSource, parseCertificate } from '../x509/certificate.js';

export const PEM_NO_CERTIFICATE = 'PEM_NO_CERTIFICATE';
export const PEM_MALFORMED = 'PEM_MALFORMED';

const BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/g;

/** DER bodies of every CERTIFICATE (and TRUSTED CERTIFICATE) block, in order. */
export function pemCertificateBlocks(text: string): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (const m of text.matchAll(BLOCK)) {
    const label = m[1]!;
    if (label !== 'CERTIFICATE' && label !== 'TRUSTED CERTIFICATE' && label !== 'X509 CERTIFICATE') continue;
    const body = m[2]!.replace(/^[A-Za-z-]+:.*$/gm, '').replace(/\s+/g, '');
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(body))
      throw formatError(PEM_MALFORMED, 'PEM block is not valid base64');
    out.push(fromBase64(body));
  }
  return out;
}

/**
 * Certificates from a PEM bundle (text or bytes). A byte input that is not PEM is read as one DER
 * certificate. Throws formatError(PEM_NO_CERTIFICATE) when nothing usable is found.
 */
export function loadPemBundle(
  input: string | Uint8Array,
  source: CertificateSource = 'anchor',
): Certificate[] {
  if (input instanceof Uint8Array && input[0] === 0x30) return [parseCertificate(input, source)];
  const text = typeof input === 'string' ? input : bytesToLatin1(input);
  const blocks = pemCertificateBlocks(text);
  if (blocks.length === 0)
    throw formatError(PEM_NO_CERTIFICATE, 'no CERTIFICATE block found in the PEM input');
  return blocks.map((der) => parseCertificate(der, source));
}
