/**
 * Findings of the fuzzer, kept as regression tests: each input once made a parser throw a raw
 * RangeError/Error out of verify() instead of giving a FORMAT_FAILURE verdict. The .bin files are the
 * CMS inputs fast-check found (mutations of fixtures/cms/*.p7m); the inline bytes are minimal forms.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isCrossignError } from '../../src/lib/errors.js';
import { parseCrl } from '../../src/revocation/crl.js';
import { parseOcspResponse } from '../../src/revocation/ocsp.js';
import { parseTimestampToken } from '../../src/timestamp/tst.js';
import { Verdict } from '../../src/verdict/schema.js';
import { verify } from '../../src/verify.js';
import { fixture, fixtureOptions } from '../hardening/helpers.js';

const found = (name: string) => new Uint8Array(readFileSync(join(__dirname, 'regressions', name)));

// asn1js.fromBER throws (instead of returning an error) on these string/time values.
const minimal: [string, Uint8Array][] = [
  [
    'UniversalString whose length is not a multiple of 4',
    Uint8Array.from([0x30, 0x05, 0x1c, 0x03, 0x41, 0x42, 0x43]),
  ],
  ['BMPString of odd length', Uint8Array.from([0x30, 0x03, 0x1e, 0x01, 0x41])],
  ['GeneralizedTime that is not a time', Uint8Array.from([0x30, 0x03, 0x18, 0x01, 0x58])],
  ['empty GeneralizedTime', Uint8Array.from([0x30, 0x02, 0x18, 0x00])],
];
const cmsFound = [
  'cms-universalstring-length.bin',
  'cms-bmpstring-odd-length.bin',
  'cms-generalizedtime-malformed.bin',
];

async function expectFormatFailure(bytes: Uint8Array) {
  const v = await verify(bytes, fixtureOptions());
  expect(Verdict.safeParse(v).success).toBe(true);
  expect(v.indication).toBe('TOTAL_FAILED');
  expect(v.subIndication).toBe('FORMAT_FAILURE');
}

function expectCrossignErrorOrResult(parse: (b: Uint8Array) => unknown, bytes: Uint8Array) {
  try {
    parse(bytes);
  } catch (e) {
    expect(isCrossignError(e), `${e instanceof Error ? `${e.name}: ${e.message}` : e}`).toBe(true);
  }
}

describe('fuzz findings: malformed ASN.1 strings and times', () => {
  for (const f of cmsFound)
    it(`verify(${f}) → TOTAL_FAILED / FORMAT_FAILURE`, async () => expectFormatFailure(found(f)));
  for (const [what, bytes] of minimal) {
    it(`verify: ${what} → TOTAL_FAILED / FORMAT_FAILURE`, async () => expectFormatFailure(bytes));
    it(`parseCrl / parseOcspResponse / parseTimestampToken: ${what} → a CrossignError`, () => {
      for (const parse of [parseCrl, parseOcspResponse, parseTimestampToken])
        expectCrossignErrorOrResult(parse, bytes);
    });
    it(`as caller CRL / OCSP data: ${what} → a verdict or ERR_INVALID_OPTIONS, never a raw error`, async () => {
      try {
        const v = await verify(
          fixture('cms/rsa-sha256-attached.p7m'),
          fixtureOptions({ crls: [bytes], ocspResponses: [bytes], revocation: { mode: 'hard-fail' } }),
        );
        expect(Verdict.safeParse(v).success).toBe(true);
      } catch (e) {
        expect(isCrossignError(e) && e.code === 'ERR_INVALID_OPTIONS', String(e)).toBe(true);
      }
    });
  }
});
