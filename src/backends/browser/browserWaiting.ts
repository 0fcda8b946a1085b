/**
 * Waiting in browsers, with `Atomics`: `wait` (only where the agent may block: the backend
 * never asks a page's main thread to), `notify`, and `waitAsync`. A browser without
 * `Atomics.waitAsync` looks at the cell again after a short timer instead.
 */
import type { Waiting } from '../../backend/backend.js';

/** How long an async wait sleeps before it looks again, where `Atomics.waitAsync` is missing. */
const POLL_MS = 5;

/** Resolves after `ms` milliseconds. */
function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Waiting with `Atomics` in a page and its workers. */
export const browserWaiting: Waiting = {
  wait(cells, index, expected, timeoutMs) {
    Atomics.wait(cells, index, expected, timeoutMs);
  },
  async waitAsync(cells, index, expected, timeoutMs) {
    if (typeof Atomics.waitAsync !== 'function') {
      if (Atomics.load(cells, index) === expected) await pause(Math.min(timeoutMs, POLL_MS));
      return;
    }
    const result = Atomics.waitAsync(cells, index, expected, timeoutMs);
    if (result.async) await result.value;
  },
  notify(cells, index, count) {
    Atomics.notify(cells, index, count);
  },
};
