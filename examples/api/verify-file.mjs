// The library API in a few lines: verify a file, print the one-line answers, exit like the CLI does.
// Run after `npm ci && npm run build`:  node examples/api/verify-file.mjs <signed file> [trust-anchor.pem]
import { readFileSync } from 'node:fs';
import { oneLine, verify } from '../../dist/index.js';

const [file, trust] = process.argv.slice(2);
if (!file) {
  console.error('usage: node examples/api/verify-file.mjs <signed file> [trust-anchor.pem]');
  process.exit(3);
}
const verdict = await verify(new Uint8Array(readFileSync(file)), {
  trustAnchors: trust ? [new Uint8Array(readFileSync(trust))] : [],
  revocation: { mode: 'soft-fail' }, // offline: no CRL/OCSP given is a warning, not a failure
});
for (const s of verdict.signatures) console.log(oneLine(s));
if (verdict.signatures.length === 0)
  console.log(`${verdict.indication} ${verdict.subIndication ?? ''}: ${verdict.problems[0]?.message ?? ''}`);
console.log(`overall: ${verdict.indication}${verdict.subIndication ? ` / ${verdict.subIndication}` : ''}`);
process.exitCode = verdict.indication === 'TOTAL_PASSED' ? 0 : verdict.indication === 'TOTAL_FAILED' ? 1 : 2;
