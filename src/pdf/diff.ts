/**
 * What changed after a signature: an object-level comparison of each later revision with the one before
 * it, in the spirit of pyHanko's difference analysis (rules approve specific updates; anything no rule
 * explains is a disallowed change). Every object is judged by the roles it plays (page content,
 * appearance of field X, DSS…) in the old and the new revision, so a shadowed, re-pointed or
 * reused-number object is judged by what it does in the document, not by where it sits in the file.
 */
import { isCrossignError } from '../lib/errors.js';
import type { Change } from '../verdict/schema.js';
import {
  childRefs,
  dictOf,
  isName,
  type PdfDict,
  type PdfObject,
  PdfReal,
  PdfRef,
  PdfStream,
  sameObject,
  textOf,
} from './objects.js';
import type { PdfFile } from './reader.js';
import type { FieldLock } from './signatures.js';

/** How permissive a change is: lta < signing/form < annot < never. */
export type Level = 'lta' | 'signing' | 'form' | 'annot' | 'never';

export interface RawChange {
  /** 1-based revision that made the change. */
  revision: number;
  kind: Change['kind'];
  level: Level;
  object?: string;
  description: string;
  /** Field a form fill or signing applies to (for FieldMDP locks). */
  field?: string;
  /**
   * A new visible signature field: fine after approval signatures, but after a certification it
   * can draw anything over the certified page (Sneaky Signature Attack; pyHanko refuses it too).
   */
  visibleNewField?: boolean;
}

export interface RevisionDelta {
  revision: number;
  changes: RawChange[];
}

export interface ChangePolicy {
  docMdp: 1 | 2 | 3 | undefined;
  locks: FieldLock[];
  sigObject: number | undefined;
  fieldName: string;
}

type Role =
  | 'catalog'
  | 'info'
  | 'metadata'
  | 'dss'
  | 'acroform'
  | 'acro-res'
  | 'field'
  | 'field-value'
  | 'sig-value'
  | 'widget'
  | 'appearance'
  | 'annotation'
  | 'annots'
  | 'pages'
  | 'page'
  | 'content'
  | 'resources'
  | 'struct'
  | 'perms'
  | 'other';

interface FieldInfo {
  name: string;
  ft: string | undefined;
}

interface RoleMap {
  roles: Map<number, Set<Role>>;
  /** Field dictionaries (and merged widgets) by object number. */
  fields: Map<number, FieldInfo>;
  /** Widget annotations by object number → their field. */
  widgets: Map<number, FieldInfo>;
  /** Objects reachable from an /AP → the widget/field owning it. */
  apOwner: Map<number, number>;
  /** Reachable objects that cannot be read (the reason): what they lead to has no role. */
  unreadable: Map<number, string>;
}

const BACK_LINKS = new Set(['Parent', 'P', 'IRT', 'Pg', 'Prev', 'Next', 'Last', 'First', 'Dest', 'D']);
/** Page and page-tree entries that do not affect what is drawn (producer marks, tab order, tagging). */
const HARMLESS_PAGE_KEYS = new Set(['ITXT', 'StructParents', 'Tabs', 'PieceInfo', 'LastModified']);
/** Field entries of merged widget-fields: reached through the field tree, not as annotation data. */
const FIELD_KEYS = new Set(['V', 'DV', 'Kids', 'Lock', 'SV', 'T', 'FT']);
const MAX_VISITS = 2_000_000;

function addRole(m: RoleMap, num: number, role: Role): boolean {
  let s = m.roles.get(num);
  if (!s) {
    s = new Set();
    m.roles.set(num, s);
  }
  if (s.has(role)) return false;
  s.add(role);
  return true;
}

