/**
 * The one place where threads sleep and wake: a futex-style wait on an `Int32` cell and a
 * wake-up of its waiters. Locks use only this interface, so that a later backend (memory
 * shared between OS processes, where V8's `Atomics.notify` does not reach a waiter) can
 * replace it.
 */

/** How a lock waits for its cell to change and wakes the threads waiting on it. */
export interface WaitStrategy {
  /**
   * Sleeps while `cells[index] === expected`, at most `timeoutMs` milliseconds (may be
   * `Infinity`). May return early; callers re-check the cell.
   */
  wait(cells: Int32Array, index: number, expected: number, timeoutMs: number): void;
  /** Like `wait`, without blocking the thread: resolves when woken or timed out. */
  waitAsync(cells: Int32Array, index: number, expected: number, timeoutMs: number): Promise<void>;
  /** Wakes up to `count` threads waiting on `cells[index]`. */
  notify(cells: Int32Array, index: number, count: number): void;
}

/**
 * Waiting with `Atomics.wait`/`Atomics.waitAsync`/`Atomics.notify`, for threads of one
 * process. While an async wait is pending, a timer keeps the Node.js event loop alive:
 * a pending `Atomics.waitAsync` alone does not, and a worker would exit mid-wait.
 */
export const atomicsWaiting: WaitStrategy = {
  wait(cells, index, expected, timeoutMs) {
    Atomics.wait(cells, index, expected, timeoutMs);
  },
  async waitAsync(cells, index, expected, timeoutMs) {
    const result = Atomics.waitAsync(cells, index, expected, timeoutMs);
    if (!result.async) return;
    const keepAlive = setInterval(() => {}, 2 ** 30);
    try {
      await result.value;
    } finally {
      clearInterval(keepAlive);
    }
  },
  notify(cells, index, count) {
    Atomics.notify(cells, index, count);
  },
};
