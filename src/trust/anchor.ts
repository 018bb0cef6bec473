/**
 * A trust anchor as every stage sees it: the certificate plus which lists vouch for it and when.
 * Loaders (crossign JSON lists, PEM bundles, ETSI TS 119 612) all produce this shape.
 */

import type { TrustListRef } from '../verdict/schema.js';
import type { Certificate } from '../x509/certificate.js';

export interface AnchorPeriod {
  /** Service status URI or a plain status ('granted', 'withdrawn', …). */
  status: string;
  from: Date;
  /** Exclusive end; undefined = still current. */
  to?: Date;
  /** Whether this status makes the anchor count during the period. */
  trusted: boolean;
}

export interface TrustAnchor {
  certificate: Certificate;
  /** Lists this anchor was loaded from (empty for anchors passed directly by the caller). */
  lists: TrustListRef[];
  /** When set, the anchor counts only inside a trusted period (TS 119 612 status history). */
  periods?: AnchorPeriod[];
  /** Service type / qualifiers from an official list, e.g. http://uri.etsi.org/TrstSvc/Svctype/CA/QC. */
  serviceType?: string;
  qualifiers?: string[];
}

/** Whether the anchor counts at `time` (no periods = always). */
export function anchorTrustedAt(anchor: TrustAnchor, time: Date): boolean {
  if (!anchor.periods || anchor.periods.length === 0) return true;
  return anchor.periods.some((p) => p.trusted && p.from <= time && (p.to === undefined || time < p.to));
}
