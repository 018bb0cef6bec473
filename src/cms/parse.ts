/**
 * SignedData parsing: pkijs for the structure, the asn1js tree for the exact bytes (certificates and
 * signed attributes are verified over their original encoding, never a re-encoding).
 */
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { decodeBer, scanBer } from '../lib/ber.js';
import { concatBytes } from '../lib/bytes.js';
import { toCanonicalDer } from '../lib/der.js';
import { formatError, guardParse } from '../lib/errors.js';
import { serialHex } from '../x509/certificate.js';
import { OID, SIGNED_DATA_TYPES } from './oids.js';

export interface RawAttribute {
  type: string;
  /** DER of each value of the attribute's SET. */
  values: Uint8Array[];
  parsed: asn1js.AsnType[];
}

export type SignerId =
  | { kind: 'issuerSerial'; issuerDer: Uint8Array; serialNumber: string }
  | { kind: 'ski'; keyIdentifier: Uint8Array };

export interface ParsedSignerInfo {
  index: number;
  version: number;
  sid: SignerId;
  digestAlgorithmOid: string;
  /** The signed attributes as signed: the DER encoding of the SET (RFC 5652 §5.4), not the bytes as stored. */
  signedAttrsDer?: Uint8Array;
  signedAttrs?: RawAttribute[];
  signatureAlgorithmOid: string;
  signatureAlgorithmParams?: Uint8Array;
  signature: Uint8Array;
  unsignedAttrs: RawAttribute[];
}

export interface ParsedSignedData {
  contentType: string;
  version: number;
  digestAlgorithmOids: string[];
  eContentType: string;
  /** Encapsulated content, when attached (constructed OCTET STRINGs joined). */
  eContent?: Uint8Array;
  certificates: Uint8Array[];
  crls: Uint8Array[];
  /** RevocationInfoChoice "other" entries, e.g. OCSP responses (id-ri-ocsp-response). */
  otherRevocationInfo: { format: string; value: Uint8Array }[];
  signers: ParsedSignerInfo[];
}

function octetStringValue(node: asn1js.AsnType): Uint8Array {
  if (
    !(node instanceof asn1js.OctetString) &&
    !(node instanceof asn1js.Constructed || node instanceof asn1js.BaseBlock)
  )
    throw formatError('CMS_BAD_CONTENT', 'encapsulated content is not an OCTET STRING');
  const block = node as asn1js.OctetString;
  if (block.idBlock.isConstructed) {
    const parts = (block.valueBlock.value as asn1js.AsnType[]).map((c) => octetStringValue(c));
    return concatBytes(parts);
  }
  return new Uint8Array(block.valueBlock.valueHexView);
}

function rawAttributes(set: asn1js.AsnType | undefined): RawAttribute[] {
  if (!set) return [];
  const out: RawAttribute[] = [];
  for (const attr of (set as asn1js.Constructed).valueBlock.value) {
    const seq = attr as asn1js.Sequence;
    const [typeNode, valuesNode] = seq.valueBlock.value;
    if (!(typeNode instanceof asn1js.ObjectIdentifier) || !valuesNode)
      throw formatError('CMS_BAD_ATTRIBUTE', 'attribute without a type or values');
    const parsed = (valuesNode as asn1js.Set).valueBlock.value ?? [];
    out.push({
      type: typeNode.valueBlock.toString(),
      values: parsed.map((v) => new Uint8Array(v.valueBeforeDecodeView)),
      parsed,
    });
  }
  return out;
}

function tagged(node: asn1js.AsnType, n: number): boolean {
  return node.idBlock.tagClass === 3 && node.idBlock.tagNumber === n;
}

/** Parses a ContentInfo holding SignedData. Throws formatError(CMS_*) for anything else. */
export function parseSignedData(bytes: Uint8Array, maxDepth: number): ParsedSignedData {
  return guardParse('CMS_MALFORMED', 'the CMS', () => parseSignedDataUnguarded(bytes, maxDepth));
}

