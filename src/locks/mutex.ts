/**
 * Futex-style mutexes on one `Int32` cell, after Drepper's "Futexes Are Tricky". An
 * uncontended acquire and release are one atomic operation each; contended threads sleep
 * instead of spinning, and a release wakes one of them only if some may be asleep.
 *
 * - The mutex of `Lock`: 0 unlocked, 1 locked, 2 locked with possible waiters.
 * - The owned mutex of `RLock`: 0 unlocked, else the owner's thread identity, with
 *   {@link WAITING} added when other threads may be asleep on it. The owner lives in the
 *   same cell, so "does this thread hold it?" is one plain read.
 */
import type { Backend } from '../backend/backend.js';
import { LockError } from '../errors.js';

/** The state of a free mutex, of either kind. */
export const UNLOCKED = 0;
const LOCKED = 1;
const CONTENDED = 2;
/** Added to an owned mutex's state when threads may be waiting; above every thread identity. */
export const WAITING = 1 << 30;

/**
 * The longest a waiter sleeps before it looks at the cell again. A release wakes one
 * waiter; if that one can no longer take the lock (its worker was terminated between the
 * wake-up and its next step, or the wake-up went to an `acquireAsync` of a thread that is
 * busy, or blocked in `acquire` itself), the other waiters would sleep on with the lock
 * free. Sleeping in slices bounds that delay to one slice, at the cost of a few wake-ups
 * per second for a thread that waits long.
 */
const WAIT_SLICE_MS = 50;

/**
 * How long to sleep next: one slice, or what is left until `deadline` if that is less.
 * The clock is read only for a finite deadline.
 */
function nextSleep(deadline: number): number {
  if (deadline === Number.POSITIVE_INFINITY) return WAIT_SLICE_MS;
  const remaining = deadline - performance.now();
  return remaining < WAIT_SLICE_MS ? remaining : WAIT_SLICE_MS;
}

/**
 * Sleeps one slice while `cells[index] === expected`; `false` once `deadline` has passed.
 * @throws LockError where the thread may not block (a browser page's main thread).
 */
function sleep(
  backend: Backend,
  cells: Int32Array,
  index: number,
  expected: number,
  deadline: number,
): boolean {
  const slice = nextSleep(deadline);
  if (slice <= 0) return false;
  if (!backend.canBlock) {
    throw new LockError(
      'this thread may not block and the lock is held: use acquireAsync (or withLockAsync)',
    );
  }
  backend.waiting.wait(cells, index, expected, slice);
  return true;
}

/** Like {@link sleep}, without blocking the thread. */
async function sleepAsync(
  backend: Backend,
  cells: Int32Array,
  index: number,
  expected: number,
  deadline: number,
): Promise<boolean> {
  const slice = nextSleep(deadline);
  if (slice <= 0) return false;
  await backend.waiting.waitAsync(cells, index, expected, slice);
  return true;
}

/** Takes the mutex if it is free, without waiting. */
export function tryLock(cells: Int32Array, index: number): boolean {
  return Atomics.compareExchange(cells, index, UNLOCKED, LOCKED) === UNLOCKED;
}

/**
 * Takes the mutex, once {@link tryLock} failed, waiting until `deadline`
 * (`performance.now()` ms; `Infinity` waits forever, `-Infinity` not at all).
 */
export function lockUntil(
  backend: Backend,
  cells: Int32Array,
  index: number,
  deadline: number,
): boolean {
  if (deadline === Number.NEGATIVE_INFINITY) return false;
  while (Atomics.exchange(cells, index, CONTENDED) !== UNLOCKED) {
    if (!sleep(backend, cells, index, CONTENDED, deadline)) return false;
  }
  return true;
}

