/**
 * RFC 5280 §6.1 basic path validation of one candidate path. Hand-written: pkijs' CertificateChainValidationEngine
 * uses its own crypto engine, stops at the first error and has no policy tree or purpose checks.
 */
import type { FullCryptoContext } from '../crypto/context.js';
import { verifySignature } from '../crypto/registry.js';
import type { VerifyOutcome } from '../crypto/types.js';
import type { TrustAnchor } from '../trust/anchor.js';
import type { SubIndication } from '../verdict/indication.js';
import type { Problem } from '../verdict/schema.js';
import { type Certificate, isSelfIssued } from './certificate.js';
import { DerError } from './der.js';
import { type DecodedExtensions, decodeExtensions, EKU } from './extensions.js';
import {
  addNameConstraints,
  checkNameConstraints,
  constrainedNames,
  describeName,
  initialNameConstraintState,
} from './name-constraints.js';
import { namesMatch } from './name-match.js';
import type { OutOfBounds, PathPolicy, PathPurpose } from './path-types.js';
import {
  initialPolicyState,
  mappingsMentionAnyPolicy,
  processCertificatePolicies,
  processPolicyMappings,
  updatePolicyCounters,
  wrapUpPolicies,
} from './policies.js';
import { type IssueKind, KIND_RANK, KIND_SUB_INDICATION, X509_PROBLEMS as P } from './problems.js';

export interface PathIssue {
  code: string;
  kind: IssueKind;
  message: string;
  /** Index in the path (0 = target). */
  index: number;
  severity: 'error' | 'warning';
}

export interface PathValidation {
  ok: boolean;
  issues: PathIssue[];
  subIndication?: SubIndication;
  outOfBounds: OutOfBounds[];
  validPolicies: string[];
  /** Whether every certificate signature in the path verified. */
  signaturesOk: boolean;
}

/** Memoised certificate-signature checks, keyed by child and issuer fingerprints. */
export class SignatureCache {
  private readonly map = new Map<string, Promise<VerifyOutcome>>();
  verify(cert: Certificate, issuer: Certificate, crypto: FullCryptoContext): Promise<VerifyOutcome> {
    const key = `${cert.sha256}:${issuer.sha256}`;
    let p = this.map.get(key);
    if (!p) {
      const req = {
        algorithmOid: cert.signatureAlgorithmOid,
        key: issuer.publicKey,
        data: cert.tbs,
        signature: cert.signatureValue,
        ...(cert.signatureAlgorithmParams ? { parameters: cert.signatureAlgorithmParams } : {}),
      };
      p = verifySignature(req, crypto);
      this.map.set(key, p);
    }
    return p;
  }
}

export function describeCert(path: readonly Certificate[], index: number): string {
  if (index === 0) return `the end-entity certificate (${path[0]!.subject})`;
  if (index === path.length - 1) return `the trust anchor (${path[index]!.subject})`;
  return `intermediate certificate ${path.length - 1 - index} (${path[index]!.subject})`;
}

const SIGNING_EKUS = new Set<string>([
  EKU.emailProtection,
  EKU.anyExtendedKeyUsage,
  EKU.documentSigning,
  EKU.msDocumentSigning,
  EKU.adobeAuthenticDocuments,
]);

