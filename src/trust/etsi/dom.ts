/**
 * The few DOM operations the TS 119 612 reader needs, over any W3C DOM: the browser's native
 * DOMParser, or @xmldom/xmldom in Node (pure JS, so also bundle-safe). Hand-written traversal because
 * XPath is not available in every environment xmldom/native DOM run in.
 */
import { DOMParser as XmldomParser } from '@xmldom/xmldom';
import { formatError } from '../../lib/errors.js';

export const NS = {
  tsl: 'http://uri.etsi.org/02231/v2#',
  tslx: 'http://uri.etsi.org/02231/v2/additionaltypes#',
  ecc: 'http://uri.etsi.org/TrstSvc/SvcInfoExt/eSigDir-1999-93-EC-TrustedList/#',
  ds: 'http://www.w3.org/2000/09/xmldsig#',
  xades: 'http://uri.etsi.org/01903/v1.3.2#',
  xml: 'http://www.w3.org/XML/1998/namespace',
} as const;

export const TL_MALFORMED = 'TL_MALFORMED';

/** Anything constructible like the W3C DOMParser. */
export interface DomParserLike {
  parseFromString(source: string, mimeType: 'application/xml' | 'text/xml'): Document;
}
export type DomParserCtor = new () => DomParserLike;

export interface DomOptions {
  /** DOMParser constructor to use; default the global one (browsers), else @xmldom/xmldom. */
  DOMParser?: DomParserCtor;
}

const MAX_XML_CHARS = 64 * 1024 * 1024;

export function xmlText(xml: string | Uint8Array): string {
  const s = typeof xml === 'string' ? xml : new TextDecoder('utf-8', { fatal: false }).decode(xml);
  return s.replace(/^\uFEFF/, '');
}

/** Parses untrusted XML; DTDs are refused outright (entity expansion, external entities). */
export function parseXml(source: string, opts: DomOptions = {}): Document {
  if (source.length > MAX_XML_CHARS) throw formatError(TL_MALFORMED, 'trusted list is larger than 64 MiB');
  if (/<!DOCTYPE/i.test(source)) throw formatError(TL_MALFORMED, 'trusted list contains a DTD (refused)');
  const Ctor = opts.DOMParser ?? (globalThis as { DOMParser?: DomParserCtor }).DOMParser;
  let doc: Document;
  try {
    if (Ctor) doc = new Ctor().parseFromString(source, 'application/xml');
    else {
      const p = new XmldomParser({
        onError: (level: string, msg: string) => {
          if (level !== 'warning') throw new Error(msg);
        },
      });
      doc = p.parseFromString(source, 'application/xml') as unknown as Document;
    }
  } catch (e) {
    throw formatError(
      TL_MALFORMED,
      `trusted list is not well-formed XML: ${e instanceof Error ? e.message : e}`,
      e,
    );
  }
  const root = doc?.documentElement;
  if (!root || root.getElementsByTagName('parsererror').length > 0 || root.localName === 'parsererror') {
    throw formatError(TL_MALFORMED, 'trusted list is not well-formed XML');
  }
  return doc;
}

export function childElements(el: Element | undefined, ns?: string, local?: string): Element[] {
  const out: Element[] = [];
  if (!el) return out;
  for (let n = el.firstChild; n; n = n.nextSibling) {
    if (n.nodeType !== 1) continue;
    const c = n as Element;
    if (ns !== undefined && c.namespaceURI !== ns) continue;
    if (local !== undefined && c.localName !== local) continue;
    out.push(c);
  }
  return out;
}

export function child(el: Element | undefined, ns: string, local: string): Element | undefined {
  if (!el) return undefined;
  for (let n = el.firstChild; n; n = n.nextSibling) {
    if (n.nodeType === 1 && (n as Element).namespaceURI === ns && (n as Element).localName === local)
      return n as Element;
  }
  return undefined;
}

/** Follows a path of TSL-namespace children. */
export function path(el: Element | undefined, ...locals: string[]): Element | undefined {
  let cur = el;
  for (const l of locals) cur = child(cur, NS.tsl, l);
  return cur;
}

export function text(el: Element | undefined): string | undefined {
  if (!el) return undefined;
  const t = el.textContent;
  return t === null ? undefined : t.trim();
}

/** Multilingual names: English first, else the first one given (TS 119 612 §5.1.4). */
export function pickName(container: Element | undefined): string | undefined {
  if (!container) return undefined;
  const names = childElements(container, NS.tsl, 'Name');
  const en = names.find((n) => (n.getAttributeNS(NS.xml, 'lang') ?? n.getAttribute('xml:lang')) === 'en');
  return text(en ?? names[0]);
}

export function parseTime(s: string | undefined, what: string): Date {
  const d = s ? new Date(s) : undefined;
  if (!d || Number.isNaN(d.getTime()))
    throw formatError(TL_MALFORMED, `${what} is missing or not a date: ${s ?? ''}`);
  return d;
}

export function optionalTime(s: string | undefined): Date | undefined {
  if (!s) return undefined;
  const d = new Date(s);
  return Number.isNaN(d.getTime()) ? undefined : d;
}
