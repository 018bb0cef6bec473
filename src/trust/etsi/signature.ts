/**
 * The enveloped XMLDSig/XAdES signature of a TS 119 612 list, checked with xmldsigjs/xadesjs on
 * WebCrypto against signer certificates the caller pins. Only the reference shapes TS 119 612 §5.7
 * allows are accepted (whole document with the enveloped transform, plus XAdES SignedProperties),
 * so wrapping tricks fail closed.
 */
import {
  DOMImplementation,
  DOMParser as XmldomParser,
  XMLSerializer as XmldomSerializer,
} from '@xmldom/xmldom';
import * as xades from 'xadesjs';
import * as xmldsig from 'xmldsigjs';
import { digestParts } from '../../crypto/registry.js';
import type { DigestName } from '../../crypto/types.js';
import { equalBytes, fromBase64 } from '../../lib/bytes.js';
import { isCrossignError } from '../../lib/errors.js';
import { type Certificate, parseCertificate } from '../../x509/certificate.js';
import type { TrustAnchor } from '../anchor.js';
import { type AnchorOptions, anchorsFromList } from './anchors.js';
import { child, childElements, type DomOptions, NS, TL_MALFORMED, text } from './dom.js';
import type { TrustedList } from './model.js';
import { parseTrustedListDocument } from './parse.js';

export { TL_MALFORMED };
export const TL_UNSIGNED = 'TL_UNSIGNED';
export const TL_SIGNATURE_INVALID = 'TL_SIGNATURE_INVALID';
export const TL_SIGNER_NOT_PINNED = 'TL_SIGNER_NOT_PINNED';
export const TL_EXPIRED = 'TL_EXPIRED';
export const TL_NOT_YET_VALID = 'TL_NOT_YET_VALID';

export type TrustListProblem =
  | typeof TL_MALFORMED
  | typeof TL_UNSIGNED
  | typeof TL_SIGNATURE_INVALID
  | typeof TL_SIGNER_NOT_PINNED
  | typeof TL_EXPIRED
  | typeof TL_NOT_YET_VALID;

const ENVELOPED = 'http://www.w3.org/2000/09/xmldsig#enveloped-signature';
const ALLOWED_TRANSFORMS: ReadonlySet<string> = new Set([
  ENVELOPED,
  'http://www.w3.org/2001/10/xml-exc-c14n#',
  'http://www.w3.org/2001/10/xml-exc-c14n#WithComments',
  'http://www.w3.org/TR/2001/REC-xml-c14n-20010315',
  'http://www.w3.org/TR/2001/REC-xml-c14n-20010315#WithComments',
  'http://www.w3.org/2006/12/xml-c14n11',
  'http://www.w3.org/2006/12/xml-c14n11#WithComments',
]);
const SIGNED_PROPERTIES_TYPE = 'http://uri.etsi.org/01903#SignedProperties';

const XMLDSIG_DIGESTS: Record<string, DigestName> = {
  'http://www.w3.org/2000/09/xmldsig#sha1': 'SHA-1',
  'http://www.w3.org/2001/04/xmlenc#sha256': 'SHA-256',
  'http://www.w3.org/2001/04/xmldsig-more#sha384': 'SHA-384',
  'http://www.w3.org/2001/04/xmlenc#sha512': 'SHA-512',
};

export interface SignatureCheckOptions {
  /** DER certificates allowed to sign this list. */
  pinnedSigners: readonly Uint8Array[];
  /** WebCrypto to use; default globalThis.crypto.subtle. */
  subtle?: SubtleCrypto;
}

export type SignatureCheck =
  | { ok: true; signer: Certificate; signingTime?: Date; keyInfoCertificates: Uint8Array[] }
  | { ok: false; code: TrustListProblem; reason: string; keyInfoCertificates: Uint8Array[] };

/** Exposes the two checks xmldsigjs keeps protected, so the digests are computed once per list. */
class ListSignedXml extends xades.SignedXml {
  checkReferences(content: Element): Promise<boolean> {
    return this.ValidateReferences(content);
  }
  checkSignatureValue(keys: CryptoKey[]): Promise<boolean> {
    return this.ValidateSignatureValue(keys);
  }
}

let configuredSubtle: SubtleCrypto | undefined;
let domConfigured = false;

function configure(subtle: SubtleCrypto): void {
  if (!domConfigured && typeof (globalThis as { DOMParser?: unknown }).DOMParser === 'undefined') {
    // xmldsigjs re-serialises nodes; in Node it needs a DOM implementation registered.
    xades.setNodeDependencies({
      DOMParser: XmldomParser,
      XMLSerializer: XmldomSerializer,
      DOMImplementation,
    });
  }
  domConfigured = true;
  if (configuredSubtle !== subtle) {
    const engine = {
      subtle,
      getRandomValues: <T extends ArrayBufferView>(a: T): T => globalThis.crypto.getRandomValues(a as never),
    };
    xmldsig.Application.setEngine('crossign', engine as unknown as Crypto);
    configuredSubtle = subtle;
  }
}

