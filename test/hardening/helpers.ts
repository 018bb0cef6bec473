/** Shared inputs and checks for the hardening and fuzz suites. */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as asn1js from 'asn1js';
import type { VerifyOptionsInput } from '../../src/options.js';
import type { Verdict } from '../../src/verdict/schema.js';

export const FIXTURES = resolve(__dirname, '../../fixtures');
export const fixture = (p: string): Uint8Array => new Uint8Array(readFileSync(join(FIXTURES, p)));

/** The settings every CMS fixture is made for: test root, revocation off, pinned time. */
export function fixtureOptions(extra: VerifyOptionsInput = {}): VerifyOptionsInput {
  return {
    trustAnchors: [fixture('pki/root-ca.pem')],
    validationTime: new Date('2027-01-01T00:00:00Z'),
    revocation: { mode: 'off' },
    ...extra,
  };
}

/** Every problem code in a verdict, top level and per signature (with revocation/timestamp problems). */
export function allCodes(v: Verdict): string[] {
  return [
    ...v.problems,
    ...v.signatures.flatMap((s) => [
      ...s.problems,
      ...s.revocation.flatMap((r) => r.problems),
      ...s.timestamps.flatMap((t) => t.problems),
    ]),
  ].map((p) => p.code);
}

export function passed(v: Verdict): boolean {
  return v.indication === 'TOTAL_PASSED' || v.signatures.some((s) => s.indication === 'TOTAL_PASSED');
}

/** The CMS with `extra` certificates put first in its `certificates` field (which is not signed). */
export function withCertificates(cms: Uint8Array, extra: Uint8Array[]): Uint8Array {
  const root = asn1js.fromBER(cms).result as asn1js.Sequence;
  const sd = (root.valueBlock.value[1] as asn1js.Constructed).valueBlock.value[0] as asn1js.Sequence;
  const certs = sd.valueBlock.value.find(
    (x) => x.idBlock.tagClass === 3 && x.idBlock.tagNumber === 0,
  ) as asn1js.Constructed;
  certs.valueBlock.value.unshift(...extra.map((d) => asn1js.fromBER(d).result));
  return new Uint8Array(root.toBER());
}

/** Copies of `der` with one signature bit flipped each: same names and key ids, a bad signature. */
export function decoys(der: Uint8Array, n: number): Uint8Array[] {
  return Array.from({ length: n }, (_, i) => {
    const d = der.slice();
    d[d.length - 1 - (i % 200)]! ^= 1 + (i >> 8);
    return d;
  });
}
