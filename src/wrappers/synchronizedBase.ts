/**
 * What every synchronized wrapper shares: `acquire`/`release` delegate to its lock, and the
 * scope guards `hold()` and `withLock(fn)`.
 */
import {
  holdLock,
  type LockGuard,
  runWithLock,
  runWithLockAsync,
  type SynchronousResult,
} from '../locks/lockBase.js';
import type { AnyLock } from '../locks/locks.js';
import { INSPECT } from '../objects/sharedObject.js';

/**
 * The base of `Value`/`Array` wrappers: a raw object and the lock that guards it.
 *
 * @example
 * ```ts
 * const v = mp.Value('i', 0);
 * v.withLock(() => { v.value += 1; });
 * ```
 * @group Wrappers
 */
export abstract class SynchronizedBase<Raw> {
  /** The lock passed at creation, or the `RLock` made for this wrapper. */
  abstract getLock(): AnyLock;
  /** The raw object, to use without the lock. */
  abstract getObj(): Raw;

  /**
   * Acquires the lock, like `getLock().acquire(block, timeout)`.
   * @param block - `false` never waits.
   * @param timeout - Seconds to wait at most.
   * @returns Whether the lock was acquired.
   * @throws TypeError when `block` is not a boolean or `timeout` is not a number,
   *   `undefined` or `null`.
   * @throws LockError where the thread may not block (a browser page's main thread), when
   *   the call would have to wait; so do the accessors, which take the lock the same way.
   *   Use `withLockAsync` there.
   */
  acquire(block = true, timeout?: number | null): boolean {
    return this.getLock().acquire(block, timeout);
  }

  /**
   * Releases the lock, like `getLock().release()`.
   * @throws LockError when the lock is not held (by this thread, for an `RLock`).
   */
  release(): void {
    this.getLock().release();
  }

  /** Acquires the lock (blocking) and returns a guard for `using _ = v.hold();`. */
  hold(): LockGuard {
    return holdLock(this.getLock());
  }

  /**
   * Runs the synchronous `fn` holding the lock and returns its result; releases also when
   * `fn` throws.
   * @throws TypeError, with the lock released, when `fn` returns a promise or other
   *   thenable: use {@link withLockAsync} for asynchronous bodies.
   */
  withLock<Result>(fn: () => SynchronousResult<Result>): Result {
    return runWithLock(this.getLock(), fn) as Result;
  }

  /**
   * Acquires the lock with `acquireAsync`, awaits `fn()`, and releases when it settles
   * (fulfilled or rejected). The event loop stays free while waiting for the lock.
   * @returns A promise of `fn`'s result.
   */
  withLockAsync<Result>(fn: () => Result | PromiseLike<Result>): Promise<Result> {
    return runWithLockAsync(this.getLock(), fn);
  }

  /** Python's repr, e.g. `<Synchronized wrapper for c_int(5)>`. */
  abstract toString(): string;

  /** @internal */
  [INSPECT](): string {
    return this.toString();
  }
}
