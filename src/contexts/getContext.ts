/**
 * `getContext`: the contexts of this entry by name. The thread context's members are the
 * top-level functions themselves.
 */
import '../backends/thread/threadBackend.js';
import { typeError } from '../errors.js';
import { Lock, RLock } from '../locks/locks.js';
import { RawArray, RawValue } from '../objects/rawFactories.js';
import { Process } from '../processes/process.js';
import { attach } from '../sharing/attach.js';
import { copy, SynchronizedArrayFactory, synchronized, Value } from '../wrappers/factories.js';
import { type Context, type ContextName, defaultContext } from './context.js';

const contexts: Readonly<Record<ContextName, Context>> = {
  thread: defaultContext('thread', {
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
  }),
};

/**
 * The whole API bound to one backend, like Python's `multiprocessing.get_context(method)`.
 * `'thread'` (the default: what the top-level functions are) keeps memory in
 * `SharedArrayBuffer`s shared by the worker threads of one process and runs a `Process`
 * in a worker thread.
 *
 * @param name - The context's name: `'thread'`.
 * @returns The context; the same object on every call.
 * @throws TypeError for a name that is not one of the accepted ones.
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
  return contexts[name];
}
