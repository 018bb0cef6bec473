/**
 * Distinguished-name comparison per RFC 5280 §7.1 (a simplified RFC 4518 string preparation).
 * Hand-written: pkijs' RelativeDistinguishedNames.isEqual compares flattened attributes and would treat
 * a multi-valued RDN like two RDNs.
 */
import * as asn1js from 'asn1js';
import { equalBytes } from '../lib/bytes.js';
import { DerError, decodeDer, derOf, expectOid, expectSequence } from './der.js';

export interface NameAva {
  type: string;
  /** Case-folded, space-normalised text for directory strings; undefined for other value types. */
  text?: string;
  /** DER of the value, compared when either side is not a string. */
  der: Uint8Array;
}
export type ParsedName = NameAva[][];

const STRING_TAGS = new Set([12, 19, 20, 22, 26, 28, 30]); // UTF8, Printable, Teletex, IA5, Visible, Universal, BMP

export const OID_EMAIL_ADDRESS = '1.2.840.113549.1.9.1';

/** RFC 4518 in short: NFKC, case fold, trim, collapse inner whitespace. */
export function prepareString(s: string): string {
  return s.normalize('NFKC').toLowerCase().trim().replace(/\s+/g, ' ');
}

function avaText(value: asn1js.AsnType): string | undefined {
  const id = (value as asn1js.BaseBlock).idBlock;
  if (id.tagClass !== 1 || !STRING_TAGS.has(id.tagNumber)) return undefined;
  const raw = (value as { valueBlock?: { value?: unknown } }).valueBlock?.value;
  return typeof raw === 'string' ? prepareString(raw) : undefined;
}

/** Parses the DER of a Name (RDNSequence). Throws DerError when malformed. */
export function parseName(der: Uint8Array): ParsedName {
  const rdns = expectSequence(decodeDer(der), 'Name');
  return rdns.map((rdn) => {
    if (!(rdn instanceof asn1js.Set)) throw new DerError('Name: RDN is not a SET');
    return rdn.valueBlock.value.map((atv) => {
      const [t, v] = expectSequence(atv, 'AttributeTypeAndValue');
      if (!v) throw new DerError('AttributeTypeAndValue: missing value');
      const ava: NameAva = { type: expectOid(t, 'AttributeType'), der: derOf(v) };
      const text = avaText(v);
      if (text !== undefined) ava.text = text;
      return ava;
    });
  });
}

function avaEqual(a: NameAva, b: NameAva): boolean {
  if (a.type !== b.type) return false;
  if (a.text !== undefined && b.text !== undefined) return a.text === b.text;
  return equalBytes(a.der, b.der);
}

function rdnEqual(a: NameAva[], b: NameAva[]): boolean {
  if (a.length !== b.length) return false;
  return a.every((x) => b.some((y) => avaEqual(x, y))) && b.every((y) => a.some((x) => avaEqual(x, y)));
}

/** Whether `prefix` is an initial RDN sequence of `name` (directoryName subtree match). */
export function nameHasPrefix(name: ParsedName, prefix: ParsedName): boolean {
  if (prefix.length > name.length) return false;
  return prefix.every((rdn, i) => rdnEqual(rdn, name[i]!));
}

export function parsedNamesEqual(a: ParsedName, b: ParsedName): boolean {
  return a.length === b.length && nameHasPrefix(a, b);
}

const cache = new WeakMap<Uint8Array, ParsedName | null>();
function cachedParse(der: Uint8Array): ParsedName | null {
  let p = cache.get(der);
  if (p === undefined) {
    try {
      p = parseName(der);
    } catch {
      p = null;
    }
    cache.set(der, p);
  }
  return p;
}

/** Name equality for chaining: byte-equal, or equal after RFC 5280 §7.1 normalisation. */
export function namesMatch(a: Uint8Array, b: Uint8Array): boolean {
  if (equalBytes(a, b)) return true;
  const pa = cachedParse(a);
  const pb = cachedParse(b);
  return pa !== null && pb !== null && parsedNamesEqual(pa, pb);
}

/** The emailAddress attributes of a Name (name constraints apply rfc822Name rules to them). */
export function emailAddresses(name: ParsedName): string[] {
  const out: string[] = [];
  for (const rdn of name)
    for (const ava of rdn) if (ava.type === OID_EMAIL_ADDRESS && ava.text !== undefined) out.push(ava.text);
  return out;
}
