import * as asn1js from 'asn1js';
import { describe, expect, it } from 'vitest';
import { toHex } from '../../src/lib/bytes.js';
import { crlScopeFor, crlUsabilityProblems, parseCrl, verifyCrlSignature } from '../../src/revocation/crl.js';
import { buildOcspRequest, parseOcspResponse, verifyOcspResponse } from '../../src/revocation/ocsp.js';
import { ID_RI_OCSP_RESPONSE, RevocationPool } from '../../src/revocation/pool.js';
import { determineStatus } from '../../src/revocation/status.js';
import { crypto, fixture, fixtureCert, fixtureIndex } from './helpers.js';

const index = fixtureIndex();
const T = new Date(index.referenceTime);
const V = new Date((index as unknown as { validationTime: string }).validationTime);
const ca = fixtureCert('ca.cer');
const serialOf = (name: string) => String(index.files[name]!.serial);
const entries = Object.entries(index.files);

function poolOf(...names: string[]): RevocationPool {
  const pool = new RevocationPool();
  for (const n of names) {
    const added = n.endsWith('.crl') ? pool.addCrl(fixture(n), 'caller') : pool.addOcsp(fixture(n), 'caller');
    expect(added, n).toBeDefined();
  }
  return pool;
}
const status = (leaf: string, pool: RevocationPool, time = T, extra = {}) =>
  determineStatus(fixtureCert(leaf), ca, pool, { time, validationTime: V, crypto, ...extra });

describe('fixture CRLs: parsing and signatures', () => {
  for (const [name, info] of entries.filter(([, i]) => i.kind === 'crl')) {
    it(`${name}: dates, entries and signature as index.json says`, async () => {
      const crl = parseCrl(fixture(name));
      expect(crl.thisUpdate.toISOString()).toBe(new Date(String(info.thisUpdate)).toISOString());
      if (info.nextUpdate)
        expect(crl.nextUpdate?.toISOString()).toBe(new Date(String(info.nextUpdate)).toISOString());
      if (Array.isArray(info.revoked)) {
        const expected = [
          ...(info.revoked as string[]),
          ...((info.removeFromCRL as string[] | undefined) ?? []),
        ].map(serialOf);
        expect(crl.entries.map((e) => e.serial).sort()).toEqual(expected.sort());
      }
      if (info.crlNumber !== undefined) expect(crl.crlNumber).toBe(BigInt(Number(info.crlNumber)));
      if (info.deltaBaseCrlNumber !== undefined)
        expect(crl.deltaBaseCrlNumber).toBe(BigInt(Number(info.deltaBaseCrlNumber)));
      const sig = await verifyCrlSignature(crl, ca, crypto);
      const usability = crlUsabilityProblems(crl).map((p) => p.code);
      if (info.expectProblem === 'CRL_SIGNATURE_INVALID') {
        expect(sig.ok).toBe(false);
        expect(sig.problems.map((p) => p.code)).toContain('CRL_SIGNATURE_INVALID');
      } else expect(sig.ok, JSON.stringify(sig.problems)).toBe(true);
      if (info.expectProblem === 'CRL_UNKNOWN_CRITICAL_EXTENSION')
        expect(usability).toContain('CRL_UNKNOWN_CRITICAL_EXTENSION');
      else expect(usability).toEqual([]);
      if (info.scope)
        expect(crlScopeFor(crl, fixtureCert('leaf-good.cer')).applies).toBe(info.scope === 'applies');
    });
  }

  it('the wrong-key CRL verifies with the impostor key but not with the CA', async () => {
    const crl = parseCrl(fixture('crl-wrong-key.crl'));
    expect((await verifyCrlSignature(crl, fixtureCert('wrong-ca.cer'), crypto)).ok).toBe(true);
  });

  it('a CRL signer with keyUsage but no cRLSign is refused', async () => {
    // ocsp-noeku has the CA's subject as issuer only; give it a CRL naming it as issuer: use leaf keyUsage semantics.
    const crl = parseCrl(fixture('crl-full.crl'));
    const leaf = fixtureCert('leaf-good.cer');
    const check = await verifyCrlSignature({ ...crl, issuerDer: leaf.subjectDer }, leaf, crypto);
    expect(check.problems.map((p) => p.code)).toContain('CRL_ISSUER_NOT_AUTHORIZED');
  });
});

