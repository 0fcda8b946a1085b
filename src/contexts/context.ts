/**
 * Contexts: the whole API bound to one backend, like the objects of Python's
 * `multiprocessing.get_context()`. The top-level functions are the thread context's.
 */
import type { Backend } from '../backend/backend.js';
import { type Lock, lockFactoriesFor, type RLock } from '../locks/locks.js';
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
   * Removes a named object's name.
   * @throws Error in a context without named objects (the thread context).
   */
  unlink(name: string): void;
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

/** `unlink`, while no context has named objects. */
function refuseUnlink(name: string): never {
  throw new Error(`cannot unlink ${JSON.stringify(name)}: this version has no named objects`);
}

/** A context whose members allocate from `backend` and start processes its way. */
export function createContext(name: ContextName, backend: Backend): Context {
  const { Lock, RLock } = lockFactoriesFor(backend);
  return Object.freeze({
    name,
    Value: ((type, init, options) => valueIn(backend, type, init, options)) as typeof Value,
    Array: ((type, sizeOrInitializer, options) =>
      arrayIn(backend, type, sizeOrInitializer, options)) as typeof SynchronizedArrayFactory,
    RawValue: ((type, init) => rawValueIn(backend, type, init)) as typeof RawValue,
    RawArray: ((type, sizeOrInitializer) =>
      rawArrayIn(backend, type, sizeOrInitializer)) as typeof RawArray,
    Lock,
    RLock,
    synchronized: ((raw, lock) => synchronizedIn(backend, raw, lock)) as typeof synchronized,
    copy: ((obj) => copyIn(backend, obj)) as typeof copy,
    attach,
    Process: processClassFor(backend.processes),
    unlink: refuseUnlink,
  });
}

/** The members of the context whose functions are the top-level ones. */
export function defaultContext(
  name: ContextName,
  members: Omit<Context, 'name' | 'unlink'>,
): Context {
  return Object.freeze({ name, ...members, unlink: refuseUnlink });
}
