/**
 * `Lock` and `RLock` in shared memory (docs/semantics.md, "Locks and timeouts"), working
 * between the main thread and any number of workers. `Lock` is not recursive and has no owner; `RLock` is owned by the
 * thread that acquired it and counts its recursive acquisitions.
 */
import { LockError } from '../errors.js';
import { type Allocation, allocate } from '../memory/heap.js';
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
import { isLocked, lockUntil, lockUntilAsync, tryLock, unlock } from './mutex.js';
import { CURRENT_THREAD } from './threadIdentity.js';
import { checkTimeout, deadlineFor } from './timeouts.js';

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
  readonly #cells: Int32Array;
  readonly #index: number;
  readonly #allocation: Allocation;

  /**
   * Use {@link Lock} instead.
   * @internal
   * @param allocation - At least 12 bytes of shared memory, aligned to 4, zeroed (unlocked) when new.
   */
  constructor(allocation: Allocation) {
    this.__sharedctypes__ = encodeLock('lock', allocation);
    this.#allocation = allocation;
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
   */
  acquire(block = true, timeout?: number | null): boolean {
    checkBlock(block);
    if (timeout !== undefined) checkTimeout(timeout);
    if (tryLock(this.#cells, this.#index)) return true;
    return lockUntil(this.#cells, this.#index, deadlineFor(block, timeout));
  }

  /**
   * Acquires the lock without blocking the thread (for an event loop); the pending wait
   * keeps the process alive until it settles.
   * @param timeout - Seconds to wait at most; `undefined`/`null` waits forever.
   * @returns A promise of whether the lock was acquired.
   * @throws TypeError (synchronously) when `timeout` is not a number, `undefined` or `null`.
   */
  acquireAsync(timeout?: number | null): Promise<boolean> {
    const deadline = deadlineFor(true, timeout);
    return lockUntilAsync(this.#cells, this.#index, deadline);
  }

  /** Always `false`: a `Lock` has no owner. Wrappers use this to skip re-acquiring an owned `RLock`. */
  isOwnedByCurrentThread(): boolean {
    return false;
  }

  /**
   * Releases the lock; any thread may.
   * @throws LockError when the lock is not held.
   */
  release(): void {
    if (!isLocked(this.#cells, this.#index)) throw new LockError('Lock released too many times');
    unlock(this.#cells, this.#index);
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
    return `<Lock(${isLocked(this.#cells, this.#index) ? 'locked' : 'unlocked'})>`;
  }

  /** @internal */
  [INSPECT](): string {
    return this.toString();
  }

  /** @internal The memory of this lock. */
  get allocation(): Allocation {
    return this.#allocation;
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
  readonly #cells: Int32Array;
  readonly #state: number;
  readonly #owner: number;
  readonly #depth: number;
  readonly #allocation: Allocation;

  /**
   * Use {@link RLock} instead.
   * @internal
   * @param allocation - At least 12 bytes of shared memory, aligned to 4, zeroed (unlocked) when new.
   */
  constructor(allocation: Allocation) {
    this.__sharedctypes__ = encodeLock('rlock', allocation);
    this.#allocation = allocation;
    this.#cells = allocation.arena.view('int32');
    const first = allocation.offset / LOCK_ALIGNMENT;
    this.#state = first + LOCK_CELLS.state;
    this.#owner = first + LOCK_CELLS.owner;
    this.#depth = first + LOCK_CELLS.depth;
    Object.preventExtensions(this);
  }

  /**
   * Acquires the lock, or counts one more acquisition if this thread owns it.
   * @param block - `false` never waits.
   * @param timeout - Seconds to wait at most; `undefined`/`null` waits forever, ≤ 0 never waits.
   * @returns Whether the lock was acquired.
   * @throws TypeError when `block` is not a boolean or `timeout` is not a number,
   *   `undefined` or `null`.
   */
  acquire(block = true, timeout?: number | null): boolean {
    checkBlock(block);
    if (timeout !== undefined) checkTimeout(timeout);
    const cells = this.#cells;
    // A free lock taken at once cannot have been ours: check ownership only when it is held.
    if (!tryLock(cells, this.#state)) {
      if (cells[this.#owner] === CURRENT_THREAD) {
        cells[this.#depth]++;
        return true;
      }
      if (!lockUntil(cells, this.#state, deadlineFor(block, timeout))) return false;
    }
    cells[this.#owner] = CURRENT_THREAD;
    return true;
  }

  /**
   * Acquires without blocking the thread; the pending wait keeps the process alive. The
   * owner is the thread: if this thread holds the lock, it resolves at once.
   * @param timeout - Seconds to wait at most; `undefined`/`null` waits forever.
   * @returns A promise of whether the lock was acquired.
   * @throws TypeError (synchronously) when `timeout` is not a number, `undefined` or `null`.
   */
  acquireAsync(timeout?: number | null): Promise<boolean> {
    const deadline = deadlineFor(true, timeout);
    const cells = this.#cells;
    if (cells[this.#owner] === CURRENT_THREAD) {
      cells[this.#depth]++;
      return Promise.resolve(true);
    }
    return lockUntilAsync(cells, this.#state, deadline).then((acquired) => {
      if (acquired) cells[this.#owner] = CURRENT_THREAD;
      return acquired;
    });
  }

  /** Whether the calling thread holds this lock. */
  isOwnedByCurrentThread(): boolean {
    return this.#cells[this.#owner] === CURRENT_THREAD;
  }

  /**
   * Releases one acquisition; the last one frees the lock.
   * @throws LockError when this thread does not own the lock.
   */
  release(): void {
    const cells = this.#cells;
    if (cells[this.#owner] !== CURRENT_THREAD) {
      throw new LockError('cannot release an RLock that this thread does not own');
    }
    const depth = cells[this.#depth];
    if (depth > 0) {
      cells[this.#depth] = depth - 1;
    } else {
      cells[this.#owner] = 0;
      unlock(cells, this.#state);
    }
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
    const owner = Atomics.load(this.#cells, this.#owner);
    if (owner === 0) return '<RLock(None, 0)>';
    return `<RLock(owner=${owner}, count=${Atomics.load(this.#cells, this.#depth) + 1})>`;
  }

  /** @internal */
  [INSPECT](): string {
    return this.toString();
  }

  /** @internal The memory of this lock. */
  get allocation(): Allocation {
    return this.#allocation;
  }
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
 * @returns An unlocked lock.
 * @example
 * ```ts
 * const lock = mp.Lock();
 * lock.withLock(() => console.log('held'));
 * ```
 * @group Locks
 */
export function Lock(): SharedLock {
  return new SharedLock(allocate(LOCK_BYTES));
}
Object.defineProperty(Lock, 'prototype', { value: SharedLock.prototype });

/**
 * A new recursive lock in shared memory, like `multiprocessing.RLock()`. Call it without
 * `new`; `x instanceof mp.RLock` works.
 *
 * @returns An unlocked recursive lock.
 * @example
 * ```ts
 * const lock = mp.RLock();
 * using _ = lock.hold();
 * ```
 * @group Locks
 */
export function RLock(): SharedRLock {
  return new SharedRLock(allocate(LOCK_BYTES));
}
Object.defineProperty(RLock, 'prototype', { value: SharedRLock.prototype });

/** Whether `value` is a `Lock` or `RLock` of this library. */
export function isLock(value: unknown): value is AnyLock {
  return value instanceof SharedLock || value instanceof SharedRLock;
}
