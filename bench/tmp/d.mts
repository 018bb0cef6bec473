import { readFileSync } from 'node:fs';
import { decodeBer } from '../../src/lib/ber.js';
import { parseSignedData } from '../../src/cms/parse.js';
const b = new Uint8Array(readFileSync(process.argv[2]!));
try { parseSignedData(b, 64); console.log('parse ok'); } catch (e: any) { console.log('parseSignedData:', e.name, e.problem, e.message); }
