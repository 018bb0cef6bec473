import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isCrossignError } from '../../src/lib/errors.js';
import { anchorTrustedAt } from '../../src/trust/anchor.js';
import {
  loadJsonTrustList,
  TRUST_LIST_FINGERPRINT_MISMATCH,
  TRUST_LIST_INVALID,
} from '../../src/trust/json-list.js';
import { loadPemBundle, PEM_NO_CERTIFICATE } from '../../src/trust/pem.js';

const pem = readFileSync(new URL('./fixtures/test-root.pem', import.meta.url), 'utf8');
const bundle = readFileSync(new URL('./fixtures/test-bundle.pem', import.meta.url), 'utf8');
const [root] = loadPemBundle(pem);

function list(extra: Record<string, unknown> = {}, anchor: Record<string, unknown> = {}) {
  return {
    format: 'crossign.trust-list/1',
    economy: 'MY',
    listId: 'MY-licensed-CA',
    name: 'test stand-in',
    source: { publisher: 'tests', format: 'crossign-json' },
    testOnly: true,
    anchors: [
      {
        certificate: pem,
        provenance: {
          from: 'test fixture',
          fingerprintSha256: root!.sha256,
          notBefore: root!.notBefore.toISOString(),
          notAfter: root!.notAfter.toISOString(),
        },
        ...anchor,
      },
    ],
    ...extra,
  };
}

function problem(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return isCrossignError(e) ? e.problem : 'not a CrossignError';
  }
  return undefined;
}

describe('loadPemBundle', () => {
  it('reads every certificate of a bundle as an anchor', () => {
    const certs = loadPemBundle(bundle);
    expect(certs).toHaveLength(2);
    expect(certs[0]!.subject).toContain('crossign test root A');
    expect(certs[1]!.subject).toContain('crossign test root B');
    expect(certs.every((c) => c.source === 'anchor')).toBe(true);
  });
  it('reads DER bytes and PEM bytes alike', () => {
    expect(loadPemBundle(root!.der)[0]!.sha256).toBe(root!.sha256);
    expect(loadPemBundle(new TextEncoder().encode(pem))[0]!.sha256).toBe(root!.sha256);
  });
  it('reports input with no certificate as a format problem', () => {
    expect(problem(() => loadPemBundle('hello'))).toBe(PEM_NO_CERTIFICATE);
  });
});

describe('loadJsonTrustList', () => {
  it('returns anchors carrying the list reference', () => {
    const [a] = loadJsonTrustList(list({ sequenceNumber: 7 }));
    expect(a!.certificate.sha256).toBe(root!.sha256);
    expect(a!.lists).toEqual([
      { economy: 'MY', listId: 'MY-licensed-CA', name: 'test stand-in', sequenceNumber: 7 },
    ]);
  });
  it('accepts base64 DER as well as PEM, and JSON text', () => {
    const b64 = Buffer.from(root!.der).toString('base64');
    expect(loadJsonTrustList(JSON.stringify(list({}, { certificate: b64 })))[0]!.certificate.sha256).toBe(
      root!.sha256,
    );
  });
  it('rejects a certificate that does not match its recorded fingerprint', () => {
    expect(
      problem(() =>
        loadJsonTrustList(
          list(
            {},
            {
              provenance: {
                from: 'x',
                fingerprintSha256: '0'.repeat(64),
                notBefore: root!.notBefore.toISOString(),
                notAfter: root!.notAfter.toISOString(),
              },
            },
          ),
        ),
      ),
    ).toBe(TRUST_LIST_FINGERPRINT_MISMATCH);
  });
  it('rejects a malformed list and a list id of another economy', () => {
    expect(problem(() => loadJsonTrustList({ format: 'other' }))).toBe(TRUST_LIST_INVALID);
    expect(problem(() => loadJsonTrustList(list({ listId: 'SG-accredited-CA' })))).toBe(TRUST_LIST_INVALID);
    expect(problem(() => loadJsonTrustList('{not json'))).toBe(TRUST_LIST_INVALID);
  });
  it('turns status history into anchor periods (same shape as TS 119 612 lists)', () => {
    const [a] = loadJsonTrustList(
      list(
        {},
        {
          serviceType: 'http://uri.etsi.org/TrstSvc/Svctype/CA/QC',
          periods: [
            { status: 'granted', from: '2020-01-01T00:00:00Z', to: '2024-01-01T00:00:00Z', trusted: true },
          ],
        },
      ),
    );
    expect(a!.serviceType).toBe('http://uri.etsi.org/TrstSvc/Svctype/CA/QC');
    expect(anchorTrustedAt(a!, new Date('2022-06-01T00:00:00Z'))).toBe(true);
    expect(anchorTrustedAt(a!, new Date('2025-06-01T00:00:00Z'))).toBe(false);
  });
});
