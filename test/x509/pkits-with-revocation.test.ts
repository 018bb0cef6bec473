/**
 * NIST PKITS subset with path validation and CRL revocation together, through the wiring verify() uses:
 * a ValidationContext, the caller-CRL evidence pool (containerEvidence) and revocationHook over
 * determineStatus, plugged into validatePath's checkRevocation. Expectations are pyHanko's
 * (pkits-subset.json), mapped to our status, sub-indication and problem codes.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { defaultCryptoContext } from '../../src/crypto/context.js';
import { VerifyOptionsSchema } from '../../src/options.js';
import type { TrustAnchor } from '../../src/trust/anchor.js';
import type { ValidationContext } from '../../src/validation/context.js';
import {
  containerEvidence,
  type RevocationEvidence,
  type RevocationRecorder,
  revocationHook,
} from '../../src/validation/revocation.js';
import { type Certificate, EXT } from '../../src/x509/certificate.js';
import { type PathResult, validatePath, X509_PROBLEMS } from '../../src/x509/path.js';
import { bytes, cases, corpusAvailable, load, type PkitsCase, TIME } from './pkits-cases.js';

const crypto = defaultCryptoContext();
const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
/** The anchor's own CRL speaks for the intermediates; PKITS always supplies it with the anchor. */
const ROOT_CRL = 'TrustAnchorRootCRL.crl';

/** Every expected outcome, in our vocabulary. */
type Expected =
  | { kind: 'valid' }
  | { kind: 'path'; status: PathResult['status']; code: string; subIndication: string; at?: 'ee' | number }
  | { kind: 'revoked'; at: 'ee' | number; time: string; reason: string }
  | { kind: 'no-status'; code: string };

/** pyHanko's "intermediate certificate N" counts from the anchor (1 = issued by it); ours from the target. */
function pathIndex(r: PathResult, at: 'ee' | number): number {
  return at === 'ee' ? 0 : r.path.length - 1 - at;
}

const PATH_FAILURES: [RegExp, Omit<Extract<Expected, { kind: 'path' }>, 'kind' | 'at'>][] = [
  [
    /signature of .* could not be verified/,
    {
      status: 'invalid',
      code: X509_PROBLEMS.BAD_SIGNATURE,
      subIndication: 'CERTIFICATE_CHAIN_GENERAL_FAILURE',
    },
  ],
  [
    /is not valid until/,
    { status: 'invalid', code: X509_PROBLEMS.NOT_YET_VALID, subIndication: 'OUT_OF_BOUNDS_NO_POE' },
  ],
  [/ expired /, { status: 'invalid', code: X509_PROBLEMS.EXPIRED, subIndication: 'OUT_OF_BOUNDS_NO_POE' }],
  [
    /issuer name could not be matched/,
    { status: 'no-path', code: X509_PROBLEMS.NO_ISSUER_FOUND, subIndication: 'NO_CERTIFICATE_CHAIN_FOUND' },
  ],
  [
    /is not a CA/,
    { status: 'invalid', code: X509_PROBLEMS.NOT_A_CA, subIndication: 'CERTIFICATE_CHAIN_GENERAL_FAILURE' },
  ],
  [
    /exceeds the maximum path length/,
    { status: 'invalid', code: X509_PROBLEMS.PATHLEN_EXCEEDED, subIndication: 'CHAIN_CONSTRAINTS_FAILURE' },
  ],
  [
    /not allowed to sign certificates/,
    {
      status: 'invalid',
      code: X509_PROBLEMS.KEYUSAGE_MISSING_KEYCERTSIGN,
      subIndication: 'CHAIN_CONSTRAINTS_FAILURE',
    },
  ],
];

/** pyHanko's revocation messages → the problem code determineStatus gives the certificate. */
const NO_STATUS: [RegExp, string][] = [
  [/no revocation information could be found for the end-entity/, 'REVOCATION_NO_DATA'],
  [/CRL signature could not be verified/, 'CRL_SIGNATURE_INVALID'],
  [/unrecognized critical extensions are present in the CRL entry/, 'CRL_UNKNOWN_CRITICAL_ENTRY_EXTENSION'],
  [/CRL is not recent enough/, 'REVOCATION_NOT_FRESH'],
  [/not authorized to sign CRLs/, 'CRL_ISSUER_NOT_AUTHORIZED'],
];

