/** Worker-thread entry of `crossign verify --jobs N`: verifies the files the pool sends, one at a time. */
import { parentPort, workerData } from 'node:worker_threads';
import { type JobOptions, verifyFile } from './job.js';

const opts = workerData as JobOptions;
const port = parentPort;
if (port) {
  port.on('message', (m: { id: number; file: string }) => {
    void verifyFile(m.file, opts).then((result) => port.postMessage({ id: m.id, result }));
  });
}
