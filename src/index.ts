/** crossign public API. Everything not exported here is internal. */
export { verify, parseOptions } from './verify.js';
export type { VerifyOptions, VerifyOptionsInput, Limits, RevocationPolicy } from './options.js';
export { VerifyOptionsSchema } from './options.js';
export { CrossignError, isCrossignError, type CrossignErrorCode } from './lib/errors.js';
export * from './verdict/schema.js';
export { Indication, SubIndication, worstIndication } from './verdict/indication.js';
export { verdictJsonSchema } from './verdict/json-schema.js';
export { renderText, oneLine } from './report/text.js';
export { VERSION } from './version.js';
