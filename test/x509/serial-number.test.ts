/**
 * Serial numbers with redundant leading octets (`02 03 00 50 ab`, not DER per X.690 §8.3.2) are not
 * rejected; every issuer/serial comparison uses one normal form (minimal two's complement), so a
 * certificate and a CRL entry or OCSP CertID that encode the same serial differently still match.
 */
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import * as asn1js from 'asn1js';
import fc from 'fast-check';
import * as pkijs from 'pkijs';
import { beforeAll, describe, expect, it } from 'vitest';
import { digestParts } from '../../src/crypto/registry.js';
import { fromHex, toHex } from '../../src/lib/bytes.js';
import { buildOcspRequest } from '../../src/revocation/ocsp.js';
import { RevocationPool } from '../../src/revocation/pool.js';
import { determineStatus } from '../../src/revocation/status.js';
import { type Certificate, parseCertificate, serialHex, summarize } from '../../src/x509/certificate.js';
import { cert, crypto, NOW, type Party, party } from './pki.js';

const wc = webcrypto as unknown as Crypto;
const engine = new pkijs.CryptoEngine({ name: 'node-webcrypto', crypto: wc });
const SIGN = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' } as const;

/** The minimal two's-complement encoding of n (what DER requires). */
function minimal(n: bigint): Uint8Array {
  let len = 1;
  while (n >= 1n << BigInt(8 * len - 1) || n < -(1n << BigInt(8 * len - 1))) len++;
  const out = new Uint8Array(len);
  let v = n < 0n ? (1n << BigInt(8 * len)) + n : n;
  for (let i = len - 1; i >= 0; i--) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}

function signedValue(raw: Uint8Array): bigint {
  let v = 0n;
  for (const b of raw) v = (v << 8n) | BigInt(b);
  return raw[0]! & 0x80 ? v - (1n << BigInt(raw.length * 8)) : v;
}

describe('serialHex', () => {
  it.each([
    ['50ab', '50ab'],
    ['0050ab', '50ab'],
    ['00000050ab', '50ab'],
    ['0080', '0080'],
    ['000080', '0080'],
    ['00', '00'],
    ['0000', '00'],
    ['ff7f', 'ff7f'],
    ['ff80', '80'],
    ['ffff', 'ff'],
    ['ffff80', '80'],
  ])('%s → %s', (input, out) => expect(serialHex(fromHex(input))).toBe(out));

  it('keeps the value, gives the DER encoding, and ignores any redundant sign padding', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(1n << 160n), max: 1n << 160n }), fc.nat({ max: 4 }), (n, pad) => {
        const der = minimal(n);
        const padded = new Uint8Array([...new Array(pad).fill(n < 0n ? 0xff : 0x00), ...der]);
        expect(signedValue(padded)).toBe(n);
        expect(serialHex(padded)).toBe(toHex(der));
        expect(signedValue(fromHex(serialHex(padded)))).toBe(n);
      }),
    );
  });
});

let ca: Party;
let ee: Party;
let caCert: Certificate;

beforeAll(async () => {
  [ca, ee] = await Promise.all([party('CN=Serial CA'), party('CN=Serial EE')]);
  caCert = await cert({ subject: ca, ca: true });
});

/**
 * An end-entity certificate whose serial INTEGER carries exactly `rawHex` (the generator would normalise
 * it), re-signed by the CA so it is otherwise genuine.
 */
async function eeWithSerial(rawHex: string): Promise<Certificate> {
  const base = await cert({ subject: ee, issuer: ca });
  const p = base.pkijs;
  p.serialNumber = new asn1js.Integer({ valueHex: fromHex(rawHex).slice().buffer });
  await p.sign(ca.keys.privateKey, 'SHA-256', engine);
  const c = parseCertificate(new Uint8Array(p.toSchema(true).toBER(false)), 'caller');
  expect(toHex(new Uint8Array(c.pkijs.serialNumber.valueBlock.valueHexView))).toBe(rawHex);
  return c;
}

/** The serial bytes exactly as encoded in the first CRL entry / OCSP CertID. */
function crlEntryBytes(der: Uint8Array): string {
  const crl = new pkijs.CertificateRevocationList({ schema: asn1js.fromBER(der.slice().buffer).result });
  return toHex(new Uint8Array(crl.revokedCertificates![0]!.userCertificate.valueBlock.valueHexView));
}
function ocspCertIdBytes(der: Uint8Array): string {
  const basic = new pkijs.BasicOCSPResponse({ schema: asn1js.fromBER(der.slice().buffer).result });
  return toHex(
    new Uint8Array(basic.tbsResponseData.responses[0]!.certID.serialNumber.valueBlock.valueHexView),
  );
}

async function crlListing(serial: string): Promise<Uint8Array> {
  const crl = await x509.X509CrlGenerator.create({
    issuer: ca.name,
    thisUpdate: new Date(NOW.getTime() - 3600_000),
    nextUpdate: new Date(NOW.getTime() + 86400_000),
    entries: [{ serialNumber: serial, revocationDate: new Date('2024-01-01T00:00:00Z'), reason: 1 }],
    signingKey: ca.keys.privateKey,
    signingAlgorithm: SIGN,
  });
  return new Uint8Array(crl.rawData);
}

