/**
 * Contexts: the whole API bound to one backend, like the objects of Python's
 * `multiprocessing.get_context()`. The top-level functions are the thread context's.
 */
import type { Backend } from '../backend/backend.js';
import { currentBackend } from '../backend/registry.js';
import { type Lock, lockFactoriesFor, type RLock } from '../locks/locks.js';
import { checkObjectName } from '../memory/namedObjects.js';
import { type RawArray, type RawValue, rawArrayIn, rawValueIn } from '../objects/rawFactories.js';
import { type Process, processClassFor } from '../processes/process.js';
import { attach } from '../sharing/attach.js';
import {
  arrayIn,
  type copy,
  copyIn,
  type SynchronizedArrayFactory,
  type synchronized,
  synchronizedIn,
  type Value,
  valueIn,
} from '../wrappers/factories.js';

/**
 * The API bound to one backend: where memory comes from, how locks wait and who owns
 * them, and how a `Process` starts. Get one with {@link getContext}; each member works as
 * the top-level function of the same name, with this context's memory. `attach` takes the
 * handles of every context.
 *
 * @example
 * ```ts
 * const ctx = mp.getContext('thread');
 * const counter = ctx.Value('i', 0);
 * ctx.Lock().withLock(() => { counter.value += 1; });
 * ```
 * @group Sharing and processes
 */
export interface Context {
  /** The context's name, as given to {@link getContext}. */
  readonly name: ContextName;
  /** {@link Value} with this context's memory. */
  readonly Value: typeof Value;
  /** {@link SynchronizedArrayFactory | Array} with this context's memory. */
  readonly Array: typeof SynchronizedArrayFactory;
  /** {@link RawValue} with this context's memory. */
  readonly RawValue: typeof RawValue;
  /** {@link RawArray} with this context's memory. */
  readonly RawArray: typeof RawArray;
  /** {@link Lock} with this context's memory. */
  readonly Lock: typeof Lock;
  /** {@link RLock} with this context's memory. */
  readonly RLock: typeof RLock;
  /** {@link synchronized}; a lock it makes is in this context's memory. */
  readonly synchronized: typeof synchronized;
  /** {@link copy} into this context's memory. */
  readonly copy: typeof copy;
  /** {@link attach}, for the handles of every context. */
  readonly attach: typeof attach;
  /** {@link Process}, started the way this context starts processes. */
  readonly Process: typeof Process;
  /**
   * Removes a named object's name, like `SharedMemory.unlink()`: objects already opened
   * stay valid, and the next to ask for the name creates a new object.
   * @returns Whether there was an object of that name.
   * @throws TypeError for a name that is not 1 to 64 of `[A-Za-z0-9._-]`.
   * @throws Error in a context without named objects (the thread context).
   */
  unlink(name: string): boolean;
}

/**
 * The names {@link getContext} accepts.
 * @example
 * ```ts
 * const name: mp.ContextName = 'thread';
 * ```
 * @group Sharing and processes
 */
export type ContextName = 'thread' | 'process';

/** The `unlink` of a context whose memory comes from `backend`. */
function unlinkIn(backend: Backend): (name: string) => boolean {
  return (name) => {
    const checked = checkObjectName(name, 'name');
    if (backend.named === undefined) {
      throw new Error(
        `cannot unlink ${JSON.stringify(checked)}: the ${backend.name} context has no named objects (the process context has)`,
      );
    }
    return backend.named.unlink(checked);
  };
}

/** A context whose members allocate from `backend` and start processes its way. */
export function createContext(name: ContextName, backend: Backend): Context {
  const { Lock, RLock } = lockFactoriesFor(backend);
  return Object.freeze({
    name,
    Value: ((type, init, options) => valueIn(backend, type, init, options)) as typeof Value,
    Array: ((type, sizeOrInitializer, options) =>
      arrayIn(backend, type, sizeOrInitializer, options)) as typeof SynchronizedArrayFactory,
    RawValue: ((type, init, options) =>
      rawValueIn(backend, type, init, options)) as typeof RawValue,
    RawArray: ((type, sizeOrInitializer, options) =>
      rawArrayIn(backend, type, sizeOrInitializer, options)) as typeof RawArray,
    Lock,
    RLock,
    synchronized: ((raw, lock) => synchronizedIn(backend, raw, lock)) as typeof synchronized,
    copy: ((obj) => copyIn(backend, obj)) as typeof copy,
    attach,
    Process: processClassFor(backend.processes),
    unlink: unlinkIn(backend),
  });
}

/** The members of the context whose functions are the top-level ones. */
export function defaultContext(
  name: ContextName,
  members: Omit<Context, 'name' | 'unlink'>,
): Context {
  return Object.freeze({ name, ...members, unlink: unlinkIn(currentBackend()) });
}
