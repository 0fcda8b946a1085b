/**
 * `Process`: Python's `multiprocessing.Process` (docs/semantics.md, "Sharing with workers
 * and attach"). The target module's default export runs with its arguments attached, where
 * the context's backend starts it: a worker thread in the thread context.
 */
import type { ProcessStarter, StartedProcess } from '../backend/backend.js';
import { currentBackend } from '../backend/registry.js';
import { typeError } from '../errors.js';
import { checkTimeout } from '../locks/timeouts.js';

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
   * works both compiled and under tsx. In a browser: a `URL` or URL string (a relative one
   * against the page's location, as `new Worker` takes it), run in a module `Worker`.
   */
  readonly target: string | URL;
  /** Arguments; shared objects among them arrive attached. */
  readonly args?: readonly unknown[];
  /** A name for messages; default `Process-N`. */
  readonly name?: string;
}

let processCount = 0;

/** The starters of the `Process` classes of contexts other than the default one. */
const startersByClass = new WeakMap<object, ProcessStarter>();

/** The `Process` class of a context whose processes `starter` starts. */
export function processClassFor(starter: ProcessStarter): typeof Process {
  const ContextProcess = class extends Process {};
  Object.defineProperty(ContextProcess, 'name', { value: 'Process' });
  startersByClass.set(ContextProcess, starter);
  return ContextProcess;
}

/**
 * Runs a module's default export in a new worker thread (in the thread context, whose
 * `Process` this is), like Python's `multiprocessing.Process`. Shared objects in `args` are attached for the target.
 * Beyond Python, objects can also be shared later, by message, in either direction. In a
 * browser the worker is a module `Worker`, which ends once the target returned or its
 * promise settled.
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
  readonly #starter: ProcessStarter;
  readonly #target: string;
  readonly #args: readonly unknown[];
  #started: StartedProcess | undefined;
  #exitCode: number | null = null;
  #exited: Promise<void> | undefined;

  /**
   * @param options - `target` (module path or URL), `args`, `name`.
   * @throws TypeError for a target that is not an absolute path or URL, or `args` that is
   *   not an array.
   */
  constructor(options: ProcessOptions) {
    if (typeof options !== 'object' || options === null) {
      throw typeError('options', 'an object with a target', options);
    }
    this.#starter = startersByClass.get(new.target) ?? currentBackend().processes;
    const { target, args = [], name } = options;
    this.#target = this.#starter.resolveTarget(target);
    if (!Array.isArray(args)) throw typeError('args', 'an array', args);
    if (name !== undefined && typeof name !== 'string') throw typeError('name', 'a string', name);
    processCount++;
    this.name = name ?? `Process-${processCount}`;
    this.#args = args;
  }

  /**
   * Starts the process.
   * @throws Error when the process was started before; TypeError in the process context
   *   when `args` hold what a child process cannot receive (objects of the thread context,
   *   functions).
   */
  start(): void {
    if (this.#started !== undefined) throw new Error(`${this.name} cannot be started twice`);
    const started = this.#starter.start(this.#target, this.#args, this.name, (error) => {
      this.error = error;
    });
    this.#started = started;
    this.#exited = started.exited.then((code) => {
      this.#exitCode = code;
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
    return this.#started !== undefined && this.#exitCode === null;
  }

  /**
   * Stops the worker at once, also while it is still starting; resolves when it has ended.
   * `exitCode` is then -15, as in Python; a worker that had already ended on its own keeps
   * its exit code. Does nothing before `start()`. Locks the worker held stay held.
   */
  async terminate(): Promise<void> {
    if (this.#started === undefined) return;
    await this.#started.terminate();
    await this.#exited;
  }

  /**
   * Kills the process at once: SIGKILL for a child process (process context; `exitCode`
   * -9), the same as `terminate()` for a worker thread or a browser's `Worker`. Does nothing
   * before `start()`.
   */
  async kill(): Promise<void> {
    if (this.#started === undefined) return;
    await this.#started.kill();
    await this.#exited;
  }

  /**
   * The OS process id the target runs in, once started: a child's own pid in the process
   * context; in the thread context, this process's pid (worker threads share it);
   * `undefined` in a browser.
   */
  get pid(): number | undefined {
    return this.#started?.pid;
  }

  /**
   * The exit code once ended, else `null`: 0 on success, 1 when the target threw (or its
   * module failed to load, or, in a browser, an error went uncaught in its worker), 13 when
   * the target's promise can never settle (Node's code for an unsettled top-level await),
   * -15 when `terminate()` stopped it (Python's `-SIGTERM`), -N for a child process ended by
   * signal N, or the code the target passed to `process.exit(code)`.
   */
  get exitCode(): number | null {
    return this.#exitCode;
  }

  /** `<Process name="Process-1" started>` and the like. */
  toString(): string {
    const state =
      this.#started === undefined
        ? 'initial'
        : this.#exitCode === null
          ? 'started'
          : `stopped exitcode=${this.#exitCode}`;
    return `<Process name="${this.name}" ${state}>`;
  }
}