/** A BasicOCSPResponse signed by the CA itself (responder byName), saying `revoked` for `serial`. */
async function ocspRevoking(serial: string): Promise<Uint8Array> {
  const sha1 = '1.3.14.3.2.26';
  const basic = new pkijs.BasicOCSPResponse();
  basic.tbsResponseData.responderID = caCert.pkijs.subject;
  basic.tbsResponseData.producedAt = NOW;
  const single = new pkijs.SingleResponse({
    certID: new pkijs.CertID({
      hashAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: sha1, algorithmParams: new asn1js.Null() }),
      issuerNameHash: new asn1js.OctetString({
        valueHex: digestParts(sha1, [caCert.subjectDer]).slice().buffer,
      }),
      issuerKeyHash: new asn1js.OctetString({
        valueHex: digestParts(sha1, [caCert.publicKey.publicKey]).slice().buffer,
      }),
      serialNumber: new asn1js.Integer({ valueHex: fromHex(serial).slice().buffer }),
    }),
    certStatus: new asn1js.Constructed({
      idBlock: { tagClass: 3, tagNumber: 1 },
      value: [new asn1js.GeneralizedTime({ valueDate: new Date('2024-01-01T00:00:00Z') })],
    }),
    thisUpdate: new Date(NOW.getTime() - 60_000),
  });
  basic.tbsResponseData.responses = [single];
  await basic.sign(ca.keys.privateKey, 'SHA-256', engine);
  return new Uint8Array(basic.toSchema().toBER(false));
}

async function statusWith(c: Certificate, evidence: { crl?: Uint8Array; ocsp?: Uint8Array }) {
  const pool = new RevocationPool();
  if (evidence.crl) expect(pool.addCrl(evidence.crl, 'caller')).toBeDefined();
  if (evidence.ocsp) expect(pool.addOcsp(evidence.ocsp, 'caller')).toBeDefined();
  const d = await determineStatus(c, caCert, pool, { validationTime: NOW, crypto });
  return d.result;
}

describe('a certificate with a non-minimal serial', () => {
  it('parses; keeps its bytes; serialNumber (and the verdict summary) is the normal form', async () => {
    const c = await eeWithSerial('0050ab');
    expect(c.serialNumber).toBe('50ab');
    expect(summarize(c).serialNumber).toBe('50ab');
    // Its signature still verifies: the issuer signed the padded bytes.
    expect(await c.pkijs.verify(caCert.pkijs, engine)).toBe(true);
  });

  it('a serial that needs its 00 keeps it; a padded negative one loses only the redundant ff', async () => {
    expect((await eeWithSerial('00c0ffee')).serialNumber).toBe('00c0ffee');
    expect((await eeWithSerial('ffff80')).serialNumber).toBe('80');
  });

  // Each encoding on the certificate side against each on the CRL / OCSP side.
  for (const [certSerial, listed] of [
    ['0050ab', '50ab'],
    ['50ab', '0050ab'],
    ['0050ab', '0050ab'],
  ] as const) {
    it(`certificate ${certSerial} is found on a CRL entry ${listed}`, async () => {
      const c = await eeWithSerial(certSerial);
      const crl = await crlListing(listed);
      expect(crlEntryBytes(crl)).toBe(listed);
      const r = await statusWith(c, { crl });
      expect(r.status, JSON.stringify(r.problems)).toBe('revoked');
      expect(r.reason).toBe('keyCompromise');
    });

    it(`certificate ${certSerial} is matched by an OCSP CertID ${listed}`, async () => {
      const c = await eeWithSerial(certSerial);
      const ocsp = await ocspRevoking(listed);
      expect(ocspCertIdBytes(ocsp)).toBe(listed);
      const r = await statusWith(c, { ocsp });
      expect(r.status, JSON.stringify(r.problems)).toBe('revoked');
      expect(r.source).toBe('ocsp');
    });
  }

  it('another serial is not matched (the normal form does not over-match)', async () => {
    const c = await eeWithSerial('0050ac');
    expect((await statusWith(c, { crl: await crlListing('0050ab') })).status).toBe('good');
    expect((await statusWith(c, { ocsp: await ocspRevoking('0050ab') })).status).toBe('unknown');
  });

  it('an OCSP request asks for the DER (minimal) serial', async () => {
    const c = await eeWithSerial('000050ab');
    const req = asn1js.fromBER(buildOcspRequest(c, caCert).slice().buffer).result as asn1js.Sequence;
    const first = (node: asn1js.AsnType) => (node as asn1js.Sequence).valueBlock.value[0]!;
    // OCSPRequest → tbsRequest → requestList → Request → reqCert (CertID); its 4th field is the serial.
    const certId = first(first(first(first(req)))) as asn1js.Sequence;
    const serial = certId.valueBlock.value[3] as asn1js.Integer;
    expect(toHex(new Uint8Array(serial.valueBlock.valueHexView))).toBe('50ab');
  });
});
