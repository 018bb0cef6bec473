/**
 * CAdES archive timestamps: archive-time-stamp-v2 (ETSI TS 101 733 §6.4.1, Annex K) and
 * archive-time-stamp-v3 with its ats-hash-index(-v2/-v3) (ETSI EN 319 122-1 §5.5.2–5.5.3): the exact
 * bytes each token stamps, and the check of the hash index against the SignedData. Walks the CMS TLVs by
 * hand because both imprints cover SignerInfo fields in their stored encoding, which pkijs and
 * ParsedSignedData do not keep (e.g. an AlgorithmIdentifier's NULL parameters).
 */
import {
  type ParsedSignedData,
  type ParsedSignerInfo,
  parseSignedData,
  type RawAttribute,
} from '../cms/parse.js';
import { digestByOid, digestParts } from '../crypto/registry.js';
import { equalBytes, toHex } from '../lib/bytes.js';
import { toCanonicalDer } from '../lib/der.js';
import { formatError, isCrossignError } from '../lib/errors.js';
import type { Problem } from '../verdict/schema.js';
import { parseTimestampToken } from './tst.js';

export const ATS_PROBLEMS = {
  /** The archive-time-stamp-v3 token carries no ats-hash-index(-v2/-v3) unsigned attribute. */
  HASH_INDEX_MISSING: 'ATS_HASH_INDEX_MISSING',
  /** More than one hash-index attribute, or one with more than one value (EN 319 122-1 §5.5.2). */
  HASH_INDEX_MULTIPLE: 'ATS_HASH_INDEX_MULTIPLE',
  HASH_INDEX_MALFORMED: 'ATS_HASH_INDEX_MALFORMED',
  /** An index entry matches no certificate, CRL or unsigned attribute of the SignedData: the index is invalid. */
  HASH_INDEX_MISMATCH: 'ATS_HASH_INDEX_MISMATCH',
  /** An unsigned attribute that predates the archive timestamp is not in its index (not protected by it). */
  HASH_INDEX_INCOMPLETE: 'ATS_HASH_INDEX_INCOMPLETE',
  /** hashIndAlgorithm differs from the token's imprint algorithm. */
  HASH_INDEX_ALGORITHM_DIFFERS: 'ATS_HASH_INDEX_ALGORITHM_DIFFERS',
  HASH_INDEX_DIGEST_UNSUPPORTED: 'ATS_HASH_INDEX_DIGEST_UNSUPPORTED',
  /** Not an archive-time-stamp-v2/v3 attribute, or an unknown hash-index version. */
  UNSUPPORTED_VERSION: 'ATS_UNSUPPORTED_VERSION',
  /** Detached signature and the content was not supplied: the imprint cannot be computed. */
  CONTENT_MISSING: 'ATS_CONTENT_MISSING',
  /** The CMS or the archive token could not be read far enough to compute the imprint. */
  MALFORMED: 'ATS_MALFORMED',
  IMPRINT_DIGEST_UNSUPPORTED: 'ATS_IMPRINT_DIGEST_UNSUPPORTED',
  /** The computed bytes do not match the token's messageImprint in any accepted encoding. */
  IMPRINT_MISMATCH: 'ATS_IMPRINT_MISMATCH',
} as const;
export type AtsProblemCode = (typeof ATS_PROBLEMS)[keyof typeof ATS_PROBLEMS];

export const ATS_OIDS = {
  archiveTimestampV2: '1.2.840.113549.1.9.16.2.48',
  archiveTimestampV3: '0.4.0.1733.2.4',
  /** ats-hash-index, TS 101 733 v2.2.1: unsignedAttrsHashIndex hashes whole Attributes. */
  atsHashIndex: '0.4.0.1733.2.5',
  /** ats-hash-index-v2, EN 319 122-1 v1.0.1: whole Attributes too. */
  atsHashIndexV2: '0.4.0.19122.1.4',
  /** ats-hash-index-v3, EN 319 122-1 v1.1.1+: attrType || one AttributeValue, per value. */
  atsHashIndexV3: '0.4.0.19122.1.5',
} as const;

const SHA256 = '2.16.840.1.101.3.4.2.1';
const ID_CERT_VALUES = '1.2.840.113549.1.9.16.2.23';
const ID_REVOCATION_VALUES = '1.2.840.113549.1.9.16.2.24';

export type ArchiveVersion = 'v2' | 'v3';

