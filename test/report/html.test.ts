import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { answerSentence, recognitionPhrase } from '../../src/report/answer.js';
import { escapeHtml, renderHtml } from '../../src/report/html.js';
import { humanTime } from '../../src/report/labels.js';
import { APEC_ECONOMIES } from '../../src/trust/schema.js';
import { type Recognition, Verdict } from '../../src/verdict/schema.js';
import { verify } from '../../src/verify.js';

const F = (p: string) => new Uint8Array(readFileSync(resolve(__dirname, '../../fixtures', p)));
const ROOT = F('pki/root-ca.pem');

async function verdictOf(file: string): Promise<Verdict> {
  return verify(F(file), {
    trustAnchors: [ROOT],
    validationTime: new Date('2027-01-01T00:00:00Z'),
    revocation: { mode: 'off' },
  });
}

function rec(economy: string, level: Recognition['level'], extra: Partial<Recognition> = {}): Recognition {
  return {
    economy,
    level,
    conditions: [],
    unverifiableConditions: [],
    legalBasis: [],
    reasons: [],
    asOf: '2026-01-01',
    confidence: 'medium',
    ...extra,
  };
}

const FAKE_RECOGNITION: Record<string, Recognition> = {
  MY: rec('MY', 'top-statutory-tier', {
    tier: 'digital-signature',
    localTerm: 'tandatangan digital',
    localTermEnglish: 'digital signature',
    legalEffect: 'Presumed to be the signature of the signer (rebuttable)',
    legalBasis: [
      {
        statute: 'Digital Signature Act 1997',
        section: 's. 62',
        url: 'https://example.org/dsa1997',
        verified: true,
      },
    ],
    reasons: ['Malaysia: digital signature — licensed CA chain.'],
  }),
  SG: rec('SG', 'recognised', {
    localTermEnglish: 'electronic signature',
    legalBasis: [
      { statute: 'Electronic Transactions Act 2010', url: 'javascript:alert(1)', verified: false },
    ],
  }),
  AU: rec('AU', 'indeterminate', { reasons: ['Australia: could not decide.'] }),
  JP: rec('JP', 'not-recognised'),
  US: rec('US', 'evidence-only'),
};

/** Counts of opening and closing tags, to catch a broken template (an unclosed <details> hides the rest). */
function tagBalance(html: string, tag: string): [number, number] {
  return [
    (html.match(new RegExp(`<${tag}[\\s>]`, 'g')) ?? []).length,
    (html.match(new RegExp(`</${tag}>`, 'g')) ?? []).length,
  ];
}