/** Walks the document of revision `rev` from its trailer and records what each object is for. */
function computeRoles(pdf: PdfFile, rev: number): RoleMap {
  const m: RoleMap = {
    roles: new Map(),
    fields: new Map(),
    widgets: new Map(),
    apOwner: new Map(),
    unreadable: new Map(),
  };
  interface Item {
    o: PdfObject | undefined;
    role: Role;
    field?: FieldInfo;
    owner?: number;
    depth: number;
  }
  const queue: Item[] = [];
  let visits = 0;
  const trailer = pdf.revisions[rev]!.trailer;
  for (const [k, v] of trailer.map) {
    if (k === 'Root') queue.push({ o: v, role: 'catalog', depth: 0 });
    else if (k === 'Info') queue.push({ o: v, role: 'info', depth: 0 });
    else if (k !== 'Prev' && k !== 'XRefStm' && k !== 'ID' && k !== 'Size')
      queue.push({ o: v, role: 'other', depth: 0 });
  }
  while (queue.length) {
    const it = queue.pop()!;
    if (++visits > MAX_VISITS) break;
    let obj: PdfObject | undefined = it.o;
    const num = obj instanceof PdfRef ? obj.num : undefined;
    try {
      if (obj instanceof PdfRef) {
        const ref: PdfRef = obj;
        if (it.role === 'pages') {
          const d = dictOf(pdf.deref(ref, rev));
          if (d && !isName(d.get('Type'), 'Pages') && !d.has('Kids')) it.role = 'page';
        }
        if (!addRole(m, ref.num, it.role)) {
          // Already seen in this role; fields still need their names recorded once.
          continue;
        }
        if (it.role === 'field' && it.field) m.fields.set(ref.num, it.field);
        if (it.role === 'widget' && it.field) m.widgets.set(ref.num, it.field);
        if (it.role === 'appearance' && it.owner !== undefined && !m.apOwner.has(ref.num))
          m.apOwner.set(ref.num, it.owner);
        obj = pdf.deref(ref, rev);
        expand(obj, it, ref.num);
      } else expand(obj, it, undefined);
    } catch (e) {
      if (!isCrossignError(e)) throw e;
      // Whatever hangs off an unreadable object has no role, so no later change to it could be
      // judged: the caller turns this into a change nothing permits.
      if (num !== undefined) addRole(m, num, it.role);
      m.unreadable.set(num ?? -1, e.message);
    }
  }
  return m;

  function expand(obj: PdfObject | undefined, it: Item, num: number | undefined): void {
    if (obj === null || obj === undefined || typeof obj !== 'object' || it.depth > 200) return;
    const depth = it.depth + 1;
    const push = (o: PdfObject | undefined, role: Role, extra?: Partial<Item>) => {
      if (o === undefined) return;
      queue.push({ o, role, depth, ...extra });
    };
    if (Array.isArray(obj)) {
      const childRole: Role = it.role === 'annots' ? 'annotation' : it.role;
      for (const v of obj) push(v, childRole, { field: it.field, owner: it.owner });
      return;
    }
    const d = dictOf(obj);
    if (!d) return;
    const self = num ?? it.owner;
    switch (it.role) {
      case 'catalog':
        for (const [k, v] of d.map) {
          if (k === 'Pages') push(v, 'pages');
          else if (k === 'AcroForm') push(v, 'acroform');
          else if (k === 'DSS') push(v, 'dss');
          else if (k === 'Metadata' || k === 'Extensions') push(v, 'metadata');
          else if (k === 'Perms') push(v, 'perms');
          else if (k === 'StructTreeRoot' || k === 'MarkInfo') push(v, 'struct');
          else push(v, 'other');
        }
        return;
      case 'pages':
      case 'page': {
        const isPage = it.role === 'page';
        for (const [k, v] of d.map) {
          if (k === 'Parent') continue;
          if (k === 'Kids') push(v, 'pages');
          else if (k === 'Contents') push(v, 'content');
          else if (k === 'Resources') push(v, 'resources');
          else if (k === 'Annots') push(v, 'annots');
          else push(v, isPage ? 'page' : 'pages');
        }
        return;
      }
      case 'annotation': {
        const widget = isName(d.get('Subtype'), 'Widget');
        if (widget && num !== undefined) addRole(m, num, 'widget');
        for (const [k, v] of d.map) {
          if (BACK_LINKS.has(k) || FIELD_KEYS.has(k)) continue;
          if (k === 'AP') push(v, 'appearance', { owner: self });
          else push(v, 'annotation');
        }
        return;
      }
      case 'acroform':
        for (const [k, v] of d.map) {
          if (k === 'Fields') {
            const arr = pdf.deref(v, rev);
            if (v instanceof PdfRef) addRole(m, v.num, 'acroform');
            if (Array.isArray(arr))
              for (const f of arr) push(f, 'field', { field: { name: '', ft: undefined } });
          } else if (k === 'DR') push(v, 'acro-res');
          else push(v, 'acroform');
        }
        return;
      case 'field': {
        const parent = it.field ?? { name: '', ft: undefined };
        const t = textOf(pdf.deref(d.get('T'), rev));
        const ftObj = pdf.deref(d.get('FT'), rev);
        const info: FieldInfo = {
          name: t === undefined ? parent.name : parent.name ? `${parent.name}.${t}` : t,
          ft: isName(ftObj) ? ftObj.name : parent.ft,
        };
        if (num !== undefined) m.fields.set(num, info);
        const isWidget = isName(d.get('Subtype'), 'Widget');
        if (isWidget && num !== undefined) {
          addRole(m, num, 'widget');
          m.widgets.set(num, info);
        }
        for (const [k, v] of d.map) {
          if (BACK_LINKS.has(k)) continue;
          if (k === 'Kids') {
            const arr = pdf.deref(v, rev);
            if (v instanceof PdfRef) addRole(m, v.num, 'field');
            if (Array.isArray(arr))
              for (const kid of arr) {
                const kd = dictOf(pdf.deref(kid, rev));
                if (kd && !kd.has('T') && !kd.has('Kids')) push(kid, 'widget', { field: info });
                else push(kid, 'field', { field: info });
              }
          } else if (k === 'V' || k === 'DV')
            push(v, info.ft === 'Sig' && k === 'V' ? 'sig-value' : 'field-value');
          else if (k === 'AP') push(v, 'appearance', { owner: self });
          else push(v, 'field');
        }
        return;
      }
      case 'widget':
        for (const [k, v] of d.map) {
          if (BACK_LINKS.has(k) || FIELD_KEYS.has(k)) continue;
          if (k === 'AP') push(v, 'appearance', { owner: self });
          else push(v, 'widget', { field: it.field });
        }
        return;
      case 'perms':
        for (const v of d.map.values()) push(v, 'sig-value');
        return;
      default: {
        // Every other role spreads unchanged to what the object refers to.
        const refs: Array<{ key: string; ref: PdfRef }> = [];
        childRefs(obj instanceof PdfStream ? obj.dict : obj, refs);
        for (const r of refs)
          if (!(it.role === 'struct' && BACK_LINKS.has(r.key))) push(r.ref, it.role, { owner: it.owner });
      }
    }
  }
}