describe('determineStatus over the fixture CRLs', () => {
  it('stale CRL: unknown (not fresh) by default, accepted with freshness any', async () => {
    const pool = poolOf('crl-stale.crl');
    const d = await status('leaf-good.cer', pool);
    expect(d.result.status).toBe('unknown');
    expect(d.result.problems.map((p) => p.code)).toContain('REVOCATION_NOT_FRESH');
    const any = await status('leaf-good.cer', pool, T, { policy: { freshness: 'any' } });
    expect(any.result.status).toBe('good');
    expect(any.result.fresh).toBe(false);
    expect(any.result.problems.map((p) => p.code)).toContain('REVOCATION_OLDER_THAN_SIGNING_TIME');
  });

  it('base CRL current at the reference time: good, revoked-before, hold, revoked-after still good', async () => {
    const pool = poolOf('crl-base.crl');
    expect((await status('leaf-good.cer', pool)).result).toMatchObject({
      status: 'good',
      source: 'crl',
      fresh: true,
    });
    const before = await status('leaf-revoked-before.cer', pool);
    expect(before.result).toMatchObject({
      status: 'revoked',
      reason: index.files['leaf-revoked-before.cer']!.reason,
      revocationTime: new Date(String(index.files['leaf-revoked-before.cer']!.revoked)).toISOString(),
    });
    expect(before.revokedBeforeTime).toBe(true);
    expect((await status('leaf-hold.cer', pool)).result).toMatchObject({
      status: 'revoked',
      reason: 'certificateHold',
    });
    expect((await status('leaf-revoked-after.cer', pool)).result.status).toBe('good');
  });

  it('full CRL: revoked-after is revoked after the reference time', async () => {
    const d = await status('leaf-revoked-after.cer', poolOf('crl-full.crl'));
    expect(d.result).toMatchObject({ status: 'revoked', reason: 'superseded' });
    expect(d.result.revocationTime).toBe(
      new Date(String(index.files['leaf-revoked-after.cer']!.revoked)).toISOString(),
    );
    expect(d.revokedBeforeTime).toBe(false);
  });

  it('base + delta: removeFromCRL lifts the hold, the delta adds revoked-after', async () => {
    const pool = poolOf('crl-base.crl', 'crl-delta.crl');
    const hold = await status('leaf-hold.cer', pool, V);
    expect(hold.result.status).toBe('good');
    expect(hold.result.thisUpdate).toBe(
      new Date(String(index.files['crl-delta.crl']!.thisUpdate)).toISOString(),
    );
    expect((await status('leaf-revoked-after.cer', pool, V)).result).toMatchObject({
      status: 'revoked',
      reason: 'superseded',
    });
    expect((await status('leaf-revoked-before.cer', pool, V)).result.status).toBe('revoked');
  });

  it('a delta CRL alone proves nothing', async () => {
    const d = await status('leaf-good.cer', poolOf('crl-delta.crl'), V);
    expect(d.result.status).toBe('unknown');
  });

  it('issuing distribution point scope', async () => {
    expect((await status('leaf-revoked-before.cer', poolOf('crl-idp-user.crl'))).result.status).toBe(
      'revoked',
    );
    expect((await status('leaf-good.cer', poolOf('crl-idp-user.crl'))).result.status).toBe('good');
    for (const n of ['crl-idp-other.crl', 'crl-idp-ca.crl']) {
      const d = await status('leaf-good.cer', poolOf(n));
      expect(d.result.status, n).toBe('unknown');
      expect(d.result.problems.map((p) => p.code)).toContain('CRL_SCOPE_MISMATCH');
    }
  });

  it('unusable CRLs: unknown critical extension, wrong key', async () => {
    for (const n of ['crl-unknown-critical.crl', 'crl-wrong-key.crl']) {
      const d = await status('leaf-revoked-before.cer', poolOf(n));
      expect(d.result.status, n).toBe('unknown');
      expect(d.result.problems.map((p) => p.code)).toContain(String(index.files[n]!.expectProblem));
    }
  });

  it('a permanent revocation wins over an older good OCSP answer', async () => {
    const d = await status('leaf-revoked-after.cer', poolOf('ocsp-direct-after-good.ors', 'crl-full.crl'));
    expect(d.result).toMatchObject({ status: 'revoked', source: 'crl' });
  });

  it('evidence issued after the validation time is refused', async () => {
    const d = await determineStatus(fixtureCert('leaf-good.cer'), ca, poolOf('ocsp-direct-good.ors'), {
      validationTime: new Date('2025-06-01T00:00:00Z'),
      crypto,
    });
    expect(d.result.status).toBe('unknown');
    expect(d.result.problems.map((p) => p.code)).toContain('REVOCATION_ISSUED_AFTER_VALIDATION_TIME');
  });

  it('policy off: not checked', async () => {
    const d = await status('leaf-good.cer', poolOf('crl-full.crl'), T, { policy: { mode: 'off' } });
    expect(d.result.status).toBe('not-checked');
  });
});

