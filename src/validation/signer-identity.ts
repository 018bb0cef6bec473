import type { SignerIdentity } from '../verdict/schema.js';
import type { Certificate } from '../x509/certificate.js';
import { firstAttribute } from '../x509/names.js';

export function signerIdentity(cert: Certificate): SignerIdentity {
  const s = cert.pkijs.subject;
  const id: SignerIdentity = {
    subject: cert.subject,
    issuer: cert.issuer,
    serialNumber: cert.serialNumber,
    certificateSha256: cert.sha256,
  };
  const cn = firstAttribute(s, 'CN');
  const c = firstAttribute(s, 'C');
  const o = firstAttribute(s, 'O');
  const e = firstAttribute(s, 'E');
  if (cn) id.commonName = cn;
  if (c) id.country = c;
  if (o) id.organization = o;
  if (e) id.email = e;
  return id;
}
