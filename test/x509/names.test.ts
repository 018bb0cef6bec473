import * as asn1js from 'asn1js';
import { describe, expect, it } from 'vitest';
import { decodeNameConstraints, type GeneralName } from '../../src/x509/extensions.js';
import {
  checkNameConstraints,
  initialNameConstraintState,
  nameWithin,
  uriHost,
} from '../../src/x509/name-constraints.js';
import { namesMatch, parseName } from '../../src/x509/name-match.js';

type StrType = typeof asn1js.PrintableString | typeof asn1js.Utf8String | typeof asn1js.IA5String;
function nameDer(rdns: [string, StrType, string][][]): Uint8Array {
  const seq = new asn1js.Sequence({
    value: rdns.map(
      (rdn) =>
        new asn1js.Set({
          value: rdn.map(
            ([oid, T, v]) =>
              new asn1js.Sequence({
                value: [new asn1js.ObjectIdentifier({ value: oid }), new T({ value: v })],
              }),
          ),
        }),
    ),
  });
  return new Uint8Array(seq.toBER(false));
}
const C = '2.5.4.6';
const O = '2.5.4.10';
const CN = '2.5.4.3';
const OU = '2.5.4.11';

describe('name comparison (RFC 5280 §7.1)', () => {
  it('matches across PrintableString / UTF8String, case and extra spaces', () => {
    const a = nameDer([[[C, asn1js.PrintableString, 'US']], [[CN, asn1js.PrintableString, 'Test  CA ']]]);
    const b = nameDer([[[C, asn1js.Utf8String, 'us']], [[CN, asn1js.Utf8String, 'test ca']]]);
    expect(namesMatch(a, b)).toBe(true);
  });

  it('does not match a different value, order or RDN structure', () => {
    const a = nameDer([[[C, asn1js.PrintableString, 'US']], [[CN, asn1js.PrintableString, 'Test CA']]]);
    expect(
      namesMatch(
        a,
        nameDer([[[C, asn1js.PrintableString, 'US']], [[CN, asn1js.PrintableString, 'Test CB']]]),
      ),
    ).toBe(false);
    expect(
      namesMatch(
        a,
        nameDer([[[CN, asn1js.PrintableString, 'Test CA']], [[C, asn1js.PrintableString, 'US']]]),
      ),
    ).toBe(false);
    // One multi-valued RDN is not two RDNs.
    expect(
      namesMatch(
        a,
        nameDer([
          [
            [C, asn1js.PrintableString, 'US'],
            [CN, asn1js.PrintableString, 'Test CA'],
          ],
        ]),
      ),
    ).toBe(false);
  });

  it('compares a multi-valued RDN as a set', () => {
    const a = nameDer([
      [
        [O, asn1js.Utf8String, 'X'],
        [OU, asn1js.Utf8String, 'Y'],
      ],
    ]);
    const b = nameDer([
      [
        [OU, asn1js.Utf8String, 'y'],
        [O, asn1js.Utf8String, 'x'],
      ],
    ]);
    expect(namesMatch(a, b)).toBe(true);
  });

  it('never throws on garbage, and garbage matches only itself byte for byte', () => {
    const junk = new Uint8Array([0x30, 0x05, 1, 2]);
    expect(namesMatch(junk, junk)).toBe(true);
    expect(namesMatch(junk, nameDer([]))).toBe(false);
  });
});

describe('subtree matching', () => {
  const dns = (value: string): GeneralName => ({ type: 'dNSName', value });
  const email = (value: string): GeneralName => ({ type: 'rfc822Name', value });
  const uri = (value: string): GeneralName => ({ type: 'uniformResourceIdentifier', value });
  const ip = (...b: number[]): GeneralName => ({ type: 'iPAddress', value: new Uint8Array(b) });

  it.each([
    [dns('Example.COM'), dns('example.com'), true],
    [dns('a.b.example.com'), dns('example.com'), true],
    [dns('notexample.com'), dns('example.com'), false],
    [dns('example.com'), dns('.example.com'), false],
    [dns('anything.org'), dns(''), true],
    [email('joe@example.com'), email('example.com'), true],
    [email('joe@mail.example.com'), email('example.com'), false],
    [email('joe@mail.example.com'), email('.example.com'), true],
    [email('joe@example.com'), email('joe@example.com'), true],
    [email('ann@example.com'), email('joe@example.com'), false],
    [uri('https://user@host.example.com:8443/p?q'), uri('host.example.com'), true],
    [uri('https://x.host.example.com/'), uri('host.example.com'), false],
    [uri('https://x.example.com/'), uri('.example.com'), true],
    [uri('urn:isbn:123'), uri('example.com'), false],
    [ip(192, 168, 1, 7), ip(192, 168, 0, 0, 255, 255, 0, 0), true],
    [ip(192, 169, 1, 7), ip(192, 168, 0, 0, 255, 255, 0, 0), false],
    [ip(192, 168, 1, 7), ip(...new Array(32).fill(0)), false],
  ] as const)('%o within %o → %s', (name, base, expected) => {
    expect(nameWithin(name, base)).toBe(expected);
  });

  it('extracts URI hosts', () => {
    expect(uriHost('ldap://[2001:db8::1]:389/cn=x')).toBe('[2001:db8::1]');
    expect(uriHost('mailto:joe@example.com')).toBeUndefined();
  });

  it('name forms it cannot match are rejected when constrained, ignored otherwise', () => {
    const other: GeneralName = { type: 'otherName', der: new Uint8Array([0xa0, 0]) };
    const constrainedOther = initialNameConstraintState([
      { type: 'otherName', der: new Uint8Array([0xa0, 0]) },
    ]);
    expect(checkNameConstraints([other], constrainedOther)).toEqual([{ name: other, kind: 'unsupported' }]);
    expect(checkNameConstraints([other], initialNameConstraintState([dns('example.com')]))).toEqual([]);
  });

  it('decodes nameConstraints strictly: a non-zero minimum is refused', () => {
    const subtree = (extra: asn1js.AsnType[]) =>
      new asn1js.Sequence({
        value: [
          new asn1js.Constructed({
            idBlock: { tagClass: 3, tagNumber: 0 },
            value: [
              new asn1js.Sequence({
                value: [
                  new asn1js.Primitive({
                    idBlock: { tagClass: 3, tagNumber: 2 },
                    valueHex: new TextEncoder().encode('example.com').buffer as ArrayBuffer,
                  }),
                  ...extra,
                ],
              }),
            ],
          }),
        ],
      });
    const ok = decodeNameConstraints(new Uint8Array(subtree([]).toBER(false)));
    expect(ok.permitted).toEqual([dns('example.com')]);
    const min1 = new asn1js.Primitive({
      idBlock: { tagClass: 3, tagNumber: 0 },
      valueHex: new Uint8Array([1]).buffer as ArrayBuffer,
    });
    expect(() => decodeNameConstraints(new Uint8Array(subtree([min1]).toBER(false)))).toThrow(/minimum/);
    expect(parseName(nameDer([[[CN, asn1js.Utf8String, 'A']]]))).toHaveLength(1);
  });
});
