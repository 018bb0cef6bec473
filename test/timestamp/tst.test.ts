import { describe, expect, it } from 'vitest';
import { toHex } from '../../src/lib/bytes.js';
import { isCrossignError } from '../../src/lib/errors.js';
import { RevocationPool } from '../../src/revocation/pool.js';
import { parseTimeStampResp, parseTimestampToken, verifyTimestampToken } from '../../src/timestamp/tst.js';
import {
  corpus,
  corpusAvailable,
  crypto,
  fixture,
  fixtureCert,
  fixtureIndex,
} from '../revocation/helpers.js';

const index = fixtureIndex();
const data = fixture('tst-data.txt');
const tokens = Object.entries(index.files).filter(([, i]) => i.kind === 'tst');
const codes = (v: { problems: { code: string }[] }) => v.problems.map((p) => p.code);
const isoFromGeneralized = (g: string) =>
  `${g.slice(0, 4)}-${g.slice(4, 6)}-${g.slice(6, 8)}T${g.slice(8, 10)}:${g.slice(10, 12)}:${g.slice(12, 14)}${g.length > 15 ? g.slice(14, 18).padEnd(4, '0') : '.000'}Z`;

describe('fixture timestamp tokens (openssl ts)', () => {
  for (const [name, info] of tokens) {
    it(`${name}: ${info.description}`, async () => {
      const token = parseTimestampToken(fixture(name));
      const v = await verifyTimestampToken(token, data, { crypto });
      if (info.genTime) {
        expect(token.tstInfo.genTimeRaw).toBe(info.genTime);
        expect(v.genTime.toISOString()).toBe(isoFromGeneralized(String(info.genTime)));
      }
      if (info.imprint) expect(toHex(token.tstInfo.messageImprint.hashedMessage)).toBe(info.imprint);
      expect(v.tsaCertificate?.sha256).toBe(fixtureCert(String(info.tsa)).sha256);
      if (info.imprintMatchesTstData === false) {
        expect(v.imprintMatches).toBe(false);
        expect(codes(v)).toContain('TST_IMPRINT_MISMATCH');
        expect(v.signatureValid).toBe(true);
        return;
      }
      expect(v.imprintMatches).toBe(true);
      if (Array.isArray(info.expectProblems)) {
        for (const c of info.expectProblems as string[]) expect(codes(v)).toContain(c);
        return;
      }
      expect(v.signatureValid, JSON.stringify(v.problems)).toBe(true);
      expect(v.problems.filter((p) => p.severity === 'error')).toEqual([]);
      if (info.accuracyMs !== undefined) {
        expect(v.accuracyMs).toBe(info.accuracyMs);
        expect(v.genTime.getTime() - v.window.notBefore.getTime()).toBe(info.accuracyMs);
        expect(v.window.notAfter.getTime() - v.genTime.getTime()).toBe(info.accuracyMs);
      }
      if (info.ordering !== undefined) expect(token.tstInfo.ordering).toBe(info.ordering);
      if (info.nonce) expect(token.tstInfo.nonce).toMatch(/^[0-9a-f]+$/);
      if (info.policy) expect(token.tstInfo.policy).toBe(info.policy);
    });
  }

  it('the good token stamps exactly tst-data.txt: one changed byte breaks the imprint, parts hash like the whole', async () => {
    const token = parseTimestampToken(fixture('tst-good.tst'));
    const changed = data.slice();
    changed[0]! ^= 1;
    expect((await verifyTimestampToken(token, changed, { crypto })).imprintMatches).toBe(false);
    const parts = [data.subarray(0, 5), data.subarray(5)];
    expect((await verifyTimestampToken(token, parts, { crypto })).imprintMatches).toBe(true);
    expect((await verifyTimestampToken(token, undefined, { crypto })).imprintMatches).toBeNull();
  });

  it('a flipped bit in the TSTInfo breaks message-digest and the signature', async () => {
    const token = parseTimestampToken(fixture('tst-good.tst'));
    const tampered = { ...token, eContent: token.eContent.slice() };
    tampered.eContent[tampered.eContent.length - 1]! ^= 1;
    const v = await verifyTimestampToken(tampered, data, { crypto });
    expect(v.signatureValid).toBe(false);
    expect(codes(v)).toContain('TST_MESSAGE_DIGEST_MISMATCH');
  });

  it('the TimeStampResp is unwrapped: status granted, same token', () => {
    const resp = parseTimeStampResp(fixture('tst-good.tsr'));
    expect(resp.status).toBe(0);
    expect(toHex(resp.token!)).toBe(toHex(fixture('tst-good.tst')));
    expect(parseTimestampToken(fixture('tst-good.tsr')).sha256).toBe(
      parseTimestampToken(fixture('tst-good.tst')).sha256,
    );
  });

  it('bad input throws a CrossignError with a TST_/ASN1_ problem, never anything else', () => {
    const good = fixture('tst-good.tst');
    for (const bad of [good.subarray(0, 100), new Uint8Array([0x30, 0x00]), fixture('crl-full.crl')]) {
      try {
        parseTimestampToken(bad);
        expect.unreachable('should have thrown');
      } catch (e) {
        expect(isCrossignError(e)).toBe(true);
        expect((e as { problem?: string }).problem).toMatch(/^(TST|ASN1)_/);
      }
    }
  });
});

