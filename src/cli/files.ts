/** Turns the paths on the command line into the list of files to verify (folders are walked). */
import { closeSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';

/** Extensions picked up when walking a folder. A file named on the command line is always verified. */
export const SIGNED_EXTENSIONS = [
  '.pdf',
  '.p7s',
  '.p7m',
  '.p7b',
  '.cms',
  '.sig',
  '.tst',
  '.pem',
  '.b64',
] as const;

/** Folder walks skip these, as a shell glob would. */
const SKIP_DIRS = new Set(['node_modules', '.git']);

/** Text extensions that often hold certificates or keys rather than signatures: peek before taking them. */
const PEEK_EXTENSIONS = new Set(['.pem', '.b64']);
const CMS_PEM = /-----BEGIN (PKCS7|CMS|PKCS #7 SIGNED DATA|SIGNED MESSAGE)-----/;

export class MissingPathError extends Error {
  constructor(
    readonly path: string,
    readonly code: string | undefined,
  ) {
    super(`cannot read file ${path}${code ? ` (${code})` : ''}`);
  }
}

function head(path: string, n: number): string {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(n);
    const got = readSync(fd, buf, 0, n, 0);
    return buf.subarray(0, got).toString('latin1');
  } finally {
    closeSync(fd);
  }
}

/** In a folder, a .pem counts only when it holds a CMS block; a .b64 only when it is not a PEM of something else. */
function looksSigned(path: string): boolean {
  const ext = extname(path).toLowerCase();
  if (!(SIGNED_EXTENSIONS as readonly string[]).includes(ext)) return false;
  if (!PEEK_EXTENSIONS.has(ext)) return true;
  try {
    const text = head(path, 64 * 1024);
    return ext === '.pem' ? CMS_PEM.test(text) : !text.includes('-----BEGIN ') || CMS_PEM.test(text);
  } catch {
    return true; // unreadable: keep it, so the batch reports it instead of silently dropping it
  }
}

function walk(dir: string, out: string[]): void {
  const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
    a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
  );
  for (const ent of entries) {
    if (ent.name.startsWith('.') || SKIP_DIRS.has(ent.name)) continue;
    const p = join(dir, ent.name);
    // Directory symlinks are not followed: they are how folder walks loop forever.
    if (ent.isDirectory()) walk(p, out);
    else if (ent.isFile() || (ent.isSymbolicLink() && safeIsFile(p))) {
      if (looksSigned(p)) out.push(p);
    }
  }
}

function safeIsFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

/** Expands files and folders, in the order given, each file once. */
export function collectFiles(paths: readonly string[]): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const add = (p: string) => {
    const key = resolve(p);
    if (!seen.has(key)) {
      seen.add(key);
      out.push(p);
    }
  };
  for (const p of paths) {
    let st: ReturnType<typeof statSync>;
    try {
      st = statSync(p);
    } catch (e) {
      throw new MissingPathError(p, (e as NodeJS.ErrnoException).code);
    }
    if (st.isDirectory()) {
      const found: string[] = [];
      walk(p, found);
      found.forEach(add);
    } else add(p);
  }
  return out;
}
