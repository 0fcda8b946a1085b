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
/** Takes the mutex if it is free, without waiting. */
export function tryLock(cells: Int32Array, index: number): boolean {
  return Atomics.compareExchange(cells, index, UNLOCKED, LOCKED) === UNLOCKED;
}

/** Takes the mutex, waiting until `deadline` (`performance.now()` ms). */
export function lockUntil(cells: Int32Array, index: number, deadline: number): boolean {
  if (tryLock(cells, index)) return true;
  if (deadline === Number.NEGATIVE_INFINITY) return false;
  while (Atomics.exchange(cells, index, CONTENDED) !== UNLOCKED) {
    const remaining = deadline - performance.now();
    if (remaining <= 0) return false;
    waiting.wait(cells, index, CONTENDED, remaining);
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
    const remaining = deadline - performance.now();
    if (remaining <= 0) return false;
    await waiting.waitAsync(cells, index, CONTENDED, remaining);
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
