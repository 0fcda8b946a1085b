/**
 * Waiting on cells of OS shared memory: V8's `Atomics.wait` and `Atomics.notify` keep their
 * waiter lists per process, so every waiter here sleeps in the kernel's futex (not
 * process-private) and every wake-up goes through it. An async wait does not hold a
 * thread of Node's pool: it looks at the cell on timers, from 1 ms up to 16 ms apart (a
 * lock's waiters also re-check every 50 ms; see `locks/mutex.ts`).
 */
import type { Waiting } from '../../backend/backend.js';
import nativeAddon from '../../native/nativeAddon.cjs';

const FIRST_POLL_MS = 1;
const LONGEST_POLL_MS = 16;

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Waiting with the native futex, for memory mapped by several processes. */
export const futexWaiting: Waiting = {
  wait(cells, index, expected, timeoutMs) {
    nativeAddon().wait(cells, index, expected, Math.max(0, timeoutMs));
  },
  async waitAsync(cells, index, expected, timeoutMs) {
    const deadline = performance.now() + timeoutMs;
    for (let poll = FIRST_POLL_MS; Atomics.load(cells, index) === expected; ) {
      const left = deadline - performance.now();
      if (left <= 0) return;
      await pause(Math.min(poll, left));
      poll = Math.min(poll * 2, LONGEST_POLL_MS);
    }
  },
  notify(cells, index, count) {
    nativeAddon().wake(cells, index, count);
  },
};
