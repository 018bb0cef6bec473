import { describe, expect, it } from 'vitest';
import {
  loadEtsiTrustLists,
  TL_DUPLICATE,
  TL_EXPIRED,
  TL_SIGNATURE_INVALID,
  TL_SIGNER_NOT_PINNED,
  TL_UNSIGNED,
} from '../../src/trust/etsi/index.js';
import { fixture } from './helpers.js';

const pinned = [fixture('tl-signer.der')];
const NOW = new Date('2025-06-01T00:00:00Z');

describe('loadEtsiTrustLists', () => {
  it('loads good lists and rejects each bad one with exactly one problem and no anchors', async () => {
    const r = await loadEtsiTrustLists(
      [
        { xml: fixture('zz-history.xml'), pinnedSigners: pinned },
        { xml: fixture('zz-tampered.xml'), pinnedSigners: pinned },
        { xml: fixture('zz-expired.xml'), pinnedSigners: pinned },
        { xml: fixture('zz-unpinned.xml'), pinnedSigners: pinned },
        { xml: fixture('zz-unsigned.xml'), pinnedSigners: pinned },
      ],
      { now: NOW },
    );
    expect(r.problems.map((p) => p.code)).toEqual([
      TL_SIGNATURE_INVALID,
      TL_EXPIRED,
      TL_SIGNER_NOT_PINNED,
      TL_UNSIGNED,
    ]);
    expect(r.problems.every((p) => p.severity === 'warning' && /was not used/.test(p.message))).toBe(true);
    expect(r.lists).toHaveLength(1);
    expect(r.refs).toEqual([
      {
        economy: 'ZZ',
        listId: 'ZZ-TSL',
        sequenceNumber: 7,
        issued: '2025-01-01T00:00:00.000Z',
        digest: r.lists[0]!.digest,
      },
    ]);
    expect(r.anchors.length).toBeGreaterThan(0);
    // Every anchor comes from the one good list, with that list's snapshot and status history.
    for (const a of r.anchors) {
      expect(a.lists).toEqual(r.refs);
      expect(a.periods?.length).toBeGreaterThan(0);
    }
  });

  it('an expired list is used only when the caller allows it, per list', async () => {
    const r = await loadEtsiTrustLists(
      [{ xml: fixture('zz-expired.xml'), pinnedSigners: pinned, allowExpired: true }],
      {
        now: NOW,
      },
    );
    expect(r.problems).toEqual([]);
    expect(r.lists).toHaveLength(1);
  });

  it('the same list twice is loaded once', async () => {
    const x = fixture('zz-history.xml');
    const r = await loadEtsiTrustLists(
      [
        { xml: x, pinnedSigners: pinned },
        { xml: new TextDecoder().decode(x), pinnedSigners: pinned },
      ],
      { now: NOW },
    );
    expect(r.lists).toHaveLength(1);
    expect(r.problems.map((p) => p.code)).toEqual([TL_DUPLICATE]);
    const once = await loadEtsiTrustLists([{ xml: x, pinnedSigners: pinned }], { now: NOW });
    expect(r.anchors).toHaveLength(once.anchors.length);
  });

  it('a list whose pinned signer is another list’s signer is not used', async () => {
    const r = await loadEtsiTrustLists(
      [{ xml: fixture('zz-history.xml'), pinnedSigners: [fixture('other-signer.der')] }],
      {
        now: NOW,
      },
    );
    expect(r.anchors).toEqual([]);
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]!.code).toBe(TL_SIGNER_NOT_PINNED);
  });
});
