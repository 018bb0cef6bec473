import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultCryptoContext } from '../../src/crypto/context.js';
import { DER_TAG, encodeOid, encodeTlv } from '../../src/crypto/lib/der.js';
import { verifySignature } from '../../src/crypto/registry.js';
import { parseSpki } from '../../src/crypto/spki.js';
import type { VerifyRequest } from '../../src/crypto/types.js';
import { concatBytes, fromHex } from '../../src/lib/bytes.js';

const DIR = resolve(__dirname, '../../../shared/corpus/wycheproof');
const corpusAvailable = existsSync(DIR);
if (!corpusAvailable) console.warn(`[skip] Wycheproof vectors not found at ${DIR}`);

interface Vector {
  tcId: number;
  comment: string;
  flags: string[];
  msg: string;
  sig: string;
  result: 'valid' | 'invalid' | 'acceptable';
}
interface Group {
  publicKeyDer: string;
  sha?: string;
  mgfSha?: string;
  sLen?: number;
  tests: Vector[];
}
interface WycheproofFile {
  algorithm: string;
  testGroups: Group[];
}

const DIGEST_OID: Record<string, string> = {
  'SHA-1': '1.3.14.3.2.26',
  'SHA-224': '2.16.840.1.101.3.4.2.4',
  'SHA-256': '2.16.840.1.101.3.4.2.1',
  'SHA-384': '2.16.840.1.101.3.4.2.2',
  'SHA-512': '2.16.840.1.101.3.4.2.3',
  'SHA3-256': '2.16.840.1.101.3.4.2.8',
};
const ECDSA_OID: Record<string, string> = {
  'SHA-256': '1.2.840.10045.4.3.2',
  'SHA-384': '1.2.840.10045.4.3.3',
  'SHA-512': '1.2.840.10045.4.3.4',
};
const PLAIN_OID: Record<string, string> = { 'SHA-256': '0.4.0.127.0.7.1.1.4.1.3' };
const RSA_OID: Record<string, string> = {
  'SHA-256': '1.2.840.113549.1.1.11',
  'SHA-512': '1.2.840.113549.1.1.13',
  'SHA3-256': '2.16.840.1.101.3.4.3.14',
};
const DSA_OID: Record<string, string> = { 'SHA-256': '2.16.840.1.101.3.4.3.2' };

function hashAlg(name: string): Uint8Array {
  return encodeTlv(DER_TAG.SEQUENCE, concatBytes([encodeOid(DIGEST_OID[name]!), Uint8Array.of(5, 0)]));
}

/** RSASSA-PSS-params as a signer would put them in the signature AlgorithmIdentifier. */
function pssParams(g: Group): Uint8Array {
  const mgf = encodeTlv(
    DER_TAG.SEQUENCE,
    concatBytes([encodeOid('1.2.840.113549.1.1.8'), hashAlg(g.mgfSha!)]),
  );
  const salt = encodeTlv(DER_TAG.INTEGER, Uint8Array.of(g.sLen!));
  return encodeTlv(
    DER_TAG.SEQUENCE,
    concatBytes([encodeTlv(0xa0, hashAlg(g.sha!)), encodeTlv(0xa1, mgf), encodeTlv(0xa2, salt)]),
  );
}

type Shape = { oid: string; parameters?: Uint8Array };
interface Plan {
  label: string;
  shape(g: Group): Shape;
}

/** How each file's vectors become VerifyRequests; undefined = the family is not in the registry. */
function plansFor(file: string): Plan[] | undefined {
  if (file.startsWith('mldsa_')) return undefined;
  if (file.startsWith('ecdsa_') && file.includes('_p1363_'))
    return [{ label: 'plain r||s', shape: (g) => ({ oid: PLAIN_OID[g.sha!]! }) }];
  if (file.startsWith('ecdsa_')) return [{ label: 'DER', shape: (g) => ({ oid: ECDSA_OID[g.sha!]! }) }];
  if (file.startsWith('rsa_signature_'))
    return [{ label: 'PKCS#1 v1.5', shape: (g) => ({ oid: RSA_OID[g.sha!]! }) }];
  if (file.startsWith('rsa_pss_')) {
    const plans: Plan[] = [
      {
        label: 'PSS params in signature',
        shape: (g) => ({ oid: '1.2.840.113549.1.1.10', parameters: pssParams(g) }),
      },
    ];
    // Only a key that carries PSS parameters lets the signature omit them.
    if (file.includes('_params_'))
      plans.push({ label: 'PSS params from key only', shape: () => ({ oid: '1.2.840.113549.1.1.10' }) });
    return plans;
  }
  if (file.startsWith('ed25519_')) return [{ label: 'Ed25519', shape: () => ({ oid: '1.3.101.112' }) }];
  if (file.startsWith('ed448_')) return [{ label: 'Ed448', shape: () => ({ oid: '1.3.101.113' }) }];
  if (file.startsWith('dsa_')) return [{ label: 'DSA', shape: (g) => ({ oid: DSA_OID[g.sha!]! }) }];
  return undefined;
}

interface Tally {
  valid: number;
  validOk: number;
  invalid: number;
  invalidRejected: number;
  acceptable: number;
  acceptableOk: number;
  wrong: string[];
}

async function run(file: string, plan: Plan): Promise<Tally> {
  const data = JSON.parse(readFileSync(join(DIR, file), 'utf8')) as WycheproofFile;
  const ctx = defaultCryptoContext();
  const t: Tally = {
    valid: 0,
    validOk: 0,
    invalid: 0,
    invalidRejected: 0,
    acceptable: 0,
    acceptableOk: 0,
    wrong: [],
  };
  for (const g of data.testGroups) {
    const key = parseSpki(fromHex(g.publicKeyDer));
    const shape = plan.shape(g);
    for (const v of g.tests) {
      const req: VerifyRequest = {
        algorithmOid: shape.oid,
        key,
        data: fromHex(v.msg),
        signature: fromHex(v.sig),
      };
      if (shape.parameters) req.parameters = shape.parameters;
      const out = await verifySignature(req, ctx);
      if (v.result === 'valid') {
        t.valid++;
        if (out.ok) t.validOk++;
        else t.wrong.push(`tc${v.tcId} valid rejected (${v.comment}): ${out.message}`);
      } else if (v.result === 'invalid') {
        t.invalid++;
        if (!out.ok) t.invalidRejected++;
        else t.wrong.push(`tc${v.tcId} invalid accepted (${v.comment}) [${v.flags.join(',')}]`);
      } else {
        t.acceptable++;
        if (out.ok) t.acceptableOk++;
      }
    }
  }
  return t;
}

const files = corpusAvailable
  ? readdirSync(DIR)
      .filter((f) => f.endsWith('.json'))
      .sort()
  : [];

describe.skipIf(!corpusAvailable)('Wycheproof signature vectors through verifySignature', () => {
  for (const file of files) {
    const plans = plansFor(file);
    if (!plans) {
      it.skip(`${file}: algorithm not in the registry`, () => {});
      console.warn(`[skip] ${file}: ML-DSA is not in the algorithm registry`);
      continue;
    }
    for (const plan of plans) {
      it(`${file} (${plan.label}): valid verify, invalid fail`, async () => {
        const t = await run(file, plan);
        console.log(
          `${file} [${plan.label}]: valid ${t.validOk}/${t.valid}, invalid rejected ${t.invalidRejected}/${t.invalid}, acceptable accepted ${t.acceptableOk}/${t.acceptable}`,
        );
        expect(t.wrong).toEqual([]);
        expect(t.valid + t.invalid + t.acceptable).toBeGreaterThan(0);
      });
    }
  }
});