describe('fixture OCSP responses', () => {
  for (const [name, info] of entries.filter(([, i]) => i.kind === 'ocsp')) {
    it(`${name}: ${info.description}`, async () => {
      const d = await status(String(info.for), poolOf(name));
      if (info.usable === false) {
        expect(d.result.status).toBe('unknown');
        expect(d.result.problems.map((p) => p.code)).toContain(String(info.expectProblem));
        return;
      }
      expect(d.result.status, JSON.stringify(d.result.problems)).toBe(info.status);
      expect(d.result.source).toBe('ocsp');
      if (info.revocationTime)
        expect(d.result.revocationTime).toBe(new Date(String(info.revocationTime)).toISOString());
      if (info.reason) expect(d.result.reason).toBe(info.reason);
      if (info.producedAt) expect(d.result.producedAt).toBe(new Date(String(info.producedAt)).toISOString());
      const responder =
        info.responder && info.responder !== 'ca' ? fixtureCert(String(info.responder)) : undefined;
      if (info.requires)
        expect(d.requirements.map((r) => [r.why, r.certificate.sha256])).toEqual([
          ['ocsp-responder', responder!.sha256],
        ]);
      else expect(d.requirements).toEqual([]);
    });
  }

  it('responder identified by key hash and by name', async () => {
    const byKey = parseOcspResponse(fixture('ocsp-delegated-nocheck-good.ors'));
    expect(byKey.basic && 'byKey' in byKey.basic.responderId).toBe(true);
    const check = await verifyOcspResponse(byKey, ca, crypto);
    expect(check).toMatchObject({ ok: true, responderKind: 'delegated' });
    expect(check.responder?.sha256).toBe(fixtureCert('ocsp-nocheck.cer').sha256);
    expect(check.responderNeedsRevocationCheck).toBeUndefined();
    const byName = parseOcspResponse(fixture('ocsp-direct-good.ors'));
    expect(byName.basic && 'byName' in byName.basic.responderId).toBe(true);
    expect(await verifyOcspResponse(byName, ca, crypto)).toMatchObject({ ok: true, responderKind: 'ca' });
  });

  it('a response for another issuer key does not match', async () => {
    const d = await determineStatus(
      fixtureCert('leaf-good.cer'),
      fixtureCert('wrong-ca.cer'),
      poolOf('ocsp-direct-good.ors'),
      {
        validationTime: V,
        crypto,
      },
    );
    expect(d.result.status).toBe('unknown');
    expect(d.result.problems.map((p) => p.code)).toContain('OCSP_ISSUER_KEY_HASH_MISMATCH');
  });

  it('buildOcspRequest produces the same DER as openssl ocsp -reqout', () => {
    const req = buildOcspRequest(fixtureCert('leaf-good.cer'), ca);
    expect(toHex(req)).toBe(toHex(fixture('ocsp-request-leaf-good.der')));
  });
});

