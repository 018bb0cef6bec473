/** Turns a parsed TS 119 612 list into the shared TrustAnchor model, with status periods from history. */

import type { TrustListRef } from '../../verdict/schema.js';
import { parseCertificate } from '../../x509/certificate.js';
import type { AnchorPeriod, TrustAnchor } from '../anchor.js';
import {
  type ServiceInstance,
  SVC_TYPE,
  TRUSTED_STATUSES,
  type TrustedList,
  type TrustService,
} from './model.js';

/** Service types whose listed certificates become anchors by default. */
export const ANCHOR_SERVICE_TYPES: ReadonlySet<string> = new Set([
  SVC_TYPE.CA_QC,
  SVC_TYPE.CA_PKC,
  SVC_TYPE.NATIONAL_ROOT_CA_QC,
  SVC_TYPE.TSA,
  SVC_TYPE.TSA_QTST,
  SVC_TYPE.TSA_TSS_QC,
  SVC_TYPE.TSA_TSS_ADES_QC_QES,
]);

export interface AnchorOptions {
  serviceTypes?: ReadonlySet<string>;
}

export function listRef(list: TrustedList): TrustListRef {
  return {
    economy: list.territory,
    listId: list.listId,
    sequenceNumber: list.sequenceNumber,
    issued: list.issued.toISOString(),
    digest: list.digest,
  };
}

/** Every instance of a service, oldest first. */
export function instancesOldestFirst(service: TrustService): ServiceInstance[] {
  return [service.current, ...service.history].sort(
    (a, b) => a.statusStartingTime.getTime() - b.statusStartingTime.getTime(),
  );
}

/**
 * Each instance holds from its StatusStartingTime until the next one starts (TS 119 612 §5.6); the
 * current one has no end. Instances crossign cannot fully read count as not trusted.
 */
export function statusPeriods(service: TrustService): AnchorPeriod[] {
  const inst = instancesOldestFirst(service);
  return inst.map((i, k) => {
    const p: AnchorPeriod = {
      status: i.status,
      from: i.statusStartingTime,
      trusted: TRUSTED_STATUSES.has(i.status) && i.unsupported.length === 0,
    };
    const next = inst[k + 1];
    if (next) p.to = next.statusStartingTime;
    return p;
  });
}

/** The instance in force at `time`, if the service existed then. */
export function instanceAt(service: TrustService, time: Date): ServiceInstance | undefined {
  let found: ServiceInstance | undefined;
  for (const i of instancesOldestFirst(service)) {
    if (i.statusStartingTime <= time) found = i;
  }
  return found;
}

function qualifierUris(inst: ServiceInstance): string[] {
  const out = new Set<string>();
  for (const q of inst.qualifications) for (const u of q.qualifierUris) out.add(u);
  return [...out];
}

export interface AnchorBuildResult {
  anchors: TrustAnchor[];
  /** Certificates that could not be parsed or services skipped, with why. */
  skipped: { provider: string; service: string; reason: string }[];
}

export function anchorsFromList(list: TrustedList, opts: AnchorOptions = {}): AnchorBuildResult {
  const types = opts.serviceTypes ?? ANCHOR_SERVICE_TYPES;
  const ref = listRef(list);
  const anchors: TrustAnchor[] = [];
  const skipped: AnchorBuildResult['skipped'] = [];
  for (const tsp of list.providers) {
    for (const svc of tsp.services) {
      const cur = svc.current;
      if (!types.has(cur.serviceType)) continue;
      const periods = statusPeriods(svc);
      for (const der of cur.identity.certificates) {
        try {
          const anchor: TrustAnchor = {
            certificate: parseCertificate(der, 'anchor'),
            lists: [ref],
            periods,
            serviceType: cur.serviceType,
            qualifiers: qualifierUris(cur),
          };
          anchors.push(anchor);
        } catch (e) {
          skipped.push({
            provider: tsp.name,
            service: cur.name,
            reason: e instanceof Error ? e.message : String(e),
          });
        }
      }
    }
  }
  return { anchors, skipped };
}
