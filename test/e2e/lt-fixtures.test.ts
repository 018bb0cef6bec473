/**
 * Revocation, signature timestamps and long-term validation end to end: every fixture of
 * fixtures/make-lt-fixtures.sh through verify(), against the indication, sub-indication, proven time and
 * AdES level its index entry gives (EN 319 102-1 / EN 319 122-1, issue 3's acceptance list).
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { VerifyOptionsInput } from '../../src/options.js';
import { type SignatureResult, Verdict } from '../../src/verdict/schema.js';
import { verify } from '../../src/verify.js';

const FIXTURES = resolve(__dirname, '../../fixtures');
const read = (p: string) => new Uint8Array(readFileSync(join(FIXTURES, p)));

interface LtEntry {
  file: string;
  detachedContent: string | null;
  trustAnchors: string[];
  certificates: string[];
  crls: string[];
  ocspResponses: string[];
  validationTime: string;
  revocation: 'hard-fail' | 'soft-fail' | 'off';
  freshness?: 'after-signing-time' | 'any';
  expect: {
    indication: string;
    subIndication: string | null;
    signers: number;
    proven: boolean;
    level?: string;
    timestamps?: { indication: string; subIndication?: string }[];
  };
  why: string;
}

/**
 * Where the pipeline still disagrees with the standard, by "file + policy": the assertion runs as
 * `it.fails`, so it turns red (and must be moved out of here) the day the pipeline is fixed.
 */
const KNOWN_LEVEL_DEVIATIONS: Record<string, string> = {};

const index = JSON.parse(readFileSync(join(FIXTURES, 'lt/index.json'), 'utf8')) as LtEntry[];

function options(f: LtEntry): VerifyOptionsInput {
  const o: VerifyOptionsInput = {
    trustAnchors: f.trustAnchors.map(read),
    certificates: f.certificates.map(read),
    crls: f.crls.map(read),
    ocspResponses: f.ocspResponses.map(read),
    validationTime: new Date(f.validationTime),
    revocation: { mode: f.revocation, ...(f.freshness ? { freshness: f.freshness } : {}) },
  };
  if (f.detachedContent) o.detachedContent = read(f.detachedContent);
  return o;
}

const detail = (s: SignatureResult) =>
  JSON.stringify({
    indication: s.indication,
    subIndication: s.subIndication,
    time: s.time,
    level: s.level?.achieved,
    problems: s.problems.map((p) => p.code),
    revocation: s.revocation.map((r) => [r.subject, r.status, r.source, r.problems.map((p) => p.code)]),
    timestamps: s.timestamps.map((t) => [t.indication, t.subIndication, t.problems.map((p) => p.code)]),
  });

const label = (f: LtEntry) =>
  `${f.file} [${f.revocation}${f.freshness ? `, freshness ${f.freshness}` : ''}${f.crls.length ? ', caller CRLs' : ''}]`;

describe('long-term validation fixtures (fixtures/lt) reach the result EN 319 102-1 gives', () => {
  it('has the acceptance cases', () => expect(index.length).toBeGreaterThanOrEqual(15));

  for (const f of index) {
    const e = f.expect;
    it(`${label(f)}: ${e.indication}${e.subIndication ? `/${e.subIndication}` : ''}${e.proven ? ', proven' : ''} — ${f.why}`, async () => {
      const v = await verify(read(f.file), options(f));
      expect(Verdict.safeParse(v).success).toBe(true);
      expect(v.signatures).toHaveLength(e.signers);
      expect(v.policy.revocation.mode).toBe(f.revocation);
      for (const s of v.signatures) {
        const d = detail(s);
        expect(s.indication, d).toBe(e.indication);
        if (e.subIndication) expect(s.subIndication, d).toBe(e.subIndication);
        else expect(s.subIndication, d).toBeUndefined();
        if (e.proven) {
          expect(s.time.proven, d).toBeDefined();
          expect(s.time.provenBy, d).toBe('signature-timestamp');
        } else expect(s.time.proven, d).toBeUndefined();
        if (e.timestamps) {
          expect(s.timestamps, d).toHaveLength(e.timestamps.length);
          e.timestamps.forEach((t, i) => {
            expect(s.timestamps[i]?.indication, d).toBe(t.indication);
            if (t.subIndication) expect(s.timestamps[i]?.subIndication, d).toBe(t.subIndication);
          });
        }
        // Issue 3: never TOTAL_PASSED when a status could not be established under hard-fail.
        if (f.revocation === 'hard-fail' && s.indication === 'TOTAL_PASSED') {
          expect(s.revocation.length, d).toBeGreaterThan(0);
          for (const r of s.revocation) expect(['good', 'revoked'], d).toContain(r.status);
        }
      }
    });

    if (e.level) {
      const deviation = KNOWN_LEVEL_DEVIATIONS[`${f.file} ${f.revocation}`];
      const run = deviation ? it.fails : it;
      run(`${label(f)}: level ${e.level}${deviation ? ` (known deviation: ${deviation})` : ''}`, async () => {
        const v = await verify(read(f.file), options(f));
        for (const s of v.signatures) expect(s.level?.achieved, detail(s)).toBe(e.level);
      });
    }
  }
});

