/**
 * Runs a batch: in-process for one file or --jobs 1, else a pool of worker threads pulling files from
 * one queue (so a slow PDF does not hold up a whole share). A worker that dies takes only the file it
 * held: that file is reported as an error and a fresh worker carries on with the queue.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { type FileResult, type JobOptions, verifyFile } from './job.js';

export type OnResult = (index: number, result: FileResult) => void;

interface WorkerReply {
  id: number;
  result: FileResult;
}

/**
 * The worker script. Under tsx/vitest the sources run as .ts, so the worker first registers tsx's
 * loader (an eval'd bootstrap: --import in a worker's execArgv does not reach its entry module).
 */
function workerSpec(): { url: URL; script: string | URL; eval: boolean } {
  const self = import.meta.url;
  if (!self.endsWith('.ts')) {
    const url = new URL('./cli-worker.js', self);
    return { url, script: url, eval: false };
  }
  const url = new URL('./cli-worker.ts', self);
  const tsx = pathToFileURL(createRequire(self).resolve('tsx/esm/api')).href;
  const boot = `import(${JSON.stringify(tsx)}).then((api) => { api.register(); return import(${JSON.stringify(url.href)}); });`;
  return { url, script: boot, eval: true };
}

async function sequential(
  files: readonly string[],
  opts: JobOptions,
  onResult: OnResult,
  indexes: readonly number[] = files.map((_, i) => i),
): Promise<FileResult[]> {
  const out: FileResult[] = [];
  for (const i of indexes) {
    const r = await verifyFile(files[i]!, opts);
    out.push(r);
    onResult(i, r);
  }
  return out;
}

function pooled(
  files: readonly string[],
  opts: JobOptions,
  jobs: number,
  onResult: OnResult,
): Promise<FileResult[]> {
  const results: (FileResult | undefined)[] = new Array(files.length);
  const spec = workerSpec();
  const queue: number[] = files.map((_, i) => i);
  let answered = false;
  let alive = 0;
  let fallback = false;
  let done = 0;
  return new Promise((resolveAll) => {
    const settle = (id: number, r: FileResult) => {
      if (results[id]) return;
      results[id] = r;
      done++;
      onResult(id, r);
      if (done === files.length) resolveAll(results as FileResult[]);
    };
    const finishInProcess = () => {
      // Workers could not start at all (e.g. a sandbox without threads): do the rest here.
      const rest = queue.splice(0);
      void sequential(files, opts, settle, rest);
    };
    const start = () => {
      if (queue.length === 0 || fallback) return;
      const w = new Worker(spec.script, { workerData: opts, eval: spec.eval });
      alive++;
      let current = -1;
      const feed = () => {
        const id = queue.shift();
        if (id === undefined) {
          current = -1;
          void w.terminate();
          return;
        }
        current = id;
        w.postMessage({ id, file: files[id] });
      };
      w.on('message', (m: WorkerReply) => {
        answered = true;
        current = -1;
        settle(m.id, m.result);
        feed();
      });
      let gone = false;
      const lost = (why: string) => {
        if (!gone) {
          gone = true;
          alive--;
        }
        const id = current;
        current = -1;
        if (id >= 0) {
          if (!answered) {
            fallback = true;
            queue.unshift(id);
          } else settle(id, { file: files[id]!, error: `worker failed: ${why}`, ms: 0, unreadable: false });
        }
        if (fallback) {
          if (alive === 0) finishInProcess();
        } else start();
      };
      w.on('error', (err) => lost(err.message));
      w.on('exit', (code) => lost(`exited with code ${code}`));
      feed();
    };
    for (let i = 0; i < jobs; i++) start();
  });
}

export async function runBatch(
  files: readonly string[],
  opts: JobOptions,
  jobs: number,
  onResult: OnResult = () => {},
): Promise<FileResult[]> {
  const n = Math.min(jobs, files.length);
  // A missing worker file (an odd bundling) must not turn a batch into errors: verify in-process.
  if (n <= 1 || !existsSync(fileURLToPath(workerSpec().url))) return sequential(files, opts, onResult);
  return pooled(files, opts, n, onResult);
}
