/**
 * One self-contained HTML report per verdict: inline CSS and SVG, no script, no external asset, so it
 * reads offline, in a mail attachment, or inside a sandboxed iframe. Every value from the verdict is
 * escaped: signer names, subjects and problem messages come from the (attacker-controlled) file.
 */
import type { Indication } from '../verdict/indication.js';
import type {
  CertificateSummary,
  ChainResult,
  Coverage,
  Recognition,
  RecognitionLevel,
  RevocationResult,
  SignatureResult,
  TimestampResult,
  Verdict,
} from '../verdict/schema.js';
import { answerParts, fileAnswer, signerName } from './answer.js';
import { EXPLAIN, HEADLINE } from './explain.js';
import { economyName, humanDate, humanTime, LEVEL_LABEL, REPORT_ECONOMIES } from './labels.js';

export interface HtmlOptions {
  /** The file's name, shown in the title (it is escaped like everything else). */
  fileName?: string;
  /** Economies to show in the recognition grid (default: the 21 APEC economies, plus any other assessed). */
  economies?: readonly string[];
  /** Append the full verdict JSON in a collapsed section (default true). */
  includeJson?: boolean;
}

// Bidi overrides and control characters could make a signer name read as something else on screen.
const INVISIBLE =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching them is the point
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;