/** What an archive timestamp is computed over. */
export interface ArchiveSource {
  /** The CMS ContentInfo bytes `sd` was parsed from (the imprint needs fields as stored). */
  cms: Uint8Array;
  sd: ParsedSignedData;
  signer: ParsedSignerInfo;
  /** The signed content as the signer check uses it: eContent when attached, else the detached parts. */
  content: readonly Uint8Array[] | undefined;
}

/** Which archive-timestamp value of the signer: unsignedAttrs[attribute].values[value]. */
export interface AtsRef {
  attribute: number;
  value?: number;
}

export interface IndexListCheck {
  entries: number;
  /** Entries that match no element of the SignedData (hex), each invalidating the index. */
  unmatched: string[];
  /** Of those, entries found outside the SignedData field they must name (certValues, revocationValues). */
  outside: string[];
  /** Elements of the SignedData (or unsigned attribute values) the index covers / there are. */
  covered: number;
  total: number;
}

export interface HashIndexCheck {
  oid: string;
  version: 'ats-hash-index' | 'ats-hash-index-v2' | 'ats-hash-index-v3';
  hashAlgorithmOid: string;
  certificates: IndexListCheck;
  crls: IndexListCheck;
  unsignedAttrs: IndexListCheck;
  /** Every entry names an element present in the SignedData (EN 319 122-1 §5.5.2). */
  valid: boolean;
}

export interface ArchiveImprint {
  /** The bytes the token's messageImprint hashes, in order, in the preferred encoding. */
  parts: Uint8Array[];
  /**
   * Other encodings the standards' history allows (TS 101 733 Annex K note 3: unsignedAttrs with and
   * without their SET tag and length; DER versus as stored). Try them when `parts` does not match.
   */
  alternatives: Uint8Array[][];
  hashIndex?: HashIndexCheck;
  problems: Problem[];
}

export type ArchiveImprintResult = ArchiveImprint | { error: AtsProblemCode; message: string };

export interface ArchiveCandidate {
  /** The timestamp token (ContentInfo), for evaluateTimestamp. */
  der: Uint8Array;
  type: 'archive';
  version: ArchiveVersion;
  /** Index in signer.unsignedAttrs. */
  attribute: number;
  genTime?: Date;
  /** The stamped bytes (the encoding whose hash matches, else the preferred one); undefined when not computable. */
  stampedParts: Uint8Array[] | undefined;
  /** Whether some accepted encoding hashes to the token's imprint; null when not computable. */
  imprintMatches: boolean | null;
  hashIndex?: HashIndexCheck;
  /** Any error-severity problem here means the token proves nothing, whatever evaluateTimestamp says. */
  problems: Problem[];
}

// ---------------------------------------------------------------------------------------------
// TLV walking over the stored bytes.

interface Tlv {
  start: number;
  /** Offset of the first content octet. */
  valueStart: number;
  /** Offset past the content (before end-of-contents for an indefinite length). */
  valueEnd: number;
  end: number;
  /** First identifier octet (tag class, constructed bit, low tag number). */
  tag: number;
}

function malformed(message: string): never {
  throw formatError(ATS_PROBLEMS.MALFORMED, message);
}

function readTlv(b: Uint8Array, pos: number, limit: number, depth = 0): Tlv {
  if (depth > 64) malformed('ASN.1 nesting too deep');
  const start = pos;
  if (pos >= limit) malformed('ASN.1 element truncated');
  const tag = b[pos++]!;
  if ((tag & 0x1f) === 0x1f) {
    while (pos < limit && b[pos]! & 0x80) pos++;
    pos++;
  }
  if (pos >= limit) malformed('ASN.1 length truncated');
  const lb = b[pos++]!;
  if (lb === 0x80) {
    if (!(tag & 0x20)) malformed('indefinite length on a primitive element');
    let p = pos;
    for (;;) {
      if (p + 1 >= limit) malformed('indefinite-length element has no end-of-contents');
      if (b[p] === 0 && b[p + 1] === 0) break;
      p = readTlv(b, p, limit, depth + 1).end;
    }
    return { start, valueStart: pos, valueEnd: p, end: p + 2, tag };
  }
  let len = lb;
  if (lb > 0x80) {
    const n = lb & 0x7f;
    if (n > 4) malformed('ASN.1 length too large');
    len = 0;
    for (let i = 0; i < n; i++) {
      if (pos >= limit) malformed('ASN.1 length truncated');
      len = len * 256 + b[pos++]!;
    }
  }
  if (pos + len > limit) malformed('ASN.1 element runs past its parent');
  return { start, valueStart: pos, valueEnd: pos + len, end: pos + len, tag };
}

