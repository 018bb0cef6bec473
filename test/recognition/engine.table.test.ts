/**
 * Table-driven recognition per economy. Anchors come from TEST-ONLY lists under
 * test/recognition/fixtures (loaded with the real loader); facts are built directly.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it } from 'vitest';
import { recognize } from '../../src/recognition/engine.js';
import type { RecognitionFacts } from '../../src/recognition/facts.js';
import { loadJsonTrustList } from '../../src/trust/json-list.js';
import { getProfile } from '../../src/trust/profiles.js';
import type { RecognitionLevel, TrustListRef } from '../../src/verdict/schema.js';

const dir = new URL('./fixtures/', import.meta.url);
const anchors = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .flatMap((f) => loadJsonTrustList(JSON.parse(readFileSync(new URL(f, dir), 'utf8'))));
const ALL_LOADED: TrustListRef[] = anchors.flatMap((a) => a.lists);
const SHA = anchors[0]!.certificate.sha256;
const ref = (listId: string): TrustListRef => {
  const r = ALL_LOADED.find((l) => l.listId === listId);
  if (!r) throw new Error(`no test list ${listId}`);
  return r;
};
const FOREIGN: TrustListRef = { economy: 'DE', listId: 'EU-TL-DE', name: 'a foreign list' };

let rowAlgorithm: RecognitionFacts['algorithm'] | undefined;
function facts(lists: TrustListRef[], patch: Partial<RecognitionFacts> = {}): RecognitionFacts {
  return {
    indication: 'TOTAL_PASSED',
    signer: {
      keyUsage: ['digitalSignature', 'nonRepudiation'],
      extendedKeyUsage: [],
      policyOids: [],
      subjectAttributes: [{ type: '2.5.4.3', shortName: 'CN', value: 'Test Signer' }],
      qcStatements: [],
      country: 'ZZ',
    },
    algorithm: rowAlgorithm ?? { family: 'RSA', digest: 'SHA-256', keySizeBits: 3072 },
    anchor: { sha256: SHA, lists },
    loadedTrustLists: ALL_LOADED,
    certValidAtSigningTime: true,
    claimedSigningTime: '2025-06-01T10:00:00Z',
    provenSigningTime: '2025-06-01T10:00:05Z',
    revocationEstablished: true,
    timestamped: true,
    ...patch,
  };
}

type Expect = [RecognitionLevel, string | null];
interface Row {
  code: string;
  /** Lists the top-tier anchor is on. */
  home: string[];
  agreement?: boolean;
  /** Signer algorithm when the top tier needs a particular one. */
  algorithm?: RecognitionFacts['algorithm'];
  all: Expect;
  expired: Expect;
  noProvenTime: Expect;
  foreign: Expect;
  wrongAlgorithm: { patch: Partial<RecognitionFacts['algorithm']>; expect: Expect };
  excluded: { tx: string; expect: Expect };
}

const TOP = 'top-statutory-tier';
const MID = 'intermediate-statutory-tier';
const REC = 'recognised';
const EVI = 'evidence-only';
const IND = 'indeterminate';
const NOT = 'not-recognised';
const SM2 = { family: 'SM2', digest: 'SM3' } as const;

