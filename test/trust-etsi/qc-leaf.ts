/** Leaf certificates issued by the fixture "ZZ Qualified CA" (fixtures/trust-lists/keys/listed-ca.pk8, a TEST key). */
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import * as asn1js from 'asn1js';
import { type Certificate, parseCertificate } from '../../src/x509/certificate.js';
import { fixture } from './helpers.js';

const RSA = {
  name: 'RSASSA-PKCS1-v1_5',
  hash: 'SHA-256',
  publicExponent: new Uint8Array([1, 0, 1]),
  modulusLength: 2048,
};
const QCS = '1.3.6.1.5.5.7.1.3';

export interface LeafSpec {
  /** QCStatements: QcCompliance, QcSSCD, QcType; omit for a certificate without QC statements. */
  qc?: { compliance?: boolean; sscd?: boolean; type?: 'esign' | 'eseal' };
  serial: string;
}

function qcStatements(qc: NonNullable<LeafSpec['qc']>): ArrayBuffer {
  const st: asn1js.Sequence[] = [];
  if (qc.compliance)
    st.push(new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: '0.4.0.1862.1.1' })] }));
  if (qc.sscd)
    st.push(new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: '0.4.0.1862.1.4' })] }));
  if (qc.type)
    st.push(
      new asn1js.Sequence({
        value: [
          new asn1js.ObjectIdentifier({ value: '0.4.0.1862.1.6' }),
          new asn1js.Sequence({
            value: [
              new asn1js.ObjectIdentifier({
                value: qc.type === 'esign' ? '0.4.0.1862.1.6.1' : '0.4.0.1862.1.6.2',
              }),
            ],
          }),
        ],
      }),
    );
  return new asn1js.Sequence({ value: st }).toBER(false);
}

let caKeys: Promise<CryptoKey> | undefined;
function caKey(): Promise<CryptoKey> {
  caKeys ??= webcrypto.subtle.importKey('pkcs8', fixture('keys/listed-ca.pk8'), RSA, false, [
    'sign',
  ]) as Promise<CryptoKey>;
  return caKeys;
}

export const listedCa = (): Certificate => parseCertificate(fixture('listed-ca.der'), 'anchor');

export async function issueLeaf(spec: LeafSpec): Promise<Certificate> {
  x509.cryptoProvider.set(webcrypto as unknown as Crypto);
  const keys = (await webcrypto.subtle.generateKey(RSA, true, ['sign', 'verify'])) as CryptoKeyPair;
  const ca = new x509.X509Certificate(fixture('listed-ca.der') as Uint8Array<ArrayBuffer>);
  const extensions: x509.Extension[] = [
    new x509.KeyUsagesExtension(
      x509.KeyUsageFlags.nonRepudiation | x509.KeyUsageFlags.digitalSignature,
      true,
    ),
  ];
  if (spec.qc) extensions.push(new x509.Extension(QCS, false, qcStatements(spec.qc)));
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: spec.serial,
    subject: `CN=Test Signer ${spec.serial}, C=ZZ`,
    issuer: ca.subject,
    notBefore: new Date('2019-06-01T00:00:00Z'),
    notAfter: new Date('2040-01-01T00:00:00Z'),
    signingAlgorithm: RSA,
    publicKey: keys.publicKey,
    signingKey: await caKey(),
    extensions,
  });
  return parseCertificate(new Uint8Array(cert.rawData), 'signature');
}