function expected(c: PkitsCase): Expected {
  const m = c.error?.msg_regex;
  if (!m) return { kind: 'valid' };
  const inter = /intermediate certificate (\d+)/.exec(m);
  const at: 'ee' | number | undefined = /end-entity certificate/.test(m)
    ? 'ee'
    : inter
      ? Number(inter[1])
      : undefined;
  const revoked =
    /CRL indicates .* was revoked at (\d\d:\d\d:\d\d) on (\d{4}-\d\d-\d\d), due to a compromised key/.exec(m);
  if (revoked && at !== undefined)
    return { kind: 'revoked', at, time: `${revoked[2]}T${revoked[1]}Z`, reason: 'keyCompromise' };
  const none = NO_STATUS.find(([re]) => re.test(m));
  if (none) return { kind: 'no-status', code: none[1] };
  const path = PATH_FAILURES.find(([re]) => re.test(m));
  if (path) return at === undefined ? { kind: 'path', ...path[1] } : { kind: 'path', ...path[1], at };
  throw new Error(`no mapping for pyHanko message: ${m}`);
}

/** As verify() builds it (src/verify.ts), with the case's CRLs as caller-supplied revocation data. */
function context(anchor: TrustAnchor, crls: Uint8Array[]): ValidationContext {
  return {
    crypto,
    anchors: [anchor],
    etsiLists: [],
    callerCertificates: [],
    validationTime: TIME,
    options: VerifyOptionsSchema.parse({ crls, validationTime: TIME }),
    loadedTrustLists: [],
    profiles: [],
    deadline: Date.now() + 60_000,
  };
}

interface Run {
  result: PathResult;
  recorder: RevocationRecorder;
  evidence: RevocationEvidence;
  target: Certificate;
}

async function run(c: PkitsCase, crlFiles = [ROOT_CRL, ...(c.crls ?? [])]): Promise<Run> {
  const anchor: TrustAnchor = { certificate: load('TrustAnchorRootCertificate.crt'), lists: [] };
  const ctx = context(
    anchor,
    crlFiles.map((f) => bytes('crls', f)),
  );
  const target = load(c.cert);
  const others = c.other_certs.map(load);
  const evidence = containerEvidence(ctx, []);
  for (const cert of [target, ...others, anchor.certificate]) evidence.pool.addCertificate(cert);
  const recorder: RevocationRecorder = { results: new Map(), problems: [] };
  // The request evaluateChain (src/validation/chain.ts) builds for a signer.
  const result = await validatePath({
    target,
    pool: [...others, anchor.certificate],
    anchors: ctx.anchors,
    time: ctx.validationTime,
    purpose: 'signing',
    maxAttempts: ctx.options.limits.maxPathAttempts,
    policy: { strictSigningEku: true, knownCriticalExtensions: [EXT.qcStatements] },
    crypto: ctx.crypto,
    checkRevocation: revocationHook(ctx, evidence, ctx.validationTime, recorder),
  });
  return { result, recorder, evidence, target };
}

const statusOf = (r: Run, cert: Certificate) => r.recorder.results.get(cert.sha256);

