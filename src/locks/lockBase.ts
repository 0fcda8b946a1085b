/**
 * What `Lock`, `RLock` and the synchronized wrappers share: scope guards. `hold()` returns a
 * guard for TypeScript's `using` declaration; `withLock(fn)` runs a synchronous `fn` under
 * the lock; `withLockAsync(fn)` acquires without blocking and awaits `fn`.
 */
import { AbandonedLockError, typeError } from '../errors.js';

/**
 * A held lock, released when disposed (`using _ = lock.hold()`) or by `release()`.
 * Releasing or disposing it a second time does nothing.
 * @example
 * ```ts
 * using guard: mp.LockGuard = mp.Lock().hold();
 * ```
 * @group Locks
 */
export interface LockGuard extends Disposable {
  /** Releases the lock, once. */
  release(): void;
}

/**
 * What `withLock` accepts as the result of its body: anything but a promise or other
 * thenable, since the lock is released when the body returns. Use `withLockAsync` for
 * asynchronous bodies.
 * @example
 * ```ts
 * const value: mp.SynchronousResult<number> = 5;
 * ```
 * @group Locks
 */
export type SynchronousResult<Result> = Result extends PromiseLike<unknown> ? never : Result;

/** Anything with `acquire`/`release` in Python's style, and an asynchronous acquire. */
export interface Acquirable {
  acquire(block?: boolean, timeout?: number | null): boolean;
  acquireAsync(timeout?: number | null): Promise<boolean>;
  release(): void;
}

/**
 * Acquires `lock` (blocking) for a critical section of this library's own.
 * @throws AbandonedLockError, with the lock released again, when its holder ended holding
 *   it: the section never runs on data an ended holder may have left half-written, and
 *   nobody is left waiting for a lock that no one will release.
 */
export function enterScope(lock: Acquirable): void {
  try {
    lock.acquire();
  } catch (error) {
    if (error instanceof AbandonedLockError) lock.release();
    throw error;
  }
}

/** Like {@link enterScope}, with `acquireAsync`. */
async function enterScopeAsync(lock: Acquirable): Promise<void> {
  try {
    await lock.acquireAsync();
  } catch (error) {
    if (error instanceof AbandonedLockError) lock.release();
    throw error;
  }
}

/**
 * Acquires `lock` (blocking) and returns a guard that releases it once.
 * @throws AbandonedLockError, with the lock released, when its holder ended holding it.
 * @throws LockError if releasing fails (misuse elsewhere).
 */
export function holdLock(lock: Acquirable): LockGuard {
  enterScope(lock);
  let held = true;
  const release = (): void => {
    if (held) {
      held = false;
      lock.release();
    }
  };
  return { release, [Symbol.dispose]: release };
}

function isThenable(value: unknown): boolean {
  return (
    value !== null &&
    (typeof value === 'object' || typeof value === 'function') &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}

/**
 * Runs `fn` with `lock` held and returns its result; releases also when `fn` throws.
 * @throws TypeError, with the lock released, when `fn` returns a promise or other thenable.
 * @throws AbandonedLockError, with the lock released and `fn` not run, when its holder
 *   ended holding it.
 */
export function runWithLock<Result>(lock: Acquirable, fn: () => Result): Result {
  enterScope(lock);
  let result: Result;
  try {
    result = fn();
  } finally {
    lock.release();
  }
  if (isThenable(result)) {
    // The caller gets the TypeError below; a later rejection of the body must not also end
    // the process as an unhandled rejection.
    (result as PromiseLike<unknown>).then(undefined, () => {});
    throw typeError(
      'fn',
      'a synchronous function (the lock is released when it returns; use withLockAsync for async bodies)',
      result,
    );
  }
  return result;
}

/**
 * Acquires `lock` with `acquireAsync`, awaits `fn()`, and releases the lock when it settles.
 * @returns A promise of `fn`'s result; it rejects with `TypeError` when `fn` is not a
 *   function, and with `AbandonedLockError` (the lock released, `fn` not run) when the lock's
 *   holder ended holding it.
 */
export async function runWithLockAsync<Result>(
  lock: Acquirable,
  fn: () => Result | PromiseLike<Result>,
): Promise<Result> {
  if (typeof fn !== 'function') throw typeError('fn', 'a function', fn);
  await enterScopeAsync(lock);
  try {
    return await fn();
  } finally {
    lock.release();
  }
}

/**
 * Checks the `block` argument of `acquire`: a boolean or `undefined`, so that a misplaced
 * options object such as `acquire({ timeout: 1 })` is refused instead of blocking forever.
 * @throws TypeError for anything else.
 */
export function checkBlock(block: unknown): void {
  if (typeof block !== 'boolean' && block !== undefined) {
    throw typeError('block', 'a boolean or undefined', block);
  }
}
