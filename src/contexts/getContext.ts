/**
 * `getContext` of the Node.js entry: its contexts by name, the thread context over the
 * thread backend of Node.js (`worker_threads`) and the process context.
 */
import { checkProcessContext, processBackend } from '../backends/process/processBackend.js';
import '../backends/thread/threadBackend.js';
import { type Context, type ContextName, createContext } from './context.js';
import { contextNamed, threadContext } from './threadContext.js';

let processContext: Context | undefined;

/** Each context by name, made on first use. */
const contexts: Readonly<Record<ContextName, () => Context>> = {
  thread: () => threadContext,
  process: () => {
    checkProcessContext();
    processContext ??= createContext('process', processBackend);
    return processContext;
  },
};

/**
 * The whole API bound to one backend, like Python's `multiprocessing.get_context(method)`.
 * `'thread'` (the default: what the top-level functions are) keeps memory in
 * `SharedArrayBuffer`s shared by the worker threads of one process and runs a `Process`
 * in a worker thread. `'process'` keeps memory in OS shared memory, which any process of
 * the same user on this machine can attach from plain-data handles (JSON, IPC), with locks
 * that work between processes, and runs a `Process` in a child process.
 *
 * @param name - The context's name: `'thread'` or `'process'`.
 * @returns The context; the same object on every call.
 * @throws TypeError for a name that is not one of the accepted ones.
 * @throws Error for `'process'` where its native part is not available (not built at
 *   install, or not Linux); the message says how to build it.
 *
 * @example
 * ```ts
 * const ctx = mp.getContext('thread');
 * const counter = ctx.Value('i', 0);
 * console.log(ctx.Value === mp.Value); // true
 * ```
 * @group Sharing and processes
 */
export function getContext(name: ContextName): Context {
  return contextNamed(contexts, name);
}
