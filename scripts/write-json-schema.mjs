// Writes dist/verdict.schema.json from the built library, so the package ships the contract.
import { writeFileSync } from 'node:fs';
import { verdictJsonSchema } from '../dist/index.js';

writeFileSync(
  new URL('../dist/verdict.schema.json', import.meta.url),
  `${JSON.stringify(verdictJsonSchema(), null, 2)}\n`,
);
console.log('wrote dist/verdict.schema.json');