describe('evidence pool', () => {
  it('de-duplicates by digest and keeps every origin', () => {
    const pool = new RevocationPool();
    pool.addCrl(fixture('crl-full.crl'), 'signature');
    pool.addCrl(fixture('crl-full.crl'), 'pdf-dss');
    pool.addOcsp(fixture('ocsp-direct-good.ors'), 'caller');
    pool.addOcsp(fixture('ocsp-direct-good.ors'), 'fetched');
    expect(pool.crls).toHaveLength(1);
    expect(pool.crls[0]!.origins).toEqual(['signature', 'pdf-dss']);
    expect(pool.ocsps).toHaveLength(1);
    expect(pool.ocsps[0]!.origins).toEqual(['caller', 'fetched']);
  });

  const tagged = (n: number, inner: asn1js.AsnType) =>
    new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: n }, value: [inner] });
  const raw = (b: Uint8Array) => asn1js.fromBER(b.slice().buffer).result;

  it('reads adbe-revocationInfoArchival (crl [0], ocsp [1])', async () => {
    const archival = new asn1js.Sequence({
      value: [
        tagged(0, new asn1js.Sequence({ value: [raw(fixture('crl-base.crl'))] })),
        tagged(1, new asn1js.Sequence({ value: [raw(fixture('ocsp-direct-good.ors'))] })),
      ],
    });
    const pool = new RevocationPool();
    pool.addRevocationInfoArchival(new Uint8Array(archival.toBER(false)));
    expect(pool.crls).toHaveLength(1);
    expect(pool.ocsps).toHaveLength(1);
    expect(pool.crls[0]!.origins).toEqual(['adbe-archival']);
    const d = await status('leaf-good.cer', pool);
    expect(d.result).toMatchObject({ status: 'good', origin: 'adbe-archival' });
  });

  it('reads CMS RevocationInfoChoices: a CRL, an id-ri-ocsp-response, and refuses other formats', () => {
    const other = (oid: string, value: asn1js.AsnType) =>
      new asn1js.Constructed({
        idBlock: { tagClass: 3, tagNumber: 1 },
        value: [new asn1js.ObjectIdentifier({ value: oid }), value],
      });
    const set = new asn1js.Set({
      value: [
        raw(fixture('crl-full.crl')),
        other(ID_RI_OCSP_RESPONSE, raw(fixture('ocsp-direct-revoked.ors'))),
        other('1.2.3.4', new asn1js.Null()),
      ],
    });
    const pool = new RevocationPool();
    pool.addRevocationInfoChoices(new Uint8Array(set.toBER(false)));
    expect(pool.crls).toHaveLength(1);
    expect(pool.ocsps).toHaveLength(1);
    expect(pool.rejected.map((r) => r.problem.code)).toEqual(['REVOCATION_INFO_FORMAT_UNSUPPORTED']);
  });

  it('malformed items are rejected with a problem code, never thrown', () => {
    const pool = new RevocationPool();
    const crl = fixture('crl-full.crl');
    expect(pool.addCrl(crl.subarray(0, crl.length - 10), 'caller')).toBeUndefined();
    expect(pool.addOcsp(new Uint8Array([0x30, 0x03, 0x0a, 0x01, 0x09]), 'caller')).toBeDefined();
    expect(pool.addOcsp(new Uint8Array([1, 2, 3]), 'caller')).toBeUndefined();
    pool.addRevocationInfoArchival(new Uint8Array([0x30, 0x80]));
    expect(pool.ocsps[0]!.ocsp.responseStatus).toBe('invalid');
    expect(pool.rejected.map((r) => r.problem.code)).toEqual([
      'ASN1_LENGTH_OVERRUN',
      'ASN1_LENGTH_OVERRUN',
      'ASN1_TRUNCATED',
    ]);
  });
});