const KIND_OF_ROLE: Record<Role, Change['kind']> = {
  catalog: 'catalog',
  info: 'metadata',
  metadata: 'metadata',
  dss: 'dss',
  acroform: 'other',
  'acro-res': 'resources',
  field: 'form-fill',
  'field-value': 'form-fill',
  'sig-value': 'signature',
  widget: 'annotation',
  appearance: 'appearance',
  annotation: 'annotation',
  annots: 'annotation',
  pages: 'pages-tree',
  page: 'page-content',
  content: 'page-content',
  resources: 'resources',
  struct: 'other',
  perms: 'catalog',
  other: 'other',
};

const LEVEL_RANK: Record<Level, number> = { lta: 0, signing: 1, form: 1, annot: 2, never: 3 };

interface Ctx {
  pdf: PdfFile;
  rev: number;
  oldRoles: RoleMap;
  newRoles: RoleMap;
  changed: Set<number>;
  out: RawChange[];
  /** Referrers of each object in the previous revision, computed on first use. */
  oldUsages?: Map<number, Set<string>>;
}

/**
 * Who refers to each object in revision `rev`: "N/Key" for a key of object N, "trailer/Key" for the
 * trailer. Back-links (/Parent, /P …) are not uses. Unreadable objects are skipped (the role walk
 * already reports them).
 */
function usages(pdf: PdfFile, rev: number): Map<number, Set<string>> {
  const out = new Map<number, Set<string>>();
  const queue: number[] = [];
  const note = (num: number, by: string) => {
    let set = out.get(num);
    if (!set) {
      set = new Set();
      out.set(num, set);
      queue.push(num);
    }
    set.add(by);
  };
  const fromObject = (o: PdfObject | undefined, holder: string) => {
    const refs: Array<{ key: string; ref: PdfRef }> = [];
    childRefs(o instanceof PdfStream ? o.dict : o, refs);
    for (const r of refs) if (!BACK_LINKS.has(r.key)) note(r.ref.num, `${holder}/${r.key}`);
  };
  for (const [k, v] of pdf.revisions[rev]!.trailer.map)
    if (k !== 'Prev' && k !== 'XRefStm' && v instanceof PdfRef) note(v.num, `trailer/${k}`);
  let visits = 0;
  while (queue.length && ++visits < MAX_VISITS) {
    const num = queue.pop()!;
    try {
      fromObject(pdf.resolve(num, rev)?.obj ?? undefined, String(num));
    } catch (e) {
      if (!isCrossignError(e)) throw e;
    }
  }
  return out;
}

/**
 * pyHanko's rule for /AP updates: an indirect appearance dictionary that the old revision also uses
 * elsewhere (a trailer key, another widget) must not be swapped out, since what else shows it is
 * not part of the form fill. Returns the description of the offending use, if any.
 */
function sharedOldAp(ctx: Ctx, num: number, oldD: PdfDict | undefined): string | undefined {
  const ap = oldD?.get('AP');
  if (!(ap instanceof PdfRef)) return undefined;
  ctx.oldUsages ??= usages(ctx.pdf, ctx.rev - 1);
  const others = [...(ctx.oldUsages.get(ap.num) ?? [])].filter((u) => u !== `${num}/AP`);
  return others.length ? `${ap.num} is also used from ${others.slice(0, 3).join(', ')}` : undefined;
}

function judgeApChange(ctx: Ctx, num: number, oldD: PdfDict | undefined, name: string): boolean {
  const shared = sharedOldAp(ctx, num, oldD);
  if (!shared) return false;
  emit(
    ctx,
    'appearance',
    'never',
    `appearance of form field "${name}" replaced although its old appearance dictionary ${shared}`,
    num,
  );
  return true;
}

function keysChanged(a: PdfDict | undefined, b: PdfDict | undefined): string[] {
  const keys = new Set<string>([...(a?.map.keys() ?? []), ...(b?.map.keys() ?? [])]);
  const out: string[] = [];
  for (const k of keys) if (!sameObject(a?.get(k), b?.get(k))) out.push(k);
  return out;
}

/** True when `b` keeps everything `a` has (deeply, refs by number) and only adds keys. */
function isExtension(
  a: PdfObject | undefined,
  b: PdfObject | undefined,
  pdf: PdfFile,
  oldRev: number,
  newRev: number,
  depth = 0,
): boolean {
  if (depth > 8) return false;
  if (a === undefined) return true;
  const da = dictOf(pdf.deref(a, oldRev));
  const db = dictOf(pdf.deref(b, newRev));
  if (!da || !db) return sameObject(pdf.deref(a, oldRev), pdf.deref(b, newRev));
  for (const [k, v] of da.map) {
    const w = db.get(k);
    if (sameObject(v, w)) continue;
    if (!isExtension(v, w, pdf, oldRev, newRev, depth + 1)) return false;
  }
  return true;
}

function refNums(o: PdfObject | undefined, pdf: PdfFile, rev: number): number[] | undefined {
  const arr = pdf.deref(o, rev);
  if (!Array.isArray(arr)) return undefined;
  return arr.map((x) => (x instanceof PdfRef ? x.num : -1));
}

function emit(
  ctx: Ctx,
  kind: Change['kind'],
  level: Level,
  description: string,
  num?: number,
  field?: string,
): void {
  const c: RawChange = { revision: ctx.rev + 1, kind, level, description };
  if (num !== undefined) c.object = `${num} 0`;
  if (field !== undefined) c.field = field;
  ctx.out.push(c);
}

