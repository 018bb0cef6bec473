/**
 * End to end: a Belgian eID PAdES signature (../shared/corpus/dss/pades/belgian_pki_multiple_ocsps.pdf)
 * whose chain ends at Belgium Root CA4, a CA/QC service of the Belgian trusted list in
 * ../shared/corpus/pyhanko/qualified/tsl-be-old.xml (sequence 74, issued 2025-01-27, next update
 * 2025-07-27). The signature timestamp is by Universign (a French TSA, not on the BE list): its CA is
 * given as a plain caller anchor, as the DSS test does.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSignedData } from '../../src/cms/parse.js';
import { defaultCryptoContext } from '../../src/crypto/context.js';
import { analyzePdf } from '../../src/pdf/index.js';
import { renderText } from '../../src/report/text.js';
import { type EtsiLoadResult, loadEtsiTrustLists, TL_NOT_YET_VALID } from '../../src/trust/etsi/index.js';
import { euRecognition } from '../../src/trust/eu-recognition.js';
import { Recognition, SignatureResult } from '../../src/verdict/schema.js';
import { parseOptions, verify } from '../../src/verify.js';
import { type Certificate, parseCertificate } from '../../src/x509/certificate.js';
import { keyInfoCertificate } from './helpers.js';

const CORPUS = resolve(__dirname, '../../../shared/corpus');
const PDF = join(CORPUS, 'dss/pades/belgian_pki_multiple_ocsps.pdf');
const corpusAvailable = existsSync(PDF) && existsSync(join(CORPUS, 'pyhanko/qualified/tsl-be-old.xml'));
if (!corpusAvailable) console.warn('[skip] trust-etsi e2e: ../shared/corpus is absent, e2e tests skipped');
const read = (p: string) => new Uint8Array(readFileSync(join(CORPUS, p)));

/** Inside the BE list's validity (issued 2025-01-27, next update 2025-07-27). */
const VALIDATION_TIME = new Date('2025-03-01T00:00:00Z');
const BE_SNAPSHOT = {
  economy: 'BE',
  listId: 'BE-TSL',
  sequenceNumber: 74,
  issued: '2025-01-27T07:35:45.000Z',
  digest: 'e3d25e9486fbd235c2765063247739258a38b43edf8f8b6dde5c749d75819a5e',
};

let loading: Promise<EtsiLoadResult> | undefined;
/** Parsed and signature-checked once, shared by every test (as a caller would share them). */
function loadCorpusLists(): Promise<EtsiLoadResult> {
  loading ??= loadBoth();
  return loading;
}

async function loadBoth(): Promise<EtsiLoadResult> {
  const be = read('pyhanko/qualified/tsl-be-old.xml');
  const ee = read('pyhanko/qualified/tsl-ee.xml');
  return loadEtsiTrustLists(
    [
      { xml: be, pinnedSigners: [keyInfoCertificate(be)] },
      { xml: ee, pinnedSigners: [keyInfoCertificate(ee)] },
    ],
    { now: VALIDATION_TIME },
  );
}

