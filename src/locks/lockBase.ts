/**
 * What `Lock`, `RLock` and the synchronized wrappers share: scope guards. `hold()` returns a
 * guard for TypeScript's `using` declaration; `withLock(fn)` runs `fn` under the lock.
 */

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

/** Anything with `acquire`/`release` in Python's style. */
export interface Acquirable {
  acquire(block?: boolean, timeout?: number | null): boolean;
  release(): void;
}

/**
 * Acquires `lock` (blocking) and returns a guard that releases it once.
 * @throws LockError if releasing fails (misuse elsewhere).
 */
export function holdLock(lock: Acquirable): LockGuard {
  lock.acquire();
  let held = true;
  const release = (): void => {
    if (held) {
      held = false;
      lock.release();
    }
  };
  return { release, [Symbol.dispose]: release };
}

/** Runs `fn` with `lock` held and returns its result; releases also when `fn` throws. */
export function runWithLock<Result>(lock: Acquirable, fn: () => Result): Result {
  lock.acquire();
  try {
    return fn();
  } finally {
    lock.release();
  }
}
