/**
 * `Process`: Python's `multiprocessing.Process` on `worker_threads` (docs/semantics.md,
 * "Sharing with workers and attach"). The target module's default export runs in a new
 * worker with its arguments attached.
 */
import { isAbsolute } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { typeError } from '../errors.js';
import { checkTimeout } from '../locks/timeouts.js';
import processEntryPath from './processEntryPath.cjs';

/** The longest delay `setTimeout` keeps; a longer one fires at once. */
const LONGEST_TIMER_MS = 2 ** 31 - 1;

/**
 * Options of {@link Process}.
 * @example
 * ```ts
 * const options: mp.ProcessOptions = { target: new URL('./work.js', import.meta.url), args: [1] };
 * ```
 * @group Sharing and processes
 */
export interface ProcessOptions {
  /**
   * The module to run: an absolute path, a `file:` URL string or a `URL`. Its default
   * export is called as `target(...args)` and may be async. A `.ts` target needs `tsx`
   * installed in the project (the worker registers it). A `.js` target that does not exist
   * next to its `.ts` source runs that source, so that `new URL('./work.js', import.meta.url)`
   * works both compiled and under tsx.
   */
  readonly target: string | URL;
  /** Arguments; shared objects among them arrive attached. */
  readonly args?: readonly unknown[];
  /** A name for messages; default `Process-N`. */
  readonly name?: string;
}

/**
 * Python's exit code for a process ended by `terminate()`: minus SIGTERM's number (15), as
 * `multiprocessing.Process.exitcode` reports it.
 */
const TERMINATED = -15;

/** What the worker entry posts when the target throws. */
interface TargetFailure {
  readonly kind: 'sharedctypes:target-error';
  readonly error: unknown;
}

let processCount = 0;

function targetUrl(target: unknown): string {
  if (target instanceof URL) return target.href;
  if (typeof target === 'string') {
    if (target.startsWith('file:')) return target;
    if (isAbsolute(target)) return pathToFileURL(target).href;
  }
  throw typeError('target', 'an absolute path, a file: URL string or a URL of a module', target);
}

function isTargetFailure(message: unknown): message is TargetFailure {
  return (
    typeof message === 'object' &&
    message !== null &&
    (message as { kind?: unknown }).kind === 'sharedctypes:target-error'
  );
}

/**
 * Runs a module's default export in a new worker thread, like Python's
 * `multiprocessing.Process`. Shared objects in `args` are attached for the target.
 * Beyond Python, objects can also be shared later, by message, in either direction.
 *
 * @example
 * ```ts
 * const counter = mp.Value('i', 0);
 * const p = new mp.Process({ target: new URL('./work.js', import.meta.url), args: [counter] });
 * p.start();
 * await p.join();
 * console.log(p.exitCode, counter.value);
 * // work.js: export default function (counter) { counter.withLock(() => { counter.value += 1; }); }
 * ```
 * @group Sharing and processes
 */
export class Process {
  /** The name given, or `Process-N`. */
  readonly name: string;
  /** What the target threw, if it threw (the exit code is then 1). */
  error: unknown = undefined;
  readonly #target: string;
  readonly #args: readonly unknown[];
  #worker: Worker | undefined;
  #exitCode: number | null = null;
  #exited: Promise<void> | undefined;
  #terminated = false;

  /**
   * @param options - `target` (module path or URL), `args`, `name`.
   * @throws TypeError for a target that is not an absolute path or URL, or `args` that is
   *   not an array.
   */
  constructor(options: ProcessOptions) {
    if (typeof options !== 'object' || options === null) {
      throw typeError('options', 'an object with a target', options);
    }
    const { target, args = [], name } = options;
    this.#target = targetUrl(target);
    if (!Array.isArray(args)) throw typeError('args', 'an array', args);
    if (name !== undefined && typeof name !== 'string') throw typeError('name', 'a string', name);
    processCount++;
    this.name = name ?? `Process-${processCount}`;
    this.#args = args;
  }

  /**
   * Starts the worker.
   * @throws Error when the process was started before.
   */
  start(): void {
    if (this.#worker !== undefined) throw new Error(`${this.name} cannot be started twice`);
    // When the worker exits on its own, the entry sets cell 0 and keeps its exit code in cell 1;
    // a terminated worker never does.
    const exitedOnItsOwn = new Int32Array(new SharedArrayBuffer(8));
    const worker = new Worker(processEntryPath, {
      workerData: { target: this.#target, args: this.#args, name: this.name, exitedOnItsOwn },
      name: this.name,
    });
    this.#worker = worker;
    worker.on('message', (message: unknown) => {
      if (isTargetFailure(message)) this.error = message.error;
    });
    worker.on('error', (error) => {
      this.error = error;
    });
    this.#exited = new Promise((resolve) => {
      worker.once('exit', (code) => {
        // A worker terminated while already exiting reports 1: keep the code it exited with.
        if (!this.#terminated) this.#exitCode = code;
        else if (Atomics.load(exitedOnItsOwn, 0) === 1)
          this.#exitCode = Atomics.load(exitedOnItsOwn, 1);
        else this.#exitCode = TERMINATED;
        resolve();
      });
    });
  }

  /**
   * Waits for the worker to end, also when the target failed or the worker was terminated.
   * @param timeout - Seconds to wait at most; `undefined`/`null` waits until it ends.
   * @returns A promise that resolves when the worker ended or the timeout passed.
   * @throws Error when the process was not started; TypeError for a non-number timeout.
   */
  join(timeout?: number | null): Promise<void> {
    if (this.#exited === undefined) throw new Error(`${this.name} was not started`);
    checkTimeout(timeout);
    // setTimeout fires at once beyond 2^31 - 1 ms (about 24.8 days): wait for the end instead.
    if (timeout === undefined || timeout === null || timeout * 1000 > LONGEST_TIMER_MS) {
      return this.#exited;
    }
    let timer: ReturnType<typeof setTimeout> | undefined;
    const expired = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, Math.max(0, timeout * 1000));
    });
    return Promise.race([this.#exited, expired]).finally(() => clearTimeout(timer));
  }

  /** Whether the worker has started and not yet ended. */
  isAlive(): boolean {
    return this.#worker !== undefined && this.#exitCode === null;
  }

  /**
   * Stops the worker at once, also while it is still starting; resolves when it has ended.
   * `exitCode` is then -15, as in Python; a worker that had already ended on its own keeps
   * its exit code. Does nothing before `start()`. Locks the worker held stay held.
   */
  async terminate(): Promise<void> {
    if (this.#worker === undefined) return;
    if (this.#exitCode === null) this.#terminated = true;
    await this.#worker.terminate();
    await this.#exited;
  }

  /**
   * The exit code once ended, else `null`: 0 on success, 1 when the target threw (or its
   * module failed to load), -15 when `terminate()` stopped it (Python's `-SIGTERM`), or
   * the code the target passed to `process.exit(code)`.
   */
  get exitCode(): number | null {
    return this.#exitCode;
  }

  /** `<Process name="Process-1" started>` and the like. */
  toString(): string {
    const state =
      this.#worker === undefined
        ? 'initial'
        : this.#exitCode === null
          ? 'started'
          : `stopped exitcode=${this.#exitCode}`;
    return `<Process name="${this.name}" ${state}>`;
  }
}
