// Rough verifications/second for SM2, GOST 2012-256/512 and WebCrypto ECDSA P-256 (not a test).
//   npx tsx test/national/bench-national.mts
import { readFileSync } from 'node:fs';
import { verifySignature } from '../../src/crypto/registry.js';
import { ctx, parseSignedData, signedBytes, signerInfoRequest } from './util.js';

const ms = Number(process.env.BENCH_MS ?? 1500);

async function rate(label: string, fn: () => Promise<boolean>): Promise<void> {
  if (!(await fn())) throw new Error(`${label}: does not verify`);
  let n = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < ms) {
    await fn();
    n++;
  }
  console.log(
    `${label.padEnd(34)} ${((n * 1000) / (performance.now() - t0)).toFixed(0).padStart(6)} verifications/s`,
  );
}

const fixture = (p: string) => {
  const parts = parseSignedData(new Uint8Array(readFileSync(new URL(`../../${p}`, import.meta.url))));
  return signerInfoRequest(parts, signedBytes(parts));
};
const sm2 = fixture('fixtures/national/sm2/sm2-sm3-attached.p7m');
const gost256 = fixture('fixtures/national/gost/gost2012-256-attached.p7m');
const corpus512 = new URL('../../../shared/corpus/sm2-gost/gost/signed_a111.pem', import.meta.url).pathname;

await rate('SM2 (sm2p256v1, SM3)', async () => (await verifySignature(sm2, ctx)).ok);
await rate('GOST 2012-256 (CryptoPro-A)', async () => (await verifySignature(gost256, ctx)).ok);
try {
  const parts = parseSignedData(new Uint8Array(readFileSync(corpus512)));
  const gost512 = signerInfoRequest(parts, signedBytes(parts));
  await rate('GOST 2012-512 (TC26 512-A)', async () => (await verifySignature(gost512, ctx)).ok);
} catch {
  console.log('GOST 2012-512: corpus absent, skipped');
}

const subtle = globalThis.crypto.subtle;
const kp = (await subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, [
  'sign',
  'verify',
])) as CryptoKeyPair;
const data = new Uint8Array(sm2.data);
const sig = await subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, kp.privateKey, data);
await rate('WebCrypto ECDSA P-256 (node)', () =>
  subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, kp.publicKey, sig, data),
);
