/** A throw-away test PKI built with @peculiar/x509 over WebCrypto, with arbitrary extensions. */
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import * as asn1js from 'asn1js';
import { defaultCryptoContext } from '../../src/crypto/context.js';
import type { TrustAnchor } from '../../src/trust/anchor.js';
import { type Certificate, parseCertificate } from '../../src/x509/certificate.js';

const wc = webcrypto as unknown as Crypto;
x509.cryptoProvider.set(wc);
export const crypto = defaultCryptoContext({ subtle: wc.subtle });

const ALG = {
  name: 'RSASSA-PKCS1-v1_5',
  hash: 'SHA-256',
  publicExponent: new Uint8Array([1, 0, 1]),
  modulusLength: 1024,
};

export interface Party {
  name: string;
  keys: CryptoKeyPair;
}

export async function party(name: string): Promise<Party> {
  const keys = (await wc.subtle.generateKey(ALG, true, ['sign', 'verify'])) as CryptoKeyPair;
  return { name, keys };
}

export const T0 = new Date('2020-01-01T00:00:00Z');
export const T1 = new Date('2030-01-01T00:00:00Z');
export const NOW = new Date('2025-06-01T00:00:00Z');

export interface CertSpec {
  subject: Party;
  /** Signer; default: self-signed. */
  issuer?: Party;
  /** Issuer DN as written in the certificate, when it must differ from issuer.name. */
  issuerName?: string;
  ca?: boolean;
  pathLen?: number;
  /** Leave out basicConstraints entirely. */
  noBasicConstraints?: boolean;
  keyUsage?: number;
  eku?: string[];
  ekuCritical?: boolean;
  notBefore?: Date;
  notAfter?: Date;
  /** Default true: add SKI, and AKI when issued by another party. */
  keyIds?: boolean;
  extensions?: x509.Extension[];
  serial?: string;
}

let serial = 1;

export async function cert(spec: CertSpec): Promise<Certificate> {
  const issuer = spec.issuer ?? spec.subject;
  const exts: x509.Extension[] = [];
  if (!spec.noBasicConstraints && (spec.ca || spec.pathLen !== undefined))
    exts.push(new x509.BasicConstraintsExtension(true, spec.pathLen, true));
  else if (!spec.noBasicConstraints && spec.ca === false)
    exts.push(new x509.BasicConstraintsExtension(false, undefined, true));
  const ku =
    spec.keyUsage ??
    (spec.ca
      ? x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign
      : x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation);
  if (ku !== 0) exts.push(new x509.KeyUsagesExtension(ku, true));
  if (spec.eku) exts.push(new x509.ExtendedKeyUsageExtension(spec.eku, spec.ekuCritical ?? false));
  if (spec.keyIds !== false) {
    exts.push(await x509.SubjectKeyIdentifierExtension.create(spec.subject.keys.publicKey));
    if (spec.issuer && spec.issuer !== spec.subject)
      exts.push(await x509.AuthorityKeyIdentifierExtension.create(issuer.keys.publicKey));
  }
  exts.push(...(spec.extensions ?? []));
  const made = await x509.X509CertificateGenerator.create({
    serialNumber: spec.serial ?? (serial++).toString(16).padStart(4, '0'),
    subject: spec.subject.name,
    issuer: spec.issuerName ?? issuer.name,
    notBefore: spec.notBefore ?? T0,
    notAfter: spec.notAfter ?? T1,
    publicKey: spec.subject.keys.publicKey,
    signingKey: issuer.keys.privateKey,
    signingAlgorithm: ALG,
    extensions: exts,
  });
  return parseCertificate(new Uint8Array(made.rawData), 'caller');
}

export function anchor(c: Certificate, extra: Partial<TrustAnchor> = {}): TrustAnchor {
  return { certificate: c, lists: [], ...extra };
}

// ---------- raw extension builders (forms @peculiar/x509 has no class for) ----------

const ctxPrim = (n: number, bytes: Uint8Array) =>
  new asn1js.Primitive({
    idBlock: { tagClass: 3, tagNumber: n },
    valueHex: bytes.slice().buffer as ArrayBuffer,
  });
const ctxCons = (n: number, value: asn1js.AsnType[]) =>
  new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: n }, value });
const ascii = (s: string) => new TextEncoder().encode(s);

export type NameSpec =
  | { dns: string }
  | { email: string }
  | { uri: string }
  | { ip: readonly number[] }
  | { dn: string };

function generalName(n: NameSpec): asn1js.AsnType {
  if ('dns' in n) return ctxPrim(2, ascii(n.dns));
  if ('email' in n) return ctxPrim(1, ascii(n.email));
  if ('uri' in n) return ctxPrim(6, ascii(n.uri));
  if ('ip' in n) return ctxPrim(7, new Uint8Array(n.ip));
  const der = new x509.Name(n.dn).toArrayBuffer();
  return ctxCons(4, [asn1js.fromBER(der).result]);
}

const ext = (oid: string, critical: boolean, node: asn1js.AsnType) =>
  new x509.Extension(oid, critical, node.toBER(false));

export function nameConstraintsExt(
  permitted: NameSpec[] | undefined,
  excluded: NameSpec[] | undefined,
): x509.Extension {
  const subtrees = (list: NameSpec[]) => list.map((n) => new asn1js.Sequence({ value: [generalName(n)] }));
  const value: asn1js.AsnType[] = [];
  if (permitted) value.push(ctxCons(0, subtrees(permitted)));
  if (excluded) value.push(ctxCons(1, subtrees(excluded)));
  return ext('2.5.29.30', true, new asn1js.Sequence({ value }));
}

export function sanExt(names: readonly NameSpec[]): x509.Extension {
  return ext('2.5.29.17', false, new asn1js.Sequence({ value: names.map(generalName) }));
}

export function policiesExt(oids: string[], critical = false): x509.Extension {
  return ext(
    '2.5.29.32',
    critical,
    new asn1js.Sequence({
      value: oids.map((o) => new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: o })] })),
    }),
  );
}

export function policyMappingsExt(pairs: [string, string][]): x509.Extension {
  return ext(
    '2.5.29.33',
    true,
    new asn1js.Sequence({
      value: pairs.map(
        ([a, b]) =>
          new asn1js.Sequence({
            value: [new asn1js.ObjectIdentifier({ value: a }), new asn1js.ObjectIdentifier({ value: b })],
          }),
      ),
    }),
  );
}

export function policyConstraintsExt(
  requireExplicitPolicy?: number,
  inhibitPolicyMapping?: number,
): x509.Extension {
  const value: asn1js.AsnType[] = [];
  if (requireExplicitPolicy !== undefined) value.push(ctxPrim(0, new Uint8Array([requireExplicitPolicy])));
  if (inhibitPolicyMapping !== undefined) value.push(ctxPrim(1, new Uint8Array([inhibitPolicyMapping])));
  return ext('2.5.29.36', true, new asn1js.Sequence({ value }));
}

export function inhibitAnyPolicyExt(skip: number): x509.Extension {
  return ext('2.5.29.54', true, new asn1js.Integer({ value: skip }));
}

export function rawExt(oid: string, critical: boolean, der: Uint8Array): x509.Extension {
  return new x509.Extension(oid, critical, der.slice().buffer as ArrayBuffer);
}

export const KU = x509.KeyUsageFlags;
