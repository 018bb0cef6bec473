import { readFileSync } from 'node:fs';
import * as asn1js from 'asn1js';
import { verify } from '../../src/verify.js';
const rd = (p: string) => new Uint8Array(readFileSync(`/work/main/fixtures/${p}`));
const base = { validationTime: new Date('2027-01-01T00:00:00Z'), revocation: { mode: 'off' as const } };
const codes = (v: any) => [...v.problems, ...v.signatures.flatMap((s: any) => s.problems)].map((p: any) => p.code);
for (const certs of [['pki/intermediate-ca.pem', 'pki/intermediate-ca-by-root-b.pem'], ['pki/intermediate-ca-by-root-b.pem', 'pki/intermediate-ca.pem']]) {
  const v = await verify(rd('cms/cross-certified.p7m'), { ...base, trustAnchors: [rd('pki/root-b.pem')], certificates: certs.map(rd), limits: { maxPathAttempts: 1 } });
  console.log(certs, v.indication, v.signatures[0]?.chain.candidatesTried, codes(v));
}
function withDecoys(der: Uint8Array, n: number): Uint8Array {
  const root = asn1js.fromBER(der).result as asn1js.Sequence;
  const sd = (root.valueBlock.value[1] as asn1js.Constructed).valueBlock.value[0] as asn1js.Sequence;
  const certs = sd.valueBlock.value.find((x) => x.idBlock.tagClass === 3 && x.idBlock.tagNumber === 0) as asn1js.Constructed;
  const inter = rd('pki/intermediate-ca.der');
  const decoys = [];
  for (let i = 0; i < n; i++) { const d = inter.slice(); d[d.length - 1 - (i % 200)] ^= 1 + (i >> 8); decoys.push(asn1js.fromBER(d).result); }
  certs.valueBlock.value.unshift(...decoys);
  return new Uint8Array(root.toBER());
}
for (const [n, lim] of [[100, {}], [100, { maxPathAttempts: 200 }], [10, {maxPathAttempts: 5}]] as const) {
  const s = Date.now();
  const v = await verify(withDecoys(rd('cms/rsa-sha256-attached.p7m'), n), { ...base, trustAnchors: [rd('pki/root-ca.pem')], limits: lim });
  console.log('decoys', n, JSON.stringify(lim), v.indication, v.subIndication, v.signatures[0]?.chain.candidatesTried, codes(v), Date.now() - s, 'ms');
}
