// Client-side verification: the bytes stay in this tab. Imports the browser build (npm run build).
import { verify } from '../../dist/browser/index.js';
import { answerSentence, fileAnswer, renderHtml } from '../../dist/browser/report.js';

const $ = (id) => document.getElementById(id);
let signed = null;

async function bytesOf(file) {
  return new Uint8Array(await file.arrayBuffer());
}

async function options() {
  const opts = { revocation: { mode: $('revocation').value } };
  const trust = [...$('trust').files];
  if (trust.length) opts.trustAnchors = await Promise.all(trust.map(bytesOf));
  const content = $('content').files[0];
  if (content) opts.detachedContent = await bytesOf(content);
  const lists = [...$('lists').files];
  if (lists.length) opts.trustLists = await Promise.all(lists.map(async (f) => JSON.parse(await f.text())));
  const at = $('at').value.trim();
  if (at) {
    const t = new Date(at);
    if (Number.isNaN(t.getTime()))
      throw new Error(`"${at}" is not a date and time (use e.g. 2026-03-01T00:00:00Z)`);
    opts.validationTime = t;
  }
  return opts;
}

function fitHeight(frame) {
  const doc = frame.contentDocument;
  if (doc?.documentElement) frame.style.height = `${doc.documentElement.scrollHeight}px`;
}

async function run() {
  if (!signed) return;
  const status = $('status');
  status.removeAttribute('data-indication');
  status.textContent = `Checking ${signed.name}…`;
  try {
    const verdict = await verify(await bytesOf(signed), await options());
    const sentences = verdict.signatures.length
      ? verdict.signatures.map((s) => answerSentence(s))
      : [fileAnswer(verdict)];
    status.dataset.indication = verdict.indication;
    status.textContent = sentences.join(' ');
    const html = renderHtml(verdict, { fileName: signed.name });
    const frame = $('report');
    frame.onload = () => {
      fitHeight(frame);
      // <details> opening and closing changes the height; the report itself runs no script.
      frame.contentDocument.addEventListener('toggle', () => fitHeight(frame), true);
    };
    frame.srcdoc = html;
    const slot = $('download-slot');
    const old = slot.querySelector('a');
    if (old) URL.revokeObjectURL(old.href);
    const link = document.createElement('a');
    link.href = URL.createObjectURL(new Blob([html], { type: 'text/html' }));
    link.download = `${signed.name}.report.html`;
    link.textContent = 'Download the report';
    slot.replaceChildren(link);
  } catch (e) {
    status.dataset.indication = 'INDETERMINATE';
    status.textContent = `Could not check the file: ${e instanceof Error ? e.message : String(e)}`;
  }
}

function pick(file) {
  if (!file) return;
  signed = file;
  void run();
}

$('file').addEventListener('change', () => pick($('file').files[0]));
$('verify').addEventListener('click', () => void run());
for (const id of ['content', 'trust', 'lists', 'revocation'])
  $(id).addEventListener('change', () => void run());
const drop = $('drop');
drop.addEventListener('dragover', (e) => {
  e.preventDefault();
  drop.classList.add('over');
});
drop.addEventListener('dragleave', () => drop.classList.remove('over'));
drop.addEventListener('drop', (e) => {
  e.preventDefault();
  drop.classList.remove('over');
  const files = [...(e.dataTransfer?.files ?? [])];
  pick(files[0]);
});
window.addEventListener('resize', () => fitHeight($('report')));