/** Key usage and EKU rules for the target certificate. */
export function purposeIssues(
  d: DecodedExtensions,
  purpose: PathPurpose,
  policy: PathPolicy,
): Omit<PathIssue, 'index'>[] {
  const out: Omit<PathIssue, 'index'>[] = [];
  const err = (code: string, message: string): void => {
    out.push({ code, kind: 'constraints', message, severity: 'error' });
  };
  const ku = d.keyUsage;
  const eku = d.extKeyUsage;
  switch (purpose) {
    case 'signing': {
      if (ku && !ku.has('digitalSignature') && !ku.has('nonRepudiation'))
        err(
          P.KEYUSAGE_MISSING_DIGITALSIGNATURE,
          'key usage allows neither digitalSignature nor nonRepudiation',
        );
      if (eku && !eku.oids.some((o) => SIGNING_EKUS.has(o))) {
        const message = `extended key usage (${eku.oids.join(', ')}) names no document-signing purpose`;
        if (eku.critical || policy.strictSigningEku) err(P.EKU_MISMATCH, message);
        else out.push({ code: P.EKU_UNUSUAL_FOR_SIGNING, kind: 'constraints', message, severity: 'warning' });
      }
      break;
    }
    case 'timestamping': {
      if (ku && !ku.has('digitalSignature') && !ku.has('nonRepudiation'))
        err(
          P.KEYUSAGE_MISSING_DIGITALSIGNATURE,
          'key usage allows neither digitalSignature nor nonRepudiation',
        );
      // RFC 3161 §2.3: the TSA certificate MUST have exactly one, critical, EKU: id-kp-timeStamping.
      if (!(eku?.critical && eku.oids.length === 1 && eku.oids[0] === EKU.timeStamping))
        err(
          P.EKU_MISMATCH,
          'a TSA certificate needs a critical extended key usage of timeStamping only (RFC 3161 §2.3)',
        );
      break;
    }
    case 'ocsp-signing': {
      if (ku && !ku.has('digitalSignature') && !ku.has('nonRepudiation'))
        err(
          P.KEYUSAGE_MISSING_DIGITALSIGNATURE,
          'key usage allows neither digitalSignature nor nonRepudiation',
        );
      if (!eku?.oids.includes(EKU.ocspSigning))
        err(
          P.EKU_MISMATCH,
          'a delegated OCSP responder needs the OCSPSigning extended key usage (RFC 6960 §4.2.2.2)',
        );
      break;
    }
    case 'crl-signing':
      if (ku && !ku.has('cRLSign')) err(P.KEYUSAGE_MISSING_CRLSIGN, 'key usage does not allow cRLSign');
      break;
    case 'any':
      break;
  }
  return out;
}

export interface ValidateInput {
  /** Target first, anchor certificate last. */
  path: readonly Certificate[];
  anchor: TrustAnchor;
  time: Date;
  purpose: PathPurpose;
  policy: PathPolicy;
  crypto: FullCryptoContext;
  signatures: SignatureCache;
}

function timeIssue(
  cert: Certificate,
  time: Date,
  index: number,
  anchor: boolean,
): { issue: PathIssue; kind: OutOfBounds['kind'] } | undefined {
  if (time < cert.notBefore)
    return {
      kind: 'not-yet-valid',
      issue: {
        code: anchor ? P.ANCHOR_NOT_YET_VALID : P.NOT_YET_VALID,
        kind: 'time',
        message: `is not valid until ${cert.notBefore.toISOString()}`,
        index,
        severity: 'error',
      },
    };
  if (time > cert.notAfter)
    return {
      kind: 'expired',
      issue: {
        code: anchor ? P.ANCHOR_EXPIRED : P.EXPIRED,
        kind: 'time',
        message: `expired ${cert.notAfter.toISOString()}`,
        index,
        severity: 'error',
      },
    };
  return undefined;
}

