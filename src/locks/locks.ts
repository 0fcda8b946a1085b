/**
 * `Lock` and `RLock` in shared memory (docs/semantics.md, "Locks and timeouts"), working
 * between the main thread and any number of workers. `Lock` is not recursive and has no owner; `RLock` is owned by the
 * thread that acquired it and counts its recursive acquisitions.
 */
import type { Backend } from '../backend/backend.js';
import { currentBackend } from '../backend/registry.js';
import { AbandonedLockError, LockError, typeError } from '../errors.js';
import { arenaOf } from '../memory/arena.js';
import { Allocation } from '../memory/heap.js';
import { createOrOpen } from '../memory/namedObjects.js';
import { INSPECT } from '../objects/sharedObject.js';
import {
  encodeLock,
  LOCK_ALIGNMENT,
  LOCK_BYTES,
  LOCK_CELLS,
  type LockRecord,
} from '../sharing/handleCodec.js';
import {
  checkBlock,
  holdLock,
  type LockGuard,
  runWithLock,
  runWithLockAsync,
  type SynchronousResult,
} from './lockBase.js';
import * as mutex from './mutex.js';
import { lockForever, lockUntil, lockUntilAsync, type Outcome, ownerOf } from './mutex.js';
import { deadlineFor } from './timeouts.js';

// The mutex's constants as this module's own: V8 reads an imported binding from its module
// cell and checks that it is initialized at every use, even in optimized code, while it
// builds a module's own constants into the code.
const { ABANDONED, ACQUIRED, DEPTH, UNLOCKED, WAITING } = mutex;

/**
 * What a lock's waiting acquire gives its caller: whether it acquired, or, acquired from a
 * holder that had ended, the {@link AbandonedLockError} (the lock now held).
 */
function settle(lock: AnyLock, outcome: Outcome): boolean {
  if (outcome === ABANDONED) throw new AbandonedLockError(lock);
  return outcome === ACQUIRED;
}

/**
 * A non-recursive lock in shared memory, like `multiprocessing.Lock`: any thread may
 * release it. Create one with {@link Lock}.
 *
 * @example
 * ```ts
 * const lock = mp.Lock();
 * if (lock.acquire(true, 0.5)) {
 *   try { console.log('held'); } finally { lock.release(); }
 * }
 * ```
 * @group Locks
 */
export class SharedLock {
  /** The handle record that travels when this lock is posted to a worker. @internal */
  readonly __sharedctypes__: LockRecord;
  readonly #backend: Backend;
  /** The current agent's identity, recorded as the holder's (see `mutex.ts`). */
  readonly #owner: number;
  readonly #cells: Int32Array;
  readonly #index: number;

  /**
   * Use {@link Lock} instead.
   * @internal
   * @param allocation - At least 8 bytes of shared memory, aligned to 4, zeroed (unlocked) when new.
   */
  constructor(allocation: Allocation) {
    this.__sharedctypes__ = encodeLock('lock', allocation);
    this.#backend = allocation.arena.backend;
    this.#owner = this.#backend.agentId;
    this.#cells = allocation.arena.view('int32');
    this.#index = allocation.offset / LOCK_ALIGNMENT + LOCK_CELLS.state;
    Object.preventExtensions(this);
  }