function message(e: unknown): string {
  const m = (e as { message?: unknown } | null)?.message;
  return typeof m === 'string' ? m : String(e);
}

function keyInfoCertificates(sig: Element): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (const x of childElements(child(sig, NS.ds, 'KeyInfo'), NS.ds, 'X509Data')) {
    for (const c of childElements(x, NS.ds, 'X509Certificate')) {
      try {
        out.push(fromBase64(text(c) ?? ''));
      } catch {
        // A KeyInfo certificate that is not base64 cannot be the signer.
      }
    }
  }
  return out;
}

/** Reference shapes TS 119 612 allows; anything else (XPath, external URIs, other ids) is refused. */
function checkReferenceShapes(sig: Element, root: Element): string | undefined {
  const signedInfo = child(sig, NS.ds, 'SignedInfo');
  const refs = childElements(signedInfo, NS.ds, 'Reference');
  const rootId = root.getAttribute('Id');
  let coversDocument = false;
  for (const r of refs) {
    const uri = r.getAttribute('URI') ?? '';
    const transforms = childElements(child(r, NS.ds, 'Transforms'), NS.ds, 'Transform').map(
      (t) => t.getAttribute('Algorithm') ?? '',
    );
    const bad = transforms.find((t) => !ALLOWED_TRANSFORMS.has(t));
    if (bad) return `reference ${uri || '""'} uses transform ${bad}`;
    if (uri === '' || (rootId && uri === `#${rootId}`)) {
      if (!transforms.includes(ENVELOPED))
        return 'the document reference lacks the enveloped-signature transform';
      coversDocument = true;
    } else if (r.getAttribute('Type') === SIGNED_PROPERTIES_TYPE && uri.startsWith('#')) {
      const id = uri.slice(1);
      const sp = findSignedProperties(sig);
      if (!sp || sp.getAttribute('Id') !== id)
        return `reference ${uri} does not point at this signature's SignedProperties`;
    } else {
      return `unexpected reference ${uri}`;
    }
  }
  return coversDocument ? undefined : 'no reference covers the whole list';
}

function findSignedProperties(sig: Element): Element | undefined {
  for (const obj of childElements(sig, NS.ds, 'Object')) {
    const qp = child(obj, NS.xades, 'QualifyingProperties');
    const sp = child(qp, NS.xades, 'SignedProperties');
    if (sp) return sp;
  }
  return undefined;
}

/** XAdES SigningCertificate, when present, must name the certificate that verified. */
function signingCertificateMismatch(sig: Element, signer: Certificate): string | undefined {
  const ssp = child(findSignedProperties(sig), NS.xades, 'SignedSignatureProperties');
  const sc = child(ssp, NS.xades, 'SigningCertificate');
  if (!sc) return undefined;
  const certs = childElements(sc, NS.xades, 'Cert');
  for (const c of certs) {
    const cd = child(c, NS.xades, 'CertDigest');
    const alg = child(cd, NS.ds, 'DigestMethod')?.getAttribute('Algorithm') ?? '';
    const name = XMLDSIG_DIGESTS[alg];
    const value = text(child(cd, NS.ds, 'DigestValue'));
    if (!name || !value) continue;
    try {
      if (equalBytes(digestParts(name, [signer.der]), fromBase64(value))) return undefined;
    } catch {
      // Unreadable digest: keep looking, fail below.
    }
  }
  return 'XAdES SigningCertificate does not match the certificate that verified the signature';
}

function signingTimeOf(sig: Element): Date | undefined {
  const ssp = child(findSignedProperties(sig), NS.xades, 'SignedSignatureProperties');
  const t = text(child(ssp, NS.xades, 'SigningTime'));
  const d = t ? new Date(t) : undefined;
  return d && !Number.isNaN(d.getTime()) ? d : undefined;
}

async function importKey(der: Uint8Array, algorithm: Algorithm): Promise<CryptoKey | undefined> {
  try {
    return await new xmldsig.X509Certificate(der as Uint8Array<ArrayBuffer>).exportKey({
      ...algorithm,
    } as RsaHashedImportParams);
  } catch {
    return undefined;
  }
}

