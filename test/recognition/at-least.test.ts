import { describe, expect, it } from 'vitest';
import { recognize } from '../../src/recognition/engine.js';
import { emptyFacts } from '../../src/recognition/facts.js';
import { getProfile } from '../../src/trust/profiles.js';

describe('indeterminate recognition keeps the tier that is certainly met', () => {
  it('MY: licensed-CA tier undecidable without the MY list, the lower tier is reported in atLeast', () => {
    const facts = {
      ...emptyFacts('TOTAL_PASSED'),
      signer: {
        keyUsage: ['digitalSignature' as const],
        extendedKeyUsage: [],
        policyOids: [],
        subjectAttributes: [],
        qcStatements: [],
        country: 'MY',
      },
      algorithm: { family: 'RSA' as const, digest: 'SHA-256' as const, keySizeBits: 2048 },
      anchor: { sha256: 'a'.repeat(64), lists: [] },
      certValidAtSigningTime: true,
      claimedSigningTime: '2026-06-01T00:00:00.000Z',
      revocationEstablished: true,
    };
    const r = recognize(facts, getProfile('MY'));
    expect(r.level).toBe('indeterminate');
    expect(r.atLeast).toBeDefined();
    expect(r.atLeast?.level).not.toBe('top-statutory-tier');
    expect(r.reasons.join(' ')).toContain('At least');
  });

  it('a technically failed signature gets no atLeast', () => {
    const r = recognize(emptyFacts('TOTAL_FAILED'), getProfile('MY'));
    expect(r.level).toBe('not-recognised');
    expect(r.atLeast).toBeUndefined();
  });
});
