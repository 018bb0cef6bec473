/** crossign public API. Everything not exported here is internal. HTML rendering lives in 'crossign/report'. */

export { CrossignError, type CrossignErrorCode, isCrossignError } from './lib/errors.js';
export type { Limits, RevocationPolicy, VerifyOptions, VerifyOptionsInput } from './options.js';
export { VerifyOptionsSchema } from './options.js';
export { oneLine, renderText } from './report/text.js';
export { Indication, SubIndication, worstIndication } from './verdict/indication.js';
export { verdictJsonSchema } from './verdict/json-schema.js';
export * from './verdict/schema.js';
export { parseOptions, verify } from './verify.js';
export { VERSION } from './version.js';
