/**
 * Revocation building block: one evidence pool per signature (CMS, signed and unsigned attributes, PDF
 * DSS, caller, optional fetcher), consulted by path validation through its revocation hook.
 */
import * as asn1js from 'asn1js';
import { OID } from '../cms/oids.js';
import type { ParsedSignedData, ParsedSignerInfo } from '../cms/parse.js';
import { isCrossignError } from '../lib/errors.js';
import { createFetcher, fetchRevocationFor, type RevocationFetcher } from '../revocation/fetcher.js';
import { type RevocationOrigin, RevocationPool } from '../revocation/pool.js';
import { determineStatus } from '../revocation/status.js';
import type { Problem, RevocationResult } from '../verdict/schema.js';
import { type Certificate, parseCertificate } from '../x509/certificate.js';
import type { RevocationVerdict } from '../x509/path.js';
import type { ValidationContext } from './context.js';

export interface RevocationEvidence {
  pool: RevocationPool;
  /** Certificates carried as validation data (CAdES certValues, timestamp tokens). */
  certificates: Certificate[];
  fetcher?: RevocationFetcher;
}

export interface ContainerEvidence {
  crls: readonly Uint8Array[];
  ocsps: readonly Uint8Array[];
  origin: RevocationOrigin;
}

/** Every revocation source a signer has, merged and de-duplicated. */
export function collectEvidence(
  ctx: ValidationContext,
  sd: ParsedSignedData,
  signer: ParsedSignerInfo,
  container: readonly ContainerEvidence[],
): RevocationEvidence {
  const pool = new RevocationPool();
  const certificates: Certificate[] = [];
  // By choice tag, not by list: pkijs retags an `other` [1] element as SEQUENCE in the tree parseSignedData
  // walks, so an OCSP response in SignedData.crls can arrive among the CRLs (its raw bytes still say [1]).
  for (const der of sd.crls) pool.addRevocationInfoChoice(der, 'signature');
  for (const other of sd.otherRevocationInfo) pool.addRevocationInfoChoice(otherChoice(other), 'signature');
  for (const attr of signer.signedAttrs ?? [])
    if (attr.type === OID.adbeRevocationInfoArchival)
      for (const v of attr.values) pool.addRevocationInfoArchival(v);
  for (const attr of signer.unsignedAttrs) {
    if (attr.type === OID.revocationValues) for (const node of attr.parsed) addRevocationValues(pool, node);
    if (attr.type === OID.certValues)
      for (const node of attr.parsed)
        for (const c of (node as asn1js.Sequence).valueBlock?.value ?? []) {
          try {
            certificates.push(parseCertificate(new Uint8Array(c.valueBeforeDecodeView), 'signature'));
          } catch (e) {
            if (!isCrossignError(e)) throw e;
          }
        }
  }
  for (const c of container) {
    for (const der of c.crls) pool.addCrl(der, c.origin);
    for (const der of c.ocsps) pool.addOcsp(der, c.origin);
  }
  for (const der of ctx.options.crls) pool.addCrl(der, 'caller');
  for (const der of ctx.options.ocspResponses) pool.addOcsp(der, 'caller');
  for (const c of certificates) pool.addCertificate(c);
  return withFetcher(ctx, { pool, certificates });
}

/** Evidence that comes only from the container and the caller (a PDF document timestamp's TSA chain). */
export function containerEvidence(
  ctx: ValidationContext,
  container: readonly ContainerEvidence[],
): RevocationEvidence {
  const pool = new RevocationPool();
  for (const c of container) {
    for (const der of c.crls) pool.addCrl(der, c.origin);
    for (const der of c.ocsps) pool.addOcsp(der, c.origin);
  }
  for (const der of ctx.options.crls) pool.addCrl(der, 'caller');
  for (const der of ctx.options.ocspResponses) pool.addOcsp(der, 'caller');
  return withFetcher(ctx, { pool, certificates: [] });
}

function withFetcher(ctx: ValidationContext, ev: RevocationEvidence): RevocationEvidence {
  if (ctx.options.online || ctx.options.fetch) {
    const f = ctx.options.fetch ?? globalThis.fetch;
    if (f) ev.fetcher = createFetcher({ fetch: f });
  }
  return ev;
}

