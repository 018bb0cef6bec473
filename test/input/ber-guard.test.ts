import { describe, expect, it } from 'vitest';
import { scanBer } from '../../src/lib/ber.js';
import { isCrossignError } from '../../src/lib/errors.js';

function problemOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    if (isCrossignError(e)) return e.problem;
    throw e;
  }
  return undefined;
}

function nested(depth: number): Uint8Array {
  // SEQUENCE { SEQUENCE { ... } } with indefinite lengths, so no length field needs computing.
  const out = new Uint8Array(depth * 4);
  for (let i = 0; i < depth; i++) {
    out[i * 2] = 0x30;
    out[i * 2 + 1] = 0x80;
  }
  // end-of-contents for every level
  return out;
}

describe('scanBer (strict BER guard)', () => {
  it('accepts a well-formed DER SEQUENCE and returns its end', () => {
    const der = new Uint8Array([0x30, 0x06, 0x02, 0x01, 0x05, 0x04, 0x01, 0xaa]);
    expect(scanBer(der)).toBe(8);
  });
  it('accepts BER indefinite lengths', () => {
    const ber = new Uint8Array([0x30, 0x80, 0x02, 0x01, 0x05, 0x00, 0x00]);
    expect(scanBer(ber)).toBe(7);
  });
  it('rejects a length larger than the input', () => {
    expect(problemOf(() => scanBer(new Uint8Array([0x30, 0x84, 0x7f, 0xff, 0xff, 0xff, 0x02])))).toBe(
      'ASN1_LENGTH_OVERRUN',
    );
  });
  it('rejects truncated input', () => {
    expect(problemOf(() => scanBer(new Uint8Array([0x30, 0x80, 0x02, 0x01])))).toBe('ASN1_LENGTH_OVERRUN');
    expect(problemOf(() => scanBer(new Uint8Array([0x30])))).toBe('ASN1_TRUNCATED');
  });
  it('rejects a child that runs past its parent', () => {
    expect(
      problemOf(() => scanBer(new Uint8Array([0x30, 0x03, 0x04, 0x05, 0x00, 0x00, 0x00, 0x00, 0x00]))),
    ).toBe('ASN1_LENGTH_OVERRUN');
  });
  it('rejects 10,000-deep nesting without recursion', () => {
    expect(problemOf(() => scanBer(nested(10_000)))).toBe('ASN1_TOO_DEEP');
  });
  it('rejects an indefinite length on a primitive', () => {
    expect(problemOf(() => scanBer(new Uint8Array([0x04, 0x80, 0x00, 0x00])))).toBe('ASN1_BAD_LENGTH');
  });
});