/** Judges an /Annots list update: additions are widgets of new signature fields, or annotations. */
function judgeAnnotsList(
  ctx: Ctx,
  oldList: number[] | undefined,
  newList: number[] | undefined,
  num: number,
): void {
  const oldSet = new Set(oldList ?? []);
  const newSet = new Set(newList ?? []);
  const removed = [...oldSet].filter((n) => !newSet.has(n));
  const added = [...newSet].filter((n) => !oldSet.has(n));
  if (removed.length)
    emit(ctx, 'annotation', 'annot', `annotations ${removed.join(', ')} removed from a page`, num);
  for (const a of added) {
    const f = ctx.newRoles.widgets.get(a) ?? ctx.newRoles.fields.get(a);
    if (a < 0) emit(ctx, 'annotation', 'annot', 'a direct annotation was added to a page', num);
    else if (f && f.ft === 'Sig')
      sigEmit(ctx, a, `widget of signature field "${f.name}" added to a page`, a, f.name);
    else if (f) emit(ctx, 'other', 'never', `widget of new form field "${f.name}" added to a page`, a);
    else emit(ctx, 'annotation', 'annot', `annotation ${a} added to a page`, a);
  }
}

/** True when the field (or a widget's parent field) holds a document timestamp in revision `rev`. */
function isDocTimestampField(ctx: Ctx, num: number | undefined): boolean {
  if (num === undefined || num < 0) return false;
  let d = dictOf(ctx.pdf.deref(new PdfRef(num, 0), ctx.rev) ?? undefined);
  if (d && !d.has('V')) d = dictOf(ctx.pdf.deref(d.get('Parent'), ctx.rev) ?? undefined);
  const v = dictOf(ctx.pdf.deref(d?.get('V'), ctx.rev) ?? undefined);
  return !!v && (isName(v.get('Type'), 'DocTimeStamp') || isName(v.get('SubFilter'), 'ETSI.RFC3161'));
}

function rectArea(d: PdfDict | undefined, ctx: Ctx): number {
  const r = ctx.pdf.deref(d?.get('Rect'), ctx.rev);
  if (!Array.isArray(r) || r.length !== 4) return 0;
  const [x1, y1, x2, y2] = r.map((v) => {
    const x = ctx.pdf.deref(v, ctx.rev);
    return typeof x === 'number' ? x : x instanceof PdfReal ? x.value : 0;
  }) as [number, number, number, number];
  const area = Math.abs(x2 - x1) * Math.abs(y2 - y1);
  return Number.isFinite(area) ? area : 0;
}

/** A field (or one of its widget kids) with a non-empty /Rect, as pyHanko's is_field_visible. */
function fieldVisible(ctx: Ctx, num: number): boolean {
  try {
    const d = dictOf(ctx.pdf.deref(new PdfRef(num, 0), ctx.rev) ?? undefined);
    if (rectArea(d, ctx) > 0) return true;
    const kids = ctx.pdf.deref(d?.get('Kids'), ctx.rev);
    return (
      Array.isArray(kids) &&
      kids.some((k) => rectArea(dictOf(ctx.pdf.deref(k, ctx.rev) ?? undefined), ctx) > 0)
    );
  } catch (e) {
    if (isCrossignError(e)) return true;
    throw e;
  }
}

function sigEmit(
  ctx: Ctx,
  fieldNum: number | undefined,
  description: string,
  num: number | undefined,
  name: string,
): void {
  if (isDocTimestampField(ctx, fieldNum))
    emit(ctx, 'document-timestamp', 'lta', description.replace('signature', 'document timestamp'), num, name);
  else emit(ctx, 'signature', 'signing', description, num, name);
}

function fieldIsNewlySigned(ctx: Ctx, fieldNum: number | undefined): boolean {
  if (fieldNum === undefined) return false;
  const oldD = dictOf(ctx.pdf.deref(new PdfRef(fieldNum, 0), ctx.rev - 1) ?? undefined);
  const newD = dictOf(ctx.pdf.deref(new PdfRef(fieldNum, 0), ctx.rev) ?? undefined);
  return !!newD && newD.has('V') && !oldD?.has('V');
}

/** True when the field's /V (or the object it points to) differs between the two revisions. */
function valueChanged(ctx: Ctx, fieldNum: number | undefined): boolean {
  if (fieldNum === undefined) return false;
  const o = dictOf(ctx.pdf.deref(new PdfRef(fieldNum, 0), ctx.rev - 1) ?? undefined);
  const n = dictOf(ctx.pdf.deref(new PdfRef(fieldNum, 0), ctx.rev) ?? undefined);
  const ov = ctx.pdf.deref(o?.get('V'), ctx.rev - 1);
  const nv = ctx.pdf.deref(n?.get('V'), ctx.rev);
  return !sameObject(ov ?? undefined, nv ?? undefined);
}

function formAppearance(ctx: Ctx, fieldNum: number | undefined, name: string, num: number): void {
  // A real form fill changes the value; a new appearance over an unchanged value is a shadow "replace".
  if (valueChanged(ctx, fieldNum))
    emit(ctx, 'form-fill', 'form', `appearance of form field "${name}" updated`, num, name);
  else
    emit(
      ctx,
      'appearance',
      'never',
      `appearance of form field "${name}" changed while its value did not`,
      num,
    );
}

/** Field dictionary of an /AP owner: the widget itself (merged) or its /Parent. */
function fieldOfOwner(
  roles: RoleMap,
  owner: number | undefined,
): { info: FieldInfo | undefined; num: number | undefined } {
  if (owner === undefined) return { info: undefined, num: undefined };
  const f = roles.fields.get(owner);
  if (f) return { info: f, num: owner };
  return { info: roles.widgets.get(owner), num: undefined };
}

