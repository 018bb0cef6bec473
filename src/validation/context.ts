import type { FullCryptoContext } from '../crypto/context.js';
import type { VerifyOptions } from '../options.js';
import type { TrustAnchor } from '../trust/anchor.js';
import type { TrustedList } from '../trust/etsi/model.js';
import type { EconomyProfile } from '../trust/schema.js';
import type { TrustListRef } from '../verdict/schema.js';
import type { Certificate } from '../x509/certificate.js';

/** Everything a signature's validation needs besides the signature itself. Built once per verify(). */
export interface ValidationContext {
  crypto: FullCryptoContext;
  anchors: readonly TrustAnchor[];
  /** Certificates the caller supplied (intermediates, a signer certificate missing from the CMS). */
  callerCertificates: readonly Certificate[];
  validationTime: Date;
  options: VerifyOptions;
  /** Every list loaded for this run (even when no anchor of it was used), for recognition. */
  loadedTrustLists: readonly TrustListRef[];
  /** Official TS 119 612 lists that loaded (signature verified), for EU qualification. */
  etsiLists: readonly TrustedList[];
  /** Economy profiles recognition is evaluated against. */
  profiles: readonly EconomyProfile[];
  /** Epoch ms after which remaining work is cut short with TIME_BUDGET_EXCEEDED. */
  deadline: number;
}
