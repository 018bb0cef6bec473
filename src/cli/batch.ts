/**
 * Runs a batch: in-process for one file or --jobs 1, else a pool of worker threads pulling files from
 * one queue (so a slow PDF does not hold up a whole share). A worker that dies takes only the file it
 * held: that file is reported as an error and a fresh worker carries on with the queue.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { type FileResult, type JobOptions, verifyFile } from './job.js';

export type OnResult = (index: number, result: FileResult) => void;

interface WorkerReply {
  id: number;
  result: FileResult;
}

/** Under tsx/vitest the sources run as .ts: the worker then needs the tsx loader too. */
function workerSpec(): { url: URL; execArgv: string[] } {
  const self = import.meta.url;
  if (self.endsWith('.ts')) return { url: new URL('./cli-worker.ts', self), execArgv: ['--import', 'tsx'] };
  return { url: new URL('./cli-worker.js', self), execArgv: [] };
}

async function sequential(files: readonly string[], opts: JobOptions, onResult: OnResult): Promise<FileResult[]> {
  const out: FileResult[] = [];
  for (const [i, f] of files.entries()) {
    const r = await verifyFile(f, opts);
    out.push(r);
    onResult(i, r);
  }
  return out;
}

function pooled(files: readonly string[], opts: JobOptions, jobs: number, onResult: OnResult): Promise<FileResult[]> {
  const results: (FileResult | undefined)[] = new Array(files.length);
  const spec = workerSpec();
  let next = 0;
  let done = 0;
  return new Promise((resolveAll) => {
    const settle = (id: number, r: FileResult) => {
      if (results[id]) return;
      results[id] = r;
      done++;
      onResult(id, r);
      if (done === files.length) resolveAll(results as FileResult[]);
    };
    const start = () => {
      if (next >= files.length) return;
      const w = new Worker(spec.url, { workerData: opts, execArgv: spec.execArgv });
      let current = -1;
      const feed = () => {
        if (next >= files.length) {
          current = -1;
          void w.terminate();
          return;
        }
        current = next++;
        w.postMessage({ id: current, file: files[current] });
      };
      w.on('message', (m: WorkerReply) => {
        settle(m.id, m.result);
        feed();
      });
      const lost = (why: string) => {
        if (current < 0) return;
        const id = current;
        current = -1;
        settle(id, { file: files[id]!, error: `worker failed: ${why}`, ms: 0, unreadable: false });
        start();
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
