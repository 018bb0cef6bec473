import type * as pkijs from 'pkijs';

const SHORT: Record<string, string> = {
  '2.5.4.3': 'CN',
  '2.5.4.4': 'SN',
  '2.5.4.5': 'serialNumber',
  '2.5.4.6': 'C',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
  '2.5.4.9': 'street',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '2.5.4.12': 'title',
  '2.5.4.42': 'GN',
  '2.5.4.43': 'initials',
  '2.5.4.44': 'generationQualifier',
  '2.5.4.46': 'dnQualifier',
  '2.5.4.65': 'pseudonym',
  '2.5.4.97': 'organizationIdentifier',
  '0.9.2342.19200300.100.1.25': 'DC',
  '0.9.2342.19200300.100.1.1': 'UID',
  '1.2.840.113549.1.9.1': 'E',
  '1.2.643.100.1': 'OGRN',
  '1.2.643.100.3': 'SNILS',
  '1.2.643.3.131.1.1': 'INN',
  '1.2.643.100.4': 'INNLE',
};

export interface NameAttribute {
  type: string;
  short?: string;
  value: string;
}

export function nameAttributes(name: pkijs.RelativeDistinguishedNames): NameAttribute[] {
  return name.typesAndValues.map((tv) => {
    const v = tv.value as { valueBlock?: { value?: unknown } };
    const raw = v?.valueBlock?.value;
    const value = typeof raw === 'string' ? raw : String(raw ?? '');
    const short = SHORT[tv.type];
    return short ? { type: tv.type, short, value } : { type: tv.type, value };
  });
}

/** RFC 4514-style rendering, most significant RDN last as in the standard. */
export function nameToString(name: pkijs.RelativeDistinguishedNames): string {
  return nameAttributes(name)
    .slice()
    .reverse()
    .map((a) => `${a.short ?? a.type}=${escapeValue(a.value)}`)
    .join(', ');
}

function escapeValue(v: string): string {
  return v.replace(/([,+"\\<>;])/g, '\\$1');
}

export function firstAttribute(name: pkijs.RelativeDistinguishedNames, short: string): string | undefined {
  return nameAttributes(name).find((a) => a.short === short)?.value;
}