function children(b: Uint8Array, t: Tlv): Tlv[] {
  const out: Tlv[] = [];
  for (let p = t.valueStart; p < t.valueEnd; ) {
    const c = readTlv(b, p, t.valueEnd);
    out.push(c);
    p = c.end;
  }
  return out;
}

const bytesOf = (b: Uint8Array, t: Tlv) => b.subarray(t.start, t.end);
const isContext = (t: Tlv, n: number) => (t.tag & 0xdf) === (0x80 | n);

interface RawAttr {
  der: Uint8Array;
  type: Uint8Array;
  values: Uint8Array[];
}

interface RawSignerInfo {
  version: Uint8Array;
  sid: Uint8Array;
  digestAlgorithm: Uint8Array;
  signedAttrs?: Uint8Array;
  signatureAlgorithm: Uint8Array;
  signature: Uint8Array;
  unsignedAttrs: RawAttr[];
}

interface RawSignedData {
  encapContentInfo: Uint8Array;
  eContentType: Uint8Array;
  attached: boolean;
  certificatesField?: Uint8Array;
  certificates: Uint8Array[];
  crlsField?: Uint8Array;
  crls: Uint8Array[];
  signerInfos: RawSignerInfo[];
}

function rawAttrs(b: Uint8Array, set: Tlv): RawAttr[] {
  return children(b, set).map((a) => {
    const [type, values] = children(b, a);
    if (type?.tag !== 0x06 || !values || (values.tag & 0x1f) !== 0x11)
      malformed('attribute without a type or a value set');
    return {
      der: bytesOf(b, a),
      type: bytesOf(b, type),
      values: children(b, values).map((v) => bytesOf(b, v)),
    };
  });
}

function rawSignerInfo(b: Uint8Array, si: Tlv): RawSignerInfo {
  const f = children(b, si);
  const [version, sid, digestAlgorithm] = f;
  if (!version || !sid || !digestAlgorithm) malformed('SignerInfo is truncated');
  let i = 3;
  let signedAttrs: Uint8Array | undefined;
  if (f[i] && isContext(f[i]!, 0)) signedAttrs = bytesOf(b, f[i++]!);
  const signatureAlgorithm = f[i++];
  const signature = f[i++];
  if (!signatureAlgorithm || !signature) malformed('SignerInfo lacks its signature');
  const unsigned = f[i] && isContext(f[i]!, 1) ? f[i] : undefined;
  const out: RawSignerInfo = {
    version: bytesOf(b, version),
    sid: bytesOf(b, sid),
    digestAlgorithm: bytesOf(b, digestAlgorithm),
    signatureAlgorithm: bytesOf(b, signatureAlgorithm),
    signature: bytesOf(b, signature),
    unsignedAttrs: unsigned ? rawAttrs(b, unsigned) : [],
  };
  if (signedAttrs) out.signedAttrs = signedAttrs;
  return out;
}

/** The stored TLVs of a ContentInfo(SignedData). Throws formatError(ATS_MALFORMED). */
function rawSignedData(b: Uint8Array): RawSignedData {
  const ci = readTlv(b, 0, b.length);
  const [, explicit] = children(b, ci);
  if (!explicit || !isContext(explicit, 0)) malformed('ContentInfo has no content');
  const [sdTlv] = children(b, explicit);
  if (!sdTlv) malformed('ContentInfo content is empty');
  const items = children(b, sdTlv);
  const eci = items[2];
  if (!eci) malformed('SignedData has no encapContentInfo');
  const [eContentType, eContent] = children(b, eci);
  if (eContentType?.tag !== 0x06) malformed('encapContentInfo has no eContentType');
  const out: RawSignedData = {
    encapContentInfo: bytesOf(b, eci),
    eContentType: bytesOf(b, eContentType),
    attached: !!eContent,
    certificates: [],
    crls: [],
    signerInfos: [],
  };
  for (const item of items.slice(3)) {
    if (isContext(item, 0) && item.tag & 0x20) {
      out.certificatesField = bytesOf(b, item);
      out.certificates = children(b, item).map((c) => bytesOf(b, c));
    } else if (isContext(item, 1) && item.tag & 0x20) {
      out.crlsField = bytesOf(b, item);
      out.crls = children(b, item).map((c) => bytesOf(b, c));
    } else if ((item.tag & 0x1f) === 0x11) {
      out.signerInfos = children(b, item).map((si) => rawSignerInfo(b, si));
    }
  }
  return out;
}

