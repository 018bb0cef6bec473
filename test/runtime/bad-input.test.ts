/** Hostile or broken input gives TOTAL_FAILED / FORMAT_FAILURE with a stable code, never a throw — in Node and in Chromium. */
import { describe, expect, it } from 'vitest';
import { Verdict } from '../../src/verdict/schema.js';
import { verify } from '../../src/verify.js';
import { fixture, runtime } from './fixtures.js';

function deepNesting(depth: number): Uint8Array {
  const out = new Uint8Array(depth * 4);
  for (let i = 0; i < depth; i++) {
    out[i * 2] = 0x30;
    out[i * 2 + 1] = 0x80;
  }
  return out;
}

const good = await fixture('cms/rsa-sha256-attached.p7m');
const certificate = await fixture('pki/root-ca.der');

const cases: [string, Uint8Array, string][] = [
  ['0 bytes', new Uint8Array(0), 'INPUT_EMPTY'],
  [
    'garbage',
    new TextEncoder().encode('this is not a signature at all, just some words\u0001'),
    'INPUT_UNRECOGNISED',
  ],
  ['truncated DER', good.subarray(0, Math.floor(good.length / 2)), 'ASN1_LENGTH_OVERRUN'],
  [
    'length field larger than the input',
    new Uint8Array([0x30, 0x84, 0x7f, 0xff, 0xff, 0xff, 0x30, 0x00]),
    'ASN1_LENGTH_OVERRUN',
  ],
  ['10,000-deep nesting', deepNesting(10_000), 'ASN1_TOO_DEEP'],
  ['a certificate instead of a signature', certificate, 'CMS_NOT_CONTENT_INFO'],
  [
    'PEM that is not CMS',
    new TextEncoder().encode('-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n'),
    'INPUT_PEM_LABEL',
  ],
];

describe(`[${runtime}] bad input`, () => {
  for (const [name, bytes, code] of cases) {
    it(`${name} → TOTAL_FAILED / FORMAT_FAILURE (${code})`, async () => {
      const v = await verify(bytes);
      expect(Verdict.safeParse(v).success).toBe(true);
      expect(v.indication).toBe('TOTAL_FAILED');
      expect(v.subIndication).toBe('FORMAT_FAILURE');
      expect(v.problems.map((p) => p.code)).toContain(code);
    });
  }

  it('every truncation of a valid CMS fails cleanly', async () => {
    for (let n = 0; n < good.length; n += Math.max(1, Math.floor(good.length / 97))) {
      const v = await verify(good.subarray(0, n), { revocation: { mode: 'off' } });
      expect(v.indication, `truncated at ${n}`).toBe('TOTAL_FAILED');
    }
  });

  it('bad options throw a typed error, not a verdict', async () => {
    await expect(verify(good, { validationTime: 'yesterday' as unknown as Date })).rejects.toMatchObject({
      code: 'ERR_INVALID_OPTIONS',
    });
  });
});
