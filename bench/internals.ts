/**
 * The internal entry points the algorithm micro-measurement calls (not part of the public API), built
 * by bench/run.mjs as one more entry next to the library so the figures are for the same build.
 * The CMS → registry request is read with pkijs here, as test/national/util.ts does, so the timed
 * loop is verifySignature alone.
 */
import * as pkijs from 'pkijs';
import { defaultCryptoContext } from '../src/crypto/context.js';
import { verifySignature } from '../src/crypto/registry.js';
import { parseSpki } from '../src/crypto/spki.js';
import type { VerifyRequest } from '../src/crypto/types.js';
import { fromBase64, toArrayBuffer } from '../src/lib/bytes.js';

export { defaultCryptoContext, verifySignature };

function derFromPemOrDer(bytes: Uint8Array): Uint8Array {
  const text = new TextDecoder('latin1').decode(bytes);
  return text.includes('-----BEGIN') ? fromBase64(text.replace(/-----[^-]+-----/g, '')) : bytes;
}

/** The first SignerInfo of a CMS SignedData as a registry request (signed attributes re-tagged as a SET). */
export function signerInfoRequest(cms: Uint8Array): VerifyRequest {
  const ci = pkijs.ContentInfo.fromBER(toArrayBuffer(derFromPemOrDer(cms)));
  const sd = new pkijs.SignedData({ schema: ci.content });
  const si = sd.signerInfos[0];
  if (!si) throw new Error('no SignerInfo');
  const sid = si.sid;
  const cert = (sd.certificates ?? []).find(
    (c): c is pkijs.Certificate =>
      c instanceof pkijs.Certificate &&
      sid instanceof pkijs.IssuerAndSerialNumber &&
      c.serialNumber.isEqual(sid.serialNumber) &&
      c.issuer.isEqual(sid.issuer),
  );
  if (!cert) throw new Error('signer certificate not in the SignedData');
  let data: Uint8Array;
  if (si.signedAttrs) {
    data = new Uint8Array(si.signedAttrs.encodedValue);
    data[0] = 0x31;
  } else {
    const e = sd.encapContentInfo.eContent;
    if (!e) throw new Error('detached content without signed attributes');
    data = new Uint8Array(e.getValue());
  }
  return {
    algorithmOid: si.signatureAlgorithm.algorithmId,
    digestOid: si.digestAlgorithm.algorithmId,
    key: parseSpki(new Uint8Array(cert.subjectPublicKeyInfo.toSchema().toBER())),
    data,
    signature: new Uint8Array(si.signature.valueBlock.valueHexView),
  };
}