export function escapeHtml(s: string): string {
  return s
    .replace(INVISIBLE, (c) => `\\u{${c.codePointAt(0)!.toString(16)}}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}
const e = escapeHtml;

/** Only plain web links become clickable; anything else (javascript:, data:) is shown as text. */
function link(text: string, url: string | undefined): string {
  if (url && /^https?:\/\/[^\s"'<>]+$/i.test(url))
    return `<a href="${e(url)}" rel="noopener noreferrer">${e(text)}</a>`;
  return e(text);
}

const TONE: Record<Indication, 'ok' | 'warn' | 'bad'> = {
  TOTAL_PASSED: 'ok',
  INDETERMINATE: 'warn',
  TOTAL_FAILED: 'bad',
};

const ICON: Record<'ok' | 'warn' | 'bad', string> = {
  ok: '<svg class="icon" viewBox="0 0 24 24" aria-hidden="true"><circle cx="12" cy="12" r="11" fill="currentColor"/><path d="M6.5 12.5l3.5 3.5 7.5-8" fill="none" stroke="#fff" stroke-width="2.6" stroke-linecap="round" stroke-linejoin="round"/></svg>',
  warn: '<svg class="icon" viewBox="0 0 24 24" aria-hidden="true"><circle cx="12" cy="12" r="11" fill="currentColor"/><path d="M9.2 9a2.9 2.9 0 1 1 4 2.7c-.8.4-1.2 1-1.2 1.8v.6" fill="none" stroke="#fff" stroke-width="2.4" stroke-linecap="round"/><circle cx="12" cy="17.6" r="1.4" fill="#fff"/></svg>',
  bad: '<svg class="icon" viewBox="0 0 24 24" aria-hidden="true"><circle cx="12" cy="12" r="11" fill="currentColor"/><path d="M8 8l8 8M16 8l-8 8" stroke="#fff" stroke-width="2.6" stroke-linecap="round"/></svg>',
};

const ARROW =
  '<svg class="arrow" viewBox="0 0 24 24" aria-hidden="true"><path d="M12 3v16M6 13l6 6 6-6" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round"/></svg>';

const CSS = `
:root{--ok:#1b7f4b;--okbg:#e8f5ee;--warn:#a15c00;--warnbg:#fff5e0;--bad:#b3261e;--badbg:#fdecea;--ink:#1d232b;--muted:#5b6570;--line:#d9dee3;--card:#fff;--page:#f4f6f8}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:var(--page);color:var(--ink);font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;overflow-wrap:anywhere}
main{max-width:980px;margin:0 auto;padding:16px}
h1{font-size:1.35rem;line-height:1.3;margin:0}
h2{font-size:1.2rem;margin:0 0 .75rem}
h3{font-size:1rem;margin:1.4rem 0 .5rem}
.brand{display:flex;flex-wrap:wrap;gap:.25rem 1rem;justify-content:space-between;color:var(--muted);font-size:.875rem;margin-bottom:.75rem}
.brand b{color:var(--ink)}
.card{background:var(--card);border:1px solid var(--line);border-radius:12px;padding:16px 18px;margin:0 0 16px}
.answer{border-width:2px}
.answer.ok{border-color:var(--ok);background:var(--okbg)}.answer.warn{border-color:var(--warn);background:var(--warnbg)}.answer.bad{border-color:var(--bad);background:var(--badbg)}
.answer ul{list-style:none;margin:0;padding:0}
.answer li{display:flex;gap:.75rem;align-items:flex-start}
.answer li+li{margin-top:.75rem}
.icon{flex:none;width:2rem;height:2rem}
.ok .icon,.icon.ok{color:var(--ok)}.warn .icon,.icon.warn{color:var(--warn)}.bad .icon,.icon.bad{color:var(--bad)}
.rec{margin:.35rem 0 0;font-size:1.05rem}
.note{color:var(--muted);font-size:.875rem;margin:.75rem 0 0}
.facts{display:grid;grid-template-columns:max-content 1fr;gap:.35rem 1rem;margin:0}
.facts dt{color:var(--muted)}.facts dd{margin:0}
@media (max-width:560px){h1{font-size:1.1rem}.facts{grid-template-columns:1fr}.facts dd{margin-bottom:.4rem}main{padding:10px}.card{padding:14px}}
.badge{display:inline-block;padding:.05rem .5rem;border-radius:999px;font-size:.8rem;font-weight:600;white-space:nowrap}
.badge.ok{background:var(--okbg);color:var(--ok)}.badge.warn{background:var(--warnbg);color:var(--warn)}.badge.bad{background:var(--badbg);color:var(--bad)}.badge.info{background:#eef1f4;color:var(--muted)}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(148px,1fr));gap:8px;align-items:start}
.eco{border-radius:8px;border:1px solid transparent;font-size:.875rem}
.eco summary{cursor:pointer;padding:.45rem .6rem;display:grid;grid-template-columns:auto 1fr;gap:0 .5rem;list-style:none}
.eco summary::-webkit-details-marker{display:none}
.eco .cc{font-weight:700;grid-row:span 2;font-size:1rem;align-self:center}
.eco .nm{white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.eco .lv{font-size:.78rem;font-weight:600}
.eco .body{padding:.5rem .6rem .6rem;background:#fff;color:var(--ink);border-radius:0 0 7px 7px;border-top:1px solid var(--line)}
.eco .body p{margin:.25rem 0}
.eco .body ul{margin:.25rem 0;padding-left:1.1rem}
.eco[open]{grid-column:1/-1}
.lvl-top-statutory-tier{background:#0b5d3b;color:#fff}
.lvl-intermediate-statutory-tier{background:#2f8a5b;color:#fff}
.lvl-recognised{background:#b9e4c9;color:#0d3b24}
.lvl-evidence-only{background:#f6dc8f;color:#4d3800}
.lvl-not-recognised{background:#f3b7b2;color:#5c0f0a}
.lvl-indeterminate{background:repeating-linear-gradient(135deg,#dfe4e8 0 6px,#eef1f4 6px 12px);color:#2d3740}
.lvl-not-assessed{background:#fff;border:1px dashed #b7c0c8;color:var(--muted)}
.legend{display:flex;flex-wrap:wrap;gap:.35rem .9rem;font-size:.8rem;color:var(--muted);margin:.25rem 0 .6rem;padding:0;list-style:none}
.legend li{display:flex;align-items:center;gap:.35rem}
.legend i{display:inline-block;width:.9rem;height:.9rem;border-radius:3px}
.chain{list-style:none;margin:0;padding:0;max-width:560px}
.node{border:1px solid var(--line);border-left:5px solid var(--muted);border-radius:8px;padding:.5rem .75rem;background:#fff}
.node.anchor{border-left-color:var(--ok)}.node.leaf{border-left-color:#3a6ea5}.node.stop{border-style:dashed;border-left-color:var(--bad);color:var(--bad)}
.node .role{font-size:.75rem;text-transform:uppercase;letter-spacing:.04em;color:var(--muted)}
.node .cn{font-weight:600}
.node .meta{font-size:.8rem;color:var(--muted)}
.arrow{display:block;width:1.2rem;height:1.4rem;margin:2px 0 2px 1.2rem;color:var(--muted)}
.arrow-row{display:flex;align-items:center;gap:.25rem;font-size:.75rem;color:var(--muted)}
.tablewrap{overflow-x:auto}
@media (max-width:560px){.tablewrap table,.tablewrap tbody,.tablewrap tr,.tablewrap td{display:block;width:100%}.tablewrap thead{display:none}.tablewrap tr{border:1px solid var(--line);border-radius:8px;margin:0 0 8px;padding:4px 0}.tablewrap td{border:0;padding:.15rem .6rem}.tablewrap td:not([data-label=""])::before{content:attr(data-label);display:block;font-size:.75rem;color:var(--muted)}}
table{border-collapse:collapse;width:100%;font-size:.875rem}
th,td{text-align:left;vertical-align:top;padding:.35rem .5rem;border-bottom:1px solid var(--line)}
th{color:var(--muted);font-weight:600}
code,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.82rem}
details.expert>summary,details.raw>summary{cursor:pointer;font-weight:600;margin-top:1rem}
pre{white-space:pre-wrap;background:#f6f8fa;border:1px solid var(--line);border-radius:8px;padding:10px;font-size:.75rem;max-height:480px;overflow:auto}
.disclaimer{font-size:.875rem;color:var(--muted);border-left:4px solid var(--line);padding:.25rem .75rem;margin:0 0 16px}
footer{color:var(--muted);font-size:.8rem;padding:8px 0 24px}
a{color:#1a5fb4}
@media print{body{background:#fff}.card{break-inside:avoid}}
`;

const LEVEL_ORDER: readonly (RecognitionLevel | 'not-assessed')[] = [
  'top-statutory-tier',
  'intermediate-statutory-tier',
  'recognised',
  'evidence-only',
  'not-recognised',
  'indeterminate',
  'not-assessed',
];

const INTEGRITY_WORDS = (ok: boolean | null): string =>
  ok === true
    ? 'intact: the signed content is exactly what was signed'
    : ok === false
      ? 'broken: the content or the signature was changed after signing'
      : 'could not be checked';

/** A table that turns into labelled stacked rows on a phone (the labels come from the headers). */
function table(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const head = headers.map((h) => `<th>${e(h)}</th>`).join('');
  const body = rows
    .map(
      (cells) =>
        `<tr>${cells.map((c, i) => `<td data-label="${e(headers[i] ?? '')}">${c}</td>`).join('')}</tr>`,
    )
    .join('');
  return `<div class="tablewrap"><table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table></div>`;
}

function badge(text: string, tone: 'ok' | 'warn' | 'bad' | 'info'): string {
  return `<span class="badge ${tone}">${e(text)}</span>`;
}

function indicationBadge(i: Indication): string {
  return badge(HEADLINE[i], TONE[i]);
}

function answerCard(v: Verdict, economies: readonly string[] | undefined): string {
  const tone = TONE[v.indication];
  const items =
    v.signatures.length === 0
      ? [`<li>${ICON[tone]}<h1>${e(fileAnswer(v))}</h1></li>`]
      : v.signatures.map((s) => {
          const p = answerParts(s, economies);
          const rec = p.recognition
            ? `<p class="rec">${e(`${p.recognition.charAt(0).toUpperCase()}${p.recognition.slice(1)}.`)}</p>`
            : '';
          return `<li>${ICON[TONE[s.indication]]}<div><h1>${e(`${p.main}.`)}</h1>${rec}</div></li>`;
        });
  const extra = v.signatures.length > 1 ? `<p class="note">${e(fileAnswer(v))}</p>` : '';
  return `<section class="card answer ${tone}" aria-label="Result"><ul>${items.join('')}</ul>${extra}</section>`;
}

function certNode(c: CertificateSummary, role: string, cls: string): string {
  const key = `${c.publicKey.algorithm}${c.publicKey.size ? ` ${c.publicKey.size}` : ''}${c.publicKey.curve ? ` ${c.publicKey.curve}` : ''}`;
  return `<div class="node ${cls}"><div class="role">${e(role)}</div><div class="cn">${e(c.commonName ?? c.subject)}</div><div class="meta">${e(c.subject)}</div><div class="meta">valid ${e(humanDate(c.notBefore))} – ${e(humanDate(c.notAfter))} · ${e(key)} · from ${e(c.source)}</div></div>`;
}

const CHAIN_STATUS: Record<ChainResult['status'], [string, 'ok' | 'warn' | 'bad' | 'info']> = {
  trusted: ['leads to a trust anchor', 'ok'],
  untrusted: ['does not lead to a trust anchor', 'warn'],
  invalid: ['invalid', 'bad'],
  'not-checked': ['not checked', 'info'],
};

function chainDiagram(ch: ChainResult): string {
  const [word, tone] = CHAIN_STATUS[ch.status];
  const n = ch.certificates.length;
  const nodes = ch.certificates.map((c, i) => {
    const isAnchor = ch.anchor?.sha256 === c.sha256 || c.source === 'anchor';
    const role = i === 0 ? 'Signer' : isAnchor ? 'Trust anchor' : c.isCA ? 'Issuing CA' : 'Certificate';
    const cls = i === 0 ? 'leaf' : isAnchor ? 'anchor' : '';
    return certNode(c, role, cls);
  });
  if (ch.stoppedBecause)
    nodes.push(
      `<div class="node stop"><div class="role">Chain stops here</div><div>${e(ch.stoppedBecause)}</div>${ch.stoppedAt ? `<div class="meta">at ${e(ch.stoppedAt)}</div>` : ''}</div>`,
    );
  const lists = ch.anchoredIn.length
    ? `<p class="note">Anchor found in: ${ch.anchoredIn.map((l) => e(`${l.name ?? l.listId}${l.economy ? ` (${l.economy})` : ''}`)).join(', ')}</p>`
    : '';
  const items = nodes.map(
    (h, i) => `<li>${h}${i < nodes.length - 1 ? `<div class="arrow-row">${ARROW}issued by</div>` : ''}</li>`,
  );
  return `<p>The certificate chain ${badge(word, tone)} · ${n} certificate${n === 1 ? '' : 's'} · checked at ${e(humanTime(ch.validationTime))}</p><ol class="chain">${items.join('')}</ol>${lists}`;
}

const REV_TONE: Record<RevocationResult['status'], 'ok' | 'warn' | 'bad' | 'info'> = {
  good: 'ok',
  revoked: 'bad',
  unknown: 'warn',
  'not-checked': 'info',
};

function revocationSection(
  rs: readonly RevocationResult[],
  mode: Verdict['policy']['revocation']['mode'],
): string {
  if (rs.length === 0)
    return `<p>${mode === 'off' ? 'Revocation was not checked (revocation checking was switched off).' : 'No revocation information was found or needed.'}</p>`;
  if (rs.every((r) => r.status === 'not-checked'))
    return `<p>${mode === 'off' ? 'Revocation was not checked (revocation checking was switched off).' : 'The revocation status of the certificates was not checked.'}</p>`;
  const rows = rs.map((r) => [
    `${e(r.subject)}`,
    `${badge(r.status, REV_TONE[r.status])}${r.revocationTime ? ` since ${e(humanTime(r.revocationTime))}` : ''}${r.reason ? ` (${e(r.reason)})` : ''}`,
    `${e(r.source.toUpperCase())}${r.origin ? ` · ${e(r.origin)}` : ''}`,
    `${e(humanTime(r.producedAt ?? r.thisUpdate))}${r.nextUpdate ? ` → ${e(humanTime(r.nextUpdate))}` : ''}`,
  ]);
  return table(['Certificate', 'Status', 'Source', 'Issued → next update'], rows);
}

function timestampSection(ts: readonly TimestampResult[]): string {
  if (ts.length === 0) return '<p>No timestamp: nothing independent proves when this signature was made.</p>';
  const rows = ts.map((t) => [
    `${e(t.type)}`,
    `${e(humanTime(t.genTime))}`,
    `${indicationBadge(t.indication)}${t.subIndication ? ` <code>${e(t.subIndication)}</code>` : ''}`,
    `${e(t.tsa ?? '')}`,
    `${t.imprintMatches ? 'matches' : '<b>does not match</b>'}`,
  ]);
  return table(['Type', 'Time', 'Result', 'Timestamp authority', 'Imprint'], rows);
}

function coverageSection(c: Coverage | undefined, kind: Verdict['input']['kind']): string {
  if (!c)
    return kind === 'pdf'
      ? '<p>Coverage of the document could not be determined.</p>'
      : '<p>Not applicable: this signature is a separate signed object (CMS), not part of a document that can be edited later.</p>';
  const head = `<p>This signature covers revision ${c.signedRevision} of ${c.revisions}${c.wholeDocument ? ', the whole document as it is now' : `; ${c.bytesAfter} bytes were added after it`}.${c.docMdp ? ` The author allows ${['', 'no changes', 'form filling and signing', 'form filling, signing and comments'][c.docMdp]} after certification.` : ''}</p>`;
  if (c.changesAfter.length === 0)
    return `${head}<p>${c.modifiedAfterSigning ? 'The document was modified after signing.' : 'Nothing was changed after signing.'}</p>`;
  const rows = c.changesAfter.map((ch) => [
    `${ch.revision}`,
    `${e(ch.kind)}`,
    `${ch.allowed ? badge('allowed', 'ok') : badge('not allowed', 'bad')}`,
    `${e(ch.description)}${ch.object ? ` <span class="mono">${e(ch.object)}</span>` : ''}`,
  ]);
  return `${head}${table(['Revision', 'Change', '', 'What'], rows)}`;
}

function economyCell(code: string, r: Recognition | undefined): string {
  const level = r?.level ?? 'not-assessed';
  const label = LEVEL_LABEL[level].short;
  const name = economyName(code);
  const sum = `<summary title="${e(`${name}: ${label}`)}"><span class="cc">${e(code)}</span><span class="nm">${e(name)}</span><span class="lv">${e(label)}</span></summary>`;
  if (!r)
    return `<details class="eco lvl-not-assessed">${sum}<div class="body"><p>No recognition assessment for ${e(name)} in this verdict.</p></div></details>`;
  const term = r.localTerm
    ? `<p><b>Local term:</b> ${e(r.localTerm)}${r.localTermEnglish && r.localTermEnglish !== r.localTerm ? ` (“${e(r.localTermEnglish)}”)` : ''}</p>`
    : '';
  const tier = r.tier ? `<p><b>Tier:</b> ${e(r.tier)}</p>` : '';
  const effect = r.legalEffect ? `<p><b>Legal effect:</b> ${e(r.legalEffect)}</p>` : '';
  const cites = r.legalBasis.length
    ? `<p><b>Legal basis:</b></p><ul>${r.legalBasis.map((c) => `<li>${link(`${c.statute}${c.section ? `, ${c.section}` : ''}`, c.url)}${c.verified ? '' : ' <i>(citation not yet verified)</i>'}</li>`).join('')}</ul>`
    : '';
  const reasons = r.reasons.length ? `<ul>${r.reasons.map((x) => `<li>${e(x)}</li>`).join('')}</ul>` : '';
  const conds = r.conditions.length
    ? `<p><b>Conditions checked:</b></p><ul>${r.conditions.map((c) => `<li>${c.result === 'passed' ? '✔' : c.result === 'failed' ? '✖' : '?'} ${e(c.description)}${c.detail ? ` — ${e(c.detail)}` : ''}</li>`).join('')}</ul>`
    : '';
  const unver = r.unverifiableConditions.length
    ? `<p><b>Cannot be checked from the file (you must confirm):</b> ${r.unverifiableConditions.map(e).join('; ')}</p>`
    : '';
  const cross = r.crossBorderRule
    ? `<p><b>Foreign certificates:</b> ${e(r.crossBorderRule)}${r.foreignAnchor ? ' (this anchor is foreign here)' : ''}</p>`
    : '';
  const meta = `<p class="note">Law as of ${e(r.asOf)} · confidence ${e(r.confidence)}</p>`;
  return `<details class="eco lvl-${e(level)}">${sum}<div class="body">${term}${tier}${effect}${reasons}${cites}${conds}${unver}${cross}${meta}</div></details>`;
}

function recognitionGrid(rec: Record<string, Recognition>, economies: readonly string[] | undefined): string {
  const extra = Object.keys(rec).filter((c) => !REPORT_ECONOMIES.includes(c));
  const codes = (economies ?? [...REPORT_ECONOMIES, ...extra.sort()]).filter((c, i, a) => a.indexOf(c) === i);
  const cells = codes.map((c) => economyCell(c, rec[c]));
  const legend = LEVEL_ORDER.map((l) => `<li><i class="lvl-${l}"></i>${e(LEVEL_LABEL[l].short)}</li>`).join(
    '',
  );
  const none =
    Object.keys(rec).length === 0
      ? '<p class="note">Legal recognition was not assessed for this signature.</p>'
      : '<p class="note">Click an economy for its local term, legal effect and the law it rests on.</p>';
  return `<ul class="legend" aria-label="Legend">${legend}</ul><div class="grid">${cells.join('')}</div>${none}`;
}

function signatureFacts(s: SignatureResult): string {
  const rows: [string, string][] = [];
  rows.push([
    'Result',
    `${indicationBadge(s.indication)}${s.subIndication ? ` ${e(EXPLAIN[s.subIndication])}` : ''}`,
  ]);
  if (s.signer) {
    rows.push(['Signed by', e(signerName(s) ?? s.signer.subject)]);
    if (s.signer.organization) rows.push(['Organisation', e(s.signer.organization)]);
    if (s.signer.email) rows.push(['Email', e(s.signer.email)]);
    rows.push(['Certificate issued by', e(s.signer.issuer)]);
  } else rows.push(['Signed by', 'unknown (the signer’s certificate was not found)']);
  if (s.time.proven)
    rows.push(['Signed at', `${e(humanTime(s.time.proven))} ${badge('proven by timestamp', 'ok')}`]);
  if (s.time.claimed)
    rows.push([
      s.time.proven ? 'Signer’s clock said' : 'Signed at',
      `${e(humanTime(s.time.claimed))}${s.time.proven ? '' : ` ${badge('claimed, not proven', 'warn')}`}`,
    ]);
  rows.push(['Content', e(INTEGRITY_WORDS(s.integrity.ok))]);
  const level = s.level?.achieved ? ` · level ${e(s.level.achieved)}` : '';
  rows.push(['Kind', `${e(s.kind)} · ${e(s.format)}${level}`]);
  return `<dl class="facts">${rows.map(([k, v]) => `<dt>${e(k)}</dt><dd>${v}</dd>`).join('')}</dl>`;
}

function problemTable(
  ps: readonly { code: string; severity: string; message: string; at?: string | undefined }[],
): string {
  if (ps.length === 0) return '<p>No problems reported.</p>';
  const tone = (sev: string) => (sev === 'error' ? 'bad' : sev === 'warning' ? 'warn' : 'info');
  const rows = ps.map((p) => [
    `${badge(p.severity, tone(p.severity))}`,
    `<code>${e(p.code)}</code>`,
    `${e(p.message)}${p.at ? ` <span class="mono">(${e(p.at)})</span>` : ''}`,
  ]);
  return table(['Severity', 'Code', 'Message'], rows);
}

function expertSection(s: SignatureResult): string {
  const i = s.integrity;
  const flag = (b: boolean | null | undefined) => (b === true ? 'yes' : b === false ? 'no' : 'undetermined');
  const rows: [string, string][] = [
    ['ETSI EN 319 102-1 indication', `<code>${e(s.indication)}</code>`],
    ['Sub-indication', s.subIndication ? `<code>${e(s.subIndication)}</code>` : '—'],
    ['Signature id', `<code>${e(s.id)}</code>`],
    ['Format', e(s.format)],
    ['Level achieved', e(s.level?.achieved ?? 'none')],
    ...(s.level?.missingForNext.length
      ? [['Missing for the next level', e(s.level.missingForNext.join('; '))] as [string, string]]
      : []),
    ['Signature algorithm', e(i.signatureAlgorithm ?? '?')],
    ['Digest algorithm', e(i.digestAlgorithm ?? '?')],
    ['Message digest matches', flag(i.messageDigestMatches)],
    ['Signature value valid', flag(i.signatureValid)],
    ['Signing certificate bound (ESS)', flag(i.signingCertificateBound)],
  ];
  if (s.signer) {
    rows.push(['Signer serial number', `<span class="mono">${e(s.signer.serialNumber)}</span>`]);
    rows.push(['Signer certificate SHA-256', `<span class="mono">${e(s.signer.certificateSha256)}</span>`]);
  }
  if (s.coverage?.byteRange.length)
    rows.push([
      'Byte range',
      `<span class="mono">[${s.coverage.byteRange.map((n) => String(n)).join(' ')}]</span>`,
    ]);
  return `<details class="expert"><summary>For experts: ETSI indication, algorithms and problem codes</summary><dl class="facts">${rows.map(([k, v]) => `<dt>${e(k)}</dt><dd>${v}</dd>`).join('')}</dl><h3>Problems</h3>${problemTable(s.problems)}</details>`;
}

function signatureSection(
  v: Verdict,
  s: SignatureResult,
  index: number,
  economies: readonly string[] | undefined,
): string {
  const who = signerName(s);
  const title = `${v.signatures.length > 1 ? `Signature ${index + 1} of ${v.signatures.length}` : 'Signature'}${who ? `: ${who}` : ''}`;
  return `<section class="card sig" id="${e(`sig-${index + 1}`)}"><h2>${e(title)}</h2>${signatureFacts(s)}
<h3>Legal recognition in the APEC economies</h3>${recognitionGrid(s.recognition, economies)}
<h3>Certificate chain</h3>${chainDiagram(s.chain)}
<h3>Revocation</h3>${revocationSection(s.revocation, v.policy.revocation.mode)}
<h3>Timestamps</h3>${timestampSection(s.timestamps)}
<h3>Changes after signing</h3>${coverageSection(s.coverage, v.input.kind)}
${expertSection(s)}</section>`;
}

const DISCLAIMER =
  'This is a technical assessment of the file, not legal advice. Whether a signature binds anyone also depends on facts the file cannot show (who controlled the key, consent, the kind of transaction) and on the law as it stands; ask a lawyer before relying on it in a dispute.';

export function renderHtml(v: Verdict, opts: HtmlOptions = {}): string {
  const economies = opts.economies?.length ? opts.economies : undefined;
  const title = `${HEADLINE[v.indication]}${opts.fileName ? ` — ${opts.fileName}` : ''} · crossign report`;
  const fileProblems = v.problems.length
    ? `<section class="card"><h2>About the file</h2>${problemTable(v.problems)}</section>`
    : '';
  const json =
    opts.includeJson === false
      ? ''
      : `<details class="raw"><summary>Full verdict (JSON, for developers)</summary><pre>${e(JSON.stringify(v, null, 2))}</pre></details>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="generator" content="${e(`crossign ${v.tool.version}`)}"><meta name="referrer" content="no-referrer">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${e(title)}</title><style>${CSS}</style></head>
<body><main>
<div class="brand"><span><b>crossign</b> signature report${opts.fileName ? ` · <span class="mono">${e(opts.fileName)}</span>` : ''}</span><span>checked ${e(humanTime(v.validationTime))}</span></div>
${answerCard(v, economies)}
<p class="disclaimer">${e(DISCLAIMER)}</p>
${v.signatures.map((s, i) => signatureSection(v, s, i, economies)).join('\n')}
${fileProblems}
<footer><p>File: ${e(v.input.kind.toUpperCase())}, ${v.input.bytes} bytes, SHA-256 <span class="mono">${e(v.input.sha256)}</span><br>
Validated at ${e(humanTime(v.validationTime))} · algorithm policy ${e(v.policy.algorithms)} · revocation ${e(v.policy.revocation.mode)} · ${e(`${v.tool.name} ${v.tool.version}`)}</p>${json}</footer>
</main></body></html>
`;
}
