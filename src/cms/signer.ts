/**
 * Generic per-SignerInfo checks (pyHanko's "generic CMS" layer): who signed, does the digest match,
 * does the signature verify, are the mandatory signed attributes right. No chain, no time, no PDF.
 */

import { withInheritedDsaParameters } from '../crypto/algorithms/dsa.js';
import type { FullCryptoContext } from '../crypto/context.js';
import { digestByOid, digestParts, verifySignature } from '../crypto/registry.js';
import type { AlgorithmUse } from '../crypto/types.js';
import { concatBytes, equalBytes } from '../lib/bytes.js';
import { isCrossignError } from '../lib/errors.js';
import { problem } from '../lib/problem.js';
import type { Problem } from '../verdict/schema.js';
import type { Certificate } from '../x509/certificate.js';
import {
  contentTypeOf,
  essSigningCertificates,
  findAttribute,
  messageDigestOf,
  signingTimeOf,
} from './attributes.js';
import { OID } from './oids.js';
import type { ParsedSignedData, ParsedSignerInfo } from './parse.js';

export const CMS_PROBLEMS = {
  NO_SIGNER_CERTIFICATE: 'CMS_NO_SIGNER_CERTIFICATE',
  ESS_MISMATCH: 'CMS_SIGNING_CERTIFICATE_MISMATCH',
  MESSAGE_DIGEST_MISMATCH: 'CMS_MESSAGE_DIGEST_MISMATCH',
  MISSING_MESSAGE_DIGEST: 'CMS_MISSING_MESSAGE_DIGEST',
  MISSING_CONTENT_TYPE: 'CMS_MISSING_CONTENT_TYPE',
  CONTENT_TYPE_MISMATCH: 'CMS_CONTENT_TYPE_MISMATCH',
  SIGNATURE_INVALID: 'CMS_SIGNATURE_INVALID',
  UNSUPPORTED_ALGORITHM: 'CMS_UNSUPPORTED_ALGORITHM',
  UNSUPPORTED_DIGEST: 'CMS_UNSUPPORTED_DIGEST',
  NO_CONTENT: 'CMS_NO_CONTENT',
  BAD_ATTRIBUTE: 'CMS_BAD_ATTRIBUTE',
  DIGEST_NOT_LISTED: 'CMS_DIGEST_ALGORITHM_NOT_LISTED',
} as const;

export interface SignerCheck {
  signer: ParsedSignerInfo;
  certificate?: Certificate;
  /** Certificates that matched the signer identifier, when the ESS attribute rejected all of them. */
  claimedTime?: Date;
  digestName?: string;
  algorithm?: AlgorithmUse;
  messageDigestMatches: boolean | null;
  signatureValid: boolean | null;
  signingCertificateBound: boolean | null;
  /** The outcome class the basic validation derives from this check. */
  failure?:
    | 'FORMAT_FAILURE'
    | 'HASH_FAILURE'
    | 'SIG_CRYPTO_FAILURE'
    | 'NO_SIGNING_CERTIFICATE_FOUND'
    | 'UNSUPPORTED';
  problems: Problem[];
}

function matchesSid(signer: ParsedSignerInfo, cert: Certificate): boolean {
  if (signer.sid.kind === 'ski')
    return !!cert.subjectKeyIdentifier && equalBytes(cert.subjectKeyIdentifier, signer.sid.keyIdentifier);
  return cert.serialNumber === signer.sid.serialNumber && equalBytes(cert.issuerDer, signer.sid.issuerDer);
}

/** The content the signer's digest covers: parts of a PDF, detached content, or eContent. */
export type SignedContent = readonly Uint8Array[];

export interface CheckSignerInput {
  sd: ParsedSignedData;
  signer: ParsedSignerInfo;
  content: SignedContent | undefined;
  pool: readonly Certificate[];
  crypto: FullCryptoContext;
  sm2UserId?: Uint8Array;
}

export async function checkSigner(input: CheckSignerInput): Promise<SignerCheck> {
  const { sd, signer, content, pool, crypto } = input;
  const out: SignerCheck = {
    signer,
    messageDigestMatches: null,
    signatureValid: null,
    signingCertificateBound: null,
    problems: [],
  };
  try {
    await runChecks(out, sd, signer, content, pool, crypto, input.sm2UserId);
  } catch (e) {
    if (!isCrossignError(e)) throw e;
    out.failure = 'FORMAT_FAILURE';
    out.problems.push(problem(e.problem ?? CMS_PROBLEMS.BAD_ATTRIBUTE, e.message));
  }
  return out;
}