describe.skipIf(!corpusAvailable)('ETSI trusted list → verify() → verdict (Belgian eID PAdES)', () => {
  const tsaCa = () => read('dss/trust-anchors/BE-Universign-Timestamping-CA.cer');

  it('loads BE; EE (issued after the validation time) is rejected with a reason, not used', async () => {
    const loaded = await loadCorpusLists();
    expect(loaded.refs).toEqual([BE_SNAPSHOT]);
    expect(loaded.problems.map((p) => p.code)).toEqual([TL_NOT_YET_VALID]);
    expect(loaded.problems[0]!.message).toContain('EE-TSL');
    expect(loaded.anchors.every((a) => a.lists[0]?.economy === 'BE')).toBe(true);
  });

  /** verify() with the official lists as options: each pinned to the signer in its own KeyInfo. */
  async function verifyWithLists() {
    const be = read('pyhanko/qualified/tsl-be-old.xml');
    const ee = read('pyhanko/qualified/tsl-ee.xml');
    return verify(read('dss/pades/belgian_pki_multiple_ocsps.pdf'), {
      etsiTrustLists: [
        { xml: be, pinnedSigners: [keyInfoCertificate(be)] },
        { xml: ee, pinnedSigners: [keyInfoCertificate(ee)] },
      ],
      trustAnchors: [tsaCa()],
      validationTime: VALIDATION_TIME,
    });
  }

  it('through verify(): TOTAL_PASSED, anchored at Belgium Root CA4 with the BE list snapshot in JSON and text', async () => {
    const v = await verifyWithLists();
    const s = v.signatures.find((x) => x.kind === 'approval')!;
    expect(s.indication).toBe('TOTAL_PASSED');
    expect(s.time.provenBy).toBe('signature-timestamp');
    const json = SignatureResult.parse(JSON.parse(JSON.stringify(s)));
    expect(json.chain.anchor?.subject).toBe('CN=Belgium Root CA4, C=BE');
    expect(json.chain.anchoredIn).toEqual([BE_SNAPSHOT]);
    // The EE list (issued after the validation time) is reported as not used, never silently.
    expect(v.problems.map((p) => p.code)).toContain(TL_NOT_YET_VALID);
    const text = renderText(v);
    expect(text).toContain('Chain:       trusted → anchor CN=Belgium Root CA4, C=BE');
    expect(text).toContain(
      `anchored in: BE-TSL (BE) #74, issued ${BE_SNAPSHOT.issued}, sha256 ${BE_SNAPSHOT.digest}`,
    );
  });

  it('through verify(): recognition gains EU — a qualified electronic signature at the proven time', async () => {
    const v = await verifyWithLists();
    const eu = v.signatures.find((x) => x.kind === 'approval')!.recognition.EU;
    expect(eu?.level).toBe('top-statutory-tier');
    expect(eu?.localTerm).toBe('qualified electronic signature');
    expect(eu?.anchoredIn).toEqual(BE_SNAPSHOT);
  });

  it('without official lists, no EU entry appears', async () => {
    const v = await verify(read('dss/pades/belgian_pki_multiple_ocsps.pdf'), {
      trustAnchors: [tsaCa(), read('dss/trust-anchors/BE-Belgium-Root-CA4.cer')],
      validationTime: VALIDATION_TIME,
    });
    expect(v.signatures[0]?.recognition.EU).toBeUndefined();
  });

  it('euRecognition on the validated chain: qualified electronic signature at the proven time', async () => {
    const loaded = await loadCorpusLists();
    const pdf = read('dss/pades/belgian_pki_multiple_ocsps.pdf');
    const r = await verifyWithLists();
    const s = r.signatures.find((x) => x.kind === 'approval')!;
    // The validated chain as certificates: the CMS certificates and the anchor, in the verdict's order.
    const sig = analyzePdf(pdf, parseOptions({}).limits).signatures.find((x) => x.id === s.id)!;
    const pool = new Map<string, Certificate>();
    for (const der of parseSignedData(sig.contents, 64).certificates) {
      const c = parseCertificate(der, 'signature');
      pool.set(c.sha256, c);
    }
    for (const a of loaded.anchors) pool.set(a.certificate.sha256, a.certificate);
    const chain = s.chain.certificates.map((c) => pool.get(c.sha256)!);
    expect(chain.every(Boolean)).toBe(true);
    const input = {
      indication: s.indication,
      chain,
      signingTime: new Date(s.time.proven!),
      provenTime: true,
      lists: loaded.lists,
    };
    const eu = euRecognition(input);
    expect(Recognition.safeParse(eu).success).toBe(true);
    expect(eu.level).toBe('top-statutory-tier');
    expect(eu.localTerm).toBe('qualified electronic signature');
    expect(eu.anchoredIn).toEqual(BE_SNAPSHOT);
    expect(eu.foreignAnchor).toBe(false);
    // With only the claimed time, qualified status at signing is not established.
    const claimed = euRecognition({ ...input, signingTime: new Date(s.time.claimed!), provenTime: false });
    expect(claimed.level).toBe('indeterminate');
    expect(claimed.atLeast).toEqual({ level: 'recognised', tier: 'eu-advanced-signature' });
  });
});
