import { readFileSync } from 'node:fs';
import { verify } from '../../src/verify.js';
import { BASE_OPTIONS } from '../../test/fuzz/properties.js';
for (const f of process.argv.slice(2)) {
  try { const v = await verify(new Uint8Array(readFileSync(f)), BASE_OPTIONS); console.log(f, v.indication, v.problems.map((p) => p.code)); }
  catch (e: any) { console.log(f, e.stack?.split('\n').slice(0, 30).join('\n')); }
}