/** Rebuilds the [1] OtherRevocationInfoFormat element the pool reads. */
function otherChoice(other: { format: string; value: Uint8Array }): Uint8Array {
  const seq = new asn1js.Constructed({
    idBlock: { tagClass: 3, tagNumber: 1 },
    value: [
      new asn1js.ObjectIdentifier({ value: other.format }),
      asn1js.fromBER(other.value.slice().buffer).result,
    ],
  });
  return new Uint8Array(seq.toBER(false));
}

/** CAdES RevocationValues (ETSI EN 319 122-1 §5.5.2): [0] CRLs, [1] BasicOCSPResponses. */
function addRevocationValues(pool: RevocationPool, node: asn1js.AsnType): void {
  for (const tagged of (node as asn1js.Sequence).valueBlock?.value ?? []) {
    const inner = (tagged as asn1js.Constructed).valueBlock?.value?.[0] as asn1js.Sequence | undefined;
    const items = inner?.valueBlock?.value ?? [];
    for (const item of items) {
      const der = new Uint8Array(item.valueBeforeDecodeView);
      if (tagged.idBlock.tagNumber === 0) pool.addCrl(der, 'signature');
      else if (tagged.idBlock.tagNumber === 1) pool.addOcsp(der, 'signature');
    }
  }
}

export interface RevocationRecorder {
  /** Status results by certificate sha256, as last decided. */
  results: Map<string, RevocationResult>;
  problems: Problem[];
}

/**
 * The hook path validation calls for each non-anchor certificate of a candidate path. `time` is the
 * best-signature-time: a revocation after it does not affect the signature (EN 319 102-1 §5.6.2.4).
 */
export function revocationHook(
  ctx: ValidationContext,
  evidence: RevocationEvidence,
  time: Date,
  recorder: RevocationRecorder,
): (cert: Certificate, issuer: Certificate) => Promise<RevocationVerdict> {
  const opts = {
    time,
    validationTime: ctx.validationTime,
    policy: ctx.options.revocation,
    crypto: ctx.crypto,
  };
  return async (cert, issuer) => {
    let d = await determineStatus(cert, issuer, evidence.pool, opts);
    if (d.result.status !== 'good' && d.result.status !== 'revoked' && evidence.fetcher) {
      recorder.problems.push(...(await fetchRevocationFor(cert, issuer, evidence.fetcher, evidence.pool)));
      d = await determineStatus(cert, issuer, evidence.pool, opts);
    }
    let status = d.result.status;
    // A delegated OCSP responder or indirect CRL issuer needs its own status (one level deep).
    for (const req of d.requirements) {
      if (status !== 'good') break;
      const reqIssuer = evidence.pool.certificates.find(
        (c) => c !== req.certificate && sameName(c.subjectDer, req.certificate.issuerDer),
      );
      const sub = reqIssuer
        ? await determineStatus(req.certificate, reqIssuer, evidence.pool, opts)
        : undefined;
      if (sub?.result.status !== 'good') {
        status = 'unknown';
        d.result.problems.push({
          code: 'REVOCATION_RESPONDER_STATUS_UNKNOWN',
          severity: 'error',
          message: `the status of ${req.why === 'ocsp-responder' ? 'the OCSP responder' : 'the CRL issuer'} ${req.certificate.subject} could not be established`,
        });
      }
    }
    const result: RevocationResult = { ...d.result, status: status === 'not-checked' ? 'unknown' : status };
    recorder.results.set(cert.sha256, result);
    if (result.status === 'revoked') {
      if (d.revokedBeforeTime === false)
        return { status: 'good', message: 'revoked after the best-signature-time' };
      const v: RevocationVerdict = { status: 'revoked' };
      if (result.revocationTime) v.revocationTime = new Date(result.revocationTime);
      if (result.reason) v.reason = result.reason;
      return v;
    }
    if (result.status === 'good') return { status: 'good' };
    if (ctx.options.revocation.mode === 'soft-fail') {
      recorder.problems.push({
        code: 'REVOCATION_SOFT_FAIL',
        severity: 'warning',
        message: `no revocation status for ${cert.subject}; accepted because the policy is soft-fail`,
      });
      return { status: 'good' };
    }
    return { status: 'unknown', message: `no usable CRL or OCSP response for ${cert.subject}` };
  };
}

function sameName(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
