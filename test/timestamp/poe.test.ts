import { describe, expect, it } from 'vitest';
import {
  type PastValidationInput,
  pastSignatureValidation,
  timestampsInOrder,
} from '../../src/timestamp/poe.js';

const d = (s: string) => new Date(`${s}T00:00:00Z`);
const V = d('2030-01-01');
const valid = { notBefore: d('2020-01-01'), notAfter: d('2035-01-01'), status: 'good' as const };
const expired = { notBefore: d('2020-01-01'), notAfter: d('2025-01-01'), status: 'good' as const };
const sigTs = (t: string) => ({ kind: 'signature' as const, genTime: d(t) });

type Row = [string, Partial<PastValidationInput>, string, string | undefined];
const rows: Row[] = [
  ['good, no timestamp', { signingCertificate: valid }, 'TOTAL_PASSED', undefined],
  [
    'revoked after the proven time, with LT data',
    {
      signingCertificate: { ...valid, status: 'revoked', revocationTime: d('2026-01-01') },
      timestamps: [sigTs('2024-01-01')],
    },
    'TOTAL_PASSED',
    undefined,
  ],
  [
    'revoked, no proof of existence',
    { signingCertificate: { ...valid, status: 'revoked', revocationTime: d('2026-01-01') } },
    'INDETERMINATE',
    'REVOKED_NO_POE',
  ],
  [
    'revoked, proof after the revocation',
    {
      signingCertificate: { ...valid, status: 'revoked', revocationTime: d('2023-01-01') },
      timestamps: [sigTs('2024-01-01')],
    },
    'INDETERMINATE',
    'REVOKED_NO_POE',
  ],
  [
    'revoked before the claimed signing time',
    {
      signingCertificate: { ...valid, status: 'revoked', revocationTime: d('2023-01-01') },
      claimedSigningTime: d('2023-06-01'),
    },
    'TOTAL_FAILED',
    'REVOKED',
  ],
  [
    'CA revoked, proof before',
    {
      signingCertificate: valid,
      caCertificates: [{ ...valid, status: 'revoked', revocationTime: d('2026-01-01') }],
      timestamps: [sigTs('2024-01-01')],
    },
    'TOTAL_PASSED',
    undefined,
  ],
  [
    'CA revoked, no proof',
    {
      signingCertificate: valid,
      caCertificates: [{ ...valid, status: 'revoked', revocationTime: d('2026-01-01') }],
    },
    'INDETERMINATE',
    'REVOKED_CA_NO_POE',
  ],
  [
    'expired after the proven time, with LT data',
    { signingCertificate: expired, timestamps: [sigTs('2024-01-01')] },
    'TOTAL_PASSED',
    undefined,
  ],
  [
    'expired, known not revoked, no proof',
    { signingCertificate: expired },
    'INDETERMINATE',
    'OUT_OF_BOUNDS_NOT_REVOKED',
  ],
  [
    'expired, status unknown, no proof',
    { signingCertificate: { ...expired, status: 'unknown' } },
    'INDETERMINATE',
    'OUT_OF_BOUNDS_NO_POE',
  ],
  [
    'expired, proof before expiry, no LT data',
    { signingCertificate: { ...expired, status: 'unknown' }, timestamps: [sigTs('2024-01-01')] },
    'INDETERMINATE',
    'NO_POE',
  ],
  [
    'valid, status not established',
    { signingCertificate: { ...valid, status: 'unknown' } },
    'INDETERMINATE',
    'TRY_LATER',
  ],
  [
    'timestamps out of order',
    {
      signingCertificate: valid,
      timestamps: [sigTs('2024-01-01'), { kind: 'content', genTime: d('2024-02-01') }],
    },
    'INDETERMINATE',
    'TIMESTAMP_ORDER_FAILURE',
  ],
  [
    'algorithm sunset, no proof',
    { signingCertificate: valid, algorithmSunset: d('2028-01-01') },
    'INDETERMINATE',
    'CRYPTO_CONSTRAINTS_FAILURE_NO_POE',
  ],
  [
    'algorithm sunset, proof before',
    { signingCertificate: valid, algorithmSunset: d('2028-01-01'), timestamps: [sigTs('2024-01-01')] },
    'TOTAL_PASSED',
    undefined,
  ],
  [
    'proven before the certificate existed',
    { signingCertificate: valid, timestamps: [sigTs('2019-01-01')] },
    'TOTAL_FAILED',
    'NOT_YET_VALID',
  ],
  [
    'content timestamp alone is no proof for the signature',
    { signingCertificate: expired, timestamps: [{ kind: 'content', genTime: d('2024-01-01') }] },
    'INDETERMINATE',
    'OUT_OF_BOUNDS_NOT_REVOKED',
  ],
];

describe('pastSignatureValidation (EN 319 102-1 §5.6.2.4)', () => {
  for (const [name, input, indication, sub] of rows) {
    it(name, () => {
      const out = pastSignatureValidation({
        validationTime: V,
        timestamps: [],
        signingCertificate: valid,
        ...input,
      });
      expect(out.indication).toBe(indication);
      expect(out.subIndication).toBe(sub);
    });
  }

  it('the best-signature-time is the earliest signature/archive proof', () => {
    const out = pastSignatureValidation({
      validationTime: V,
      signingCertificate: valid,
      timestamps: [
        { kind: 'document', genTime: d('2026-01-01') },
        sigTs('2024-05-01'),
        { kind: 'content', genTime: d('2024-01-01') },
      ],
    });
    expect(out.bestSignatureTime?.toISOString()).toBe(d('2024-05-01').toISOString());
  });

  it('ordering: content ≤ signature ≤ archive', () => {
    expect(
      timestampsInOrder([
        { kind: 'content', genTime: d('2024-01-01') },
        sigTs('2024-01-02'),
        { kind: 'archive', genTime: d('2025-01-01') },
      ]),
    ).toBe(true);
    expect(timestampsInOrder([sigTs('2025-06-01'), { kind: 'archive', genTime: d('2025-01-01') }])).toBe(
      false,
    );
  });
});
