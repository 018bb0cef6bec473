import { describe, expect, it } from 'vitest';
import {
  applyQualifiers,
  criteriaMatch,
  type QualifiedStatus,
  statusFromQcStatements,
} from '../../src/trust/etsi/index.js';
import { parseCertificate } from '../../src/x509/certificate.js';
import { fixture } from './helpers.js';

const S = (
  qualified: boolean,
  type: QualifiedStatus['type'],
  keyManagement: QualifiedStatus['keyManagement'],
): QualifiedStatus => ({
  qualified,
  type,
  keyManagement,
});

describe('trusted-list qualifiers override the certificate (pyHanko test_tl_override_processing)', () => {
  const cases: [QualifiedStatus, string[], Partial<QualifiedStatus>][] = [
    [S(true, 'esign', 'QSCD'), ['NotQualified'], { qualified: false, keyManagement: 'UNKNOWN' }],
    [S(false, 'esign', 'QSCD'), ['QCStatement'], { qualified: true, keyManagement: 'QSCD' }],
    [S(false, 'esign', 'QSCD'), ['QCWithQSCD'], { qualified: false, keyManagement: 'UNKNOWN' }],
    [S(true, 'esign', 'UNKNOWN'), ['QCWithQSCD'], { qualified: true, keyManagement: 'QSCD' }],
    [S(true, 'esign', 'UNKNOWN'), ['QCWithSSCD'], { qualified: true, keyManagement: 'QSCD' }],
    [S(true, 'esign', 'UNKNOWN'), ['QCForESeal'], { qualified: true, type: 'eseal' }],
    [S(true, 'eseal', 'UNKNOWN'), ['QCForESig'], { qualified: true, type: 'esign' }],
    [S(true, 'esign', 'UNKNOWN'), ['QCForWSA'], { qualified: true, type: 'web' }],
    [S(true, 'eseal', 'QSCD'), ['QCQSCDManagedOnBehalf'], { keyManagement: 'QSCD_DELEGATED' }],
    [S(true, 'esign', 'QSCD'), ['QCNoQSCD'], { qualified: true, keyManagement: 'UNKNOWN' }],
    [S(true, 'esign', 'QSCD'), ['QCNoSSCD'], { qualified: true, keyManagement: 'UNKNOWN' }],
    [S(true, 'esign', 'QSCD'), ['QCQSCDStatusAsInCert'], { qualified: true, keyManagement: 'QSCD' }],
    [S(true, 'esign', 'QSCD'), ['QCForLegalPerson'], { qualified: false }],
  ];
  for (const [prelim, quals, expected] of cases) {
    it(`${JSON.stringify(prelim)} + ${quals.join(',')}`, () => {
      const got = applyQualifiers(prelim, new Set(quals));
      expect(
        Object.fromEntries(Object.keys(expected).map((k) => [k, got[k as keyof QualifiedStatus]])),
      ).toEqual(expected);
    });
  }
});

describe('criteria lists', () => {
  // A CA certificate without policies; keyUsage from @peculiar/x509 defaults is absent.
  const cert = parseCertificate(fixture('listed-ca.der'));
  it('all / atLeastOne / none combine as named', () => {
    const has = { kind: 'certSubjectDNAttribute' as const, oids: ['2.5.4.3'] };
    const lacks = { kind: 'policySet' as const, oids: ['2.999'] };
    expect(criteriaMatch({ assert: 'all', criteria: [has] }, cert)).toBe(true);
    expect(criteriaMatch({ assert: 'all', criteria: [has, lacks] }, cert)).toBe(false);
    expect(criteriaMatch({ assert: 'atLeastOne', criteria: [has, lacks] }, cert)).toBe(true);
    expect(criteriaMatch({ assert: 'none', criteria: [lacks] }, cert)).toBe(true);
    expect(criteriaMatch({ assert: 'none', criteria: [has] }, cert)).toBe(false);
    expect(
      criteriaMatch(
        { assert: 'all', criteria: [{ kind: 'criteriaList', list: { assert: 'none', criteria: [has] } }] },
        cert,
      ),
    ).toBe(false);
    expect(criteriaMatch({ assert: 'atLeastOne', criteria: [{ kind: 'unknown', element: 'x' }] }, cert)).toBe(
      false,
    );
  });
});

describe('status from QC statements alone', () => {
  it('needs QcCompliance; QcSSCD only counts for a qualified certificate; one QcType', () => {
    const base = { present: true, sscd: true, legislation: [], statementIds: [] };
    expect(statusFromQcStatements({ ...base, compliance: true, types: ['eseal'] })).toEqual(
      S(true, 'eseal', 'QSCD'),
    );
    expect(statusFromQcStatements({ ...base, compliance: false, types: [] })).toEqual(
      S(false, 'esign', 'UNKNOWN'),
    );
    expect(statusFromQcStatements({ ...base, compliance: true, types: ['esign', 'eseal'] }).qualified).toBe(
      false,
    );
  });
});
