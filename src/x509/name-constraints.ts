/**
 * Name constraints (RFC 5280 §4.2.1.10, §6.1.3 b–c, §6.1.4 g). Hand-written: neither pkijs nor
 * @peculiar/x509 implements subtree matching.
 *
 * The permitted state is kept as one list per constraining CA instead of a computed intersection: a name
 * of form T must match a T-subtree of every list that constrains T, which is exactly the intersection.
 */
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { toArrayBuffer } from '../lib/bytes.js';
import type { GeneralName, GeneralNameType, NameConstraints } from './extensions.js';
import { emailAddresses, nameHasPrefix, type ParsedName } from './name-match.js';
import { nameToString } from './names.js';

export interface NameConstraintState {
  permittedSets: GeneralName[][];
  excluded: GeneralName[];
}

export function initialNameConstraintState(
  permitted?: readonly GeneralName[],
  excluded?: readonly GeneralName[],
): NameConstraintState {
  return { permittedSets: permitted ? [[...permitted]] : [], excluded: excluded ? [...excluded] : [] };
}

/** §6.1.4 (g): fold a CA's nameConstraints into the state. */
export function addNameConstraints(state: NameConstraintState, nc: NameConstraints): NameConstraintState {
  return {
    permittedSets: nc.permitted ? [...state.permittedSets, nc.permitted] : state.permittedSets,
    excluded: nc.excluded ? [...state.excluded, ...nc.excluded] : state.excluded,
  };
}

function stripDot(s: string): string {
  return s.endsWith('.') ? s.slice(0, -1) : s;
}

function hostWithin(host: string, constraint: string): boolean {
  const h = stripDot(host.toLowerCase());
  const c = constraint.toLowerCase();
  if (c === '') return true;
  if (c.startsWith('.')) return h.endsWith(c);
  return h === c || h.endsWith(`.${c}`);
}

function dnsWithin(name: string, constraint: string): boolean {
  return hostWithin(name, constraint);
}

function emailWithin(name: string, constraint: string): boolean {
  const at = name.lastIndexOf('@');
  if (at < 0) return false;
  const c = constraint.toLowerCase();
  if (c.includes('@')) return name.toLowerCase() === c;
  const host = stripDot(name.slice(at + 1).toLowerCase());
  // A host constraint names exactly that host; a leading dot means any host below the domain.
  if (c.startsWith('.')) return host.endsWith(c);
  return host === c;
}

export function uriHost(uri: string): string | undefined {
  const m = /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/?#]*@)?(\[[^\]]*\]|[^:/?#]*)/i.exec(uri);
  const host = m?.[1];
  return host ? host : undefined;
}

function uriWithin(uri: string, constraint: string): boolean {
  const host = uriHost(uri);
  if (host === undefined) return false;
  const c = constraint.toLowerCase();
  const h = stripDot(host.toLowerCase());
  if (c.startsWith('.')) return h.endsWith(c);
  return h === c;
}

function ipWithin(addr: Uint8Array, constraint: Uint8Array): boolean {
  if (constraint.length !== addr.length * 2) return false;
  for (let i = 0; i < addr.length; i++) {
    const mask = constraint[addr.length + i]!;
    if ((addr[i]! & mask) !== (constraint[i]! & mask)) return false;
  }
  return true;
}

/** Whether `name` lies in the subtree `base` (same form assumed); 'unsupported' for forms we cannot match. */
export function nameWithin(name: GeneralName, base: GeneralName): boolean | 'unsupported' {
  if (name.type === 'rfc822Name' && base.type === 'rfc822Name') return emailWithin(name.value, base.value);
  if (name.type === 'dNSName' && base.type === 'dNSName') return dnsWithin(name.value, base.value);
  if (name.type === 'uniformResourceIdentifier' && base.type === 'uniformResourceIdentifier')
    return uriWithin(name.value, base.value);
  if (name.type === 'iPAddress' && base.type === 'iPAddress') return ipWithin(name.value, base.value);
  if (name.type === 'directoryName' && base.type === 'directoryName')
    return nameHasPrefix(name.value, base.value);
  return 'unsupported';
}

function renderDn(der: Uint8Array): string {
  try {
    return nameToString(
      new pkijs.RelativeDistinguishedNames({ schema: asn1js.fromBER(toArrayBuffer(der)).result }),
    );
  } catch {
    return '(unreadable name)';
  }
}

export function describeName(n: GeneralName): string {
  switch (n.type) {
    case 'rfc822Name':
    case 'dNSName':
    case 'uniformResourceIdentifier':
    case 'registeredID':
      return `${n.type}:${n.value}`;
    case 'iPAddress':
      return `iPAddress:${[...n.value].join(n.value.length === 4 ? '.' : ',')}`;
    case 'directoryName':
      return `directoryName:${renderDn(n.der)}`;
    default:
      return n.type;
  }
}

/** The names of a certificate that constraints apply to: subject DN, SAN entries, DN emailAddress. */
export function constrainedNames(
  subject: ParsedName,
  subjectDer: Uint8Array,
  san?: readonly GeneralName[],
): GeneralName[] {
  const out: GeneralName[] = [];
  if (subject.length > 0) out.push({ type: 'directoryName', value: subject, der: subjectDer });
  for (const e of emailAddresses(subject)) out.push({ type: 'rfc822Name', value: e });
  if (san) out.push(...san);
  return out;
}

export interface NameViolation {
  name: GeneralName;
  kind: 'not-permitted' | 'excluded' | 'unsupported';
}

/** §6.1.3 (b)–(c) for one certificate's names. */
export function checkNameConstraints(
  names: readonly GeneralName[],
  state: NameConstraintState,
): NameViolation[] {
  const out: NameViolation[] = [];
  for (const name of names) {
    const sameForm = (b: GeneralName): boolean => b.type === name.type;
    let violation: NameViolation['kind'] | undefined;
    for (const set of state.permittedSets) {
      const relevant = set.filter(sameForm);
      if (relevant.length === 0) continue;
      const results = relevant.map((b) => nameWithin(name, b));
      if (results.includes(true)) continue;
      violation = results.includes('unsupported') ? 'unsupported' : 'not-permitted';
      break;
    }
    if (!violation) {
      for (const b of state.excluded.filter(sameForm)) {
        const r = nameWithin(name, b);
        if (r === true) violation = 'excluded';
        else if (r === 'unsupported') violation = 'unsupported';
        if (violation) break;
      }
    }
    if (violation) out.push({ name, kind: violation });
  }
  return out;
}

export type { GeneralNameType };
