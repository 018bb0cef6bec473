import * as asn1js from 'asn1js';
import { describe, expect, it } from 'vitest';
import { type ParsedSignedData, type ParsedSignerInfo, parseSignedData } from '../../src/cms/parse.js';
import { defaultCryptoContext } from '../../src/crypto/context.js';
import { VerifyOptionsSchema } from '../../src/options.js';
import {
  type ArchiveCandidate,
  type ArchiveSource,
  ATS_OIDS,
  ATS_PROBLEMS,
  archiveTimestampCandidates,
  archiveTimestampImprintParts,
} from '../../src/timestamp/archive.js';
import { parseTimestampToken, verifyTimestampToken } from '../../src/timestamp/tst.js';
import type { ValidationContext } from '../../src/validation/context.js';
import { evaluateSigner, type SignerTask } from '../../src/validation/evaluate.js';
import { corpusAvailable, corpusFile, skipNotice } from '../helpers/corpus.js';

skipNotice('CAdES archive timestamps');

const crypto = defaultCryptoContext();
const PNG = 'dss/cades/cadesLTAwithATv2.content.png';
const codes = (c: { problems: { code: string }[] }) => c.problems.map((p) => p.code);

function load(path: string, detached?: string | Uint8Array): ArchiveSource {
  const cms = corpusFile(path);
  const sd = parseSignedData(cms, 64);
  const extra = typeof detached === 'string' ? corpusFile(detached) : detached;
  const content = sd.eContent ? [sd.eContent] : extra ? [extra] : undefined;
  return { cms, sd, signer: sd.signers[0]!, content };
}

/** Re-parses after flipping the last byte of the first occurrence of `needle` (inside a BIT/OCTET STRING). */
function tamper(src: ArchiveSource, needle: Uint8Array): ArchiveSource {
  const cms = src.cms.slice();
  const at = indexOf(cms, needle);
  expect(at).toBeGreaterThan(0);
  cms[at + needle.length - 1]! ^= 0x01;
  const sd = parseSignedData(cms, 64);
  return { cms, sd, signer: sd.signers[0]!, content: src.content };
}

/** The last BIT STRING (a signature value) under `node`, as stored: a byte in it can change safely. */
function lastBitString(node: asn1js.AsnType): Uint8Array | undefined {
  const kids = (node as asn1js.Constructed).valueBlock?.value;
  if (Array.isArray(kids))
    for (let i = kids.length - 1; i >= 0; i--) {
      const hit = lastBitString(kids[i]!);
      if (hit) return hit;
    }
  if (node instanceof asn1js.BitString && !node.idBlock.isConstructed)
    return new Uint8Array(node.valueBeforeDecodeView);
  return undefined;
}

