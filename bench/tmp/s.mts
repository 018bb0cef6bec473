import { analyzePdf } from '../../src/pdf/index.js';
import { LimitsSchema } from '../../src/options.js';
import { pdfWithSignatureFields } from '../../test/hardening/pdf-build.js';
try { const a = analyzePdf(pdfWithSignatureFields(5), LimitsSchema.parse({ maxSignatures: 3 })); console.log(a.signatures.length, a.problems); } catch (e: any) { console.log('THROW', e.problem); }