/** Runs RFC 5280 §6.1 over one path; collects every failure rather than stopping at the first. */
export async function validateCandidate(input: ValidateInput): Promise<PathValidation> {
  const { path, time, policy, crypto } = input;
  const issues: PathIssue[] = [];
  const outOfBounds: OutOfBounds[] = [];
  let signaturesOk = true;
  const add = (index: number, code: string, kind: IssueKind, message: string): void => {
    issues.push({ code, kind, message: `${describeCert(path, index)} ${message}`, index, severity: 'error' });
  };
  const extraKnown = new Set(policy.knownCriticalExtensions ?? []);
  const decode = (c: Certificate, index: number): DecodedExtensions | undefined => {
    try {
      return decodeExtensions(c, extraKnown);
    } catch (e) {
      add(
        index,
        P.EXTENSION_MALFORMED,
        'general',
        `has a malformed extension: ${e instanceof DerError ? e.message : String(e)}`,
      );
      return undefined;
    }
  };

  const last = path.length - 1;
  const anchorCert = path[last]!;
  const n = last; // certificates to process, the anchor excluded
  if (policy.checkAnchorValidity) {
    const t = timeIssue(anchorCert, time, last, true);
    if (t) {
      issues.push({ ...t.issue, message: `${describeCert(path, last)} ${t.issue.message}` });
      outOfBounds.push({ certificate: anchorCert, index: last, isTarget: last === 0, kind: t.kind });
    }
  }

  let ncState = initialNameConstraintState(policy.initialPermittedSubtrees, policy.initialExcludedSubtrees);
  let polState = initialPolicyState(n, policy);
  let maxPathLength = n;
  if (policy.enforceAnchorConstraints && n > 0) {
    const ad = decode(anchorCert, last);
    if (ad?.nameConstraints) ncState = addNameConstraints(ncState, ad.nameConstraints);
    const pl = ad?.basicConstraints?.pathLenConstraint;
    if (pl !== undefined && pl < maxPathLength) maxPathLength = pl;
  }
  let policyFailureReported = false;
  let lastDecoded: DecodedExtensions | undefined;

  for (let k = 1; k <= n; k++) {
    const index = n - k;
    const cert = path[index]!;
    const issuer = path[index + 1]!;
    const selfIssued = isSelfIssued(cert);
    const d = decode(cert, index);
    lastDecoded = d;

    // (a)(1) signature with the working public key
    const sig = await input.signatures.verify(cert, issuer, crypto);
    if (!sig.ok) {
      signaturesOk = false;
      const unsupported = sig.failure === 'UNSUPPORTED_ALGORITHM';
      add(
        index,
        unsupported ? P.UNSUPPORTED_ALGORITHM : P.BAD_SIGNATURE,
        'general',
        unsupported
          ? `is signed with an unsupported algorithm: ${sig.message}`
          : `has a signature that does not verify with the key of ${issuer.subject}: ${sig.message}`,
      );
    }
    // (a)(2) validity at the validation time
    const t = timeIssue(cert, time, index, false);
    if (t) {
      issues.push({ ...t.issue, message: `${describeCert(path, index)} ${t.issue.message}` });
      outOfBounds.push({ certificate: cert, index, isTarget: index === 0, kind: t.kind });
    }
    // (a)(4) name chaining
    if (!namesMatch(cert.issuerDer, issuer.subjectDer))
      add(
        index,
        P.NAME_CHAINING,
        'general',
        `names issuer "${cert.issuer}" but the next certificate is "${issuer.subject}"`,
      );

    if (d) {
      // (b)–(c) name constraints; self-issued intermediates are exempt
      if (!(selfIssued && k < n)) {
        const names = constrainedNames(d.subject, cert.subjectDer, d.subjectAltName);
        for (const v of checkNameConstraints(names, ncState)) {
          const unsupported = v.kind === 'unsupported';
          add(
            index,
            unsupported ? P.NAME_CONSTRAINTS_UNSUPPORTED : P.NAME_CONSTRAINTS_VIOLATION,
            'constraints',
            unsupported
              ? `has a ${v.name.type} name that a CA constrains in a form this validator cannot match`
              : `has the name ${describeName(v.name)}, which is ${v.kind === 'excluded' ? 'in an excluded subtree' : 'outside the permitted subtrees'}`,
          );
        }
      }
      // (d)–(e) certificate policies
      polState = processCertificatePolicies(polState, k, n, selfIssued, d.certificatePolicies);
      if (d.unknownCritical.length > 0)
        add(
          index,
          P.UNKNOWN_CRITICAL_EXTENSION,
          'constraints',
          `has unrecognised critical extension(s) ${d.unknownCritical.join(', ')}`,
        );
    } else {
      polState = { ...polState, root: null };
    }
    // (f)
    if (polState.explicitPolicy <= 0 && !polState.root && !policyFailureReported) {
      policyFailureReported = true;
      add(
        index,
        P.POLICY_REQUIRED,
        'constraints',
        'ends the valid policy tree while an explicit policy is required',
      );
    }

    if (k === n) break;
    // §6.1.4 preparation for the next certificate
    if (d?.policyMappings) {
      if (mappingsMentionAnyPolicy(d.policyMappings))
        add(index, P.POLICY_MAPPING_ANY_POLICY, 'constraints', 'maps to or from anyPolicy');
      polState = processPolicyMappings(polState, k, d.policyMappings);
    }
    if (d?.nameConstraints) ncState = addNameConstraints(ncState, d.nameConstraints);
    polState = updatePolicyCounters(polState, selfIssued, d?.policyConstraints, d?.inhibitAnyPolicy);
    // (k) only a CA may issue
    if (!d?.basicConstraints?.cA)
      add(index, P.NOT_A_CA, 'general', 'is not a CA (basicConstraints cA is absent or false)');
    // (l)–(m) path length; self-issued certificates do not count
    if (!selfIssued) {
      if (maxPathLength <= 0)
        add(
          index,
          P.PATHLEN_EXCEEDED,
          'constraints',
          'exceeds the maximum path length set by a pathLenConstraint above it',
        );
      else maxPathLength--;
    }
    const pl = d?.basicConstraints?.pathLenConstraint;
    if (pl !== undefined && pl < maxPathLength) maxPathLength = pl;
    // (n)
    if (d?.keyUsage && !d.keyUsage.has('keyCertSign'))
      add(
        index,
        P.KEYUSAGE_MISSING_KEYCERTSIGN,
        'constraints',
        'is not allowed to sign certificates (keyUsage lacks keyCertSign)',
      );
  }

  // §6.1.5 wrap-up
  let validPolicies: string[] = [];
  if (n > 0) {
    const w = wrapUpPolicies(
      polState,
      n,
      lastDecoded?.policyConstraints?.requireExplicitPolicy,
      policy.initialPolicySet,
    );
    validPolicies = w.policies;
    if (w.state.explicitPolicy <= 0 && !w.state.root && !policyFailureReported)
      add(0, P.POLICY_REQUIRED, 'constraints', 'has no valid policy while an explicit policy is required');
  }
  // Purpose of the target. A target that is itself the anchor still gets its validity and purpose checked.
  const targetDecoded = n === 0 ? decode(path[0]!, 0) : lastDecoded;
  if (n === 0 && !policy.checkAnchorValidity) {
    const t = timeIssue(path[0]!, time, 0, false);
    if (t) {
      issues.push({ ...t.issue, message: `${describeCert(path, 0)} ${t.issue.message}` });
      outOfBounds.push({ certificate: path[0]!, index: 0, isTarget: true, kind: t.kind });
    }
  }
  if (targetDecoded)
    for (const i of purposeIssues(targetDecoded, input.purpose, policy))
      issues.push({ ...i, index: 0, message: `${describeCert(path, 0)}: ${i.message}` });

  const errors = issues.filter((i) => i.severity === 'error');
  const out: PathValidation = { ok: errors.length === 0, issues, outOfBounds, validPolicies, signaturesOk };
  if (errors.length > 0) {
    const worst = errors.reduce((a, b) => (KIND_RANK[b.kind] > KIND_RANK[a.kind] ? b : a));
    out.subIndication = KIND_SUB_INDICATION[worst.kind];
  }
  return out;
}

export function issueToProblem(issue: PathIssue, path: readonly Certificate[]): Problem {
  return {
    code: issue.code,
    severity: issue.severity,
    message: issue.message,
    at: path[issue.index]?.sha256,
  };
}