function judgeField(ctx: Ctx, num: number, oldD: PdfDict | undefined, newD: PdfDict | undefined): void {
  const info = ctx.newRoles.fields.get(num) ?? ctx.oldRoles.fields.get(num);
  const name = info?.name ?? '';
  const isSig = info?.ft === 'Sig';
  const keys = keysChanged(oldD, newD);
  const vAdded = !oldD?.has('V') && !!newD?.has('V');
  for (const k of keys) {
    if (k === 'V') {
      if (isSig) {
        if (vAdded) sigEmit(ctx, num, `signature field "${name}" signed`, num, name);
        else
          emit(
            ctx,
            'signature',
            'never',
            `value of signature field "${name}" replaced or removed`,
            num,
            name,
          );
      } else emit(ctx, 'form-fill', 'form', `form field "${name}" filled in`, num, name);
    } else if (k === 'AP' || k === 'AS') {
      if (k === 'AP' && judgeApChange(ctx, num, oldD, name)) continue;
      if (isSig) {
        if (vAdded) sigEmit(ctx, num, `appearance of newly signed signature field "${name}"`, num, name);
        else
          emit(
            ctx,
            'appearance',
            'never',
            `appearance of signature field "${name}" changed without signing it`,
            num,
          );
      } else formAppearance(ctx, num, name, num);
    } else if (k === 'Kids') {
      const o = refNums(oldD?.get('Kids'), ctx.pdf, ctx.rev - 1) ?? [];
      const n = refNums(newD?.get('Kids'), ctx.pdf, ctx.rev) ?? [];
      if (o.every((x) => n.includes(x)))
        emit(ctx, 'signature', 'signing', `kids added to form field "${name}"`, num, name);
      else emit(ctx, 'other', 'never', `kids removed from form field "${name}"`, num);
    } else if (k === 'Ff') {
      const a = oldD?.get('Ff');
      const b = newD?.get('Ff');
      const ai = typeof a === 'number' ? a : 0;
      const bi = typeof b === 'number' ? b : 0;
      // Setting only the read-only bit is what signing applications do to lock fields.
      if ((ai | 1) === bi)
        emit(ctx, 'form-fill', 'signing', `form field "${name}" made read-only`, num, name);
      else emit(ctx, 'other', 'never', `flags of form field "${name}" changed`, num);
    } else if (['F', 'MK', 'DA', 'Rect', 'Border', 'BS', 'M', 'NM'].includes(k)) {
      if (isSig && vAdded)
        sigEmit(ctx, num, `widget property /${k} of newly signed signature field "${name}" set`, num, name);
      else emit(ctx, 'annotation', 'annot', `widget property /${k} of field "${name}" changed`, num, name);
    } else emit(ctx, 'other', 'never', `/${k} of form field "${name}" changed`, num);
  }
}

function judgeWidget(ctx: Ctx, num: number, oldD: PdfDict | undefined, newD: PdfDict | undefined): void {
  const info = ctx.newRoles.widgets.get(num) ?? ctx.oldRoles.widgets.get(num);
  const name = info?.name ?? '';
  const parent = newD?.get('Parent');
  const signedNow = parent instanceof PdfRef && fieldIsNewlySigned(ctx, parent.num);
  for (const k of keysChanged(oldD, newD)) {
    if (k === 'AP' || k === 'AS') {
      if (k === 'AP' && judgeApChange(ctx, num, oldD, name)) continue;
      if (info?.ft === 'Sig') {
        if (signedNow) sigEmit(ctx, num, `appearance of newly signed signature field "${name}"`, num, name);
        else
          emit(
            ctx,
            'appearance',
            'never',
            `appearance of signature field "${name}" changed without signing it`,
            num,
          );
      } else formAppearance(ctx, parent instanceof PdfRef ? parent.num : undefined, name, num);
    } else if (k === 'Parent' || k === 'P') emit(ctx, 'other', 'never', `widget of "${name}" moved`, num);
    else if (info?.ft === 'Sig' && signedNow)
      sigEmit(ctx, num, `widget property /${k} of newly signed signature field "${name}" set`, num, name);
    else emit(ctx, 'annotation', 'annot', `widget property /${k} of field "${name}" changed`, num, name);
  }
}

function judgeAcroForm(
  ctx: Ctx,
  num: number | undefined,
  oldD: PdfDict | undefined,
  newD: PdfDict | undefined,
): void {
  for (const k of keysChanged(oldD, newD)) {
    if (k === 'Fields') {
      const o = refNums(oldD?.get('Fields'), ctx.pdf, ctx.rev - 1) ?? [];
      const n = refNums(newD?.get('Fields'), ctx.pdf, ctx.rev) ?? [];
      if (!o.every((x) => n.includes(x))) {
        emit(ctx, 'other', 'never', 'form fields were removed from /AcroForm', num);
        continue;
      }
      for (const a of n.filter((x) => !o.includes(x))) {
        const f = ctx.newRoles.fields.get(a);
        if (f?.ft === 'Sig') {
          sigEmit(ctx, a, `signature field "${f.name}" added`, a, f.name);
          if (fieldVisible(ctx, a)) ctx.out[ctx.out.length - 1]!.visibleNewField = true;
        } else if (f && subtreeHasOnlySigFields(ctx, f.name))
          emit(ctx, 'signature', 'signing', `signature fields under "${f.name}" added`, a, f.name);
        else emit(ctx, 'other', 'never', `form field "${f?.name ?? a}" added`, a);
      }
    } else if (k === 'SigFlags') emit(ctx, 'signature', 'signing', '/SigFlags updated', num);
    else if (k === 'NeedAppearances' || k === 'DA')
      emit(ctx, 'form-fill', 'form', `/AcroForm /${k} updated`, num);
    else if (k === 'DR')
      // /DR feeds only appearances generated later; existing appearance streams carry their own resources.
      emit(ctx, 'resources', 'form', 'default form resources (/DR) updated', num);
    else emit(ctx, 'other', 'never', `/AcroForm /${k} changed`, num);
  }
}

