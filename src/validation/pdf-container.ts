/**
 * A PDF: one SignatureResult per signature dictionary. The PDF stage (src/pdf) decides what each
 * signature covers and what changed after it; the CMS inside goes through the same signer
 * validation as a .p7s, with the byte ranges as its detached content.
 */
import { type ParsedSignedData, parseSignedData } from '../cms/parse.js';
import { digestParts } from '../crypto/registry.js';
import { equalBytes } from '../lib/bytes.js';
import { isCrossignError } from '../lib/errors.js';
import { analyzePdf, type PdfSignature } from '../pdf/index.js';
import type { Problem, SignatureResult } from '../verdict/schema.js';
import { type Certificate, parseCertificate } from '../x509/certificate.js';
import { budgetExceeded } from './budget.js';
import { notCheckedChain } from './chain.js';
import type { ContainerResult } from './cms-container.js';
import type { ValidationContext } from './context.js';
import { evaluateSigner, type SignerTask } from './evaluate.js';
import { type BlockOutcome, compose, failed, indeterminate, passed } from './outcome.js';
import { type ContainerEvidence, containerEvidence, type RevocationRecorder } from './revocation.js';
import { signerIdentity } from './signer-identity.js';
import { evaluateTimestamp } from './timestamps.js';

export const PDF_CONTAINER_PROBLEMS = {
  DETACHED_WITH_ECONTENT: 'PDF_DETACHED_SIGNATURE_HAS_ECONTENT',
  SHA1_DIGEST_MISMATCH: 'PDF_PKCS7_SHA1_DIGEST_MISMATCH',
  SUBFILTER_UNSUPPORTED: 'PDF_SUBFILTER_UNSUPPORTED',
  SEVERAL_SIGNERS: 'PDF_SEVERAL_SIGNER_INFOS',
} as const;

const DETACHED = new Set(['adbe.pkcs7.detached', 'ETSI.CAdES.detached']);

export async function verifyPdfContainer(
  ctx: ValidationContext,
  bytes: Uint8Array,
): Promise<ContainerResult> {
  const analysis = analyzePdf(bytes, ctx.options.limits);
  const dssCertificates = parseDssCertificates(analysis.dss.certificates, analysis.problems);
  const doc: PdfDocumentFacts = {
    dssCertificates,
    dssEvidence: { crls: analysis.dss.crls, ocsps: analysis.dss.ocsps, origin: 'pdf-dss' },
    unaccountedTrailingBytes: hasContentAfterEof(bytes, analysis.trailingBytes),
    hasDss: analysis.dss.certificates.length + analysis.dss.crls.length + analysis.dss.ocsps.length > 0,
    docTimestamps: [],
  };
  // Document timestamps first: a valid one is a proof of existence for every earlier signature.
  const results = new Map<PdfSignature, SignatureResult>();
  for (const sig of analysis.signatures.filter((s) => s.kind === 'document-timestamp')) {
    const r = await verifyPdfSignature(ctx, sig, doc);
    results.set(sig, r);
    if (r.indication === 'TOTAL_PASSED' && r.time.proven)
      doc.docTimestamps.push({ revision: sig.coverage.signedRevision, time: new Date(r.time.proven) });
  }
  for (const sig of analysis.signatures) {
    if (results.has(sig)) continue;
    results.set(
      sig,
      Date.now() > ctx.deadline ? budgetExceeded(ctx, sig.id) : await verifyPdfSignature(ctx, sig, doc),
    );
  }
  return { signatures: analysis.signatures.map((s) => results.get(s)!), problems: analysis.problems };
}

function parseDssCertificates(ders: readonly Uint8Array[], problems: Problem[]): Certificate[] {
  const out: Certificate[] = [];
  for (const der of ders) {
    try {
      out.push(parseCertificate(der, 'pdf-dss'));
    } catch (e) {
      if (!isCrossignError(e)) throw e;
      problems.push({ code: 'PDF_DSS_CERTIFICATE_MALFORMED', severity: 'warning', message: e.message });
    }
  }
  return out;
}

