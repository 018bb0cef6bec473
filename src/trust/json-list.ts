/**
 * Loader for crossign's own JSON trust lists (`crossign.trust-list/1`, see trust-lists/README.md).
 * Produces the same TrustAnchor shape the ETSI TS 119 612 loader will: certificate, list refs,
 * status periods, service type and qualifiers.
 */
import { fromBase64 } from '../lib/bytes.js';
import { formatError } from '../lib/errors.js';
import type { TrustListRef } from '../verdict/schema.js';
import { parseCertificate } from '../x509/certificate.js';
import type { AnchorPeriod, TrustAnchor } from './anchor.js';
import { pemCertificateBlocks } from './pem.js';
import { JsonTrustList } from './schema.js';

export const TRUST_LIST_INVALID = 'TRUST_LIST_INVALID';
export const TRUST_LIST_FINGERPRINT_MISMATCH = 'TRUST_LIST_FINGERPRINT_MISMATCH';
export const TRUST_LIST_VALIDITY_MISMATCH = 'TRUST_LIST_VALIDITY_MISMATCH';

function decodeCertificate(text: string): Uint8Array {
  if (text.includes('-----BEGIN')) {
    const blocks = pemCertificateBlocks(text);
    if (blocks.length !== 1)
      throw formatError(TRUST_LIST_INVALID, 'an anchor must hold exactly one PEM certificate');
    return blocks[0]!;
  }
  try {
    return fromBase64(text);
  } catch (e) {
    throw formatError(TRUST_LIST_INVALID, 'anchor certificate is neither PEM nor base64 DER', e);
  }
}

/** The list's reference as anchors and verdicts carry it. */
export function trustListRef(list: JsonTrustList): TrustListRef {
  const ref: TrustListRef = { economy: list.economy, listId: list.listId, name: list.name };
  if (list.sequenceNumber !== undefined) ref.sequenceNumber = list.sequenceNumber;
  if (list.issued !== undefined) ref.issued = list.issued;
  return ref;
}

/**
 * Validates a crossign JSON trust list and returns its anchors. Each certificate must match its
 * recorded provenance (SHA-256 fingerprint and validity dates): a list whose bytes drifted from what
 * was recorded is rejected, not silently trusted.
 */
export function loadJsonTrustList(json: unknown): TrustAnchor[] {
  const parsed = JsonTrustList.safeParse(typeof json === 'string' ? safeJson(json) : json);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw formatError(TRUST_LIST_INVALID, `trust list is invalid: ${issues}`);
  }
  const list = parsed.data;
  const ref = trustListRef(list);
  return list.anchors.map((a, i) => {
    const cert = parseCertificate(decodeCertificate(a.certificate), 'anchor');
    if (cert.sha256 !== a.provenance.fingerprintSha256)
      throw formatError(
        TRUST_LIST_FINGERPRINT_MISMATCH,
        `anchor ${i} of ${list.listId}: SHA-256 ${cert.sha256} ≠ recorded fingerprint`,
      );
    if (
      cert.notBefore.getTime() !== Date.parse(a.provenance.notBefore) ||
      cert.notAfter.getTime() !== Date.parse(a.provenance.notAfter)
    )
      throw formatError(
        TRUST_LIST_VALIDITY_MISMATCH,
        `anchor ${i} of ${list.listId}: validity differs from provenance`,
      );
    const anchor: TrustAnchor = { certificate: cert, lists: [ref] };
    if (a.periods) {
      anchor.periods = a.periods.map((p): AnchorPeriod => {
        const period: AnchorPeriod = { status: p.status, from: new Date(p.from), trusted: p.trusted };
        if (p.to !== undefined) period.to = new Date(p.to);
        return period;
      });
    }
    if (a.serviceType !== undefined) anchor.serviceType = a.serviceType;
    if (a.qualifiers !== undefined) anchor.qualifiers = a.qualifiers;
    return anchor;
  });
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw formatError(TRUST_LIST_INVALID, 'trust list is not valid JSON', e);
  }
}