async function runChecks(
  out: SignerCheck,
  sd: ParsedSignedData,
  signer: ParsedSignerInfo,
  content: SignedContent | undefined,
  pool: readonly Certificate[],
  crypto: FullCryptoContext,
  sm2UserId: Uint8Array | undefined,
): Promise<void> {
  // 1. Identification of the signing certificate (EN 319 102-1 §5.2.3).
  const candidates = pool.filter((c) => matchesSid(signer, c));
  const ess =
    findAttribute(signer.signedAttrs, OID.signingCertificateV2) ??
    findAttribute(signer.signedAttrs, OID.signingCertificate);
  let chosen: Certificate | undefined = candidates[0];
  if (ess) {
    const ids = essSigningCertificates(ess);
    const first = ids[0];
    if (first) {
      const bound = candidates.find((c) => {
        const h = digestByOid(first.hashAlgorithmOid)
          ? digestParts(first.hashAlgorithmOid, [c.der], crypto)
          : undefined;
        if (!h || !equalBytes(h, first.hash)) return false;
        if (first.issuerSerial && first.issuerSerial.serialNumber !== c.serialNumber) return false;
        return true;
      });
      out.signingCertificateBound = !!bound;
      if (bound) chosen = bound;
      else if (candidates.length > 0)
        out.problems.push(
          problem(
            CMS_PROBLEMS.ESS_MISMATCH,
            'the signing-certificate attribute does not match the signer certificate',
          ),
        );
    }
  }
  if (chosen && out.signingCertificateBound !== false) out.certificate = chosen;
  else if (candidates[0]) out.certificate = candidates[0];

  // 2. Signed attributes and the content digest.
  const digestEntry = digestByOid(signer.digestAlgorithmOid);
  if (!digestEntry) {
    out.failure = 'UNSUPPORTED';
    out.problems.push(
      problem(CMS_PROBLEMS.UNSUPPORTED_DIGEST, `unsupported digest algorithm ${signer.digestAlgorithmOid}`),
    );
    return;
  }
  out.digestName = digestEntry.name;
  if (!sd.digestAlgorithmOids.includes(signer.digestAlgorithmOid))
    out.problems.push(
      problem(
        CMS_PROBLEMS.DIGEST_NOT_LISTED,
        'the signer digest algorithm is not listed in SignedData.digestAlgorithms',
        'warning',
      ),
    );

  let signedBytes: readonly Uint8Array[];
  if (signer.signedAttrs && signer.signedAttrsDer) {
    const ct = findAttribute(signer.signedAttrs, OID.contentType);
    const md = findAttribute(signer.signedAttrs, OID.messageDigest);
    const st = findAttribute(signer.signedAttrs, OID.signingTime);
    if (st) out.claimedTime = signingTimeOf(st);
    if (!ct) {
      out.failure = 'FORMAT_FAILURE';
      out.problems.push(
        problem(CMS_PROBLEMS.MISSING_CONTENT_TYPE, 'signed attributes lack content-type (RFC 5652 §5.3)'),
      );
    } else if (contentTypeOf(ct) !== sd.eContentType) {
      out.failure = 'FORMAT_FAILURE';
      out.problems.push(
        problem(CMS_PROBLEMS.CONTENT_TYPE_MISMATCH, 'content-type attribute differs from eContentType'),
      );
    }
    if (!md) {
      out.failure = 'FORMAT_FAILURE';
      out.problems.push(
        problem(CMS_PROBLEMS.MISSING_MESSAGE_DIGEST, 'signed attributes lack message-digest'),
      );
    } else if (!content) {
      out.problems.push(
        problem(CMS_PROBLEMS.NO_CONTENT, 'detached signature: the signed content was not supplied'),
      );
    } else {
      const actual = digestParts(signer.digestAlgorithmOid, content, crypto);
      out.messageDigestMatches = equalBytes(actual, messageDigestOf(md));
      if (!out.messageDigestMatches) {
        out.failure = 'HASH_FAILURE';
        out.problems.push(
          problem(
            CMS_PROBLEMS.MESSAGE_DIGEST_MISMATCH,
            'the content does not match the signed message-digest',
          ),
        );
      }
    }
    signedBytes = [signer.signedAttrsDer];
  } else {
    if (!content) {
      out.problems.push(
        problem(CMS_PROBLEMS.NO_CONTENT, 'detached signature: the signed content was not supplied'),
      );
      out.failure ??= 'FORMAT_FAILURE';
      return;
    }
    signedBytes = content;
  }

  // 3. The signature value.
  if (!out.certificate) {
    out.failure ??= 'NO_SIGNING_CERTIFICATE_FOUND';
    out.problems.push(
      problem(CMS_PROBLEMS.NO_SIGNER_CERTIFICATE, 'no certificate matches the signer identifier'),
    );
    return;
  }
  const data = signedBytes.length === 1 ? signedBytes[0]! : concatBytes(signedBytes);
  const req = {
    algorithmOid: signer.signatureAlgorithmOid,
    digestOid: signer.digestAlgorithmOid,
    key: keyWithInheritedParameters(out.certificate, pool),
    data,
    signature: signer.signature,
    ...(signer.signatureAlgorithmParams ? { parameters: signer.signatureAlgorithmParams } : {}),
    ...(sm2UserId ? { options: { sm2UserId } } : {}),
  };
  const v = await verifySignature(req, crypto);
  if (v.use) out.algorithm = v.use;
  if (v.ok) {
    out.algorithm = v.use;
    out.signatureValid = true;
  } else if (v.failure === 'UNSUPPORTED_ALGORITHM') {
    out.failure ??= 'UNSUPPORTED';
    out.problems.push(problem(CMS_PROBLEMS.UNSUPPORTED_ALGORITHM, v.message));
  } else {
    out.signatureValid = false;
    if (out.failure !== 'HASH_FAILURE') out.failure = 'SIG_CRYPTO_FAILURE';
    out.problems.push(problem(CMS_PROBLEMS.SIGNATURE_INVALID, v.message));
  }
  if (out.signingCertificateBound === false) out.failure ??= 'NO_SIGNING_CERTIFICATE_FOUND';
}

/** RFC 3279 §2.3.2: a DSA key without parameters takes its issuer's (RFC 4134 example 4.6). */
function keyWithInheritedParameters(cert: Certificate, pool: readonly Certificate[]) {
  if (cert.publicKey.parameters !== undefined) return cert.publicKey;
  const issuer = pool.find(
    (c) => c !== cert && equalBytes(c.subjectDer, cert.issuerDer) && c.publicKey.parameters,
  );
  return issuer ? withInheritedDsaParameters(cert.publicKey, issuer.publicKey) : cert.publicKey;
}