function parseSignedDataUnguarded(bytes: Uint8Array, maxDepth: number): ParsedSignedData {
  const limits = { maxDepth, maxElements: 2_000_000 };
  const end = scanBer(bytes, limits);
  if (end !== bytes.length) {
    // Trailing bytes after the ContentInfo are tolerated only if they are zero padding (PDF /Contents).
    for (let i = end; i < bytes.length; i++)
      if (bytes[i] !== 0) throw formatError('CMS_TRAILING_DATA', 'unexpected data after the CMS structure');
  }
  const root = decodeBer(bytes.subarray(0, end), limits);
  let ci: pkijs.ContentInfo;
  try {
    ci = new pkijs.ContentInfo({ schema: root });
  } catch (e) {
    throw formatError('CMS_NOT_CONTENT_INFO', 'not a CMS ContentInfo', e);
  }
  if (!SIGNED_DATA_TYPES.includes(ci.contentType))
    throw formatError('CMS_NOT_SIGNED_DATA', `CMS content type ${ci.contentType} is not SignedData`);
  if (!(ci.content instanceof asn1js.Sequence))
    throw formatError('CMS_MALFORMED_SIGNED_DATA', 'SignedData is not a SEQUENCE');
  const sdItems = ci.content.valueBlock.value;

  // Raw certificate and CRL bytes from the tree.
  const certificates: Uint8Array[] = [];
  const crls: Uint8Array[] = [];
  const otherRevocationInfo: { format: string; value: Uint8Array }[] = [];
  for (const item of sdItems) {
    if (tagged(item, 0) && item.idBlock.isConstructed) {
      for (const c of (item as asn1js.Constructed).valueBlock.value) {
        // Only plain X.509 certificates (SEQUENCE); attribute/other certificates are tagged.
        if (c.idBlock.tagClass === 1 && c.idBlock.tagNumber === 16)
          certificates.push(new Uint8Array(c.valueBeforeDecodeView));
      }
    } else if (tagged(item, 1) && item.idBlock.isConstructed) {
      for (const c of (item as asn1js.Constructed).valueBlock.value) {
        if (c.idBlock.tagClass === 1 && c.idBlock.tagNumber === 16)
          crls.push(new Uint8Array(c.valueBeforeDecodeView));
        else if (tagged(c, 1) && c.idBlock.isConstructed) {
          const [fmt, val] = (c as asn1js.Constructed).valueBlock.value;
          if (fmt instanceof asn1js.ObjectIdentifier && val)
            otherRevocationInfo.push({
              format: fmt.valueBlock.toString(),
              value: new Uint8Array(val.valueBeforeDecodeView),
            });
        }
      }
    }
  }

  // pkijs re-tags some elements of the tree it parses (RevocationInfoChoice [1]), so the raw walk
  // above runs first.
  let sd: pkijs.SignedData;
  try {
    sd = new pkijs.SignedData({ schema: ci.content });
  } catch (e) {
    throw formatError(
      'CMS_MALFORMED_SIGNED_DATA',
      `SignedData is malformed: ${(e as Error).message ?? e}`,
      e,
    );
  }
  // encapContentInfo is the third element.
  const eci = sdItems[2] as asn1js.Sequence | undefined;
  let eContent: Uint8Array | undefined;
  const eContentWrapper = eci?.valueBlock.value[1];
  if (eContentWrapper) {
    const inner = (eContentWrapper as asn1js.Constructed).valueBlock.value[0];
    if (!inner) throw formatError('CMS_BAD_CONTENT', 'empty eContent');
    eContent = octetStringValue(inner);
  }

  const signerInfosNode = sdItems[sdItems.length - 1] as asn1js.Set;
  const signers = sd.signerInfos.map((si, index): ParsedSignerInfo => {
    const siNode = signerInfosNode.valueBlock.value[index] as asn1js.Sequence;
    let signedAttrsNode: asn1js.AsnType | undefined;
    let unsignedAttrsNode: asn1js.AsnType | undefined;
    for (const el of siNode.valueBlock.value) {
      if (tagged(el, 0) && el.idBlock.isConstructed && el !== siNode.valueBlock.value[1])
        signedAttrsNode = el;
      if (tagged(el, 1) && el.idBlock.isConstructed) unsignedAttrsNode = el;
    }
    let sid: SignerId;
    if (si.sid instanceof pkijs.IssuerAndSerialNumber) {
      sid = {
        kind: 'issuerSerial',
        issuerDer: new Uint8Array(si.sid.issuer.toSchema().toBER(false)),
        serialNumber: serialHex(new Uint8Array(si.sid.serialNumber.valueBlock.valueHexView)),
      };
    } else {
      const ski = si.sid as asn1js.Constructed | asn1js.Primitive;
      const raw =
        ski instanceof asn1js.Constructed
          ? new Uint8Array((ski.valueBlock.value[0] as asn1js.OctetString).valueBlock.valueHexView)
          : new Uint8Array((ski as asn1js.Primitive).valueBlock.valueHexView);
      sid = { kind: 'ski', keyIdentifier: raw };
    }
    const out: ParsedSignerInfo = {
      index,
      version: si.version,
      sid,
      digestAlgorithmOid: si.digestAlgorithm.algorithmId,
      signatureAlgorithmOid: si.signatureAlgorithm.algorithmId,
      signature: new Uint8Array(si.signature.valueBlock.valueHexView),
      unsignedAttrs: rawAttributes(unsignedAttrsNode),
    };
    const params = si.signatureAlgorithm.algorithmParams as asn1js.AsnType | undefined;
    if (params && !(params instanceof asn1js.Null))
      out.signatureAlgorithmParams = new Uint8Array(params.toBER(false));
    if (signedAttrsNode) {
      const ber = new Uint8Array(signedAttrsNode.valueBeforeDecodeView).slice();
      ber[0] = 0x31;
      out.signedAttrsDer = toCanonicalDer(ber);
      out.signedAttrs = rawAttributes(signedAttrsNode);
    }
    return out;
  });

  const out: ParsedSignedData = {
    contentType: ci.contentType,
    version: sd.version,
    digestAlgorithmOids: sd.digestAlgorithms.map((a) => a.algorithmId),
    eContentType: sd.encapContentInfo.eContentType,
    certificates,
    crls,
    otherRevocationInfo,
    signers,
  };
  if (eContent) out.eContent = eContent;
  return out;
}

export { OID };