const TABLE: Row[] = [
  {
    code: 'AU',
    home: [],
    all: [REC, 's.10'],
    expired: [REC, 's.10'],
    noProvenTime: [REC, 's.10'],
    foreign: [REC, 's.10'],
    wrongAlgorithm: { patch: SM2, expect: [REC, 's.10'] },
    excluded: { tx: 'judicial-procedure', expect: [NOT, 'Schedule 1'] },
  },
  {
    code: 'BN',
    home: [],
    agreement: true,
    all: [TOP, 's.18'],
    expired: [REC, 's.8'],
    noProvenTime: [TOP, 's.18'],
    foreign: [TOP, 's.18'],
    wrongAlgorithm: { patch: SM2, expect: [TOP, 's.18'] },
    excluded: { tx: 'will', expect: [NOT, 's.4'] },
  },
  {
    code: 'CA',
    home: ['CA-TBS-recognised-CA'],
    all: [TOP, 's.1'],
    expired: [REC, 's.31(1)'],
    noProvenTime: [IND, 's.3'],
    foreign: [REC, 's.31(1)'],
    wrongAlgorithm: { patch: SM2, expect: [TOP, 's.1'] },
    excluded: { tx: 'will', expect: [IND, null] },
  },
  {
    code: 'CL',
    home: ['CL-accredited-PSC'],
    all: [TOP, 'Art. 2(g)'],
    expired: [REC, 'Art. 2(f)'],
    noProvenTime: [TOP, 'Art. 2(g)'],
    foreign: [REC, 'Art. 2(f)'],
    wrongAlgorithm: { patch: SM2, expect: [TOP, 'Art. 2(g)'] },
    excluded: { tx: 'family-law', expect: [IND, 'Art. 3'] },
  },
  {
    code: 'CN',
    home: ['CN-licensed-CA'],
    all: [TOP, 'Art. 14'],
    expired: [REC, 'Art. 2'],
    noProvenTime: [TOP, 'Art. 14'],
    foreign: [REC, 'Art. 2'],
    wrongAlgorithm: { patch: { family: 'GOST', digest: 'STREEBOG-256' }, expect: [TOP, 'Art. 14'] },
    excluded: { tx: 'succession', expect: [NOT, 'Art. 3'] },
  },
  {
    code: 'HK',
    home: ['HK-recognized-CA'],
    all: [TOP, 's.6(1A)'],
    expired: [REC, 's.6(1)'],
    noProvenTime: [IND, 's.6(1A)'],
    foreign: [REC, 's.6(1)'],
    wrongAlgorithm: { patch: SM2, expect: [TOP, 's.6(1A)'] },
    excluded: { tx: 'will', expect: [NOT, 'Schedule 1'] },
  },
  {
    code: 'ID',
    home: ['ID-PSrE'],
    all: [TOP, 'Art. 60(3)'],
    expired: [REC, 'Art. 11'],
    noProvenTime: [TOP, 'Art. 60(3)'],
    foreign: [REC, 'Art. 11'],
    wrongAlgorithm: { patch: SM2, expect: [TOP, 'Art. 60(3)'] },
    excluded: { tx: 'notarial-deed', expect: [NOT, 'Art. 5(4)'] },
  },
  {
    code: 'JP',
    home: ['JP-accredited-CA'],
    all: [TOP, 'Art. 3'],
    expired: [REC, 'Art. 2(1)'],
    noProvenTime: [TOP, 'Art. 3'],
    foreign: [IND, 'Art. 15'],
    wrongAlgorithm: { patch: { keySizeBits: 1024 }, expect: [REC, 'Art. 2(1)'] },
    excluded: { tx: 'will', expect: [TOP, 'Art. 3'] },
  },
  {
    code: 'KR',
    home: ['KR-accredited-provider'],
    agreement: true,
    all: [MID, 'Arts. 7-8'],
    expired: [REC, 'Art. 3(2)'],
    noProvenTime: [MID, 'Arts. 7-8'],
    foreign: [REC, 'Art. 3(2)'],
    wrongAlgorithm: { patch: SM2, expect: [MID, 'Arts. 7-8'] },
    excluded: { tx: 'will', expect: [MID, 'Arts. 7-8'] },
  },
  {
    code: 'MY',
    home: ['MY-licensed-CA'],
    all: [TOP, 's.62'],
    expired: [REC, 's.9'],
    noProvenTime: [IND, 's.62'],
    foreign: [REC, 's.19'],
    wrongAlgorithm: { patch: SM2, expect: [TOP, 's.62'] },
    excluded: { tx: 'will', expect: [IND, 'Schedule'] },
  },
  {
    code: 'MX',
    home: ['MX-accredited-PSC'],
    all: [TOP, 'Art. 97'],
    expired: [REC, null],
    noProvenTime: [TOP, 'Art. 97'],
    foreign: [IND, 'Art. 114'],
    wrongAlgorithm: { patch: SM2, expect: [TOP, 'Art. 97'] },
    excluded: { tx: 'notarial-deed', expect: [IND, null] },
  },
  {
    code: 'NZ',
    home: [],
    all: [MID, 'Part 4 (presumption of reliability)'],
    expired: [REC, 's.226'],
    noProvenTime: [MID, 's.228'],
    foreign: [MID, 's.228'],
    wrongAlgorithm: { patch: SM2, expect: [MID, 's.228'] },
    excluded: { tx: 'will', expect: [IND, 'Schedule 5'] },
  },
  {
    code: 'PG',
    home: [],
    all: [IND, 's.26'],
    expired: [IND, 's.26'],
    noProvenTime: [IND, 's.25'],
    foreign: [IND, 's.27'],
    wrongAlgorithm: { patch: SM2, expect: [IND, 's.26'] },
    excluded: { tx: 'will', expect: [IND, 's.25'] },
  },
  {
    code: 'PE',
    home: ['PE-IOFE-TSL'],
    all: [TOP, 'Art. 3'],
    expired: [REC, 'Arts. 1-2'],
    noProvenTime: [TOP, 'Art. 3'],
    foreign: [REC, 'Art. 11 (as amended by Ley 27310)'],
    wrongAlgorithm: { patch: SM2, expect: [TOP, 'Art. 3'] },
    excluded: { tx: 'will', expect: [TOP, 'Art. 3'] },
  },
  {
    code: 'PH',
    home: [],
    all: [IND, 'Rule 6'],
    expired: [REC, 's.8'],
    noProvenTime: [IND, 'Rule 5 s.2(a)'],
    foreign: [IND, 's.8'],
    wrongAlgorithm: { patch: SM2, expect: [IND, 'Rule 6'] },
    excluded: { tx: 'will', expect: [IND, null] },
  },
  {
    code: 'RU',
    home: ['RU-accredited-CA'],
    algorithm: { family: 'GOST', digest: 'STREEBOG-256', keySizeBits: 256 },
    all: [TOP, 'Art. 11'],
    expired: [EVI, 'Art. 6(2)'],
    noProvenTime: [TOP, 'Art. 6(1)'],
    foreign: [EVI, 'Art. 7 (as amended by 476-FZ)'],
    wrongAlgorithm: { patch: { family: 'RSA', digest: 'SHA-256' }, expect: [EVI, 'Art. 6(2)'] },
    excluded: { tx: 'paper-required-by-law', expect: [NOT, 'Art. 6(1)'] },
  },
  {
    code: 'SG',
    home: ['SG-accredited-CA'],
    all: [TOP, 's.19'],
    expired: [REC, 's.8'],
    noProvenTime: [IND, 'Third Schedule'],
    foreign: [REC, 's.8'],
    wrongAlgorithm: { patch: SM2, expect: [TOP, 's.19'] },
    excluded: { tx: 'land-transfer', expect: [NOT, 'First Schedule'] },
  },
  {
    code: 'TW',
    home: ['TW-approved-CA'],
    all: [TOP, 'Art. 6'],
    expired: [REC, 'Art. 4'],
    noProvenTime: [TOP, 'Art. 6'],
    foreign: [REC, 'Art. 15'],
    wrongAlgorithm: { patch: SM2, expect: [TOP, 'Art. 6'] },
    excluded: { tx: 'judicial-procedure', expect: [IND, 'Art. 1(2)'] },
  },
  {
    code: 'TH',
    home: ['TH-NRCA'],
    all: [TOP, 's.26'],
    expired: [REC, 's.9'],
    noProvenTime: [TOP, 's.26'],
    foreign: [IND, 's.31'],
    wrongAlgorithm: { patch: SM2, expect: [TOP, 's.26'] },
    excluded: { tx: 'will', expect: [NOT, null] },
  },
  {
    code: 'US',
    home: [],
    all: [REC, '§7001'],
    expired: [REC, '§7001'],
    noProvenTime: [REC, '§7001'],
    foreign: [REC, '§7001'],
    wrongAlgorithm: { patch: SM2, expect: [REC, '§7001'] },
    excluded: { tx: 'will', expect: [NOT, '§7003'] },
  },
  {
    code: 'VN',
    home: ['VN-NEAC'],
    all: [TOP, 'Art. 16'],
    expired: [REC, 'Art. 3(11)'],
    noProvenTime: [IND, 'Art. 16'],
    foreign: [REC, 'Art. 3(11)'],
    wrongAlgorithm: { patch: SM2, expect: [TOP, 'Art. 16'] },
    excluded: { tx: 'paper-required-by-law', expect: [NOT, 'Art. 1(3)'] },
  },
];