/** Parses the stored SignedData once per CMS; the same bytes serve every ATS of every signer. */
const rawCache = new WeakMap<Uint8Array, RawSignedData>();
function rawOf(cms: Uint8Array): RawSignedData {
  let raw = rawCache.get(cms);
  if (!raw) {
    raw = rawSignedData(cms);
    rawCache.set(cms, raw);
  }
  return raw;
}

function der(bytes: Uint8Array): Uint8Array {
  try {
    return toCanonicalDer(bytes);
  } catch {
    return bytes;
  }
}

function problem(code: AtsProblemCode, message: string, severity: Problem['severity'] = 'error'): Problem {
  return { code, severity, message };
}

// ---------------------------------------------------------------------------------------------
// Hash index.

interface ParsedIndex {
  oid: string;
  value: Uint8Array;
  hashAlgorithmOid: string;
  certificates: Uint8Array[];
  crls: Uint8Array[];
  unsignedAttrs: Uint8Array[];
}

const INDEX_VERSIONS: Record<string, HashIndexCheck['version']> = {
  [ATS_OIDS.atsHashIndex]: 'ats-hash-index',
  [ATS_OIDS.atsHashIndexV2]: 'ats-hash-index-v2',
  [ATS_OIDS.atsHashIndexV3]: 'ats-hash-index-v3',
};

function decodeOid(content: Uint8Array): string {
  const arcs: number[] = [];
  let v = 0;
  for (const byte of content) {
    v = v * 128 + (byte & 0x7f);
    if (!(byte & 0x80)) {
      if (arcs.length === 0) arcs.push(v < 80 ? Math.floor(v / 40) : 2, v < 80 ? v % 40 : v - 80);
      else arcs.push(v);
      v = 0;
    }
  }
  return arcs.join('.');
}

function parseIndexValue(oid: string, value: Uint8Array): ParsedIndex {
  const top = readTlv(value, 0, value.length);
  if (top.tag !== 0x30)
    throw formatError(ATS_PROBLEMS.HASH_INDEX_MALFORMED, 'the hash index is not a SEQUENCE');
  const items = children(value, top);
  let hashAlgorithmOid = SHA256;
  if (items[0] && items[0].tag === 0x30) {
    const first = children(value, items[0])[0];
    // An AlgorithmIdentifier starts with an OID; a SEQUENCE OF OCTET STRING does not.
    if (first?.tag === 0x06) {
      hashAlgorithmOid = decodeOid(value.subarray(first.valueStart, first.valueEnd));
      items.shift();
    }
  }
  if (items.length !== 3)
    throw formatError(ATS_PROBLEMS.HASH_INDEX_MALFORMED, 'the hash index needs three hash lists');
  const lists = items.map((list) => {
    if (list.tag !== 0x30)
      throw formatError(ATS_PROBLEMS.HASH_INDEX_MALFORMED, 'a hash list is not a SEQUENCE');
    return children(value, list).map((h) => {
      if (h.tag !== 0x04)
        throw formatError(ATS_PROBLEMS.HASH_INDEX_MALFORMED, 'a hash entry is not an OCTET STRING');
      return value.subarray(h.valueStart, h.valueEnd);
    });
  });
  return {
    oid,
    value,
    hashAlgorithmOid,
    certificates: lists[0]!,
    crls: lists[1]!,
    unsignedAttrs: lists[2]!,
  };
}

/** The single hash index of an archive-time-stamp-v3 token (its SignerInfo's unsigned attributes). */
function tokenHashIndex(tokenDer: Uint8Array): ParsedIndex | { error: AtsProblemCode; message: string } {
  let attrs: RawAttribute[];
  try {
    const token = parseSignedData(tokenDer, 64);
    const signer = token.signers[0];
    if (!signer || token.signers.length !== 1)
      return {
        error: ATS_PROBLEMS.MALFORMED,
        message: 'the archive token does not have exactly one SignerInfo',
      };
    attrs = signer.unsignedAttrs;
  } catch (e) {
    if (!isCrossignError(e)) throw e;
    return { error: ATS_PROBLEMS.MALFORMED, message: `the archive token is malformed: ${e.message}` };
  }
  const found = attrs.filter((a) => a.type in INDEX_VERSIONS);
  if (found.length === 0) {
    const unknown = attrs.find((a) => /^0\.4\.0\.(1733\.2\.5|19122\.1\.\d+)$/.test(a.type));
    if (unknown)
      return {
        error: ATS_PROBLEMS.UNSUPPORTED_VERSION,
        message: `unsupported hash-index attribute ${unknown.type}`,
      };
    return {
      error: ATS_PROBLEMS.HASH_INDEX_MISSING,
      message: 'the archive-time-stamp-v3 token has no ats-hash-index',
    };
  }
  const [attr] = found;
  if (found.length > 1 || attr!.values.length !== 1)
    return {
      error: ATS_PROBLEMS.HASH_INDEX_MULTIPLE,
      message: 'the archive token must carry exactly one hash-index attribute with one value',
    };
  try {
    return parseIndexValue(attr!.type, attr!.values[0]!);
  } catch (e) {
    if (!isCrossignError(e)) throw e;
    return { error: ATS_PROBLEMS.HASH_INDEX_MALFORMED, message: e.message };
  }
}