function subtreeHasOnlySigFields(ctx: Ctx, prefix: string): boolean {
  let any = false;
  for (const f of ctx.newRoles.fields.values()) {
    if (f.name !== prefix && f.name.startsWith(`${prefix}.`)) {
      any = true;
      if (f.ft !== 'Sig') return false;
    }
  }
  return any;
}

function judgeCatalog(
  ctx: Ctx,
  num: number | undefined,
  oldD: PdfDict | undefined,
  newD: PdfDict | undefined,
): void {
  for (const k of keysChanged(oldD, newD)) {
    if (k === 'DSS') emit(ctx, 'dss', 'lta', 'document security store (/DSS) added or updated', num);
    else if (k === 'Metadata') emit(ctx, 'metadata', 'lta', 'XMP metadata stream replaced', num);
    else if (k === 'Extensions' || k === 'Version') {
      if (k === 'Version' || isExtension(oldD?.get(k), newD?.get(k), ctx.pdf, ctx.rev - 1, ctx.rev))
        emit(ctx, 'catalog', 'lta', `catalog /${k} updated`, num);
      else emit(ctx, 'catalog', 'never', `catalog /${k} changed`, num);
    } else if (k === 'AcroForm') {
      const o = dictOf(ctx.pdf.deref(oldD?.get('AcroForm'), ctx.rev - 1));
      const n = dictOf(ctx.pdf.deref(newD?.get('AcroForm'), ctx.rev));
      if (!o && n) {
        const before = ctx.out.length;
        judgeAcroForm(ctx, num, undefined, n);
        if (ctx.out.length === before)
          emit(ctx, 'signature', 'signing', 'interactive form (/AcroForm) created', num);
      } else judgeAcroForm(ctx, num, o, n);
    } else if (k === 'StructTreeRoot' || k === 'MarkInfo')
      emit(ctx, 'other', 'signing', `catalog /${k} updated (logical structure)`, num);
    else emit(ctx, 'catalog', 'never', `catalog /${k} changed`, num);
  }
}

function strictestRole(roles: Set<Role>): Role | undefined {
  const order: Role[] = [
    'content',
    'resources',
    'page',
    'pages',
    'catalog',
    'perms',
    'other',
    'appearance',
    'sig-value',
    'acroform',
    'acro-res',
    'field',
    'widget',
    'annots',
    'annotation',
    'field-value',
    'struct',
    'info',
    'metadata',
    'dss',
  ];
  for (const r of order) if (roles.has(r)) return r;
  return undefined;
}