function homeLists(row: Row): TrustListRef[] {
  // Economies whose top tier needs no list still have a home anchor: one on a list of that economy.
  return row.home.length > 0
    ? row.home.map((l) =>
        ALL_LOADED.some((r) => r.listId === l) ? ref(l) : { economy: row.code, listId: l },
      )
    : [{ economy: row.code, listId: `${row.code}-caller-anchors` }];
}

function check(r: ReturnType<typeof recognize>, [level, section]: Expect) {
  expect(r.level).toBe(level);
  if (section !== null) expect(r.legalBasis.map((c) => c.section)).toContain(section);
  expect(r.reasons.length).toBeGreaterThan(0);
}

describe.each(TABLE)('$code', (row) => {
  const profile = getProfile(row.code);
  const ctx = { partyAgreement: row.agreement === true };
  const home = homeLists(row);
  beforeEach(() => {
    rowAlgorithm = row.algorithm;
  });

  it('all conditions of the top tier met', () => check(recognize(facts(home), profile, ctx), row.all));
  it('certificate not valid at signing time', () =>
    check(recognize(facts(home, { certValidAtSigningTime: false }), profile, ctx), row.expired));
  it('no proven signing time', () =>
    check(
      recognize(facts(home, { provenSigningTime: null, timestamped: false }), profile, ctx),
      row.noProvenTime,
    ));
  it('foreign anchor', () => {
    const r = recognize(facts([FOREIGN]), profile, ctx);
    check(r, row.foreign);
    expect(r.foreignAnchor).toBe(true);
  });
  it('wrong algorithm family or strength', () => {
    const f = facts(home);
    check(
      recognize({ ...f, algorithm: { ...f.algorithm, ...row.wrongAlgorithm.patch } }, profile, ctx),
      row.wrongAlgorithm.expect,
    );
  });
  it(`declared transaction ${row.excluded.tx}`, () =>
    check(recognize(facts(home), profile, { ...ctx, transaction: row.excluded.tx }), row.excluded.expect));
  it('technically invalid signature gets no legal level', () => {
    const r = recognize(
      facts(home, { indication: 'TOTAL_FAILED', subIndication: 'HASH_FAILURE' }),
      profile,
      ctx,
    );
    expect(r.level).toBe('not-recognised');
    expect(r.tier).toBeUndefined();
    expect(r.reasons[0]).toContain('HASH_FAILURE');
  });
});