function formatFailed(ctx: ValidationContext, sig: PdfSignature, problems: Problem[]): SignatureResult {
  return {
    id: sig.id,
    kind: sig.kind,
    format: sig.subFilter || 'unknown',
    indication: 'TOTAL_FAILED',
    subIndication: 'FORMAT_FAILURE',
    signer: null,
    time: sig.claimedTime ? { claimed: sig.claimedTime.toISOString() } : {},
    integrity: { ok: false },
    coverage: sig.coverage,
    chain: notCheckedChain(ctx.validationTime, 'the signature is malformed'),
    revocation: [],
    timestamps: [],
    recognition: {},
    problems,
  };
}

interface PdfDocumentFacts {
  dssCertificates: readonly Certificate[];
  /** Revocation data of the document security store, for every signature. */
  dssEvidence: ContainerEvidence;
  hasDss: boolean;
  /** Non-blank bytes follow the last %%EOF. */
  unaccountedTrailingBytes: boolean;
  /** Valid document timestamps: the revision they sign and their genTime. */
  docTimestamps: { revision: number; time: Date }[];
}

async function verifyPdfSignature(
  ctx: ValidationContext,
  sig: PdfSignature,
  doc: PdfDocumentFacts,
): Promise<SignatureResult> {
  const problems: Problem[] = [...sig.problems];
  const supported =
    DETACHED.has(sig.subFilter) || sig.subFilter === 'adbe.pkcs7.sha1' || sig.subFilter === 'ETSI.RFC3161';
  if (!supported) {
    problems.push({
      code: PDF_CONTAINER_PROBLEMS.SUBFILTER_UNSUPPORTED,
      severity: 'error',
      message: `signature format ${sig.subFilter || '(none)'} is not supported (legacy or unknown /SubFilter)`,
    });
    return formatFailed(ctx, sig, problems);
  }
  let sd: ParsedSignedData;
  try {
    sd = parseSignedData(sig.contents, ctx.options.limits.maxAsn1Depth);
  } catch (e) {
    if (!isCrossignError(e)) throw e;
    problems.push({ code: e.problem ?? 'CMS_MALFORMED', severity: 'error', message: e.message });
    return formatFailed(ctx, sig, problems);
  }
  const signer = sd.signers[0];
  if (!signer) {
    problems.push({ code: 'CMS_NO_SIGNER', severity: 'error', message: 'the CMS has no SignerInfo' });
    return formatFailed(ctx, sig, problems);
  }
  if (sd.signers.length > 1)
    problems.push({
      code: PDF_CONTAINER_PROBLEMS.SEVERAL_SIGNERS,
      severity: 'warning',
      message: `the CMS holds ${sd.signers.length} SignerInfos; only the first is the PDF signature`,
    });

  // A byte range that is not the revision minus /Contents is a FORMAT_FAILURE whatever the CMS says;
  // the CMS is still checked so the verdict can tell "intact over what it covers" from "broken".
  const containerOutcomes: BlockOutcome[] = sig.formatFailure ? [failed('format', 'FORMAT_FAILURE')] : [];
  let content: readonly Uint8Array[];
  if (DETACHED.has(sig.subFilter)) {
    if (sd.eContent) {
      // pyHanko rejects this too: what the CMS signs would not be the document's byte ranges.
      problems.push({
        code: PDF_CONTAINER_PROBLEMS.DETACHED_WITH_ECONTENT,
        severity: 'error',
        message: `a ${sig.subFilter} signature must not encapsulate content`,
      });
      return formatFailed(ctx, sig, problems);
    }
    content = sig.signedParts;
  } else if (sig.subFilter === 'adbe.pkcs7.sha1') {
    // The encapsulated content is the SHA-1 digest of the byte ranges (ISO 32000-1 §12.8.3.3).
    const expected = digestParts('SHA-1', sig.signedParts, ctx.crypto);
    if (!sd.eContent || !equalBytes(sd.eContent, expected)) {
      problems.push({
        code: PDF_CONTAINER_PROBLEMS.SHA1_DIGEST_MISMATCH,
        severity: 'error',
        message: 'the encapsulated SHA-1 digest does not match the signed byte ranges',
      });
      return { ...formatFailed(ctx, sig, problems), subIndication: 'HASH_FAILURE' };
    }
    content = [sd.eContent];
  } else {
    return verifyDocumentTimestamp(ctx, sig, doc, problems);
  }
  containerOutcomes.push(modificationOutcome(sig));
  // Bytes after the last %%EOF belong to no revision: a repairing viewer may show objects there that no
  // signature covers, so nothing can pass while they are present.
  if (doc.unaccountedTrailingBytes)
    containerOutcomes.push(indeterminate('modification', 'SIG_CONSTRAINTS_FAILURE'));
  const later = doc.docTimestamps.filter((t) => t.revision > sig.coverage.signedRevision);
  const earliest = later.reduce<Date | undefined>((m, t) => (!m || t.time < m ? t.time : m), undefined);
  const task: SignerTask = {
    id: sig.id,
    kind: sig.kind,
    formatFamily: sig.subFilter === 'ETSI.CAdES.detached' ? 'PAdES' : 'PKCS7',
    sd,
    signer,
    content,
    cms: sig.contents,
    containerOutcomes,
    containerProblems: problems,
    coverage: sig.coverage,
    extraCertificates: doc.dssCertificates,
    containerEvidence: [doc.dssEvidence],
    hasDss: doc.hasDss,
    laterDocumentTimestamp: doc.hasDss && later.length > 0,
  };
  if (earliest) task.externalPoe = { time: earliest, by: 'document-timestamp' };
  if (sig.claimedTime) task.containerClaimedTime = sig.claimedTime;
  return evaluateSigner(ctx, task);
}

