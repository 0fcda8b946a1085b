/**
 * What the page's scenarios (`scenarios.ts`) share: workers started by `Process` or by the
 * page itself, flags in shared memory, and what a call threw.
 */
import * as mp from '../../dist/browser.js';
import type { Task } from './target.js';

/** A worker started with `new Worker`, as the page sees it. */
interface PlainWorker {
  postMessage(message: unknown): void;
  terminate(): void;
  addEventListener(type: 'message', listener: (event: { readonly data: unknown }) => void): void;
  addEventListener(type: 'error', listener: (event: { readonly message: string }) => void): void;
}

declare const Worker: new (url: URL, options: { readonly type: 'module' }) => PlainWorker;

const target = new URL('./target.js', import.meta.url);

/** A `Process` running `task` of `target.ts` with `args`, started. */
export function started(task: Task, ...args: unknown[]): mp.Process {
  const process = new mp.Process({ target, args: [task, ...args] });
  process.start();
  return process;
}

/** Runs `task` in a worker of the page's own (not a `Process`); resolves with its result. */
export function inPlainWorker(task: Task, ...args: unknown[]): Promise<unknown> {
  const worker = new Worker(new URL('./plainWorker.js', import.meta.url), { type: 'module' });
  return new Promise<unknown>((resolve, reject) => {
    worker.addEventListener('message', ({ data }) => {
      const { result } = data as { result: unknown };
      resolve(result === undefined ? undefined : mp.attach(result));
    });
    worker.addEventListener('error', ({ message }) => reject(new Error(message)));
    worker.postMessage([task, ...args]);
  }).finally(() => worker.terminate());
}

/** The exit codes of `processes` once they all ended. */
export async function ends(processes: readonly mp.Process[]): Promise<(number | null)[]> {
  await Promise.all(processes.map((process) => process.join()));
  return processes.map((process) => process.exitCode);
}

/** A flag in shared memory, as a plain `Int32Array` (structured clone shares its memory). */
export function newFlag(): Int32Array {
  return mp.RawArray('i', 1).typed;
}

/** Resolves once cell 0 of `flag` is `step`, without blocking the page. */
export async function reached(flag: Int32Array, step: number): Promise<void> {
  while (Atomics.load(flag, 0) !== step) await new Promise((resolve) => setTimeout(resolve, 1));
}

/** Sets cell 0 of `flag` to `step` and wakes the worker waiting on it. */
export function signal(flag: Int32Array, step: number): void {
  Atomics.store(flag, 0, step);
  Atomics.notify(flag, 0);
}

/** What `call` threw, or `undefined`. */
export function thrown(call: () => unknown): Error | undefined {
  try {
    call();
    return undefined;
  } catch (error) {
    return error as Error;
  }
}

/** The class of what `call` threw, or `undefined`. */
export function classThrown(call: () => unknown): string | undefined {
  return thrown(call)?.constructor.name;
}
