/**
 * The EU (eIDAS) recognition profile, as data in the economy-profile format, evaluated by the same
 * engine as the APEC profiles. It is kept out of trust-lists/ on purpose: the bundled set is the 21
 * APEC economies, and EU recognition only applies when EU trusted lists were loaded.
 */
import { EconomyProfile, type EconomyProfileInput } from '../schema.js';

const EIDAS = 'Regulation (EU) No 910/2014 (eIDAS)';
const EIDAS2 = 'Regulation (EU) No 910/2014 (eIDAS) as amended by Regulation (EU) 2024/1183';
const URL = {
  art25_1: 'https://legislation.gov.uk/eur/2014/910/chapter/III/section/4',
  art25_23: 'https://anf.es/en/show/section/recognized_signature',
  art3: 'https://is.muni.cz./el/law/podzim2017/SOC022/um/60072069/handout_-_electronic_documents.txt?lang=en',
  art26: 'https://sede.serviciosmin.gob.es/en-us/firmaelectronica/Paginas/firma.aspx',
  art32: 'https://lexparency.es/eu/32014R0910/ART_32/',
  art32a: 'https://service.betterregulation.com/document/720960',
  art35_2:
    'https://help.trustchain.com/en/articles/3860856-can-e-signatures-be-used-on-behalf-of-legal-entities',
  art36: 'https://lexparency.de/eu/32014R0910/ART_36/',
  art37: 'https://lexparency.org/eu/32014R0910/ART_37/',
  eurlex: 'https://eur-lex.europa.eu/eli/reg/2014/910/2024-10-18',
};

const technicallyValid = { type: 'technically-valid' } as const;
const soleControl = {
  id: 'sole-control',
  description:
    'the signatory could, with a high level of confidence, use the signing key under their sole control',
} as const;
const sealControl = {
  id: 'sole-control',
  description: 'the creator of the seal kept the sealing key under its control',
} as const;
const intent = { id: 'intent-to-sign', description: 'the signatory intended to sign the document' } as const;
const qscd = {
  id: 'certified-creation-device',
  description:
    'the key was held in a certified qualified creation device (QSCD), as the certificate and the trusted list state',
} as const;

const art25_1 = {
  statute: EIDAS,
  section: 'Art. 25(1)',
  url: URL.art25_1,
  verified: true,
  note: 'Text seen in the legislation.gov.uk copy of the original regulation (identical in the EU version).',
};