/** Hashes of an element as stored and as canonical DER: producers hash one or the other. */
function elementHashes(alg: string, parts: readonly Uint8Array[]): Uint8Array[] {
  const stored = digestParts(alg, parts);
  const canonical = digestParts(
    alg,
    parts.map((p) => der(p)),
  );
  return equalBytes(stored, canonical) ? [stored] : [stored, canonical];
}

interface Element {
  hashes: Uint8Array[];
  /** Unsigned attribute values only: predates the archive timestamp being checked. */
  precedes?: boolean;
}

function checkList(
  entries: readonly Uint8Array[],
  elements: readonly Element[],
  outside: readonly Uint8Array[][],
): IndexListCheck {
  const unmatched: string[] = [];
  const out: string[] = [];
  const covered = new Set<number>();
  for (const e of entries) {
    const i = elements.findIndex((el) => el.hashes.some((h) => equalBytes(h, e)));
    if (i >= 0) covered.add(i);
    else {
      unmatched.push(toHex(e));
      if (outside.some((hs) => hs.some((h) => equalBytes(h, e)))) out.push(toHex(e));
    }
  }
  return { entries: entries.length, unmatched, outside: out, covered: covered.size, total: elements.length };
}

/** Certificates in certValues and CRLs in revocationValues: where a misplaced index entry may point. */
function outsideElements(alg: string, attrs: readonly RawAttr[], oids: readonly string[]) {
  const certs: Uint8Array[][] = [];
  const crls: Uint8Array[][] = [];
  for (const [i, a] of attrs.entries()) {
    for (const v of a.values) {
      try {
        const t = readTlv(v, 0, v.length);
        if (oids[i] === ID_CERT_VALUES)
          for (const c of children(v, t)) certs.push(elementHashes(alg, [bytesOf(v, c)]));
        else if (oids[i] === ID_REVOCATION_VALUES)
          for (const group of children(v, t)) {
            const [list] = children(v, group);
            if (!list) continue;
            for (const r of children(v, list)) {
              const el = bytesOf(v, r);
              crls.push(elementHashes(alg, [el]));
            }
          }
      } catch {
        // A malformed values attribute just offers no match.
      }
    }
  }
  return { certs, crls };
}