describe('what the LT verdict records', () => {
  const entry = (file: string, mode = 'hard-fail') => {
    const f = index.find((x) => x.file === file && x.revocation === mode && !x.freshness);
    if (!f) throw new Error(`no index entry for ${file}`);
    return f;
  };

  it('a signer revoked after the proven time is reported revoked, with its date, yet the signature passes', async () => {
    const v = await verify(read('lt/revoked-after-ts.p7m'), options(entry('lt/revoked-after-ts.p7m')));
    const s = v.signatures[0]!;
    expect(s.indication).toBe('TOTAL_PASSED');
    const signer = s.revocation[0]!;
    expect(signer.status).toBe('revoked');
    expect(signer.revocationTime).toBe('2025-06-01T00:00:00.000Z');
    expect(new Date(signer.revocationTime!) > new Date(s.time.proven!)).toBe(true);
  });

  it('the expired signer passes on the validation data, not on the CRL issued after its expiry', async () => {
    const v = await verify(read('lt/expired-lt-ocsp.p7m'), options(entry('lt/expired-lt-ocsp.p7m')));
    const s = v.signatures[0]!;
    expect(s.problems.map((p) => p.code)).toContain('X509_VALID_AT_PROVEN_TIME');
    expect(s.revocation[0]).toMatchObject({ status: 'good', source: 'ocsp' });
    expect(s.chain.validationTime).toBe(s.time.proven);
  });

  it('the unauthorised OCSP responder is named as the reason the data was rejected', async () => {
    const v = await verify(read('lt/ocsp-unauthorised.p7m'), options(entry('lt/ocsp-unauthorised.p7m')));
    const codes = v.signatures[0]!.revocation[0]!.problems.map((p) => p.code);
    expect(codes).toContain('OCSP_RESPONDER_NOT_AUTHORIZED');
  });

  it('the CRL signed by the wrong key is reported as an invalid CRL signature', async () => {
    const v = await verify(read('lt/crl-wrong-key.p7m'), options(entry('lt/crl-wrong-key.p7m')));
    const codes = v.signatures[0]!.revocation[0]!.problems.map((p) => p.code);
    expect(codes).toContain('CRL_SIGNATURE_INVALID');
  });

  it('the stale CRL is reported as not fresh', async () => {
    const v = await verify(read('lt/stale-crl.p7m'), options(entry('lt/stale-crl.p7m')));
    const signer = v.signatures[0]!.revocation[0]!;
    expect(signer.problems.map((p) => p.code)).toContain('REVOCATION_NOT_FRESH');
    expect(signer.fresh).toBe(false);
  });

  it('the TSA without id-kp-timeStamping is the reason its token is not counted', async () => {
    const v = await verify(read('lt/tsa-noeku.p7m'), options(entry('lt/tsa-noeku.p7m')));
    const ts = v.signatures[0]!.timestamps[0]!;
    expect(ts.problems.map((p) => p.code)).toContain('TSA_EKU_MISSING');
    expect(v.signatures[0]!.level?.missingForNext.join(' ')).toMatch(/timestamp/);
  });
});