function judgeObject(ctx: Ctx, num: number): void {
  const { pdf, rev } = ctx;
  const oldR = pdf.resolve(num, rev - 1);
  const newR = pdf.resolve(num, rev);
  if (oldR && newR && (oldR.loc === newR.loc || sameObject(oldR.obj, newR.obj))) return;
  const oldRoles = ctx.oldRoles.roles.get(num) ?? new Set<Role>();
  const newRoles = ctx.newRoles.roles.get(num) ?? new Set<Role>();
  if (!newR) {
    if (newRoles.size)
      emit(
        ctx,
        KIND_OF_ROLE[strictestRole(newRoles)!],
        'never',
        `object ${num} deleted while still in use`,
        num,
      );
    return;
  }
  const oldObj = oldR?.obj;
  const newObj = newR.obj;
  // Fresh: new, or an old number reused for something else (its old referrers let go of it, and
  // their change is judged). Only a created annotation is reported; its page's /Annots is judged.
  const fresh = !oldR || oldObj === null || ![...oldRoles].some((r) => newRoles.has(r));
  if (fresh) {
    const nd = dictOf(newObj ?? undefined);
    const looksLikeAnnot = !!nd && (nd.has('Subtype') || nd.has('Rect'));
    if (looksLikeAnnot && newRoles.has('annotation') && !newRoles.has('widget') && !newRoles.has('field'))
      emit(ctx, 'annotation', 'annot', `annotation ${num} created`, num);
    return;
  }
  // Judged by what the object does now: if an old referrer stopped using it, that referrer's own
  // change is what gets judged (object numbers may be reused).
  const all = new Set<Role>(newRoles);
  // Destinations and outlines point at pages too; the page rules are the ones that matter for them.
  if (all.has('page') || all.has('pages')) {
    all.delete('other');
    all.delete('struct');
  }
  if (!all.size) return; // Not part of either revision's document: nothing can show it.
  const oldD = dictOf(oldObj ?? undefined);
  const newD = dictOf(newObj ?? undefined);
  for (const role of all) {
    switch (role) {
      case 'dss':
        emit(ctx, 'dss', 'lta', `DSS object ${num} updated`, num);
        break;
      case 'info':
      case 'metadata':
        emit(ctx, 'metadata', 'lta', `metadata object ${num} updated`, num);
        break;
      case 'struct':
        emit(ctx, 'other', 'signing', `logical structure object ${num} updated`, num);
        break;
      case 'catalog':
        judgeCatalog(ctx, num, oldD, newD);
        break;
      case 'acroform':
        if (Array.isArray(newObj)) {
          const o = refNums(oldObj ?? undefined, pdf, rev - 1) ?? [];
          const n = refNums(newObj, pdf, rev) ?? [];
          if (o.every((x) => n.includes(x)))
            emit(ctx, 'signature', 'signing', 'form field list extended', num);
          else emit(ctx, 'other', 'never', 'form fields removed', num);
        } else judgeAcroForm(ctx, num, oldD, newD);
        break;
      case 'field':
        if (Array.isArray(newObj)) emit(ctx, 'signature', 'signing', `kids list ${num} updated`, num);
        else judgeField(ctx, num, oldD, newD);
        break;
      case 'widget':
        if (!all.has('field')) judgeWidget(ctx, num, oldD, newD);
        break;
      case 'annots':
        judgeAnnotsList(ctx, refNums(oldObj ?? undefined, pdf, rev - 1), refNums(newObj, pdf, rev), num);
        break;
      case 'pages':
        for (const k of keysChanged(oldD, newD)) {
          if (HARMLESS_PAGE_KEYS.has(k))
            emit(ctx, 'other', 'signing', `page tree node ${num}: /${k} changed`, num);
          else emit(ctx, 'pages-tree', 'never', `page tree node ${num}: /${k} changed`, num);
        }
        break;
      case 'page':
        for (const k of keysChanged(oldD, newD)) {
          if (HARMLESS_PAGE_KEYS.has(k))
            emit(ctx, 'other', 'signing', `page object ${num}: /${k} changed`, num);
          else if (k === 'Annots')
            judgeAnnotsList(
              ctx,
              refNums(oldD?.get('Annots'), pdf, rev - 1),
              refNums(newD?.get('Annots'), pdf, rev),
              num,
            );
          else if (k === 'Resources' && isExtension(oldD?.get(k), newD?.get(k), pdf, rev - 1, rev))
            // Names the signed content stream does not use cannot change what it draws.
            emit(
              ctx,
              'resources',
              'form',
              `page object ${num}: resources extended (nothing existing changed)`,
              num,
            );
          else
            emit(
              ctx,
              k === 'Resources' ? 'resources' : 'page-content',
              'never',
              `page object ${num}: /${k} changed`,
              num,
            );
        }
        break;
      case 'annotation':
        if (!all.has('widget') && !all.has('field'))
          emit(ctx, 'annotation', 'annot', `annotation ${num} modified`, num);
        break;
      case 'field-value': {
        emit(ctx, 'form-fill', 'form', `value object ${num} of a form field updated`, num);
        break;
      }
      case 'appearance': {
        const owner = ctx.newRoles.apOwner.get(num) ?? ctx.oldRoles.apOwner.get(num);
        const { info, num: fieldNum } = fieldOfOwner(ctx.newRoles, owner);
        if (info?.ft === 'Sig') {
          const fnum = fieldNum ?? parentOf(ctx, owner);
          if (fieldIsNewlySigned(ctx, fnum))
            sigEmit(ctx, fnum, `appearance of newly signed signature field "${info.name}"`, num, info.name);
          else
            emit(
              ctx,
              'appearance',
              'never',
              `appearance stream ${num} of signature field "${info.name}" overwritten`,
              num,
            );
        } else if (info) formAppearance(ctx, fieldNum ?? parentOf(ctx, owner), info.name, num);
        else emit(ctx, 'appearance', 'never', `appearance stream ${num} overwritten`, num);
        break;
      }
      case 'acro-res':
        emit(ctx, 'resources', 'form', `default form resources object ${num} updated`, num);
        break;
      case 'sig-value':
        emit(ctx, 'signature', 'never', `signature dictionary ${num} modified after it was written`, num);
        break;
      default:
        emit(ctx, KIND_OF_ROLE[role], 'never', `${KIND_OF_ROLE[role]} object ${num} changed`, num);
    }
  }
}

function parentOf(ctx: Ctx, owner: number | undefined): number | undefined {
  if (owner === undefined) return undefined;
  const d = dictOf(ctx.pdf.deref(new PdfRef(owner, 0), ctx.rev) ?? undefined);
  const p = d?.get('Parent');
  return p instanceof PdfRef ? p.num : undefined;
}

function judgeTrailer(ctx: Ctx): void {
  const { pdf, rev } = ctx;
  const o = pdf.revisions[rev - 1]!.trailer;
  const n = pdf.revisions[rev]!.trailer;
  for (const k of keysChanged(o, n)) {
    if (
      k === 'Prev' ||
      k === 'XRefStm' ||
      k === 'Size' ||
      k === 'ID' ||
      k === 'Length' ||
      k === 'Filter' ||
      k === 'DecodeParms' ||
      k === 'W' ||
      k === 'Index' ||
      k === 'Type'
    )
      continue;
    if (k === 'Info') emit(ctx, 'metadata', 'lta', 'document information dictionary replaced');
    else if (k === 'Root') {
      // A new catalog object: compare it with the old catalog as a whole.
      const oc = dictOf(pdf.deref(o.get('Root'), rev - 1));
      const nc = dictOf(pdf.deref(n.get('Root'), rev));
      judgeCatalog(ctx, undefined, oc, nc);
    } else if (k === 'Encrypt') emit(ctx, 'other', 'never', 'the encryption dictionary changed');
    // Other trailer entries are private data (e.g. embedded source documents) that no viewer renders.
    else emit(ctx, 'other', 'lta', `private trailer entry /${k} changed`);
  }
}

