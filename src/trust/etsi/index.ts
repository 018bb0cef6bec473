/** ETSI TS 119 612 trusted lists: parsing, signature, anchors, qualification. */
export * from './anchors.js';
export { type DomOptions, type DomParserCtor, NS, TL_MALFORMED } from './dom.js';
export { EU_PROFILE_SOURCE, euProfile } from './eu-profile.js';
export {
  type EtsiListInput,
  type EtsiLoadOptions,
  type EtsiLoadResult,
  loadEtsiTrustLists,
  TL_DUPLICATE,
} from './load.js';
export * from './model.js';
export { KNOWN_QUALIFIERS, type ParseOptions, parseTrustedList } from './parse.js';
export * from './qcstatements.js';
export * from './qualification.js';
export {
  type LoadOptions,
  type LoadResult,
  loadTrustedList,
  type SignatureCheck,
  type SignatureCheckOptions,
  TL_EXPIRED,
  TL_NOT_YET_VALID,
  TL_SIGNATURE_INVALID,
  TL_SIGNER_NOT_PINNED,
  TL_UNSIGNED,
  type TrustListProblem,
  verifyListSignature,
} from './signature.js';
