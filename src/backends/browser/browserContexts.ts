/**
 * `getContext` of the browser entry: the thread context, over the browser backend (memory
 * shared by a page and its Web Workers).
 */
// The backend first: the thread context is made over the default backend.
import './browserBackend.js';
import type { Context, ContextName } from '../../contexts/context.js';
import { contextNamed, threadContext } from '../../contexts/threadContext.js';

const contexts: Readonly<Record<ContextName, () => Context>> = {
  thread: () => threadContext,
  process: () => {
    throw new Error(
      'the process context needs Node.js (OS shared memory and child processes): in a ' +
        "browser, a page and its Web Workers share memory in the 'thread' context",
    );
  },
};

/**
 * The whole API bound to one backend, like Python's `multiprocessing.get_context(method)`.
 * In a browser, `'thread'` (what the top-level functions are) keeps memory in
 * `SharedArrayBuffer`s shared by a page and its Web Workers and runs a `Process` in a module
 * `Worker`.
 *
 * @param name - The context's name: `'thread'`.
 * @returns The context; the same object on every call.
 * @throws TypeError for a name that is not one of the accepted ones.
 * @throws Error for `'process'`, which needs Node.js.
 *
 * @example
 * ```ts
 * const ctx = mp.getContext('thread');
 * console.log(ctx.Value === mp.Value); // true
 * ```
 * @group Sharing and processes
 */
export function getContext(name: ContextName): Context {
  return contextNamed(contexts, name);
}
