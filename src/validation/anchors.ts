import { certificatesFromFile } from '../input/sniff.js';
import { CrossignError, isCrossignError } from '../lib/errors.js';
import type { TrustAnchorInput } from '../options.js';
import type { TrustAnchor } from '../trust/anchor.js';
import { loadJsonTrustList, trustListRef } from '../trust/json-list.js';
import { JsonTrustList } from '../trust/schema.js';
import type { TrustListRef } from '../verdict/schema.js';
import { type Certificate, type CertificateSource, parseCertificate } from '../x509/certificate.js';

/**
 * Parsed caller certificates, per input array and source: a batch passes the same bytes for every file,
 * and parsing the anchors again each time was half the cost of a small verification.
 */
const parsedCache = new WeakMap<Uint8Array, Map<CertificateSource, Certificate[]>>();

/** Caller-supplied certificates are options, not input: a broken one is a programmer error. */
export function parseCallerCertificates(
  files: readonly Uint8Array[],
  source: CertificateSource,
): Certificate[] {
  const out: Certificate[] = [];
  for (const [i, file] of files.entries()) {
    const cached = parsedCache.get(file)?.get(source);
    if (cached) {
      out.push(...cached);
      continue;
    }
    try {
      const certs = certificatesFromFile(file).map((der) => parseCertificate(der, source));
      const bySource = parsedCache.get(file) ?? new Map<CertificateSource, Certificate[]>();
      bySource.set(source, certs);
      parsedCache.set(file, bySource);
      out.push(...certs);
    } catch (e) {
      if (!isCrossignError(e)) throw e;
      throw new CrossignError(
        'ERR_INVALID_OPTIONS',
        `certificate #${i + 1} in the options is unreadable: ${e.message}`,
      );
    }
  }
  return out;
}

export function anchorsFromOptions(inputs: readonly TrustAnchorInput[]): TrustAnchor[] {
  const out: TrustAnchor[] = [];
  for (const input of inputs) {
    const bytes = input instanceof Uint8Array ? input : input.certificate;
    const certs = parseCallerCertificates([bytes], 'anchor');
    for (const certificate of certs) {
      const lists =
        input instanceof Uint8Array || !input.listId
          ? []
          : [
              {
                listId: input.listId,
                ...(input.economy ? { economy: input.economy } : {}),
                ...(input.name ? { name: input.name } : {}),
              },
            ];
      out.push({ certificate, lists });
    }
  }
  return out;
}

/** Trust lists in crossign's JSON format given in the options: their anchors and their identities. */
export function anchorsFromTrustLists(lists: readonly unknown[]): {
  anchors: TrustAnchor[];
  refs: TrustListRef[];
} {
  const anchors: TrustAnchor[] = [];
  const refs: TrustListRef[] = [];
  for (const [i, json] of lists.entries()) {
    try {
      const loaded = loadJsonTrustList(json);
      anchors.push(...loaded);
      refs.push(trustListRef(JsonTrustList.parse(typeof json === 'string' ? JSON.parse(json) : json)));
    } catch (e) {
      if (!isCrossignError(e)) throw e;
      throw new CrossignError(
        'ERR_INVALID_OPTIONS',
        `trust list #${i + 1} in the options is invalid: ${e.message}`,
      );
    }
  }
  return { anchors, refs };
}