function checkHashIndex(
  raw: RawSignedData,
  rawSigner: RawSignerInfo,
  oids: readonly string[],
  index: ParsedIndex,
  precedes: (attr: number) => boolean,
): { check: HashIndexCheck; problems: Problem[] } {
  const problems: Problem[] = [];
  const alg = index.hashAlgorithmOid;
  const version = INDEX_VERSIONS[index.oid]!;
  const certs = raw.certificates.map((c) => ({ hashes: elementHashes(alg, [c]) }));
  const crls = raw.crls.map((c) => ({ hashes: elementHashes(alg, [c]) }));
  const attrs: Element[] = [];
  const attrOf: number[] = [];
  for (const [i, a] of rawSigner.unsignedAttrs.entries()) {
    if (version === 'ats-hash-index-v3')
      for (const v of a.values) {
        attrs.push({ hashes: elementHashes(alg, [a.type, v]), precedes: precedes(i) });
        attrOf.push(i);
      }
    else {
      attrs.push({ hashes: elementHashes(alg, [a.der]), precedes: precedes(i) });
      attrOf.push(i);
    }
  }
  const outside = outsideElements(alg, rawSigner.unsignedAttrs, oids);
  const check: HashIndexCheck = {
    oid: index.oid,
    version,
    hashAlgorithmOid: alg,
    certificates: checkList(index.certificates, certs, outside.certs),
    crls: checkList(index.crls, crls, outside.crls),
    unsignedAttrs: checkList(index.unsignedAttrs, attrs, []),
    valid: false,
  };
  const lists = [
    ['certificatesHashIndex', 'SignedData.certificates', check.certificates],
    ['crlsHashIndex', 'SignedData.crls', check.crls],
    ['unsignedAttrs hash index', 'the unsigned attributes', check.unsignedAttrs],
  ] as const;
  for (const [name, where, l] of lists) {
    if (l.unmatched.length === 0) continue;
    const beside = l.outside.length
      ? ` (${l.outside.length} found outside ${where}, where the standard does not allow them)`
      : '';
    problems.push(
      problem(
        ATS_PROBLEMS.HASH_INDEX_MISMATCH,
        `${l.unmatched.length} ${name} entr${l.unmatched.length === 1 ? 'y matches' : 'ies match'} nothing in ${where}${beside}: the ats-hash-index is invalid`,
      ),
    );
  }
  check.valid = problems.length === 0;
  // Attributes that predate this timestamp yet are not in its index are not protected by it.
  const matchedAttrs = new Set<number>();
  for (const e of index.unsignedAttrs) {
    const j = attrs.findIndex((el) => el.hashes.some((h) => equalBytes(h, e)));
    if (j >= 0) matchedAttrs.add(j);
  }
  const missing = attrs.filter((el, j) => el.precedes && !matchedAttrs.has(j));
  if (missing.length)
    problems.push(
      problem(
        ATS_PROBLEMS.HASH_INDEX_INCOMPLETE,
        `${missing.length} unsigned attribute value(s) present before this archive timestamp are not in its hash index (${[
          ...new Set(
            attrs.flatMap((el, j) => (el.precedes && !matchedAttrs.has(j) ? [oids[attrOf[j]!]] : [])),
          ),
        ].join(', ')}): they are not protected by it`,
        'warning',
      ),
    );
  return { check, problems };
}

// ---------------------------------------------------------------------------------------------
// Which unsigned attributes an archive timestamp covers.

interface AtsInfo {
  attribute: number;
  value: number;
  version: ArchiveVersion;
  der: Uint8Array;
  genTime?: Date;
}

function atsVersion(oid: string): ArchiveVersion | undefined {
  if (oid === ATS_OIDS.archiveTimestampV2) return 'v2';
  if (oid === ATS_OIDS.archiveTimestampV3) return 'v3';
  return undefined;
}

function genTimeOf(der: Uint8Array): Date | undefined {
  try {
    return parseTimestampToken(der).tstInfo.genTime;
  } catch {
    return undefined;
  }
}

function archiveTokens(signer: ParsedSignerInfo): AtsInfo[] {
  const out: AtsInfo[] = [];
  for (const [attribute, a] of signer.unsignedAttrs.entries()) {
    const version = atsVersion(a.type);
    if (!version) continue;
    for (const [value, der] of a.values.entries()) {
      const info: AtsInfo = { attribute, value, version, der };
      const t = genTimeOf(der);
      if (t) info.genTime = t;
      out.push(info);
    }
  }
  return out;
}

/**
 * Whether unsigned attribute `i` was there when the archive timestamp at `self` was made: any
 * non-archive attribute, and archive timestamps made before it. Stored order is not evidence: DER
 * sorting of the SET puts the short archive-timestamp-v3 OID first. An unreadable archive token counts
 * as earlier only when stored earlier.
 */
function precedesFn(signer: ParsedSignerInfo, self: number, selfTime: Date | undefined) {
  const times = new Map<number, Date | undefined>();
  for (const t of archiveTokens(signer)) if (!times.has(t.attribute)) times.set(t.attribute, t.genTime);
  return (i: number): boolean => {
    if (i === self) return false;
    if (!times.has(i)) return true;
    const t = times.get(i);
    // Same second (genTime is often whole seconds): fall back to the stored order.
    if (!t || !selfTime || t.getTime() === selfTime.getTime()) return i < self;
    return t < selfTime;
  };
}

// ---------------------------------------------------------------------------------------------
// The imprint inputs.

function retag(setDer: Uint8Array, tag: number): Uint8Array {
  const out = setDer.slice();
  out[0] = tag;
  return out;
}

