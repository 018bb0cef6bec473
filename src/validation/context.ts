import type { FullCryptoContext } from '../crypto/context.js';
import type { VerifyOptions } from '../options.js';
import type { TrustAnchor } from '../trust/anchor.js';
import type { Certificate } from '../x509/certificate.js';

/** Everything a signature's validation needs besides the signature itself. Built once per verify(). */
export interface ValidationContext {
  crypto: FullCryptoContext;
  anchors: readonly TrustAnchor[];
  /** Certificates the caller supplied (intermediates, a signer certificate missing from the CMS). */
  callerCertificates: readonly Certificate[];
  validationTime: Date;
  options: VerifyOptions;
  /** Epoch ms after which remaining work is cut short with TIME_BUDGET_EXCEEDED. */
  deadline: number;
}