function reportUnreadable(ctx: Ctx, roles: RoleMap, rev: number): void {
  for (const [num, why] of roles.unreadable)
    emit(
      ctx,
      'other',
      'never',
      `${num < 0 ? 'an object' : `object ${num}`} used by revision ${rev + 1} cannot be read, so changes to what it refers to cannot be judged: ${why}`,
      num < 0 ? undefined : num,
    );
}

/** Raw changes of each revision after `fromRev` (0-based), compared with the revision before it. */
export function analyzeChanges(pdf: PdfFile, fromRev: number): RevisionDelta[] {
  const deltas: RevisionDelta[] = [];
  let oldRoles = computeRoles(pdf, fromRev);
  for (let rev = fromRev + 1; rev < pdf.revisions.length; rev++) {
    const newRoles = computeRoles(pdf, rev);
    const changed = new Set<number>(pdf.revisions[rev]!.entries.keys());
    const ctx: Ctx = { pdf, rev, oldRoles, newRoles, changed, out: [] };
    // The signed revision's own unreadable objects make every later change unjudgeable.
    if (rev === fromRev + 1) reportUnreadable(ctx, oldRoles, fromRev);
    reportUnreadable(ctx, newRoles, rev);
    // A corrected pointer anywhere makes viewers rebuild the whole file by scanning, unsigned
    // revisions included: every signature that does not cover the last revision is affected.
    if (rev === pdf.revisions.length - 1)
      for (const r of pdf.revisions)
        if (r.repaired) emit(ctx, 'other', 'never', `revision ${r.index + 1}: ${r.repaired}`);
    judgeTrailer(ctx);
    for (const num of [...changed].sort((a, b) => a - b)) {
      if (num === 0) continue;
      const sec = pdf.revisions[rev]!.sections;
      if (sec.some((s) => s.streamObject === num)) continue;
      try {
        const r = pdf.resolve(num, rev);
        if (
          r &&
          r.obj instanceof PdfStream &&
          isName(r.obj.dict.get('Type'), 'ObjStm') &&
          !newRoles.roles.has(num)
        )
          continue;
        judgeObject(ctx, num);
      } catch (e) {
        if (!isCrossignError(e)) throw e;
        emit(ctx, 'other', 'never', `object ${num} of revision ${rev + 1} cannot be read: ${e.message}`, num);
      }
    }
    deltas.push({ revision: rev + 1, changes: ctx.out });
    oldRoles = newRoles;
  }
  return deltas;
}

function locked(locks: FieldLock[], field: string): boolean {
  for (const l of locks) {
    if (l.action === 'All') return true;
    const listed = l.fields.some((f) => f === field || field.startsWith(`${f}.`));
    if (l.action === 'Include' && listed) return true;
    if (l.action === 'Exclude' && !listed) return true;
  }
  return false;
}

/** Decides, for one signature, which of the later changes it permits. */
export function judge(deltas: RevisionDelta[], policy: ChangePolicy): Change[] {
  const maxRank = policy.docMdp === 1 ? 0 : policy.docMdp === 3 ? 2 : 1;
  const out: Change[] = [];
  for (const d of deltas) {
    for (const c of d.changes) {
      let allowed = LEVEL_RANK[c.level] <= maxRank;
      let description = c.description;
      if (allowed && c.visibleNewField && policy.docMdp !== undefined) {
        allowed = false;
        description += ' (a new visible signature field after certification)';
      }
      if (
        allowed &&
        c.field !== undefined &&
        (c.level === 'form' || c.level === 'signing') &&
        locked(policy.locks, c.field)
      ) {
        allowed = false;
        description += ' (field locked by FieldMDP)';
      }
      if (c.object !== undefined && policy.sigObject !== undefined && c.object === `${policy.sigObject} 0`) {
        if (c.kind === 'signature' && c.level === 'never') description += ' (this signature)';
      }
      const change: Change = { revision: c.revision, kind: c.kind, allowed, description };
      if (c.object !== undefined) change.object = c.object;
      out.push(change);
    }
  }
  return out;
}

/** Leaves of the page tree of revision `rev`, or undefined when the tree cannot be walked. */
export function pageCount(pdf: PdfFile, rev: number): number | undefined {
  try {
    const catalog = dictOf(pdf.deref(pdf.revisions[rev]!.trailer.get('Root'), rev));
    const stack: Array<{ o: PdfObject | undefined; depth: number }> = [
      { o: catalog?.get('Pages'), depth: 0 },
    ];
    const seen = new Set<number>();
    let pages = 0;
    while (stack.length) {
      const { o, depth } = stack.pop()!;
      if (o instanceof PdfRef) {
        if (seen.has(o.num) || seen.size > MAX_VISITS) return undefined;
        seen.add(o.num);
      }
      const d = dictOf(pdf.deref(o, rev));
      if (!d || depth > 64) return undefined;
      const kids = pdf.deref(d.get('Kids'), rev);
      if (isName(d.get('Type'), 'Pages') || Array.isArray(kids)) {
        if (!Array.isArray(kids)) return undefined;
        for (const k of kids) stack.push({ o: k, depth: depth + 1 });
      } else pages++;
    }
    return pages;
  } catch (e) {
    if (isCrossignError(e)) return undefined;
    throw e;
  }
}
