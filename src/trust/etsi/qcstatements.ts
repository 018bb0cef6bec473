/**
 * QCStatements (RFC 3739 §3.2.6, ETSI EN 319 412-5). Hand-written over asn1js: pkijs has no model for
 * the ETSI statements, and a malformed extension must be reported, not defaulted.
 */
import * as asn1js from 'asn1js';
import { type Certificate, EXT } from '../../x509/certificate.js';
import { DerError, decodeDer, expectOid, expectSequence } from '../../x509/der.js';
import { findExtension } from '../../x509/extensions.js';

export const QCS = {
  compliance: '0.4.0.1862.1.1',
  limitValue: '0.4.0.1862.1.2',
  retentionPeriod: '0.4.0.1862.1.3',
  sscd: '0.4.0.1862.1.4',
  pds: '0.4.0.1862.1.5',
  type: '0.4.0.1862.1.6',
  ccLegislation: '0.4.0.1862.1.7',
  pkixQcSyntaxV2: '1.3.6.1.5.5.7.11.2',
} as const;

export const QC_TYPE = {
  esign: '0.4.0.1862.1.6.1',
  eseal: '0.4.0.1862.1.6.2',
  web: '0.4.0.1862.1.6.3',
} as const;

export type QcTypeName = 'esign' | 'eseal' | 'web';

export interface QcStatements {
  /** Whether the certificate has a QCStatements extension at all. */
  present: boolean;
  compliance: boolean;
  sscd: boolean;
  /** QcType values; unknown OIDs are kept as dotted strings. */
  types: (QcTypeName | string)[];
  /** QcCClegislation country codes: qualified under these (non-EU) legislations. */
  legislation: string[];
  /** pkixQCSyntax-v2 semantics identifier (natural / legal person), when given. */
  semanticsId?: string;
  statementIds: string[];
  /** Set when the extension could not be decoded; then nothing else is reported. */
  malformed?: string;
}

const TYPE_BY_OID: Record<string, QcTypeName> = {
  [QC_TYPE.esign]: 'esign',
  [QC_TYPE.eseal]: 'eseal',
  [QC_TYPE.web]: 'web',
};

function empty(present: boolean): QcStatements {
  return { present, compliance: false, sscd: false, types: [], legislation: [], statementIds: [] };
}

export function parseQcStatements(cert: Certificate): QcStatements {
  const ext = findExtension(cert, EXT.qcStatements);
  if (!ext) return empty(false);
  const out = empty(true);
  try {
    for (const st of expectSequence(decodeDer(ext.value), 'QCStatements')) {
      const [idNode, info] = expectSequence(st, 'QCStatement');
      const id = expectOid(idNode, 'statementId');
      out.statementIds.push(id);
      if (id === QCS.compliance) out.compliance = true;
      else if (id === QCS.sscd) out.sscd = true;
      else if (id === QCS.type) {
        for (const t of expectSequence(info, 'QcType')) {
          const oid = expectOid(t, 'QcType');
          out.types.push(TYPE_BY_OID[oid] ?? oid);
        }
      } else if (id === QCS.ccLegislation) {
        for (const c of expectSequence(info, 'QcCClegislation')) {
          if (!(c instanceof asn1js.PrintableString))
            throw new DerError('QcCClegislation: expected PrintableString');
          out.legislation.push(c.valueBlock.value);
        }
      } else if (id === QCS.pkixQcSyntaxV2 && info instanceof asn1js.Sequence) {
        const first = info.valueBlock.value[0];
        if (first instanceof asn1js.ObjectIdentifier) out.semanticsId = first.valueBlock.toString();
      }
    }
  } catch (e) {
    return { ...empty(true), malformed: e instanceof Error ? e.message : String(e) };
  }
  return out;
}
