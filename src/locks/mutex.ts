/**
 * A futex-style three-state mutex on one `Int32` cell (Drepper, "Futexes Are Tricky"):
 * 0 unlocked, 1 locked, 2 locked with possible waiters. An uncontended acquire and release
 * are one atomic operation each; contended threads sleep instead of spinning.
 */
import { atomicsWaiting, type WaitStrategy } from './waiting.js';

const UNLOCKED = 0;
const LOCKED = 1;
const CONTENDED = 2;

const waiting: WaitStrategy = atomicsWaiting;

/**
 * The longest a waiter sleeps before it looks at the cell again. A release wakes one
 * waiter; if that one can no longer take the lock (its worker was terminated between the
 * wake-up and its next step, or the wake-up went to an `acquireAsync` of a thread that is
 * busy, or blocked in `acquire` itself), the other waiters would sleep on with the lock
 * free. Sleeping in slices bounds that delay to one slice, at the cost of a few wake-ups
 * per second for a thread that waits long.
 */
export const WAIT_SLICE_MS = 50;

/** How long to sleep next: one slice, or what is left until `deadline` if that is less. */
function nextSleep(deadline: number): number {
  if (deadline === Number.POSITIVE_INFINITY) return WAIT_SLICE_MS;
  const remaining = deadline - performance.now();
  return remaining < WAIT_SLICE_MS ? remaining : WAIT_SLICE_MS;
}
/** Takes the mutex if it is free, without waiting. */
export function tryLock(cells: Int32Array, index: number): boolean {
  return Atomics.compareExchange(cells, index, UNLOCKED, LOCKED) === UNLOCKED;
}

/** Takes the mutex, waiting until `deadline` (`performance.now()` ms). */
export function lockUntil(cells: Int32Array, index: number, deadline: number): boolean {
  if (tryLock(cells, index)) return true;
  if (deadline === Number.NEGATIVE_INFINITY) return false;
  while (Atomics.exchange(cells, index, CONTENDED) !== UNLOCKED) {
    const sleep = nextSleep(deadline);
    if (sleep <= 0) return false;
    waiting.wait(cells, index, CONTENDED, sleep);
  }
  return true;
}

/** Takes the mutex without blocking the thread, waiting until `deadline`. */
export async function lockUntilAsync(
  cells: Int32Array,
  index: number,
  deadline: number,
): Promise<boolean> {
  if (tryLock(cells, index)) return true;
  if (deadline === Number.NEGATIVE_INFINITY) return false;
  while (Atomics.exchange(cells, index, CONTENDED) !== UNLOCKED) {
    const sleep = nextSleep(deadline);
    if (sleep <= 0) return false;
    await waiting.waitAsync(cells, index, CONTENDED, sleep);
  }
  return true;
}

/** Whether the mutex is held by anyone. */
export function isLocked(cells: Int32Array, index: number): boolean {
  return Atomics.load(cells, index) !== UNLOCKED;
}

/** Releases the mutex and wakes one waiter if there may be any. The caller checked it is held. */
export function unlock(cells: Int32Array, index: number): void {
  if (Atomics.sub(cells, index, 1) !== LOCKED) {
    Atomics.store(cells, index, UNLOCKED);
    waiting.notify(cells, index, 1);
  }
}
