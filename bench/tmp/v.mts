import { verify } from '../../src/verify.js';
import { readFileSync } from 'node:fs';
const f = process.argv[2] ?? 'fixtures/attacks/valid-signed.pdf';
const v = await verify(new Uint8Array(readFileSync(f)), { trustAnchors: [new Uint8Array(readFileSync('fixtures/pki/root-ca.pem'))], validationTime: new Date('2027-01-01'), revocation: { mode: 'off' } });
console.log(v.indication, v.problems.map((p) => p.code), JSON.stringify(v.signatures.map((s) => [s.indication, s.subIndication, s.problems.map((p) => p.code)])));
