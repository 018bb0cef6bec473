/** A signed PDF through verify() in whichever runtime runs this file: PDF parsing, CMS and chain end to end. */
import { describe, expect, it } from 'vitest';
import { Verdict } from '../../src/verdict/schema.js';
import { verify } from '../../src/verify.js';
import { fixture, runtime } from './fixtures.js';

describe(`[${runtime}] fixtures/pdf/signed-once.pdf`, () => {
  it('one pdfsig signature over the whole file, its CA trusted → TOTAL_PASSED', async () => {
    const v = await verify(await fixture('pdf/signed-once.pdf'), {
      trustAnchors: [await fixture('pdf/pki/ca.pem')],
      revocation: { mode: 'off' },
      validationTime: new Date('2027-01-01T00:00:00Z'),
    });
    expect(Verdict.safeParse(v).success).toBe(true);
    expect(v.input.kind).toBe('pdf');
    const detail = JSON.stringify(v.signatures.map((s) => [s.indication, s.subIndication, s.problems]));
    expect(v.indication, detail).toBe('TOTAL_PASSED');
    expect(v.signatures).toHaveLength(1);
    const s = v.signatures[0]!;
    expect(s.indication, detail).toBe('TOTAL_PASSED');
    expect(s.coverage?.wholeDocument).toBe(true);
    expect(s.coverage?.modifiedAfterSigning).toBe(false);
  });

  it('without its CA the same file has no trusted chain', async () => {
    const v = await verify(await fixture('pdf/signed-once.pdf'), {
      revocation: { mode: 'off' },
      validationTime: new Date('2027-01-01T00:00:00Z'),
    });
    expect(v.indication).toBe('INDETERMINATE');
    expect(v.subIndication).toBe('NO_CERTIFICATE_CHAIN_FOUND');
  });
});