function unique(variants: Uint8Array[][]): Uint8Array[][] {
  const seen = new Set<string>();
  return variants.filter((v) => {
    const key = v.map((p) => `${p.length}:${toHex(digestParts('SHA-256', [p]))}`).join('|');
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function encodeLength(n: number): Uint8Array {
  if (n < 0x80) return new Uint8Array([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v % 256);
  return new Uint8Array([0x80 | bytes.length, ...bytes]);
}

function tagged(tag: number, content: Uint8Array[]): Uint8Array[] {
  const len = content.reduce((s, c) => s + c.length, 0);
  return [new Uint8Array([tag]), encodeLength(len), ...content];
}

/** Signed attributes as the signature covers them (DER, RFC 5652 §5.4), tagged [0] IMPLICIT. */
function signedAttrsField(signer: ParsedSignerInfo, rawSigner: RawSignerInfo): Uint8Array[] {
  if (signer.signedAttrsDer) return [retag(signer.signedAttrsDer, 0xa0)];
  return rawSigner.signedAttrs ? [rawSigner.signedAttrs] : [];
}

function v3Parts(
  raw: RawSignedData,
  signer: ParsedSignerInfo,
  rawSigner: RawSignerInfo,
  contentHash: Uint8Array,
  indexValue: Uint8Array,
): Uint8Array[][] {
  const signedFields = (sa: Uint8Array[]) => [
    rawSigner.version,
    rawSigner.sid,
    rawSigner.digestAlgorithm,
    ...sa,
    rawSigner.signatureAlgorithm,
    rawSigner.signature,
  ];
  const preferred = [
    raw.eContentType,
    contentHash,
    ...signedFields(signedAttrsField(signer, rawSigner)),
    indexValue,
  ];
  const stored = rawSigner.signedAttrs
    ? [raw.eContentType, contentHash, ...signedFields([rawSigner.signedAttrs]), indexValue]
    : preferred;
  const asDer = [
    der(raw.eContentType),
    contentHash,
    ...signedFields(signedAttrsField(signer, rawSigner)).map(der),
    der(indexValue),
  ];
  return unique([preferred, stored, asDer]);
}

function v2Parts(
  raw: RawSignedData,
  signer: ParsedSignerInfo,
  rawSigner: RawSignerInfo,
  content: readonly Uint8Array[] | undefined,
  covered: readonly RawAttr[],
): Uint8Array[][] {
  const build = (enc: (b: Uint8Array) => Uint8Array, wrapUnsigned: boolean): Uint8Array[] => {
    const attrs = covered.map((a) => enc(a.der));
    return [
      enc(raw.encapContentInfo),
      ...(raw.attached ? [] : [...(content ?? [])]),
      ...(raw.certificatesField ? [enc(raw.certificatesField)] : []),
      ...(raw.crlsField ? [enc(raw.crlsField)] : []),
      enc(rawSigner.version),
      enc(rawSigner.sid),
      enc(rawSigner.digestAlgorithm),
      ...signedAttrsField(signer, rawSigner),
      enc(rawSigner.signatureAlgorithm),
      enc(rawSigner.signature),
      // TS 101 733 v2.2.1 Annex K includes the unsignedAttrs tag and length; v1.8.3 did not.
      ...(covered.length === 0 ? [] : wrapUnsigned ? tagged(0xa1, attrs) : attrs),
    ];
  };
  const stored = (b: Uint8Array) => b;
  return unique([build(stored, true), build(stored, false), build(der, true), build(der, false)]);
}

/**
 * The bytes archive timestamp `ats` of `src.signer` stamps, hashed in order with the token's imprint
 * algorithm `hashOid`. For v3 the token's hash index is checked against the SignedData (problems
 * ATS_HASH_INDEX_*); the imprint itself covers only the index, so a valid imprint with an invalid
 * index still proves nothing about the elements.
 */
export function archiveTimestampImprintParts(
  src: ArchiveSource,
  ats: AtsRef,
  version: ArchiveVersion,
  hashOid: string,
): ArchiveImprintResult {
  const { sd, signer } = src;
  const attr = signer.unsignedAttrs[ats.attribute];
  const tokenDer = attr?.values[ats.value ?? 0];
  if (!attr || !tokenDer)
    return { error: ATS_PROBLEMS.MALFORMED, message: 'no such archive timestamp attribute' };
  if (atsVersion(attr.type) !== version)
    return {
      error: ATS_PROBLEMS.UNSUPPORTED_VERSION,
      message: `attribute ${attr.type} is not an archive-time-stamp-${version}`,
    };
  let raw: RawSignedData;
  try {
    raw = rawOf(src.cms);
  } catch (e) {
    if (!isCrossignError(e)) throw e;
    return { error: ATS_PROBLEMS.MALFORMED, message: `the CMS could not be walked: ${e.message}` };
  }
  const rawSigner = raw.signerInfos[signer.index];
  if (!rawSigner || rawSigner.unsignedAttrs.length !== signer.unsignedAttrs.length)
    return { error: ATS_PROBLEMS.MALFORMED, message: 'the stored SignerInfo does not match the parsed one' };
  if (!digestByOid(hashOid))
    return {
      error: ATS_PROBLEMS.IMPRINT_DIGEST_UNSUPPORTED,
      message: `imprint algorithm ${hashOid} is unsupported`,
    };
  const content = raw.attached ? (src.content ?? (sd.eContent ? [sd.eContent] : undefined)) : src.content;
  if (!content)
    return {
      error: ATS_PROBLEMS.CONTENT_MISSING,
      message: 'detached signature: the archive timestamp covers the signed content, which was not supplied',
    };
  const selfTime = genTimeOf(tokenDer);
  const precedes = precedesFn(signer, ats.attribute, selfTime);
  const oids = signer.unsignedAttrs.map((a) => a.type);

  if (version === 'v2') {
    const covered = rawSigner.unsignedAttrs.filter((_, i) => precedes(i));
    const [parts, ...alternatives] = v2Parts(raw, signer, rawSigner, content, covered);
    return { parts: parts!, alternatives, problems: [] };
  }

  const index = tokenHashIndex(tokenDer);
  if ('error' in index) return index;
  if (!digestByOid(index.hashAlgorithmOid))
    return {
      error: ATS_PROBLEMS.HASH_INDEX_DIGEST_UNSUPPORTED,
      message: `hash-index algorithm ${index.hashAlgorithmOid} is unsupported`,
    };
  const { check, problems } = checkHashIndex(raw, rawSigner, oids, index, precedes);
  if (index.hashAlgorithmOid !== hashOid)
    problems.push(
      problem(
        ATS_PROBLEMS.HASH_INDEX_ALGORITHM_DIFFERS,
        `the hash index uses ${index.hashAlgorithmOid} but the imprint ${hashOid}; EN 319 122-1 wants them equal`,
        'warning',
      ),
    );
  const contentHash = digestParts(hashOid, content);
  const [parts, ...alternatives] = v3Parts(raw, signer, rawSigner, contentHash, index.value);
  return { parts: parts!, alternatives, hashIndex: check, problems };
}

/**
 * Every archive timestamp (v2 and v3) of `src.signer`, with the bytes it stamps, for
 * evaluateTimestamp(ctx, der, stampedParts, 'archive', pool). A candidate with an error-severity
 * problem (bad hash index, imprint not computable) must not serve as a proof of existence.
 */
export function archiveTimestampCandidates(src: ArchiveSource): ArchiveCandidate[] {
  const out: ArchiveCandidate[] = [];
  for (const t of archiveTokens(src.signer)) {
    const c: ArchiveCandidate = {
      der: t.der,
      type: 'archive',
      version: t.version,
      attribute: t.attribute,
      stampedParts: undefined,
      imprintMatches: null,
      problems: [],
    };
    if (t.genTime) c.genTime = t.genTime;
    let imprint: { hashAlgorithmOid: string; hashedMessage: Uint8Array };
    try {
      imprint = parseTimestampToken(t.der).tstInfo.messageImprint;
    } catch (e) {
      if (!isCrossignError(e)) throw e;
      c.problems.push(
        problem(ATS_PROBLEMS.MALFORMED, `the archive timestamp token is malformed: ${e.message}`),
      );
      out.push(c);
      continue;
    }
    const r = archiveTimestampImprintParts(
      src,
      { attribute: t.attribute, value: t.value },
      t.version,
      imprint.hashAlgorithmOid,
    );
    if ('error' in r) {
      c.problems.push(problem(r.error, r.message));
      out.push(c);
      continue;
    }
    c.problems.push(...r.problems);
    if (r.hashIndex) c.hashIndex = r.hashIndex;
    const variants = [r.parts, ...r.alternatives];
    const hit = variants.find((v) =>
      equalBytes(digestParts(imprint.hashAlgorithmOid, v), imprint.hashedMessage),
    );
    c.stampedParts = hit ?? r.parts;
    c.imprintMatches = !!hit;
    if (!hit)
      c.problems.push(
        problem(
          ATS_PROBLEMS.IMPRINT_MISMATCH,
          `the archive-time-stamp-${t.version} does not stamp this signature as it is now`,
        ),
      );
    out.push(c);
  }
  return out;
}