  /**
   * Acquires the lock.
   * @param block - `false` never waits.
   * @param timeout - Seconds to wait at most; `undefined`/`null` waits forever, ≤ 0 never waits.
   * @returns Whether the lock was acquired.
   * @throws TypeError when `block` is not a boolean or `timeout` is not a number,
   *   `undefined` or `null`.
   * @throws AbandonedLockError, with the lock acquired, when its holder ended holding it.
   * @throws LockError where the thread may not block (a browser page's main thread), when
   *   the lock is held and the call would have to wait: use `acquireAsync` there. An
   *   uncontended acquire, and one that never waits (`block` false, timeout ≤ 0), work.
   */
  acquire(block = true, timeout?: number | null): boolean {
    if (block !== true || timeout !== undefined) return this.#acquireUntil(block, timeout);
    const cells = this.#cells;
    const index = this.#index;
    const owner = this.#owner;
    const seen = Atomics.compareExchange(cells, index, UNLOCKED, owner);
    if (seen === UNLOCKED) return true;
    const outcome = lockForever(this.#backend, cells, index, owner, seen);
    return outcome === ACQUIRED || settle(this, outcome);
  }

  /** `acquire` with arguments: checks them, then acquires waiting until their deadline. */
  #acquireUntil(block: boolean, timeout: number | null | undefined): boolean {
    checkBlock(block);
    const deadline = deadlineFor(block, timeout);
    if (deadline === Number.POSITIVE_INFINITY) return this.acquire();
    const cells = this.#cells;
    const index = this.#index;
    const seen = Atomics.compareExchange(cells, index, UNLOCKED, this.#owner);
    if (seen === UNLOCKED) return true;
    return settle(this, lockUntil(this.#backend, cells, index, this.#owner, seen, deadline));
  }

  /**
   * Acquires the lock without blocking the thread (for an event loop); the pending wait
   * keeps the process alive until it settles.
   * @param timeout - Seconds to wait at most; `undefined`/`null` waits forever.
   * @returns A promise of whether the lock was acquired; it rejects with
   *   {@link AbandonedLockError}, the lock acquired, when its holder ended holding it.
   * @throws TypeError (synchronously) when `timeout` is not a number, `undefined` or `null`.
   */
  acquireAsync(timeout?: number | null): Promise<boolean> {
    const deadline = deadlineFor(true, timeout);
    const cells = this.#cells;
    const index = this.#index;
    const seen = Atomics.compareExchange(cells, index, UNLOCKED, this.#owner);
    if (seen === UNLOCKED) return Promise.resolve(true);
    const outcome = lockUntilAsync(this.#backend, cells, index, this.#owner, seen, deadline);
    return outcome.then((settled) => settle(this, settled));
  }

  /** Always `false`: a `Lock` has no owner. Array and structure wrappers use this to skip re-acquiring an owned `RLock`. */
  isOwnedByCurrentThread(): boolean {
    return false;
  }

  /**
   * Releases the lock; any thread may.
   * @throws LockError when the lock is not held.
   */
  release(): void {
    const cells = this.#cells;
    const index = this.#index;
    const seen = Atomics.exchange(cells, index, UNLOCKED);
    if (seen === UNLOCKED) throw new LockError('Lock released too many times');
    if ((seen & WAITING) !== 0) this.#backend.waiting.notify(cells, index, 1);
  }

  /** Acquires (blocking) and returns a guard for `using`: `using _ = lock.hold();`. */
  hold(): LockGuard {
    return holdLock(this);
  }

  /**
   * Runs the synchronous `fn` holding the lock and returns its result; releases also when
   * `fn` throws.
   * @throws TypeError, with the lock released, when `fn` returns a promise or other
   *   thenable: use {@link withLockAsync} for asynchronous bodies.
   */
  withLock<Result>(fn: () => SynchronousResult<Result>): Result {
    return runWithLock(this, fn) as Result;
  }

  /**
   * Acquires with `acquireAsync`, awaits `fn()`, and releases when it settles (fulfilled or
   * rejected). The event loop stays free while waiting for the lock.
   * @returns A promise of `fn`'s result.
   */
  withLockAsync<Result>(fn: () => Result | PromiseLike<Result>): Promise<Result> {
    return runWithLockAsync(this, fn);
  }

  /** `<Lock(locked)>` or `<Lock(unlocked)>`. */
  toString(): string {
    const locked = Atomics.load(this.#cells, this.#index) !== UNLOCKED;
    return `<Lock(${locked ? 'locked' : 'unlocked'})>`;
  }

  /** @internal */
  [INSPECT](): string {
    return this.toString();
  }

  /** @internal The memory of this lock. */
  get allocation(): Allocation {
    return lockAllocation(this.__sharedctypes__);
  }
}

/**
 * A recursive lock in shared memory, like `multiprocessing.RLock`: the thread that
 * acquires it owns it and may acquire it again; it is free after as many releases.
 * Create one with {@link RLock}.
 *
 * The owner is a thread, not an asynchronous task: two `withLockAsync` bodies running
 * interleaved on one thread both count as the owner and are not excluded from each other.
 * Use a `Lock` where asynchronous tasks of one thread must exclude each other.
 *
 * @example
 * ```ts
 * const lock = mp.RLock();
 * lock.withLock(() => lock.withLock(() => console.log('nested')));
 * ```
 * @group Locks
 */
export class SharedRLock {
  /** The handle record that travels when this lock is posted to a worker. @internal */
  readonly __sharedctypes__: LockRecord;
  readonly #backend: Backend;
  /** The current agent's identity, as the owner in the state cell. */
  readonly #owner: number;
  readonly #cells: Int32Array;
  /** The index of the state cell: 0 free, else the owner (see `mutex.ts`). */
  readonly #state: number;

  // The uncontended steps of the protocol in `mutex.ts` (one compare-and-swap, the owner
  // test) are written out in `acquire`, `isOwnedByCurrentThread` and `release`: a worker's
  // hot loop runs its first hundreds of thousands of iterations before it is optimized as a
  // whole, and there each call costs (measured: a median 95 against 80 ns of CPU time per
  // guarded increment over a worker's first 262,144, 26 ns either way once optimized).
  // What a contended acquire and release also run is written out there too: a nested
  // acquire, the wake-up of a waiter, the wait in `lockForever`. A contended loop's optimized
  // code inlines all that it runs within one budget of inlined bytecode (see `lockForever`),
  // which the `.value` accessors get last; private methods, each inlined with its own
  // overhead, had left them out. Only what such a loop never runs is apart: arguments, a
  // deadline, an error. Measured, 2 workers racing on a guarded increment: 0.86-0.91× the
  // throughput of a bare Atomics mutex against 0.74-0.82× (medians of 10 runs, 3 each,
  // interleaved); the uncontended guarded increment after unlocked `.value` accesses lost
  // about 10%, its accessors' own slow paths now taking part of that budget.

  /**
   * Use {@link RLock} instead.
   * @internal
   * @param allocation - At least 8 bytes of shared memory, aligned to 4, zeroed (unlocked) when new.
   */
  constructor(allocation: Allocation) {
    this.__sharedctypes__ = encodeLock('rlock', allocation);
    this.#backend = allocation.arena.backend;
    this.#owner = this.#backend.agentId;
    this.#cells = allocation.arena.view('int32');
    this.#state = allocation.offset / LOCK_ALIGNMENT + LOCK_CELLS.state;
    Object.preventExtensions(this);
  }

  /**
   * Acquires the lock, or counts one more acquisition if this thread owns it.
   * @param block - `false` never waits.
   * @param timeout - Seconds to wait at most; `undefined`/`null` waits forever, ≤ 0 never waits.
   * @returns Whether the lock was acquired.
   * @throws TypeError when `block` is not a boolean or `timeout` is not a number,
   *   `undefined` or `null`.
   * @throws AbandonedLockError, with the lock acquired, when its holder ended holding it.
   * @throws LockError where the thread may not block (a browser page's main thread), when
   *   another thread holds the lock and the call would have to wait: use `acquireAsync`.
   */
  acquire(block = true, timeout?: number | null): boolean {
    if (block !== true || timeout !== undefined) return this.#acquireUntil(block, timeout);
    const cells = this.#cells;
    const state = this.#state;
    const owner = this.#owner;
    const seen = Atomics.compareExchange(cells, state, UNLOCKED, owner);
    if (seen === UNLOCKED) return true;
    if ((seen & ~WAITING) === owner) {
      cells[state + DEPTH]++;
      return true;
    }
    const outcome = lockForever(this.#backend, cells, state, owner, seen);
    return outcome === ACQUIRED || settle(this, outcome);
  }

  /** `acquire` with arguments: checks them, then acquires waiting until their deadline. */
  #acquireUntil(block: boolean, timeout: number | null | undefined): boolean {
    checkBlock(block);
    const deadline = deadlineFor(block, timeout);
    if (deadline === Number.POSITIVE_INFINITY) return this.acquire();
    const cells = this.#cells;
    const state = this.#state;
    const owner = this.#owner;
    const seen = Atomics.compareExchange(cells, state, UNLOCKED, owner);
    if (seen === UNLOCKED) return true;
    if ((seen & ~WAITING) === owner) {
      cells[state + DEPTH]++;
      return true;
    }
    return settle(this, lockUntil(this.#backend, cells, state, owner, seen, deadline));
  }

  /**
   * Acquires without blocking the thread; the pending wait keeps the process alive. The
   * owner is the thread: if this thread holds the lock, it resolves at once.
   * @param timeout - Seconds to wait at most; `undefined`/`null` waits forever.
   * @returns A promise of whether the lock was acquired; it rejects with
   *   {@link AbandonedLockError}, the lock acquired, when its holder ended holding it.
   * @throws TypeError (synchronously) when `timeout` is not a number, `undefined` or `null`.
   */
  acquireAsync(timeout?: number | null): Promise<boolean> {
    const deadline = deadlineFor(true, timeout);
    const cells = this.#cells;
    const state = this.#state;
    const owner = this.#owner;
    const seen = Atomics.compareExchange(cells, state, UNLOCKED, owner);
    if (seen === UNLOCKED) return Promise.resolve(true);
    if ((seen & ~WAITING) === owner) {
      cells[state + DEPTH]++;
      return Promise.resolve(true);
    }
    const outcome = lockUntilAsync(this.#backend, cells, state, owner, seen, deadline);
    return outcome.then((settled) => settle(this, settled));
  }

  /** Whether the calling thread holds this lock. */
  isOwnedByCurrentThread(): boolean {
    const cells = this.#cells;
    const state = this.#state;
    return (cells[state] & ~WAITING) === this.#owner;
  }

  /**
   * Releases one acquisition; the last one frees the lock.
   * @throws LockError when this thread does not own the lock.
   */
  release(): void {
    const cells = this.#cells;
    const state = this.#state;
    const owner = this.#owner;
    // The depth is 0 but for the owner's nested acquisitions; freeing checks the owner itself.
    if (cells[state + DEPTH] === 0) {
      const seen = Atomics.compareExchange(cells, state, owner, UNLOCKED);
      if (seen === owner) return;
      // Only the owner changes a held state, but for a waiter adding WAITING.
      if (seen === (owner | WAITING)) {
        Atomics.store(cells, state, UNLOCKED);
        this.#backend.waiting.notify(cells, state, 1);
        return;
      }
    }
    this.#releaseNested();
  }

  /** The rest of a release: one nested acquisition less, if this thread holds the lock. */
  #releaseNested(): void {
    const cells = this.#cells;
    const state = this.#state;
    const depth = cells[state + DEPTH];
    if (depth === 0 || (Atomics.load(cells, state) & ~WAITING) !== this.#owner) {
      throw new LockError('cannot release an RLock that this thread does not own');
    }
    cells[state + DEPTH] = depth - 1;
  }

  /** Acquires (blocking) and returns a guard for `using`: `using _ = lock.hold();`. */
  hold(): LockGuard {
    return holdLock(this);
  }

  /**
   * Runs the synchronous `fn` holding the lock and returns its result; releases also when
   * `fn` throws.
   * @throws TypeError, with the lock released, when `fn` returns a promise or other
   *   thenable: use {@link withLockAsync} for asynchronous bodies.
   */
  withLock<Result>(fn: () => SynchronousResult<Result>): Result {
    return runWithLock(this, fn) as Result;
  }

  /**
   * Acquires with `acquireAsync`, awaits `fn()`, and releases when it settles (fulfilled or
   * rejected). The event loop stays free while waiting for the lock.
   * @returns A promise of `fn`'s result.
   */
  withLockAsync<Result>(fn: () => Result | PromiseLike<Result>): Promise<Result> {
    return runWithLockAsync(this, fn);
  }

  /** `<RLock(owner=1, count=2)>` (thread identities), or `<RLock(None, 0)>` when free. */
  toString(): string {
    const owner = ownerOf(Atomics.load(this.#cells, this.#state));
    if (owner === 0) return '<RLock(None, 0)>';
    return `<RLock(owner=${owner}, count=${Atomics.load(this.#cells, this.#state + DEPTH) + 1})>`;
  }

  /** @internal */
  [INSPECT](): string {
    return this.toString();
  }

  /** @internal The memory of this lock. */
  get allocation(): Allocation {
    return lockAllocation(this.__sharedctypes__);
  }
}

/**
 * The named lock of `kind` that `options.name` names, created unlocked by the first to ask.
 * @throws TypeError for options that are not an object, a bad name, a context without
 *   named objects, or another kind of lock under that name.
 */
function namedLockIn(backend: Backend, kind: 'Lock' | 'RLock', options: unknown): AnyLock {
  if (typeof options !== 'object' || options === null) {
    throw typeError('options', 'an object such as { name: "jobs" }, or undefined', options);
  }
  const signature = {
    label: `${kind === 'Lock' ? 'a' : 'an'} ${kind}`,
    exact: JSON.stringify({ lock: kind }),
  };
  const name = (options as { name?: unknown }).name;
  const place = createOrOpen(backend, name, signature, LOCK_BYTES, () => {});
  const allocation = new Allocation(place.arena, place.offset);
  return kind === 'Lock' ? new SharedLock(allocation) : new SharedRLock(allocation);
}

/** `Lock` with memory from `backend`: a new lock, or the named one `options` names. */
function lockIn(backend: Backend, options: unknown): SharedLock {
  if (options === undefined) return new SharedLock(backend.allocate(LOCK_BYTES));
  return namedLockIn(backend, 'Lock', options) as SharedLock;
}

/** `RLock` with memory from `backend`: a new lock, or the named one `options` names. */
export function rlockIn(backend: Backend, options?: unknown): SharedRLock {
  if (options === undefined) return new SharedRLock(backend.allocate(LOCK_BYTES));
  return namedLockIn(backend, 'RLock', options) as SharedRLock;
}

function lockAllocation(record: LockRecord): Allocation {
  return new Allocation(arenaOf(record.memory), record.offset);
}

/**
 * Either kind of lock.
 * @example
 * ```ts
 * const lock: mp.AnyLock = Math.random() < 0.5 ? mp.Lock() : mp.RLock();
 * ```
 * @group Locks
 */
export type AnyLock = SharedLock | SharedRLock;

/**
 * A new non-recursive lock in shared memory, like `multiprocessing.Lock()`. Call it
 * without `new`; `x instanceof mp.Lock` works.
 *
 * @param options - `name` (process context): the named lock that unrelated processes meet
 *   at, 1 to 64 of `[A-Za-z0-9._-]`, created unlocked by the first to ask.
 * @returns An unlocked lock (a named one as it is).
 * @throws TypeError for bad options or name, a name in the thread context, or a name taken
 *   by another kind of object.
 * @example
 * ```ts
 * const lock = mp.Lock();
 * lock.withLock(() => console.log('held'));
 * ```
 * @group Locks
 */
export function Lock(options?: { readonly name: string }): SharedLock {
  return lockIn(currentBackend(), options);
}
Object.defineProperty(Lock, 'prototype', { value: SharedLock.prototype });

/**
 * A new recursive lock in shared memory, like `multiprocessing.RLock()`. Call it without
 * `new`; `x instanceof mp.RLock` works.
 *
 * @param options - `name` as for {@link Lock}.
 * @returns An unlocked recursive lock (a named one as it is).
 * @throws TypeError as {@link Lock} does.
 * @example
 * ```ts
 * const lock = mp.RLock();
 * using _ = lock.hold();
 * ```
 * @group Locks
 */
export function RLock(options?: { readonly name: string }): SharedRLock {
  return rlockIn(currentBackend(), options);
}
Object.defineProperty(RLock, 'prototype', { value: SharedRLock.prototype });

/** The `Lock` and `RLock` functions of a context whose memory comes from `backend`. */
export function lockFactoriesFor(backend: Backend): {
  readonly Lock: typeof Lock;
  readonly RLock: typeof RLock;
} {
  const lock = (options?: { readonly name: string }) => lockIn(backend, options);
  const rlock = (options?: { readonly name: string }) => rlockIn(backend, options);
  Object.defineProperty(lock, 'name', { value: 'Lock' });
  Object.defineProperty(lock, 'prototype', { value: SharedLock.prototype });
  Object.defineProperty(rlock, 'name', { value: 'RLock' });
  Object.defineProperty(rlock, 'prototype', { value: SharedRLock.prototype });
  return { Lock: lock, RLock: rlock };
}

/** Whether `value` is a `Lock` or `RLock` of this library. */
export function isLock(value: unknown): value is AnyLock {
  return value instanceof SharedLock || value instanceof SharedRLock;
}
