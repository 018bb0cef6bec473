import { readFileSync } from 'node:fs';
import * as asn1js from 'asn1js';
import { verify } from '/work/main/src/verify.js';
const rd = (p: string) => new Uint8Array(readFileSync(`/work/main/fixtures/${p}`));
const good = rd('cms/rsa-sha256-attached.p7m');
const base = { trustAnchors: [rd('pki/root-ca.pem')], validationTime: new Date('2027-01-01T00:00:00Z'), revocation: { mode: 'off' as const } };
const codes = (v: any) => [...v.problems, ...v.signatures.flatMap((s: any) => s.problems)].map((p: any) => p.code);
for (const [f, lim] of [['cms/same-name-ca.p7m', { maxPathAttempts: 1 }], ['cms/rsa-sha256-attached.p7m', { maxPathAttempts: 1 }], ['cms/multi-signer.p7m', { maxSignatures: 1 }], ['cms/rsa-sha256-attached.p7m', { maxCertificates: 1 }], ['cms/rsa-sha256-attached.p7m', { maxAsn1Depth: 4 }]] as const) {
  const v = await verify(rd(f), { ...base, limits: lim });
  console.log(f, JSON.stringify(lim), v.indication, v.subIndication, v.signatures.length, codes(v));
}
function withExtraCerts(der: Uint8Array, n: number): Uint8Array {
  const root = asn1js.fromBER(der).result as asn1js.Sequence;
  const sd = (root.valueBlock.value[1] as asn1js.Constructed).valueBlock.value[0] as asn1js.Sequence;
  const certs = sd.valueBlock.value.find((x) => x.idBlock.tagClass === 3 && x.idBlock.tagNumber === 0) as asn1js.Constructed;
  const extra = certs.valueBlock.value[0]!;
  for (let i = 0; i < n; i++) certs.valueBlock.value.push(asn1js.fromBER(extra.toBER()).result);
  return new Uint8Array(root.toBER());
}
const same = withExtraCerts(good, 0);
console.log('reencode identical', Buffer.compare(Buffer.from(same), Buffer.from(good)) === 0);
const big = withExtraCerts(good, 600);
for (const lim of [{}, { maxCertificates: 1000 }]) {
  const v = await verify(big, { ...base, limits: lim });
  console.log('600 certs', JSON.stringify(lim), big.length, v.indication, v.subIndication, codes(v));
}
