/** Starts workers for tests (compiled `test/workers/<name>.js`) and waits for their results. */
import { Worker } from 'node:worker_threads';

/** A worker running `test/workers/<name>` with `data` as its `workerData`. */
export function startWorker(name: string, data: unknown): Worker {
  return new Worker(new URL(`../workers/${name}.js`, import.meta.url), { workerData: data });
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