/** Asserts the case's outcome exactly; returns nothing so every branch must assert on its own. */
async function assertCase(c: PkitsCase): Promise<void> {
  const exp = expected(c);
  const r = await run(c);
  const { result } = r;
  // Nothing the caller supplied was dropped by the pool: every distinct CRL is there (4.4.6's "wrong CRL"
  // is byte for byte the anchor's CRL, so the pool holds it once).
  expect(r.evidence.pool.rejected).toEqual([]);
  const distinct = new Set([ROOT_CRL, ...(c.crls ?? [])].map((f) => sha256(bytes('crls', f))));
  expect(r.evidence.pool.crls.map((x) => x.crl.sha256).sort()).toEqual([...distinct].sort());
  switch (exp.kind) {
    case 'valid': {
      expect(result.status, result.stoppedBecause).toBe('valid');
      expect(result.subIndication).toBeUndefined();
      expect(result.path).toHaveLength(c.path_len!);
      // Every non-anchor certificate was checked, and every one is good.
      expect(result.revocation).toHaveLength(c.path_len! - 1);
      for (const v of result.revocation) expect(v.verdict.status).toBe('good');
      for (const cert of result.path.slice(0, -1))
        expect(statusOf(r, cert)?.status, cert.subject).toBe('good');
      return;
    }
    case 'path': {
      expect(result.status).toBe(exp.status);
      expect(result.subIndication).toBe(exp.subIndication);
      const hit = result.problems.find((p) => p.code === exp.code && p.severity === 'error');
      expect(hit, JSON.stringify(result.problems)).toBeDefined();
      if (exp.status === 'invalid') {
        expect(result.path).toHaveLength(c.path_len!);
        if (exp.at !== undefined) expect(hit!.at).toBe(result.path[pathIndex(result, exp.at)]!.sha256);
      }
      // A path that fails on its own never reaches revocation.
      expect(result.revocation).toEqual([]);
      expect(result.problems.some((p) => p.code === X509_PROBLEMS.REVOCATION_UNKNOWN)).toBe(false);
      return;
    }
    case 'revoked': {
      expect(result.status).toBe('invalid');
      expect(result.path).toHaveLength(c.path_len!);
      const index = pathIndex(result, exp.at);
      expect(result.subIndication).toBe(exp.at === 'ee' ? 'REVOKED_NO_POE' : 'REVOKED_CA_NO_POE');
      const revoked = result.revoked!;
      expect(revoked.index).toBe(index);
      expect(revoked.isTarget).toBe(exp.at === 'ee');
      expect(revoked.certificate.sha256).toBe(result.path[index]!.sha256);
      expect(revoked.verdict.revocationTime?.toISOString()).toBe(new Date(exp.time).toISOString());
      expect(revoked.verdict.reason).toBe(exp.reason);
      const p = result.problems.find((x) => x.code === X509_PROBLEMS.REVOKED);
      expect(p?.at).toBe(revoked.certificate.sha256);
      const rec = statusOf(r, revoked.certificate)!;
      expect(rec.status).toBe('revoked');
      expect(rec.source).toBe('crl');
      // The certificates above the revoked one are good.
      for (const cert of result.path.slice(index + 1, -1)) expect(statusOf(r, cert)?.status).toBe('good');
      return;
    }
    case 'no-status': {
      expect(result.status).toBe('invalid');
      expect(result.subIndication).toBe('TRY_LATER');
      expect(result.path).toHaveLength(c.path_len!);
      expect(result.revoked).toBeUndefined();
      const p = result.problems.find((x) => x.code === X509_PROBLEMS.REVOCATION_UNKNOWN);
      // In every listed case it is the end-entity certificate whose status cannot be established.
      expect(p?.at).toBe(r.target.sha256);
      const rec = statusOf(r, r.target)!;
      expect(rec.status).toBe('unknown');
      expect(rec.problems.map((x) => x.code)).toContain(exp.code);
      for (const cert of result.path.slice(1, -1))
        expect(statusOf(r, cert)?.status, cert.subject).toBe('good');
      return;
    }
  }
}

describe.skipIf(!corpusAvailable)(
  'NIST PKITS subset: path validation with CRL revocation (2022-05-01)',
  () => {
    it('has the 24 listed cases, each with a mapped expectation', () => {
      expect(cases).toHaveLength(24);
      const kinds = cases.map((c) => expected(c).kind);
      expect(kinds.filter((k) => k === 'valid')).toHaveLength(3);
      expect(kinds.filter((k) => k === 'path')).toHaveLength(12);
      expect(kinds.filter((k) => k === 'revoked')).toHaveLength(3);
      expect(kinds.filter((k) => k === 'no-status')).toHaveLength(6);
    });

    for (const c of cases) {
      const exp = expected(c);
      const label =
        exp.kind === 'valid'
          ? 'valid'
          : exp.kind === 'path'
            ? `${exp.status} ${exp.code}`
            : exp.kind === 'revoked'
              ? `revoked (${exp.at === 'ee' ? 'REVOKED_NO_POE' : 'REVOKED_CA_NO_POE'})`
              : `TRY_LATER ${exp.code}`;
      it(`${c.id} ${c.name}: ${label}`, () => assertCase(c));
    }

    it("without the anchor's CRL the intermediate's status is unknown: a valid case fails closed", async () => {
      const c = cases.find((x) => x.id === '40101')!;
      const r = await run(c, c.crls);
      expect(r.result.status).toBe('invalid');
      expect(r.result.subIndication).toBe('TRY_LATER');
      const ca = r.result.path[1]!;
      expect(r.result.problems.find((p) => p.code === X509_PROBLEMS.REVOCATION_UNKNOWN)?.at).toBe(ca.sha256);
      expect(statusOf(r, ca)?.problems.map((p) => p.code)).toContain('REVOCATION_NO_DATA');
      // The end-entity's own CRL is fine.
      expect(statusOf(r, r.target)?.status).toBe('good');
    });

    it('an empty pool gives TRY_LATER / REVOCATION_NO_DATA for the first certificate below the anchor', async () => {
      const c = cases.find((x) => x.id === '40101')!;
      const r = await run(c, []);
      expect(r.result.subIndication).toBe('TRY_LATER');
      for (const cert of r.result.path.slice(0, -1))
        expect(statusOf(r, cert)?.problems.map((p) => p.code)).toContain('REVOCATION_NO_DATA');
    });
  },
);
