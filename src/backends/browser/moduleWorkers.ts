/**
 * How `Process` starts in browsers: the target module's default export runs in a new module
 * `Worker`, through the entry `processEntry.ts`, which reports how it ended by message.
 */
import {
  type ProcessStarter,
  type StartedProcess,
  TERMINATED_EXIT_CODE,
} from '../../backend/backend.js';
import { typeError } from '../../errors.js';
import { newSharedBuffer } from '../../memory/bufferMemory.js';
import { familyCounter } from './agent.js';

/** What the entry receives first: what to run, and how to report. */
export interface StartMessage {
  readonly target: string;
  readonly args: readonly unknown[];
  readonly name: string;
  /** The family counter of the starting agent (see `agent.ts`). */
  readonly family: Uint32Array;
  /** Cell 0 set to 1 when the worker ends on its own (not when terminated), cell 1 its code. */
  readonly exit: Int32Array;
}

/** What the entry posts: the target's failure, then its end. */
export type EntryReport =
  | { readonly kind: 'sharedctypes:target-error'; readonly error: unknown }
  | { readonly kind: 'sharedctypes:exit'; readonly code: number };

/** A module `Worker`, as the page or worker that starts it sees it. */
interface ModuleWorker {
  postMessage(message: StartMessage): void;
  terminate(): void;
  addEventListener(
    type: 'message',
    listener: (event: { readonly data: EntryReport }) => void,
  ): void;
  addEventListener(
    type: 'error',
    listener: (event: { readonly message: string; readonly error?: unknown }) => void,
  ): void;
}

declare const Worker: new (
  url: URL,
  options: { readonly type: 'module'; readonly name: string },
) => ModuleWorker;

/** The global a page or worker has, for relative targets. */
declare const location: { readonly href: string } | undefined;

/** The target as an absolute URL string: relative ones against this agent's location. */
function resolveTarget(target: unknown): string {
  if (target instanceof URL) return target.href;
  if (typeof target === 'string' && target !== '') {
    try {
      return new URL(target, typeof location === 'undefined' ? undefined : location.href).href;
    } catch {
      // not a URL: refused below
    }
  }
  throw typeError('target', 'a URL or a URL string of a module', target);
}

function start(
  target: string,
  args: readonly unknown[],
  name: string,
  onError: (error: unknown) => void,
): StartedProcess {
  const exit = new Int32Array(newSharedBuffer(8));
  const family = familyCounter();
  // Written out as `new Worker(new URL(…, import.meta.url))`, the form bundlers recognize.
  const worker = new Worker(new URL('./processEntry.js', import.meta.url), {
    type: 'module',
    name,
  });
  let ended = false;
  let settle: (code: number) => void = () => {};
  const exited = new Promise<number>((resolve) => {
    settle = resolve;
  });
  const end = (code: number): void => {
    if (ended) return;
    ended = true;
    worker.terminate();
    settle(code);
  };
  worker.addEventListener('message', ({ data }) => {
    if (data.kind === 'sharedctypes:target-error') onError(data.error);
    else if (data.kind === 'sharedctypes:exit') end(data.code);
  });
  // The entry itself failed to load (the target's own failures come as messages).
  worker.addEventListener('error', (event) => {
    onError(event.error ?? new Error(`${name}: the worker failed to start: ${event.message}`));
    end(1);
  });
  try {
    worker.postMessage({ target, args, name, family, exit });
  } catch (error) {
    worker.terminate();
    throw error;
  }
  const stop = async (): Promise<void> => {
    // A worker that ended on its own, its report not yet received, keeps its code.
    end(Atomics.load(exit, 0) === 1 ? Atomics.load(exit, 1) : TERMINATED_EXIT_CODE);
    await exited;
  };
  // A browser has no process ids, and no other way to stop a worker.
  return { exited, pid: undefined, terminate: stop, kill: stop };
}

/** Starts targets in module Web Workers. */
export const moduleWorkers: ProcessStarter = { resolveTarget, start };