describe.skipIf(!corpusAvailable)('third-party timestamp tokens', () => {
  it('DSS d-trust.tsr over "Test123": imprint intact, signature (RSASSA-PSS) intact; without data no imprint', async () => {
    const token = parseTimestampToken(corpus('dss/cades/d-trust.tsr'));
    const v = await verifyTimestampToken(token, corpus('dss/cades/d-trust.tsr.content-Test123.txt'), {
      crypto,
    });
    expect(v.imprintMatches).toBe(true);
    expect(v.signatureValid, JSON.stringify(v.problems)).toBe(true);
    expect((await verifyTimestampToken(token, undefined, { crypto })).imprintMatches).toBeNull();
  });

  it('DSS SK-disig.tst: two equivalent TSA certificates, two ESS references, signature intact', async () => {
    const token = parseTimestampToken(corpus('dss/tsp/SK-disig.tst'));
    expect(token.certificates).toHaveLength(2);
    expect(token.certificates[0]!.sha256).not.toBe(token.certificates[1]!.sha256);
    expect(toHex(token.certificates[0]!.publicKey.spki)).toBe(toHex(token.certificates[1]!.publicKey.spki));
    const s = token.signers[0]!;
    expect((s.essCertsV1?.length ?? 0) + (s.essCertsV2?.length ?? 0)).toBe(2);
    const v = await verifyTimestampToken(token, undefined, { crypto });
    expect(v.signatureValid, JSON.stringify(v.problems)).toBe(true);
  });

  it('DSS archive_timestamp.tst: parses, genTime present, SHA-256 imprint', () => {
    const token = parseTimestampToken(corpus('dss/tsp/archive_timestamp.tst'));
    expect(token.tstInfo.genTime).toBeInstanceOf(Date);
    expect(token.tstInfo.messageImprint.hashAlgorithmOid).toBe('2.16.840.1.101.3.4.2.1');
  });

  it('DSS tst_with_broken_ocsp.tst: parses; its OCSP entries give exactly one OCSP binary, no throw', () => {
    const token = parseTimestampToken(corpus('dss/tsp/tst_with_broken_ocsp.tst'));
    const pool = new RevocationPool();
    for (const c of token.revocationInfoChoices) pool.addRevocationInfoChoice(c, 'signature');
    // A CRL, an id-ri-ocsp-response and an id-pkix-ocsp-basic entry.
    expect(token.revocationInfoChoices).toHaveLength(3);
    expect(pool.crls).toHaveLength(1);
    // Both OCSP entries carry the same OCSPResponse (the second mislabelled id-pkix-ocsp-basic): like DSS,
    // the pool holds exactly one OCSP binary, seen once per entry.
    expect(pool.ocsps).toHaveLength(1);
    expect(pool.rejected).toEqual([]);
  });

  it('PKI.js TestTSPresp.tsr: a granted response whose token verifies', async () => {
    const resp = parseTimeStampResp(corpus('pkijs/TestTSPresp.tsr'));
    expect([0, 1]).toContain(resp.status);
    const token = parseTimestampToken(corpus('pkijs/TestTSPresp.tsr'));
    const v = await verifyTimestampToken(token, undefined, { crypto });
    expect(v.genTime).toBeInstanceOf(Date);
    expect(v.signatureValid, JSON.stringify(v.problems)).toBe(true);
  });
});