export const EU_PROFILE_SOURCE: EconomyProfileInput = {
  schema: 'crossign.economy-profile/1',
  economy: 'EU',
  name: 'European Union (eIDAS)',
  asOf: '2026-12-02',
  confidence: 'medium',
  summary:
    'Under eIDAS a qualified electronic signature has the effect of a handwritten signature in every member state and a qualified electronic seal is presumed to show the integrity and origin of the data; no electronic signature or seal may be denied legal effect merely for being electronic. Qualified status comes from the EU trusted lists (TS 119 612) and the certificate’s QC statements, assessed at the time of signing.',
  statutes: [
    {
      id: 'eidas-910-2014',
      title:
        'Regulation (EU) No 910/2014 on electronic identification and trust services for electronic transactions in the internal market',
      number: '910/2014',
      year: 2014,
      status: 'amended',
      inForceSince: '2014-09-17',
      url: URL.eurlex,
      note: 'Trust-service provisions apply from 1 July 2016. Amended by Directive (EU) 2022/2555 and Regulation (EU) 2024/1183.',
    },
    {
      id: 'eidas2-2024-1183',
      title:
        'Regulation (EU) 2024/1183 amending Regulation (EU) No 910/2014 as regards establishing the European Digital Identity Framework',
      number: '2024/1183',
      year: 2024,
      status: 'in-force',
      url: 'https://eur-lex.europa.eu/legal-content/EN/TXT/?uri=celex%3A32024R1183',
      note: 'Published OJ L 30.4.2024. Inserts Art. 32a (validation of advanced signatures based on qualified certificates) and Art. 29a (remote QSCD management); Arts. 25, 26 and 35–36 as cited here are unchanged as far as checked. Entry-into-force date (20 May 2024) not confirmed from the text.',
    },
  ],
  tiers: [
    {
      id: 'eu-qualified-signature',
      level: 'top-statutory-tier',
      localTerm: {
        local: 'qualified electronic signature',
        english: 'qualified electronic signature',
        language: 'en',
      },
      legalEffect: 'equivalent to a handwritten signature in every EU member state (eIDAS Art. 25(2), 25(3))',
      effects: ['HANDWRITTEN_EQUIVALENT'],
      conditions: [technicallyValid, { type: 'eu-qualification', oneOf: ['QESig'] }],
      unverifiableConditions: [qscd, soleControl, intent],
      requiresPartyAgreement: false,
      verified: true,
      citations: [
        {
          statute: EIDAS,
          section: 'Art. 25(2)',
          url: URL.art25_23,
          verified: true,
          note: 'Text quoted on the ANF AC page and in the trustchain.com help article.',
        },
        { statute: EIDAS, section: 'Art. 25(3)', url: URL.art25_23, verified: true },
        { statute: EIDAS, section: 'Art. 3(12)', url: URL.art3, verified: true },
        {
          statute: EIDAS,
          section: 'Art. 32(1)(a), (b), (f)',
          url: URL.art32,
          verified: true,
          note: 'Qualified at the time of signing, valid at the time of signing, created by a QSCD.',
        },
      ],
    },
    {
      id: 'eu-qualified-seal',
      level: 'top-statutory-tier',
      localTerm: { local: 'qualified electronic seal', english: 'qualified electronic seal', language: 'en' },
      legalEffect:
        'presumed to show the integrity of the data and the correctness of its origin, and recognised as a qualified seal in every EU member state (eIDAS Art. 35(2), 35(3))',
      effects: ['REBUTTABLE_PRESUMPTION'],
      conditions: [technicallyValid, { type: 'eu-qualification', oneOf: ['QESeal'] }],
      unverifiableConditions: [qscd, sealControl],
      requiresPartyAgreement: false,
      verified: true,
      citations: [
        { statute: EIDAS, section: 'Art. 35(2)', url: URL.art35_2, verified: true },
        {
          statute: EIDAS,
          section: 'Art. 35(3)',
          verified: false,
          note: 'Cross-border recognition of qualified seals recalled, by analogy with Art. 25(3); text not seen.',
        },
        {
          statute: EIDAS,
          section: 'Art. 3(27)',
          verified: false,
          note: 'Definition of a qualified electronic seal recalled; paragraph number not confirmed.',
        },
      ],
    },
    {
      id: 'eu-advanced-signature-qc',
      level: 'intermediate-statutory-tier',
      localTerm: {
        local: 'advanced electronic signature based on a qualified certificate',
        english: 'advanced electronic signature based on a qualified certificate',
        language: 'en',
      },
      legalEffect:
        'an advanced electronic signature whose certificate was qualified when it was made; member states’ online public services that ask for this level must accept it (eIDAS Art. 26, 27(2), 32a)',
      effects: ['NON_DISCRIMINATION_ONLY'],
      conditions: [technicallyValid, { type: 'eu-qualification', oneOf: ['QESig', 'AdESig-QC'] }],
      unverifiableConditions: [soleControl, intent],
      requiresPartyAgreement: false,
      verified: true,
      citations: [
        { statute: EIDAS, section: 'Art. 26', url: URL.art26, verified: true },
        {
          statute: EIDAS2,
          section: 'Art. 32a(1)(a), (b)',
          url: URL.art32a,
          verified: true,
          note: 'Inserted by Regulation (EU) 2024/1183: the certificate must be qualified and valid at the time of signing.',
        },
        {
          statute: EIDAS,
          section: 'Art. 27(2)',
          verified: false,
          note: 'Public-service acceptance of advanced signatures based on a qualified certificate recalled; text of Art. 27 not seen (the seal counterpart, Art. 37(2), was). Whether 2024/1183 amended Art. 27 is not confirmed.',
        },
      ],
    },
    {
      id: 'eu-advanced-seal-qc',
      level: 'intermediate-statutory-tier',
      localTerm: {
        local: 'advanced electronic seal based on a qualified certificate',
        english: 'advanced electronic seal based on a qualified certificate',
        language: 'en',
      },
      legalEffect:
        'an advanced electronic seal whose certificate was qualified when it was made; member states’ online public services that ask for this level must accept it (eIDAS Art. 36, 37(2))',
      effects: ['NON_DISCRIMINATION_ONLY'],
      conditions: [technicallyValid, { type: 'eu-qualification', oneOf: ['QESeal', 'AdESeal-QC'] }],
      unverifiableConditions: [sealControl],
      requiresPartyAgreement: false,
      verified: true,
      citations: [
        { statute: EIDAS, section: 'Art. 36', url: URL.art36, verified: true },
        { statute: EIDAS, section: 'Art. 37(2)', url: URL.art37, verified: true },
      ],
    },
    {
      id: 'eu-advanced-signature',
      level: 'recognised',
      localTerm: {
        local: 'advanced electronic signature',
        english: 'advanced electronic signature',
        language: 'en',
      },
      legalEffect:
        'may not be denied legal effect or admissibility as evidence for being electronic (eIDAS Art. 25(1)); meets the requirements for an advanced electronic signature (Art. 26) as far as software can tell; its weight is for national law',
      effects: ['NON_DISCRIMINATION_ONLY'],
      conditions: [
        technicallyValid,
        { type: 'eu-qualification', oneOf: ['QESig', 'AdESig-QC', 'AdESig'], provenTime: false },
      ],
      unverifiableConditions: [soleControl, intent],
      requiresPartyAgreement: false,
      verified: true,
      citations: [art25_1, { statute: EIDAS, section: 'Art. 26', url: URL.art26, verified: true }],
      note: 'Requires the issuing CA to be on a loaded EU trusted list, so that the signatory is identified by a supervised provider (Art. 26(b)).',
    },
    {
      id: 'eu-advanced-seal',
      level: 'recognised',
      localTerm: { local: 'advanced electronic seal', english: 'advanced electronic seal', language: 'en' },
      legalEffect:
        'may not be denied legal effect or admissibility as evidence for being electronic (eIDAS Art. 35(1)); meets the requirements for an advanced electronic seal (Art. 36) as far as software can tell',
      effects: ['NON_DISCRIMINATION_ONLY'],
      conditions: [
        technicallyValid,
        { type: 'eu-qualification', oneOf: ['QESeal', 'AdESeal-QC', 'AdESeal'], provenTime: false },
      ],
      unverifiableConditions: [sealControl],
      requiresPartyAgreement: false,
      verified: true,
      citations: [
        { statute: EIDAS, section: 'Art. 36', url: URL.art36, verified: true },
        {
          statute: EIDAS,
          section: 'Art. 35(1)',
          verified: false,
          note: 'Non-discrimination of electronic seals recalled, by analogy with Art. 25(1); text not seen.',
        },
      ],
    },
    {
      id: 'eu-electronic-signature',
      level: 'evidence-only',
      localTerm: { local: 'electronic signature', english: 'electronic signature', language: 'en' },
      legalEffect:
        'may not be denied legal effect or admissibility as evidence merely for being electronic or not qualified (eIDAS Art. 25(1)); its weight is for the court under national law',
      effects: ['ADMISSIBLE_ONLY'],
      conditions: [technicallyValid],
      unverifiableConditions: [intent],
      requiresPartyAgreement: false,
      verified: true,
      citations: [art25_1, { statute: EIDAS, section: 'Art. 3(10)', url: URL.art3, verified: true }],
    },
  ],
  crossBorder: {
    family: 'origin-neutral',
    foreignMaxLevel: 'top-statutory-tier',
    recognitionLists: [],
    summary:
      'a qualified signature based on a qualified certificate issued in one member state is recognised as qualified in all others; qualified status needs a service on an EU trusted list, so certificates from outside the EU reach the qualified tiers only through lists the EU recognises',
    citations: [
      { statute: EIDAS, section: 'Art. 25(3)', url: URL.art25_23, verified: true },
      {
        statute: EIDAS,
        section: 'Art. 14',
        verified: false,
        note: 'Recognition of third-country trust services by international agreement recalled; text not seen.',
      },
    ],
  },
  mutualRecognition: [],
  exclusions: [],
  exclusionsComplete: false,
  exclusionsNote:
    'eIDAS leaves the form and validity of contracts to national and Union law (Art. 2(3), not confirmed here): a member state may still require paper, a notarial deed or a specific signature for some acts.',
  trustLists: [
    {
      listId: 'EU-LOTL',
      name: 'EU List of Trusted Lists and the national trusted lists it points to',
      publisher: 'European Commission and the member states’ supervisory bodies',
      url: 'https://ec.europa.eu/tools/lotl/eu-lotl.xml',
      format: 'etsi-ts-119-612',
      loaded: false,
      verified: true,
      note: 'ETSI TS 119 612 XML, XAdES-signed. Load with loadEtsiTrustLists (signers pinned from the LOTL or the Official Journal); national lists carry listIds like BE-TSL.',
    },
  ],
  sources: [
    { title: 'Regulation (EU) No 910/2014, consolidated text of 18 October 2024 (EUR-Lex)', url: URL.eurlex },
    {
      title: 'eIDAS Art. 32a as inserted by Regulation (EU) 2024/1183',
      url: URL.art32a,
      accessed: '2026-12-02',
    },
    { title: 'eIDAS Art. 25(1) (legislation.gov.uk copy)', url: URL.art25_1, accessed: '2026-12-02' },
  ],
  openPoints: [
    'Art. 27, 35(1), 35(3), 3(27) and 14 are cited from memory and marked unverified.',
    'Qualified status before 1 July 2016 (Directive 1999/93/EC, transition under Art. 51) is not modelled: the qualified tiers are then undecided.',
    'Member-state rules on form (notarial deeds, paper-only acts) are not modelled.',
  ],
};

let cached: EconomyProfile | undefined;

/** The EU profile, validated once. */
export function euProfile(): EconomyProfile {
  cached ??= EconomyProfile.parse(EU_PROFILE_SOURCE);
  return cached;
}
