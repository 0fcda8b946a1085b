/**
 * Waiting with `Atomics.wait`/`Atomics.waitAsync`/`Atomics.notify`, for the threads of one
 * process (V8 keeps its waiter lists per process, so this does not reach other processes).
 */
import type { Waiting } from '../../backend/backend.js';

/**
 * While an async wait is pending, a timer keeps the Node.js event loop alive: a pending
 * `Atomics.waitAsync` alone does not, and a worker would exit mid-wait.
 */
export const atomicsWaiting: Waiting = {
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