/** Takes the mutex without blocking the thread, waiting until `deadline`. */
export async function lockUntilAsync(
  backend: Backend,
  cells: Int32Array,
  index: number,
  deadline: number,
): Promise<boolean> {
  if (tryLock(cells, index)) return true;
  if (deadline === Number.NEGATIVE_INFINITY) return false;
  while (Atomics.exchange(cells, index, CONTENDED) !== UNLOCKED) {
    if (!(await sleepAsync(backend, cells, index, CONTENDED, deadline))) return false;
  }
  return true;
}

/** Whether the mutex is held by anyone. */
export function isLocked(cells: Int32Array, index: number): boolean {
  return Atomics.load(cells, index) !== UNLOCKED;
}

/**
 * Releases the mutex and wakes one waiter if there may be any.
 * @returns `false`, changing nothing, when the mutex was not held.
 */
export function unlock(backend: Backend, cells: Int32Array, index: number): boolean {
  const seen = Atomics.compareExchange(cells, index, LOCKED, UNLOCKED);
  if (seen === LOCKED) return true;
  if (seen === UNLOCKED) return false;
  Atomics.store(cells, index, UNLOCKED);
  backend.waiting.notify(cells, index, 1);
  return true;
}

/** The thread identity in an owned mutex's state (0: free). */
export function ownerOf(state: number): number {
  return state & ~WAITING;
}

/**
 * The state to sleep on while `seen` holds the owned mutex: `seen` with {@link WAITING}
 * added, or `undefined` when the state changed meanwhile (look again).
 */
function markWaiting(cells: Int32Array, index: number, seen: number): number | undefined {
  if ((seen & WAITING) !== 0) return seen;
  const marked = seen | WAITING;
  return Atomics.compareExchange(cells, index, seen, marked) === seen ? marked : undefined;
}

/**
 * Takes the owned mutex for `owner`, once `Atomics.compareExchange(cells, index, UNLOCKED,
 * owner)` saw it held by another thread in state `seen`, waiting until `deadline`. Taken after a wait, it keeps
 * {@link WAITING}: others may still be asleep.
 */
export function lockOwnedUntil(
  backend: Backend,
  cells: Int32Array,
  index: number,
  owner: number,
  seen: number,
  deadline: number,
): boolean {
  if (deadline === Number.NEGATIVE_INFINITY) return false;
  let state = seen;
  for (;;) {
    if (state !== UNLOCKED) {
      const marked = markWaiting(cells, index, state);
      if (marked !== undefined && !sleep(backend, cells, index, marked, deadline)) return false;
    }
    state = Atomics.compareExchange(cells, index, UNLOCKED, owner | WAITING);
    if (state === UNLOCKED) return true;
  }
}

/** Like {@link lockOwnedUntil}, without blocking the thread. */
export async function lockOwnedUntilAsync(
  backend: Backend,
  cells: Int32Array,
  index: number,
  owner: number,
  seen: number,
  deadline: number,
): Promise<boolean> {
  if (deadline === Number.NEGATIVE_INFINITY) return false;
  let state = seen;
  for (;;) {
    if (state !== UNLOCKED) {
      const marked = markWaiting(cells, index, state);
      if (marked !== undefined && !(await sleepAsync(backend, cells, index, marked, deadline))) {
        return false;
      }
    }
    state = Atomics.compareExchange(cells, index, UNLOCKED, owner | WAITING);
    if (state === UNLOCKED) return true;
  }
}

/**
 * Finishes releasing the owned mutex once `Atomics.compareExchange(cells, index, owner,
 * UNLOCKED)` saw `seen` instead of `owner`: if that is `owner` with {@link WAITING}, frees
 * the mutex and wakes one waiter.
 * @returns `false`, changing nothing, when `owner` does not hold it.
 */
export function unlockOwnedWaited(
  backend: Backend,
  cells: Int32Array,
  index: number,
  owner: number,
  seen: number,
): boolean {
  if (seen !== (owner | WAITING)) return false;
  Atomics.store(cells, index, UNLOCKED);
  backend.waiting.notify(cells, index, 1);
  return true;
}