/** Checks the list's enveloped signature against the pinned signer certificates. */
export async function verifyListSignature(
  doc: Document,
  opts: SignatureCheckOptions,
): Promise<SignatureCheck> {
  const subtle = opts.subtle ?? globalThis.crypto?.subtle;
  const root = doc.documentElement;
  const sigs = childElements(root, NS.ds, 'Signature');
  if (sigs.length === 0) {
    return {
      ok: false,
      code: TL_UNSIGNED,
      reason: 'the list carries no enveloped ds:Signature',
      keyInfoCertificates: [],
    };
  }
  const sig = sigs[0]!;
  const kic = keyInfoCertificates(sig);
  const fail = (code: TrustListProblem, reason: string): SignatureCheck => ({
    ok: false,
    code,
    reason,
    keyInfoCertificates: kic,
  });
  if (sigs.length > 1) return fail(TL_SIGNATURE_INVALID, 'the list carries more than one signature');
  if (!subtle) return fail(TL_SIGNATURE_INVALID, 'no WebCrypto available to check the list signature');
  const shape = checkReferenceShapes(sig, root);
  if (shape) return fail(TL_SIGNATURE_INVALID, shape);
  configure(subtle);
  let sx: ListSignedXml;
  try {
    sx = new ListSignedXml(doc);
    sx.LoadXml(sig);
  } catch (e) {
    return fail(TL_SIGNATURE_INVALID, `signature cannot be read: ${message(e)}`);
  }
  try {
    // Digest over a clone, as SignedXml.Verify does: the enveloped transform edits its input.
    if (!(await sx.checkReferences(root.cloneNode(true) as Element)))
      return fail(TL_SIGNATURE_INVALID, 'reference digest mismatch');
  } catch (e) {
    return fail(TL_SIGNATURE_INVALID, `the signed content was altered: ${message(e)}`);
  }
  const algorithm = sx.Algorithm;
  if (!algorithm) return fail(TL_SIGNATURE_INVALID, 'unknown signature algorithm');
  for (const der of opts.pinnedSigners) {
    const key = await importKey(der, algorithm);
    if (!key) continue;
    let ok = false;
    try {
      ok = await sx.checkSignatureValue([key]);
    } catch {
      ok = false;
    }
    if (!ok) continue;
    let signer: Certificate;
    try {
      signer = parseCertificate(der, 'anchor');
    } catch (e) {
      return fail(TL_SIGNATURE_INVALID, `pinned signer certificate cannot be parsed: ${message(e)}`);
    }
    const mismatch = signingCertificateMismatch(sig, signer);
    if (mismatch) return fail(TL_SIGNATURE_INVALID, mismatch);
    const signingTime = signingTimeOf(sig);
    return signingTime
      ? { ok: true, signer, signingTime, keyInfoCertificates: kic }
      : { ok: true, signer, keyInfoCertificates: kic };
  }
  for (const der of kic) {
    const key = await importKey(der, algorithm);
    if (!key) continue;
    try {
      if (await sx.checkSignatureValue([key])) {
        let who = 'a certificate in KeyInfo';
        try {
          who = parseCertificate(der, 'signature').subject;
        } catch {
          // Keep the generic description.
        }
        return fail(
          TL_SIGNER_NOT_PINNED,
          `the list is signed by ${who}, which is not among the pinned signers`,
        );
      }
    } catch {
      // Not this key.
    }
  }
  return fail(
    TL_SIGNATURE_INVALID,
    opts.pinnedSigners.length === 0
      ? 'no pinned signer given and the signature does not verify with its KeyInfo certificate'
      : 'the signature value does not verify with any pinned signer or KeyInfo certificate',
  );
}

export interface LoadOptions extends DomOptions, AnchorOptions, SignatureCheckOptions {
  /** Time the list must be current at; default now. */
  now?: Date;
  /** Accept a list past its NextUpdate (e.g. to validate at a past time). Default false. */
  allowExpired?: boolean;
  /** Tolerance after NextUpdate before the list counts as expired, in ms. Default 0. */
  expiryGraceMs?: number;
}

export type LoadResult =
  | { ok: true; list: TrustedList; anchors: TrustAnchor[]; signer: Certificate; signingTime?: Date }
  | { ok: false; code: TrustListProblem; reason: string; list?: TrustedList };

/** Parses, checks the signature and freshness, then builds anchors. Never returns an unverified list as ok. */
export async function loadTrustedList(xml: string | Uint8Array, opts: LoadOptions): Promise<LoadResult> {
  let parsed: ReturnType<typeof parseTrustedListDocument>;
  try {
    parsed = parseTrustedListDocument(xml, opts);
  } catch (e) {
    if (isCrossignError(e)) return { ok: false, code: TL_MALFORMED, reason: e.message };
    return { ok: false, code: TL_MALFORMED, reason: `trusted list cannot be read: ${message(e)}` };
  }
  const { list, document } = parsed;
  const sig = await verifyListSignature(document, opts);
  if (!sig.ok) return { ok: false, code: sig.code, reason: sig.reason, list };
  const now = opts.now ?? new Date();
  const grace = opts.expiryGraceMs ?? 0;
  if (list.nextUpdate && !opts.allowExpired && now.getTime() > list.nextUpdate.getTime() + grace) {
    return {
      ok: false,
      code: TL_EXPIRED,
      reason: `the list's NextUpdate ${list.nextUpdate.toISOString()} is before ${now.toISOString()}`,
      list,
    };
  }
  if (list.issued.getTime() > now.getTime() + Math.max(grace, 5 * 60_000)) {
    return {
      ok: false,
      code: TL_NOT_YET_VALID,
      reason: `the list is issued ${list.issued.toISOString()}, after ${now.toISOString()}`,
      list,
    };
  }
  const { anchors } = anchorsFromList(list, opts);
  const out: LoadResult = { ok: true, list, anchors, signer: sig.signer };
  if (sig.signingTime) out.signingTime = sig.signingTime;
  return out;
}
