/** Plain-language wording of indications, for people who never read EN 319 102-1. */
import type { Indication, SubIndication } from '../verdict/indication.js';

export const HEADLINE: Record<Indication, string> = {
  TOTAL_PASSED: 'VALID',
  INDETERMINATE: 'CANNOT CONFIRM',
  TOTAL_FAILED: 'INVALID',
};

export const EXPLAIN: Record<SubIndication, string> = {
  FORMAT_FAILURE: 'the file or signature is malformed',
  HASH_FAILURE: 'the signed content was changed after signing',
  SIG_CRYPTO_FAILURE: 'the signature value does not match the signer’s key',
  REVOKED: 'the signer’s certificate was revoked before the signature was made',
  SIG_CONSTRAINTS_FAILURE:
    'the signature or document does not meet the validation rules (e.g. changed after signing)',
  CHAIN_CONSTRAINTS_FAILURE:
    'a certificate in the chain breaks the rules (key usage, path length, name constraints, policy)',
  CRYPTO_CONSTRAINTS_FAILURE: 'an algorithm or key size was already too weak when the signature was made',
  EXPIRED: 'the signature was made after the signer’s certificate expired',
  NOT_YET_VALID: 'the signature predates the signer’s certificate',
  POLICY_PROCESSING_ERROR: 'the signature policy could not be processed',
  SIGNATURE_POLICY_NOT_AVAILABLE: 'the signature policy is not available',
  TIMESTAMP_ORDER_FAILURE: 'the timestamps are in an impossible order',
  NO_SIGNING_CERTIFICATE_FOUND: 'the signer’s certificate is missing or does not match the signature',
  NO_CERTIFICATE_CHAIN_FOUND: 'the signer’s certificate does not lead to a trust anchor you supplied',
  REVOKED_NO_POE: 'the signer’s certificate is revoked and nothing proves the signature was made before that',
  REVOKED_CA_NO_POE:
    'a CA certificate in the chain is revoked and nothing proves the signature was made before that',
  OUT_OF_BOUNDS_NO_POE:
    'a certificate is outside its validity period and no timestamp proves when the signature was made',
  OUT_OF_BOUNDS_NOT_REVOKED:
    'the certificate has expired (it was not revoked), and no timestamp proves the signature was made in time',
  CRYPTO_CONSTRAINTS_FAILURE_NO_POE:
    'an algorithm or key size is too weak today and no timestamp proves the signature was made while it was still acceptable',
  NO_POE: 'nothing proves when the signature was made',
  TRY_LATER: 'the revocation status could not be established yet',
  SIGNED_DATA_NOT_FOUND: 'the signed content was not found (supply the detached content)',
  CERTIFICATE_CHAIN_GENERAL_FAILURE: 'the certificate chain could not be validated',
};
