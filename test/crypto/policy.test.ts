import { describe, expect, it } from 'vitest';
import { evaluateAlgorithm, evaluateDigest, POLICY_PROBLEMS } from '../../src/crypto/policy.js';
import type { AlgorithmUse } from '../../src/crypto/types.js';

const rsa = (keySize: number, digest: AlgorithmUse['digest'] = 'SHA-256'): AlgorithmUse => ({
  family: 'RSA',
  name: `RSA ${keySize} ${digest}`,
  digest,
  keySize,
});
const at = (s: string) => new Date(s);

describe('algorithm policy (etsi-ts-119-312, DSS default dates)', () => {
  it('MD5 fails at any date, under every policy', () => {
    for (const d of ['1995-01-01', '2004-06-01', '2030-01-01']) {
      const r = evaluateAlgorithm(rsa(2048, 'MD5'), at(d));
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.code).toBe(POLICY_PROBLEMS.FORBIDDEN);
    }
    expect(evaluateAlgorithm(rsa(2048, 'MD5'), at('2000-01-01'), 'permissive').ok).toBe(false);
    expect(evaluateDigest('MD5', at('2000-01-01')).ok).toBe(false);
  });

  it('SHA-1 signatures are acceptable before 2009 and fail from 2009-01-01 with the sunset', () => {
    expect(evaluateAlgorithm(rsa(2048, 'SHA-1'), at('2008-12-31T23:59:59Z')).ok).toBe(true);
    const r = evaluateAlgorithm(rsa(2048, 'SHA-1'), at('2009-01-01T00:00:00Z'));
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.code).toBe(POLICY_PROBLEMS.EXPIRED);
      expect(r.sunset?.toISOString()).toBe('2009-01-01T00:00:00.000Z');
    }
    expect(evaluateAlgorithm(rsa(2048, 'SHA-1'), at('2015-01-01'), 'permissive').ok).toBe(true);
  });

  it('RSA below 1024 bits fails under every policy', () => {
    for (const p of ['etsi-ts-119-312', 'permissive'] as const) {
      const r = evaluateAlgorithm(rsa(768), at('2000-01-01'), p);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.code).toBe(POLICY_PROBLEMS.KEY_TOO_SMALL);
    }
  });

  it('RSA 1024 until 2009, 1536 until 2016', () => {
    expect(evaluateAlgorithm(rsa(1024, 'SHA-256'), at('2008-06-01')).ok).toBe(true);
    expect(evaluateAlgorithm(rsa(1024, 'SHA-256'), at('2010-06-01')).ok).toBe(false);
    expect(evaluateAlgorithm(rsa(1536, 'SHA-256'), at('2015-06-01')).ok).toBe(true);
    expect(evaluateAlgorithm(rsa(1536, 'SHA-256'), at('2016-06-01')).ok).toBe(false);
  });

  it('RSA 2048 is fine now and only warns after its forecast sunset (2026)', () => {
    const now = evaluateAlgorithm(rsa(2048), at('2025-06-01'));
    expect(now).toMatchObject({ ok: true });
    if (now.ok) expect(now.warning).toBeUndefined();
    const later = evaluateAlgorithm(rsa(2048), at('2027-06-01'));
    expect(later.ok).toBe(true);
    if (later.ok) expect(later.warning).toMatch(/2026-01-01/);
    const big = evaluateAlgorithm(rsa(3072), at('2028-06-01'));
    expect(big.ok && big.warning === undefined).toBe(true);
  });

  it('reports the earlier of the digest and key sunsets', () => {
    const r = evaluateAlgorithm(rsa(4096, 'SHA-224'), at('2020-01-01'));
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.sunset?.getUTCFullYear()).toBe(2026);
  });

  it('ECDSA: 256-bit fine, 192-bit expired in 2013, below 160 rejected', () => {
    const ec = (keySize: number): AlgorithmUse => ({
      family: 'ECDSA',
      name: 'ECDSA',
      digest: 'SHA-256',
      keySize,
    });
    expect(evaluateAlgorithm(ec(256), at('2025-01-01')).ok).toBe(true);
    expect(evaluateAlgorithm(ec(521), at('2025-01-01')).ok).toBe(true);
    expect(evaluateAlgorithm(ec(192), at('2012-01-01')).ok).toBe(true);
    expect(evaluateAlgorithm(ec(192), at('2014-01-01')).ok).toBe(false);
    expect(evaluateAlgorithm(ec(128), at('2000-01-01'), 'permissive').ok).toBe(false);
  });

  it('DSA 1024 until 2013', () => {
    const d: AlgorithmUse = { family: 'DSA', name: 'DSA', digest: 'SHA-1', keySize: 1024 };
    expect(evaluateAlgorithm(d, at('2008-01-01')).ok).toBe(true);
    expect(evaluateAlgorithm({ ...d, digest: 'SHA-256' }, at('2014-01-01')).ok).toBe(false);
  });

  it('EdDSA, SM2/SM3 and GOST 2012 are acceptable today', () => {
    const uses: AlgorithmUse[] = [
      { family: 'EdDSA', name: 'Ed25519', keySize: 253, curve: 'Ed25519' },
      { family: 'EdDSA', name: 'Ed448', keySize: 446, curve: 'Ed448' },
      { family: 'SM2', name: 'SM2 with SM3', digest: 'SM3', keySize: 256 },
      { family: 'GOST', name: 'GOST R 34.10-2012 256', digest: 'STREEBOG-256', keySize: 256 },
      { family: 'GOST', name: 'GOST R 34.10-2012 512', digest: 'STREEBOG-512', keySize: 512 },
    ];
    for (const u of uses) expect(evaluateAlgorithm(u, at('2025-06-01')), u.name).toMatchObject({ ok: true });
  });

  it('fails closed on a missing digest, a missing key size or an invalid date', () => {
    expect(evaluateAlgorithm({ family: 'RSA', name: 'RSA', keySize: 2048 }, at('2020-01-01')).ok).toBe(false);
    expect(evaluateAlgorithm({ family: 'RSA', name: 'RSA', digest: 'SHA-256' }, at('2020-01-01')).ok).toBe(
      false,
    );
    expect(evaluateAlgorithm(rsa(2048), new Date('not a date')).ok).toBe(false);
  });
});