function indexOf(hay: Uint8Array, needle: Uint8Array): number {
  outer: for (let i = 0; i + needle.length <= hay.length; i++) {
    for (let j = 0; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

/** The token's own check (tst.ts) over the parts archive.ts computed: imprint and TSA signature. */
async function tokenAccepts(c: ArchiveCandidate) {
  const v = await verifyTimestampToken(parseTimestampToken(c.der), c.stampedParts, { crypto });
  return { imprint: v.imprintMatches, signature: v.signatureValid };
}

interface Case {
  path: string;
  detached?: string;
  /** Per archive timestamp in attribute order: does the imprint match, is the v3 hash index valid. */
  expect: { version: 'v2' | 'v3'; imprint: boolean; indexValid?: boolean }[];
  why: string;
}

// Expectations from the DSS tests that load each file (MANIFEST.json / EXPECTATIONS.json notes).
const CASES: Case[] = [
  {
    path: 'dss/cades/CAdES-BpLTA_modified_ats_hash_element.p7m',
    expect: [{ version: 'v3', imprint: false, indexValid: false }],
    why: 'DSS1220Test: a tampered ats-hash-index element, the archive timestamp is invalid',
  },
  {
    path: 'dss/cades/CAdES-BpLTA_removed_ocsp.p7m',
    expect: [{ version: 'v3', imprint: true, indexValid: false }],
    why: 'DSS1220Test: data removed after archive timestamping, the hash index no longer matches',
  },
  {
    path: 'dss/cades/Signature-C-B-LTA-10.p7m',
    expect: [
      { version: 'v3', imprint: true, indexValid: true },
      { version: 'v2', imprint: true },
    ],
    why: 'CAdESDuplicateCertRefsTest: signature and timestamps intact',
  },
  {
    path: 'dss/cades/cades-ats-v3-rev-val-crl.p7s',
    detached: PNG,
    expect: [
      { version: 'v3', imprint: true, indexValid: false },
      { version: 'v2', imprint: true },
    ],
    why: 'CAdESLevelLTAHashIndexRevValuesCRLDigestTest: ATSv3 imprint intact, index names a CRL outside SignedData.crls',
  },
  {
    path: 'dss/cades/cades-ats-v3-wrong-crl.p7s',
    detached: PNG,
    expect: [
      { version: 'v3', imprint: true, indexValid: false },
      { version: 'v2', imprint: true },
    ],
    why: 'CAdESLevelLTAHashIndexWrongCRLDigestTest: ATSv3 imprint intact, index has a wrong CRL digest',
  },
  {
    path: 'dss/cades/CAdESDoubleLTA.p7m',
    expect: [
      { version: 'v3', imprint: true, indexValid: true },
      { version: 'v3', imprint: true, indexValid: true },
    ],
    why: 'CAdESDoubleLTAValidationTest: two CAdES_V3 archive timestamps, all imprints intact',
  },
  {
    path: 'dss/cades/counterSignedLTA.p7s',
    expect: [{ version: 'v3', imprint: true, indexValid: true }],
    why: 'CAdESCounterSignedWithLTALevelTest: the archive timestamp covers the counter-signature',
  },
  {
    path: 'dss/cades/cadesLTAwithATv2.sig',
    detached: PNG,
    expect: [{ version: 'v2', imprint: true }],
    why: 'CAdESLevelLTAExtendedTest: CAdES-A with archive-time-stamp-v2',
  },
  {
    path: 'dss/cades/Signature-C-A-XL-1.p7m',
    expect: [{ version: 'v3', imprint: true, indexValid: true }],
    why: 'CAdESRevocationSourceLevelLTTest: ETSI plugtest CAdES-A, signature valid',
  },
];

describe.skipIf(!corpusAvailable)('archive timestamps of the DSS corpus', () => {
  const tally = { expected: 0, matching: 0, agree: 0 };

  for (const c of CASES) {
    it(`${c.path.split('/').pop()}: ${c.why}`, async () => {
      const src = load(c.path, c.detached);
      const got = archiveTimestampCandidates(src);
      expect(got.map((g) => g.version)).toEqual(c.expect.map((e) => e.version));
      for (const [i, e] of c.expect.entries()) {
        const cand = got[i]!;
        tally.expected++;
        expect(cand.imprintMatches).toBe(e.imprint);
        // tst.ts, not archive.ts, decides that the token stamps exactly these bytes.
        const accepted = await tokenAccepts(cand);
        expect(accepted.imprint).toBe(e.imprint);
        expect(accepted.signature).toBe(true);
        if (accepted.imprint) tally.matching++;
        if (e.version === 'v3') {
          expect(cand.hashIndex?.valid).toBe(e.indexValid);
          expect(codes(cand).includes(ATS_PROBLEMS.HASH_INDEX_MISMATCH)).toBe(!e.indexValid);
        } else expect(cand.hashIndex).toBeUndefined();
        const proves = e.imprint && e.indexValid !== false;
        expect(cand.problems.some((p) => p.severity === 'error')).toBe(!proves);
        tally.agree++;
      }
    });
  }

  it('figures: archive imprints matching the tokens', () => {
    console.info(
      `[archive] ${tally.matching}/${tally.expected} archive-timestamp imprints match; ${tally.agree}/${tally.expected} outcomes as DSS asserts`,
    );
    expect(tally.agree).toBe(tally.expected);
  });

  it('modified_ats_hash_element: the tampered entry is a certificate hash that matches nothing', () => {
    const [cand] = archiveTimestampCandidates(load('dss/cades/CAdES-BpLTA_modified_ats_hash_element.p7m'));
    expect(cand!.hashIndex!.certificates.unmatched).toHaveLength(1);
    expect(cand!.hashIndex!.crls.unmatched).toHaveLength(0);
    expect(codes(cand!)).toContain(ATS_PROBLEMS.IMPRINT_MISMATCH);
  });

  it('rev-val-crl: the index entry is found in revocation-values, not in SignedData.crls', () => {
    const [v3] = archiveTimestampCandidates(load('dss/cades/cades-ats-v3-rev-val-crl.p7s', PNG));
    expect(v3!.hashIndex!.crls.unmatched).toHaveLength(1);
    expect(v3!.hashIndex!.crls.outside).toEqual(v3!.hashIndex!.crls.unmatched);
    const [wrong] = archiveTimestampCandidates(load('dss/cades/cades-ats-v3-wrong-crl.p7s', PNG));
    expect(wrong!.hashIndex!.crls.outside).toHaveLength(0);
  });

  it('CAdESDoubleLTA: the second archive timestamp indexes the first, the first does not index the second', () => {
    const [first, second] = archiveTimestampCandidates(load('dss/cades/CAdESDoubleLTA.p7m'));
    expect(first!.genTime! < second!.genTime!).toBe(true);
    // Unsigned attributes: signature timestamp, ATS 1, ATS 2.
    expect(first!.hashIndex!.unsignedAttrs.entries).toBe(1);
    expect(second!.hashIndex!.unsignedAttrs.entries).toBe(2);
    expect(codes(first!)).not.toContain(ATS_PROBLEMS.HASH_INDEX_INCOMPLETE);
  });

  it('an unsigned attribute present before an ATSv3 but absent from its index: a warning, not an error', () => {
    const src = load('dss/cades/CAdESDoubleLTA.p7m');
    // Present the second archive timestamp as some other attribute: it then predates the first one.
    const signer: ParsedSignerInfo = {
      ...src.signer,
      unsignedAttrs: src.signer.unsignedAttrs.map((a, i) => (i === 2 ? { ...a, type: '1.2.3.4' } : a)),
    };
    const got = archiveTimestampCandidates({ ...src, signer });
    expect(got).toHaveLength(1);
    const incomplete = got[0]!.problems.find((p) => p.code === ATS_PROBLEMS.HASH_INDEX_INCOMPLETE);
    expect(incomplete?.severity).toBe('warning');
    expect(incomplete?.message).toContain('1.2.3.4');
    expect(got[0]!.imprintMatches).toBe(true);
    expect(got[0]!.problems.some((p) => p.severity === 'error')).toBe(false);
  });

  it('cades-lta-detached without its content: the imprint cannot be computed (DSS: imprint not found)', () => {
    const [cand] = archiveTimestampCandidates(load('dss/cades/cades-lta-detached.pkcs7'));
    expect(cand!.stampedParts).toBeUndefined();
    expect(cand!.imprintMatches).toBeNull();
    expect(codes(cand!)).toEqual([ATS_PROBLEMS.CONTENT_MISSING]);
  });

  it('detached content other than the signed one: v2 and v3 imprints both fail', () => {
    const other = new TextEncoder().encode('not the signed picture');
    const got = archiveTimestampCandidates(load('dss/cades/cades-ats-v3-wrong-crl.p7s', other));
    expect(got.map((g) => g.imprintMatches)).toEqual([false, false]);
  });

  it('a changed signature value breaks every archive imprint (v3)', async () => {
    const src = load('dss/cades/CAdESDoubleLTA.p7m');
    const got = archiveTimestampCandidates(tamper(src, src.signer.signature));
    expect(got.map((g) => g.imprintMatches)).toEqual([false, false]);
    for (const g of got) expect((await tokenAccepts(g)).imprint).toBe(false);
    // The index itself still names every element: only the imprint catches this change.
    expect(got.every((g) => g.hashIndex?.valid)).toBe(true);
  });

  it('a changed SignedData certificate breaks the v3 hash index while the imprint still matches', () => {
    const src = load('dss/cades/CAdESDoubleLTA.p7m');
    const cert = src.sd.certificates[src.sd.certificates.length - 1]!;
    const got = archiveTimestampCandidates(tamper(src, cert));
    expect(got.map((g) => g.imprintMatches)).toEqual([true, true]);
    for (const g of got) {
      expect(g.hashIndex!.certificates.unmatched).toHaveLength(1);
      expect(codes(g)).toContain(ATS_PROBLEMS.HASH_INDEX_MISMATCH);
    }
  });

  it('a changed revocation-values attribute, stored after the ATSv2, breaks the v2 imprint', () => {
    const src = load('dss/cades/cadesLTAwithATv2.sig', PNG);
    const rv = src.signer.unsignedAttrs.find((a) => a.type === '1.2.840.113549.1.9.16.2.24')!;
    const i = src.signer.unsignedAttrs.indexOf(rv);
    const ats = src.signer.unsignedAttrs.findIndex((a) => a.type === ATS_OIDS.archiveTimestampV2);
    expect(i).toBeGreaterThan(ats);
    const [cand] = archiveTimestampCandidates(tamper(src, lastBitString(rv.parsed[0]!)!));
    expect(cand!.imprintMatches).toBe(false);
  });

  it('a v3 attribute whose token has no ats-hash-index: ATS_HASH_INDEX_MISSING', () => {
    const src = load('dss/cades/cadesLTAwithATv2.sig', PNG);
    const signer: ParsedSignerInfo = {
      ...src.signer,
      unsignedAttrs: src.signer.unsignedAttrs.map((a) =>
        a.type === ATS_OIDS.archiveTimestampV2 ? { ...a, type: ATS_OIDS.archiveTimestampV3 } : a,
      ),
    };
    const [cand] = archiveTimestampCandidates({ ...src, signer });
    expect(cand!.version).toBe('v3');
    expect(codes(cand!)).toEqual([ATS_PROBLEMS.HASH_INDEX_MISSING]);
    expect(cand!.stampedParts).toBeUndefined();
  });

  it('asking for the wrong version or a non-archive attribute: ATS_UNSUPPORTED_VERSION', () => {
    const src = load('dss/cades/cadesLTAwithATv2.sig', PNG);
    const ats = src.signer.unsignedAttrs.findIndex((a) => a.type === ATS_OIDS.archiveTimestampV2);
    const sha256 = '2.16.840.1.101.3.4.2.1';
    const wrong = archiveTimestampImprintParts(src, { attribute: ats }, 'v3', sha256);
    expect('error' in wrong && wrong.error).toBe(ATS_PROBLEMS.UNSUPPORTED_VERSION);
    const notAts = archiveTimestampImprintParts(src, { attribute: ats === 0 ? 1 : 0 }, 'v2', sha256);
    expect('error' in notAts && notAts.error).toBe(ATS_PROBLEMS.UNSUPPORTED_VERSION);
    const ok = archiveTimestampImprintParts(src, { attribute: ats }, 'v2', sha256);
    expect('parts' in ok && ok.parts.length).toBeGreaterThan(5);
  });

  it('CMS bytes that are not the parsed SignedData: ATS_MALFORMED, no crash', () => {
    const src = load('dss/cades/CAdESDoubleLTA.p7m');
    const got = archiveTimestampCandidates({ ...src, cms: new Uint8Array([0x30, 0x03, 0x02, 0x01]) });
    expect(got).toHaveLength(2);
    for (const g of got) expect(codes(g)).toEqual([ATS_PROBLEMS.MALFORMED]);
  });
});

function context(): ValidationContext {
  return {
    crypto,
    anchors: [],
    etsiLists: [],
    callerCertificates: [],
    validationTime: new Date('2025-06-01T00:00:00Z'),
    options: VerifyOptionsSchema.parse({}),
    loadedTrustLists: [],
    profiles: [],
    deadline: Date.now() + 60_000,
  };
}

async function archiveResults(path: string, detached?: string) {
  const cms = corpusFile(path);
  const sd: ParsedSignedData = parseSignedData(cms, 64);
  const extra = detached ? corpusFile(detached) : undefined;
  const content = sd.eContent ? [sd.eContent] : extra ? [extra] : undefined;
  const task: SignerTask & { cms: Uint8Array } = {
    id: 'signer-1',
    kind: 'approval',
    formatFamily: 'CAdES',
    sd,
    signer: sd.signers[0]!,
    content,
    cms,
  };
  const result = await evaluateSigner(context(), task);
  return result.timestamps.filter((t) => t.type === 'archive');
}

describe.skipIf(!corpusAvailable)('archive timestamps in evaluateSigner (task.cms given)', () => {
  it('CAdESDoubleLTA: two archive results, imprints intact, not failed (no anchor: not passed either)', async () => {
    const ts = await archiveResults('dss/cades/CAdESDoubleLTA.p7m');
    expect(ts).toHaveLength(2);
    for (const t of ts) {
      expect(t.imprintMatches).toBe(true);
      expect(t.indication).not.toBe('TOTAL_FAILED');
    }
  });

  it('modified ats hash element: TOTAL_FAILED / HASH_FAILURE with the index problem', async () => {
    const [t] = await archiveResults('dss/cades/CAdES-BpLTA_modified_ats_hash_element.p7m');
    expect(t!.indication).toBe('TOTAL_FAILED');
    expect(t!.subIndication).toBe('HASH_FAILURE');
    expect(codes(t!)).toContain(ATS_PROBLEMS.HASH_INDEX_MISMATCH);
  });

  it('wrong CRL digest in the index: the matching imprint does not save it', async () => {
    const ts = await archiveResults('dss/cades/cades-ats-v3-wrong-crl.p7s', PNG);
    const v3 = ts.find((t) => codes(t).includes(ATS_PROBLEMS.HASH_INDEX_MISMATCH))!;
    expect(v3.imprintMatches).toBe(true);
    expect(v3.indication).toBe('TOTAL_FAILED');
    const v2 = ts.find((t) => t !== v3)!;
    expect(v2.imprintMatches).toBe(true);
    expect(v2.indication).not.toBe('TOTAL_FAILED');
  });

  it('cades-lta-detached without content: INDETERMINATE / SIGNED_DATA_NOT_FOUND (as DSS)', async () => {
    const [t] = await archiveResults('dss/cades/cades-lta-detached.pkcs7');
    expect(t!.indication).toBe('INDETERMINATE');
    expect(t!.subIndication).toBe('SIGNED_DATA_NOT_FOUND');
    expect(codes(t!)).toContain(ATS_PROBLEMS.CONTENT_MISSING);
    expect(codes(t!)).not.toContain('TST_IMPRINT_MISMATCH');
  });
});
