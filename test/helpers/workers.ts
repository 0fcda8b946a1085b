/** Starts TypeScript workers for tests and waits for their results. */
import { Worker } from 'node:worker_threads';

const bootstrap = new URL('../../tools/tsWorker.mjs', import.meta.url);

/** A worker running `test/workers/<name>.ts` with `data` (read there as `workerData.data`). */
export function startWorker(name: string, data: unknown): Worker {
  const entry = new URL(`../workers/${name}.ts`, import.meta.url).href;
  return new Worker(bootstrap, { workerData: { entry, data } });
}

/** Runs a worker to its end; resolves with the last message it posted. */
export function runWorker<Result = unknown>(name: string, data: unknown): Promise<Result> {
  return new Promise((resolve, reject) => {
    const worker = startWorker(name, data);
    let last: Result | undefined;
    worker.on('message', (message: Result) => {
      last = message;
    });
    worker.on('error', reject);
    worker.on('exit', (code) => {
      if (code === 0) resolve(last as Result);
      else reject(new Error(`worker ${name} exited with code ${code}`));
    });
  });
}
