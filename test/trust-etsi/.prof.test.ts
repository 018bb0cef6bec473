import { readFileSync } from 'node:fs';
import { test } from 'vitest';
import { parseTrustedListDocument } from '../../src/trust/etsi/parse.js';
import { verifyListSignature } from '../../src/trust/etsi/signature.js';
import { anchorsFromList } from '../../src/trust/etsi/anchors.js';
import { keyInfoCertificate } from './helpers.js';
test('prof', async () => {
  const xml = new Uint8Array(readFileSync('/work/shared/corpus/pyhanko/qualified/tsl-be-old.xml'));
  for (let i = 0; i < 3; i++) {
    let t = performance.now();
    const { list, document } = parseTrustedListDocument(xml);
    const a = performance.now() - t; t = performance.now();
    await verifyListSignature(document, { pinnedSigners: [keyInfoCertificate(xml)] });
    const b = performance.now() - t; t = performance.now();
    const n = anchorsFromList(list).anchors.length;
    console.log(`parse ${a.toFixed(0)} sig ${b.toFixed(0)} anchors(${n}) ${(performance.now() - t).toFixed(0)}`);
  }
});
