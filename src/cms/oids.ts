export const OID = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  tstInfo: '1.2.840.113549.1.9.16.1.4',
  // GB/T 35275 / GM/T 0010 SM2 CMS content types.
  sm2Data: '1.2.156.10197.6.1.4.2.1',
  sm2SignedData: '1.2.156.10197.6.1.4.2.2',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  counterSignature: '1.2.840.113549.1.9.6',
  signingCertificate: '1.2.840.113549.1.9.16.2.12',
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
  signatureTimeStampToken: '1.2.840.113549.1.9.16.2.14',
  contentTimestamp: '1.2.840.113549.1.9.16.2.20',
  archiveTimestampV3: '0.4.0.1733.2.4',
  archiveTimestampV2: '1.2.840.113549.1.9.16.2.48',
  certValues: '1.2.840.113549.1.9.16.2.23',
  revocationValues: '1.2.840.113549.1.9.16.2.24',
  adbeRevocationInfoArchival: '1.2.840.113583.1.1.8',
  signaturePolicyIdentifier: '1.2.840.113549.1.9.16.2.15',
  ocspResponseRevInfo: '1.3.6.1.5.5.7.16.2',
} as const;

export const SIGNED_DATA_TYPES: readonly string[] = [OID.signedData, OID.sm2SignedData];
