// Runs verify() from the browser build over fixture cases; page.test.ts compares with Node's answers.
import { verify } from '../../dist/browser/index.js';

const get = async (p) => {
  const r = await fetch(`/fixtures/${p}`);
  if (!r.ok) throw new Error(`fixture ${p}: HTTP ${r.status}`);
  return new Uint8Array(await r.arrayBuffer());
};

window.runCases = async (cases) => {
  const out = [];
  for (const c of cases) {
    const v = await verify(await get(c.file), {
      trustAnchors: await Promise.all(c.trustAnchors.map(get)),
      certificates: await Promise.all((c.certificates ?? []).map(get)),
      ...(c.detachedContent ? { detachedContent: await get(c.detachedContent) } : {}),
      validationTime: new Date(c.validationTime),
      revocation: { mode: c.revocation },
    });
    out.push([
      c.file,
      v.indication,
      v.subIndication ?? null,
      v.signatures.map((s) => s.signer?.subject ?? null),
    ]);
  }
  return out;
};
document.getElementById('ready').textContent = 'ready';
