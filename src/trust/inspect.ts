/** What a TS 119 612 list holds and whether its signature is good, for `crossign trust inspect`. */
import { parseCertificate } from '../x509/certificate.js';
import type { DomOptions } from './etsi/dom.js';
import { TRUSTED_STATUSES } from './etsi/model.js';
import { parseTrustedListDocument } from './etsi/parse.js';
import { TL_MALFORMED, TL_SIGNER_NOT_PINNED, verifyListSignature } from './etsi/signature.js';

export interface InspectOptions extends DomOptions {
  /** Signer certificates to check against; without them the signature is checked against KeyInfo only. */
  pinnedSigners?: readonly Uint8Array[];
  now?: Date;
}

export interface SignerSummary {
  subject: string;
  issuer: string;
  sha256: string;
  notBefore: string;
  notAfter: string;
}

export interface TrustListSummary {
  territory: string;
  tslType?: string;
  isLotl: boolean;
  schemeOperator?: string;
  sequenceNumber: number;
  issued: string;
  nextUpdate?: string;
  expired: boolean;
  byteLength: number;
  digest: string;
  signer?: SignerSummary;
  signingTime?: string;
  /**
   * valid: verified against a pinned signer. intact-unpinned: the signature verifies with its own
   * KeyInfo certificate, but nobody pinned it. invalid / unsigned: as named.
   */
  signature: 'valid' | 'intact-unpinned' | 'invalid' | 'unsigned';
  signatureCode?: string;
  signatureReason?: string;
  providers: number;
  services: number;
  servicesByType: Record<string, number>;
  servicesByStatus: Record<string, number>;
  servicesTrustedNow: number;
  pointers: { territory?: string; location: string; signers: number }[];
  timings: { parseMs: number; signatureMs: number };
}

function signerSummary(der: Uint8Array | undefined): SignerSummary | undefined {
  if (!der) return undefined;
  try {
    const c = parseCertificate(der, 'signature');
    return {
      subject: c.subject,
      issuer: c.issuer,
      sha256: c.sha256,
      notBefore: c.notBefore.toISOString(),
      notAfter: c.notAfter.toISOString(),
    };
  } catch {
    return undefined;
  }
}

function count(map: Record<string, number>, key: string): void {
  map[key] = (map[key] ?? 0) + 1;
}

/** Throws formatError(TL_MALFORMED) when the bytes are not a TS 119 612 list. */
export async function inspectTrustedList(
  xml: string | Uint8Array,
  opts: InspectOptions = {},
): Promise<TrustListSummary> {
  const now = opts.now ?? new Date();
  const t0 = performance.now();
  const { list, document } = parseTrustedListDocument(xml, opts);
  const t1 = performance.now();
  const pinned = opts.pinnedSigners ?? [];
  const sig = await verifyListSignature(document, { pinnedSigners: pinned });
  const t2 = performance.now();
  const byType: Record<string, number> = {};
  const byStatus: Record<string, number> = {};
  let services = 0;
  let trustedNow = 0;
  for (const tsp of list.providers) {
    for (const s of tsp.services) {
      services++;
      count(byType, s.current.serviceType);
      count(byStatus, s.current.status);
      if (TRUSTED_STATUSES.has(s.current.status) && s.current.statusStartingTime <= now) trustedNow++;
    }
  }
  const out: TrustListSummary = {
    territory: list.territory,
    isLotl: list.isLotl,
    sequenceNumber: list.sequenceNumber,
    issued: list.issued.toISOString(),
    expired: list.nextUpdate !== undefined && list.nextUpdate < now,
    byteLength: list.byteLength,
    digest: list.digest,
    signature: sig.ok
      ? 'valid'
      : sig.code === TL_SIGNER_NOT_PINNED
        ? 'intact-unpinned'
        : sig.code === 'TL_UNSIGNED'
          ? 'unsigned'
          : 'invalid',
    providers: list.providers.length,
    services,
    servicesByType: byType,
    servicesByStatus: byStatus,
    servicesTrustedNow: trustedNow,
    pointers: list.pointers.map((p) => ({
      ...(p.territory ? { territory: p.territory } : {}),
      location: p.location,
      signers: p.signerCertificates.length,
    })),
    timings: { parseMs: Math.round(t1 - t0), signatureMs: Math.round(t2 - t1) },
  };
  if (list.tslType) out.tslType = list.tslType;
  if (list.schemeOperatorName) out.schemeOperator = list.schemeOperatorName;
  if (list.nextUpdate) out.nextUpdate = list.nextUpdate.toISOString();
  const signer = signerSummary(sig.ok ? sig.signer.der : sig.keyInfoCertificates[0]);
  if (signer) out.signer = signer;
  if (sig.ok && sig.signingTime) out.signingTime = sig.signingTime.toISOString();
  if (!sig.ok) {
    out.signatureCode = sig.code;
    out.signatureReason = sig.reason;
  }
  return out;
}

const short = (uri: string) =>
  uri.replace(
    /^http:\/\/uri\.etsi\.org\/TrstSvc\/(Svctype|TrustedList\/Svcstatus|TrustedList\/TSLType)\//,
    '',
  );

export function formatInspection(s: TrustListSummary): string {
  const lines: string[] = [];
  lines.push(
    `Trusted list ${s.territory}${s.isLotl ? ' (list of trusted lists)' : ''}, sequence ${s.sequenceNumber}`,
  );
  if (s.schemeOperator) lines.push(`  Scheme operator: ${s.schemeOperator}`);
  if (s.tslType) lines.push(`  Type:            ${short(s.tslType)}`);
  lines.push(`  Issued:          ${s.issued}`);
  lines.push(`  Next update:     ${s.nextUpdate ?? '(closed list)'}${s.expired ? '  EXPIRED' : ''}`);
  lines.push(`  Size / SHA-256:  ${s.byteLength} bytes / ${s.digest}`);
  const sigText = {
    valid: 'VALID (pinned signer)',
    'intact-unpinned': 'intact, but the signer is NOT pinned',
    invalid: 'INVALID',
    unsigned: 'UNSIGNED',
  }[s.signature];
  lines.push(
    `  Signature:       ${sigText}${s.signatureReason && s.signature !== 'intact-unpinned' ? ` — ${s.signatureReason}` : ''}`,
  );
  if (s.signer) {
    lines.push(`  Signer:          ${s.signer.subject}`);
    lines.push(
      `                   sha256 ${s.signer.sha256}, valid ${s.signer.notBefore} .. ${s.signer.notAfter}`,
    );
  }
  if (s.signingTime) lines.push(`  Signed at:       ${s.signingTime}`);
  lines.push(
    `  Providers: ${s.providers}   Services: ${s.services} (${s.servicesTrustedNow} in a trusted status now)`,
  );
  const table = (title: string, m: Record<string, number>) => {
    lines.push(`  ${title}:`);
    for (const [k, v] of Object.entries(m).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))) {
      lines.push(`    ${String(v).padStart(5)}  ${short(k)}`);
    }
  };
  if (s.services > 0) {
    table('Services by type', s.servicesByType);
    table('Services by status', s.servicesByStatus);
  }
  if (s.pointers.length > 0) {
    lines.push(`  Pointers to other lists: ${s.pointers.length}`);
    for (const p of s.pointers)
      lines.push(`    ${(p.territory ?? '??').padEnd(3)} ${p.location} (${p.signers} signer certificates)`);
  }
  lines.push(`  Timings: parse ${s.timings.parseMs} ms, signature ${s.timings.signatureMs} ms`);
  return lines.join('\n');
}

export { TL_MALFORMED };