function modificationOutcome(sig: PdfSignature): BlockOutcome {
  return sig.coverage.modifiedAfterSigning
    ? indeterminate('modification', 'SIG_CONSTRAINTS_FAILURE')
    : passed('modification');
}

/** An ETSI.RFC3161 document timestamp: the token must stamp exactly the byte ranges. */
async function verifyDocumentTimestamp(
  ctx: ValidationContext,
  sig: PdfSignature,
  doc: PdfDocumentFacts,
  problems: Problem[],
): Promise<SignatureResult> {
  const pool = [...doc.dssCertificates, ...ctx.callerCertificates, ...ctx.anchors.map((a) => a.certificate)];
  const evidence = containerEvidence(ctx, [doc.dssEvidence]);
  const recorder: RevocationRecorder = { results: new Map(), problems: [] };
  const ev = await evaluateTimestamp(ctx, sig.contents, sig.signedParts, 'document', pool, {
    evidence,
    recorder,
  });
  problems.push(...ev.result.problems, ...recorder.problems);
  // The token's own indication already composes its integrity and its TSA chain (with revocation).
  const { indication, subIndication } = compose([
    {
      block: 'integrity',
      indication: ev.result.indication,
      ...(ev.result.subIndication ? { subIndication: ev.result.subIndication } : {}),
    },
    ...(ev.result.indication === 'TOTAL_PASSED' ? [passed('x509')] : []),
    modificationOutcome(sig),
  ]);
  const result: SignatureResult = {
    id: sig.id,
    kind: 'document-timestamp',
    format: 'PAdES-DTS',
    indication,
    signer: ev.tsaCertificate ? signerIdentity(ev.tsaCertificate) : null,
    time: ev.poe ? { proven: ev.poe.toISOString(), provenBy: 'document-timestamp' } : {},
    integrity: {
      ok: ev.result.imprintMatches && ev.result.subIndication !== 'SIG_CRYPTO_FAILURE' && !!ev.token,
      ...(ev.result.digestAlgorithm ? { digestAlgorithm: ev.result.digestAlgorithm } : {}),
    },
    coverage: sig.coverage,
    chain: ev.result.chain ?? notCheckedChain(ctx.validationTime, 'no TSA certificate'),
    revocation: [...recorder.results.values()],
    timestamps: [ev.result],
    recognition: {},
    problems,
  };
  if (subIndication) result.subIndication = subIndication;
  return result;
}

/** Whether the trailing bytes after the last %%EOF hold anything but whitespace and NULs. */
function hasContentAfterEof(bytes: Uint8Array, trailing: number): boolean {
  for (let i = bytes.length - trailing; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b !== 0 && b !== 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c) return true;
  }
  return false;
}
