/**
 * `getContext`: the contexts of this entry by name. The thread context's members are the
 * top-level functions themselves.
 */
import { checkProcessContext, processBackend } from '../backends/process/processBackend.js';
import '../backends/thread/threadBackend.js';
import { typeError } from '../errors.js';
import { Lock, RLock } from '../locks/locks.js';
import { RawArray, RawValue } from '../objects/rawFactories.js';
import { Process } from '../processes/process.js';
import { attach } from '../sharing/attach.js';
import { copy, SynchronizedArrayFactory, synchronized, Value } from '../wrappers/factories.js';
import { type Context, type ContextName, createContext, defaultContext } from './context.js';

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

const threadContext = defaultContext('thread', {
  Value,
  Array: SynchronizedArrayFactory,
  RawValue,
  RawArray,
  Lock,
  RLock,
  synchronized,
  copy,
  attach,
  Process,
});

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
  if (typeof name !== 'string' || !Object.hasOwn(contexts, name)) {
    const accepted = Object.keys(contexts)
      .map((key) => `'${key}'`)
      .join(', ');
    throw typeError('name', `the name of a context (${accepted})`, name);
  }
  return contexts[name]();
}
