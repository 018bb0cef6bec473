/** Russia's accredited-CA list given to verify(): its anchors, its snapshot and its "unsigned" warning. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { verify } from '../../src/verify.js';

const F = (p: string) => new Uint8Array(readFileSync(resolve(__dirname, '../../fixtures', p)));

describe('verify({ ruAccreditedCaLists })', () => {
  const cms = F('national/gost/gost2012-256-attached.p7m');
  const xml = F('trust-lists/ru-accredited.xml');

  it('a GOST signature under an accredited centre: TOTAL_PASSED, anchored in RU-accredited-CA, RU top tier', async () => {
    const v = await verify(cms, {
      ruAccreditedCaLists: [{ xml }],
      validationTime: new Date('2026-01-01T00:00:00Z'),
      revocation: { mode: 'off' },
    });
    const s = v.signatures[0]!;
    expect(s.indication).toBe('TOTAL_PASSED');
    expect(s.chain.anchoredIn.map((l) => l.listId)).toEqual(['RU-accredited-CA']);
    expect(s.recognition.RU?.level).toBe('top-statutory-tier');
    // The list has no signature of its own: the verdict says so.
    expect(v.problems.map((p) => p.code)).toContain('RU_LIST_UNSIGNED');
  });

  it('while the centre is suspended its certificate is no anchor', async () => {
    const v = await verify(cms, {
      ruAccreditedCaLists: [{ xml }],
      validationTime: new Date('2025-07-01T00:00:00Z'),
      revocation: { mode: 'off' },
    });
    expect(v.signatures[0]?.indication).not.toBe('TOTAL_PASSED');
  });

  it('a pinned digest that does not match is a bad option', async () => {
    await expect(
      verify(cms, { ruAccreditedCaLists: [{ xml, sha256: '0'.repeat(64) }] }),
    ).rejects.toMatchObject({
      code: 'ERR_INVALID_OPTIONS',
    });
  });
});
