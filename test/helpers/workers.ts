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

/** A shared cell for one thread to tell another that something happened. */
export function newFlag(): Int32Array {
  return new Int32Array(new SharedArrayBuffer(4));
}

/** Sets the flag and wakes whoever waits for it. */
export function setFlag(flag: Int32Array): void {
  Atomics.store(flag, 0, 1);
  Atomics.notify(flag, 0);
}

/** Resolves once the flag is set, without blocking the event loop. */
export async function whenSet(flag: Int32Array): Promise<void> {
  while (Atomics.load(flag, 0) === 0) {
    const result = Atomics.waitAsync(flag, 0, 0);
    if (result.async) await result.value;
  }
}

/**
 * Resolves once `flag`, an integer scalar of any context, is not 0 (also one set by a child
 * process), looking every 2 ms.
 */
export async function untilSet(flag: { load(): number }): Promise<void> {
  while (flag.load() === 0) await new Promise((resolve) => setTimeout(resolve, 2));
}