describe('HTML report', () => {
  it('a valid verdict: self-contained page with the answer first', async () => {
    const v = await verdictOf('cms/rsa-sha256-cades.p7m');
    const html = renderHtml(v, { fileName: 'contract.p7m' });
    expect(html.startsWith('<!doctype html>')).toBe(true);
    const firstH1 = /<h1>([^<]*)<\/h1>/.exec(html)?.[1];
    expect(firstH1).toBe(
      'Valid signature by Crossign Test Signer RSA 2048, claimed to be made 1 June 2026 12:00 UTC (not proven by a timestamp).',
    );
    // Recognition comes right under the answer, in its own line.
    if (Object.keys(v.signatures[0]!.recognition).length > 0)
      expect(html).toMatch(/<p class="rec">(Recognised|Legal recognition|Not given)/);
    expect(html).not.toMatch(/<script|<link|<img|src=|@import|url\(/i);
    expect(html).toMatch(/not legal advice/);
    expect(html).toMatch(/Content-Security-Policy/);
    for (const t of ['details', 'section', 'table', 'ol', 'dl', 'div']) {
      const [open, close] = tagBalance(html, t);
      expect(open, t).toBe(close);
    }
  });

  it('shows all 21 APEC economies in the grid, "not assessed" when recognition is empty', async () => {
    const v = structuredClone(await verdictOf('cms/rsa-sha256-attached.p7m'));
    v.signatures[0]!.recognition = {};
    const html = renderHtml(v);
    const cells = html.match(/<details class="eco [^"]+"/g) ?? [];
    expect(cells).toHaveLength(21);
    expect(cells.every((c) => c.includes('lvl-not-assessed'))).toBe(true);
    for (const code of APEC_ECONOMIES) expect(html).toContain(`<span class="cc">${code}</span>`);
  });

  it('colours each economy by its recognition level, with term, effect and citation in the cell', async () => {
    const v = structuredClone(await verdictOf('cms/rsa-sha256-attached.p7m'));
    v.signatures[0]!.recognition = FAKE_RECOGNITION;
    const html = renderHtml(Verdict.parse(v));
    const cell = (code: string) =>
      new RegExp(`<details class="eco ([^"]+)"><summary[^>]*><span class="cc">${code}<`).exec(html)?.[1];
    expect(cell('MY')).toBe('lvl-top-statutory-tier');
    expect(cell('SG')).toBe('lvl-recognised');
    expect(cell('AU')).toBe('lvl-indeterminate');
    expect(cell('JP')).toBe('lvl-not-recognised');
    expect(cell('US')).toBe('lvl-evidence-only');
    expect(cell('NZ')).toBe('lvl-not-assessed');
    expect(html).toContain('tandatangan digital');
    expect(html).toContain('Presumed to be the signature of the signer (rebuttable)');
    expect(html).toContain(
      '<a href="https://example.org/dsa1997" rel="noopener noreferrer">Digital Signature Act 1997, s. 62</a>',
    );
    // A non-web citation link is shown as text, never as a clickable href.
    expect(html).not.toMatch(/href="javascript:/i);
    expect(html).toContain('Electronic Transactions Act 2010');
    const rec = /<p class="rec">([^<]*)<\/p>/.exec(html)?.[1] ?? '';
    expect(rec).toBe(
      'Recognised as a “digital signature” in Malaysia and as an “electronic signature” in Singapore.',
    );
  });

  it('escapes attacker-controlled text (signer names, problem messages)', async () => {
    const v = structuredClone(await verdictOf('cms/rsa-sha256-attached.p7m'));
    const evil = '<img src=x onerror=alert(1)>"\u202Egnp.exe';
    v.signatures[0]!.signer!.commonName = evil;
    v.signatures[0]!.chain.certificates[0]!.subject = `CN=${evil}`;
    v.signatures[0]!.problems.push({
      code: 'X_TEST',
      severity: 'warning',
      message: '</pre><script>alert(2)</script>',
    });
    const html = renderHtml(Verdict.parse(v), { fileName: '"><svg onload=alert(3)>' });
    expect(html).not.toMatch(/<img|<script|<svg onload/i);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;&quot;');
    expect(html).not.toContain('\u202E');
    expect(html).toContain('\\u{202e}');
    expect(escapeHtml(`a&b<c>"d'`)).toBe('a&amp;b&lt;c&gt;&quot;d&#39;');
  });

  it('an invalid verdict says why in plain words, and lists the ETSI codes for experts', async () => {
    const v = await verdictOf('cms/tampered-content.p7m');
    const html = renderHtml(v);
    expect(/<h1>([^<]*)<\/h1>/.exec(html)?.[1]).toBe(
      'Invalid signature: the signed content was changed after signing (claimed signer: Crossign Test Signer RSA 2048).',
    );
    expect(html).toContain('class="card answer bad"');
    expect(html).toContain('<code>TOTAL_FAILED</code>');
    expect(html).toContain('<code>HASH_FAILURE</code>');
  });

  it('an unreadable file gets a plain answer, not an empty page', async () => {
    const v = await verdictOf('cms/content.txt');
    const html = renderHtml(v);
    expect(/<h1>([^<]*)<\/h1>/.exec(html)?.[1]).toMatch(
      /^This file could not be read as a signed document: /,
    );
    expect(html).toContain('INPUT_UNRECOGNISED');
  });

  it('draws the chain signer → CA → anchor and reports what changed after signing', async () => {
    const v = structuredClone(await verdictOf('cms/rsa-sha256-attached.p7m'));
    v.input.kind = 'pdf';
    v.signatures[0]!.coverage = {
      signedRevision: 1,
      revisions: 3,
      wholeDocument: false,
      bytesAfter: 1234,
      byteRange: [0, 100, 200, 300],
      modifiedAfterSigning: true,
      changesAfter: [
        { revision: 2, kind: 'form-fill', allowed: true, description: 'field "Date" filled in' },
        {
          revision: 3,
          kind: 'page-content',
          allowed: false,
          object: '12 0 R',
          description: 'page 1 content replaced',
        },
      ],
    };
    const html = renderHtml(Verdict.parse(v));
    const roles = [...html.matchAll(/<div class="role">([^<]*)<\/div>/g)].map((m) => m[1]);
    expect(roles).toEqual(['Signer', 'Issuing CA', 'Trust anchor']);
    expect(html).toContain('revision 1 of 3');
    expect(html).toContain('page 1 content replaced');
    expect(html).toMatch(/not allowed/);
  });

  it('answer sentences: proven time, and the recognition phrase with "more"', () => {
    expect(humanTime('2026-03-03T14:02:59Z')).toBe('3 March 2026 14:02 UTC');
    const many: Record<string, Recognition> = {};
    for (const c of ['AU', 'CA', 'NZ', 'SG', 'MY'])
      many[c] = rec(c, 'recognised', { localTermEnglish: 'electronic signature' });
    expect(recognitionPhrase(many)).toBe(
      'recognised as an “electronic signature” in Australia, Canada and Malaysia and in 2 more economies',
    );
    delete many.SG;
    expect(recognitionPhrase(many)).toBe(
      'recognised as an “electronic signature” in Australia, Canada, Malaysia and New Zealand',
    );
    expect(recognitionPhrase({})).toBeUndefined();
    expect(recognitionPhrase({ JP: rec('JP', 'not-recognised') })).toBe(
      'not given legal recognition in any economy assessed',
    );
  });

  it('answer sentence for a proven time', async () => {
    const v = structuredClone(await verdictOf('cms/rsa-sha256-attached.p7m'));
    const s = v.signatures[0]!;
    s.time = { proven: '2026-03-03T14:02:00Z', provenBy: 'signature-timestamp' };
    s.signer!.commonName = 'Jane Tan';
    s.recognition = { MY: FAKE_RECOGNITION.MY! };
    expect(answerSentence(s)).toBe(
      'Valid signature by Jane Tan, made 3 March 2026 14:02 UTC (proven by timestamp), recognised as a “digital signature” in Malaysia.',
    );
  });
});
