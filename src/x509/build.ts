/**
 * Certification path building: a depth-first search from the target up to a trust anchor over the pool
 * and the anchors. Hand-written: pkijs' chain engine picks one issuer per name and cannot report how far
 * it got; pyHanko-certvalidator and DSS build candidate paths the same way as here.
 */
import { equalBytes, toHex } from '../lib/bytes.js';
import { anchorTrustedAt, type TrustAnchor } from '../trust/anchor.js';
import { type Certificate, isSelfIssued } from './certificate.js';
import { namesMatch } from './name-match.js';
import type { PathRequest } from './path-types.js';
import { X509_PROBLEMS as P } from './problems.js';
import type { SignatureCache } from './validate.js';

export type BuildStep =
  | { kind: 'complete'; path: Certificate[]; anchor: TrustAnchor }
  | { kind: 'dead-end'; path: Certificate[]; code: string; reason: string };

export const DEFAULT_MAX_DEPTH = 16;
/**
 * Issuer candidates examined per certificate. Each costs a signature check, so a hostile pool of many
 * same-name CAs must not multiply the work; no real PKI has this many certificates for one issuer name.
 */
export const MAX_ISSUERS_PER_CERT = 16;

function keyOf(c: Certificate): string {
  return `${toHex(c.subjectDer)}|${toHex(c.publicKey.spki)}`;
}

function sameKey(a: Certificate, b: Certificate): boolean {
  return equalBytes(a.publicKey.spki, b.publicKey.spki) && namesMatch(a.subjectDer, b.subjectDer);
}

/** The trust anchor `cert` stands for: the same certificate, or the same subject and key. */
export function matchAnchor(cert: Certificate, anchors: readonly TrustAnchor[]): TrustAnchor | undefined {
  return (
    anchors.find((a) => a.certificate.sha256 === cert.sha256) ??
    anchors.find((a) => sameKey(a.certificate, cert))
  );
}

interface IssuerSearch {
  usable: Certificate[];
  keyIdMismatch: Certificate[];
  inPath: Certificate[];
}

function findIssuers(
  cert: Certificate,
  all: readonly Certificate[],
  path: readonly Certificate[],
): IssuerSearch {
  const inPathKeys = new Set(path.map(keyOf));
  const out: IssuerSearch = { usable: [], keyIdMismatch: [], inPath: [] };
  for (const c of all) {
    if (!namesMatch(c.subjectDer, cert.issuerDer)) continue;
    if (inPathKeys.has(keyOf(c)) || path.some((p) => p.sha256 === c.sha256)) {
      out.inPath.push(c);
      continue;
    }
    // RFC 5280 §4.2.1.1: when both identifiers are present they must agree; a mismatch means another key.
    if (
      cert.authorityKeyIdentifier &&
      c.subjectKeyIdentifier &&
      !equalBytes(cert.authorityKeyIdentifier, c.subjectKeyIdentifier)
    ) {
      out.keyIdMismatch.push(c);
      continue;
    }
    out.usable.push(c);
  }
  return out;
}

function validAt(c: Certificate, t: Date): boolean {
  return c.notBefore <= t && t <= c.notAfter;
}

/**
 * Yields every candidate path (complete at an anchor, or a dead end with the reason) depth-first,
 * trying issuers whose signature verifies first, then anchors, then those valid at the time.
 */
export async function* buildCandidates(
  req: PathRequest,
  signatures: SignatureCache,
  /** Set when some issuer candidates were not explored (MAX_ISSUERS_PER_CERT), so no-path is not final. */
  stats: { truncated: boolean } = { truncated: false },
): AsyncGenerator<BuildStep> {
  const maxDepth = req.maxDepth ?? DEFAULT_MAX_DEPTH;
  const trusted = req.anchors.filter((a) => anchorTrustedAt(a, req.time));
  const untrusted = req.anchors.filter((a) => !anchorTrustedAt(a, req.time));
  const all: Certificate[] = [];
  const seen = new Set<string>();
  for (const c of [...req.anchors.map((a) => a.certificate), ...req.pool]) {
    if (seen.has(c.sha256)) continue;
    seen.add(c.sha256);
    all.push(c);
  }

  async function* walk(path: Certificate[]): AsyncGenerator<BuildStep> {
    const cur = path[path.length - 1]!;
    const anchor = matchAnchor(cur, trusted);
    if (anchor) {
      const p = anchor.certificate.sha256 === cur.sha256 ? path : [...path.slice(0, -1), anchor.certificate];
      yield { kind: 'complete', path: p, anchor };
      return;
    }
    if (path.length >= maxDepth) {
      yield {
        kind: 'dead-end',
        path,
        code: P.PATH_TOO_LONG,
        reason: `stopped at ${cur.subject}: the path reached the depth limit of ${maxDepth}`,
      };
      return;
    }
    const found = findIssuers(cur, all, path);
    if (found.usable.length === 0) {
      const lapsed = matchAnchor(cur, untrusted);
      if (lapsed) {
        yield {
          kind: 'dead-end',
          path,
          code: P.ANCHOR_NOT_TRUSTED_AT_TIME,
          reason: `${cur.subject} is a trust anchor, but not trusted at ${req.time.toISOString()} (trust-list status)`,
        };
      } else if (found.keyIdMismatch.length > 0) {
        yield {
          kind: 'dead-end',
          path,
          code: P.KEY_IDENTIFIER_MISMATCH,
          reason: `issuer ${cur.issuer} found, but its subject key identifier does not match the authority key identifier of ${cur.subject}`,
        };
      } else if (isSelfIssued(cur) && (await signatures.verify(cur, cur, req.crypto)).ok) {
        yield {
          kind: 'dead-end',
          path,
          code: P.NO_TRUSTED_ANCHOR,
          reason: `${cur.subject} is self-signed but not a trust anchor`,
        };
      } else if (found.inPath.length > 0) {
        yield {
          kind: 'dead-end',
          path,
          code: P.NO_ISSUER_FOUND,
          reason: `no issuer for ${cur.subject} other than certificates already in the path (a loop through ${cur.issuer})`,
        };
      } else {
        yield {
          kind: 'dead-end',
          path,
          code: P.NO_ISSUER_FOUND,
          reason: `no issuer for ${cur.subject} (issuer ${cur.issuer}) in the pool or the trust anchors`,
        };
      }
      return;
    }
    if (found.usable.length > MAX_ISSUERS_PER_CERT) stats.truncated = true;
    const scored = await Promise.all(
      found.usable.slice(0, MAX_ISSUERS_PER_CERT).map(async (c) => ({
        c,
        sigOk: (await signatures.verify(cur, c, req.crypto)).ok,
        isAnchor: matchAnchor(c, trusted) !== undefined,
        valid: validAt(c, req.time),
      })),
    );
    scored.sort(
      (a, b) =>
        Number(b.sigOk) - Number(a.sigOk) ||
        Number(b.isAnchor) - Number(a.isAnchor) ||
        Number(b.valid) - Number(a.valid) ||
        b.c.notBefore.getTime() - a.c.notBefore.getTime(),
    );
    for (const s of scored) yield* walk([...path, s.c]);
  }

  yield* walk([req.target]);
}
