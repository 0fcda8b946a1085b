/**
 * The futex-style mutex of `Lock` and `RLock`, after Drepper's "Futexes Are Tricky", on
 * one `Int32` state cell: 0 when free, else the holder's agent identity, with
 * {@link WAITING} added when others may be asleep on it. An uncontended acquire and release
 * are one atomic operation each; a contended agent reads the state a little while for a
 * release, then sleeps, and a release wakes one sleeper only if some may be asleep.
 *
 * The holder's identity is the whole state (see `Backend.agentId`), so the lock changes
 * hands with one atomic operation and no other write. A waiter that has slept a whole slice
 * without the state changing asks the backend whether that agent has ended; if so, it
 * takes the lock over and reports it abandoned.
 */
import type { Backend } from '../backend/backend.js';
import { LockError } from '../errors.js';
import { LOCK_CELLS } from '../sharing/handleCodec.js';

/** The state of a free mutex. */
export const UNLOCKED = 0;
/** Added to the state when agents may be waiting; above every agent identity. */
export const WAITING = 1 << 30;
/** The cell after the state that holds an `RLock`'s acquisitions beyond the first. */
export const DEPTH = LOCK_CELLS.depth - LOCK_CELLS.state;

/** What a waiting acquire came to. */
export type Outcome = typeof TIMED_OUT | typeof ACQUIRED | typeof ABANDONED;
/** Not acquired: the deadline passed. */
export const TIMED_OUT = 0;
/** Acquired. */
export const ACQUIRED = 1;
/** Acquired from a holder that had ended holding it. */
export const ABANDONED = 2;

/**
 * The longest a waiter sleeps before it looks at the cell again. A release wakes one
 * waiter; if that one can no longer take the lock (its worker was terminated between the
 * wake-up and its next step, or the wake-up went to an `acquireAsync` of a thread that is
 * busy, or blocked in `acquire` itself), the other waiters would sleep on with the lock
 * free. Sleeping in slices bounds that delay to one slice, and it is how often a holder
 * that may have ended is looked after.
 */
const WAIT_SLICE_MS = 50;

/**
 * How many times a contended acquire reads the state for a release before it sleeps. A
 * critical section of a few accesses ends within a few hundred reads, and sleeping and
 * being woken cost each side a system call: measured with 2, 4 and 8 workers racing on a
 * guarded increment, 1.13×, 1.22× and 0.98× the time of a bare Atomics mutex with 200
 * reads, against 1.40×, 1.58× and 1.44× sleeping at once.
 */
const SPINS = 200;

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
 * The last lock whose holder the backend was asked about, and when: a loop of failing
 * `acquire(false)` asks at most once a slice per lock state (a question reads `/proc`,
 * about 15 µs, against 0.1 µs for the failed acquire itself).
 */
const lastAsked = { cells: undefined as Int32Array | undefined, index: 0, state: 0, at: 0 };

/** Whether to ask the backend about the holder in `seen` now. */
function worthAsking(cells: Int32Array, index: number, seen: number): boolean {
  const now = performance.now();
  if (
    lastAsked.cells === cells &&
    lastAsked.index === index &&
    lastAsked.state === seen &&
    now - lastAsked.at < WAIT_SLICE_MS
  ) {
    return false;
  }
  lastAsked.cells = cells;
  lastAsked.index = index;
  lastAsked.state = seen;
  lastAsked.at = now;
  return true;
}

/** The agent identity in a state (0: free). */
export function ownerOf(state: number): number {
  return state & ~WAITING;
}

/**
 * Takes the mutex for `owner` if the holder in state `seen` has ended; the state keeps
 * {@link WAITING} if it had it. A lock that changed hands meanwhile is left alone: the
 * compare-and-swap needs the state to be exactly `seen` still.
 */
function takeOverFromEnded(
  backend: Backend,
  cells: Int32Array,
  index: number,
  owner: number,
  seen: number,
): boolean {
  const holder = ownerOf(seen);
  if (holder === UNLOCKED || !worthAsking(cells, index, seen)) return false;
  if (!backend.hasEnded(holder)) return false;
  const taken = owner | (seen & WAITING);
  if (Atomics.compareExchange(cells, index, seen, taken) !== seen) return false;
  cells[index + DEPTH] = 0;
  return true;
}

/**
 * Waits for a release without sleeping, for at most {@link SPINS} reads of the state, and
 * takes the mutex for `owner` when it sees it free. It stops at once when others may be
 * asleep on it ({@link WAITING}): taking the mutex without that flag would leave them
 * unwoken at its release.
 * @returns {@link UNLOCKED} when it took the mutex, else the state it saw last.
 */
function spinWhileHeld(cells: Int32Array, index: number, owner: number, seen: number): number {
  let state = seen;
  for (let spin = 0; spin < SPINS && (state & WAITING) === 0; spin++) {
    state = Atomics.load(cells, index);
    if (state === UNLOCKED) {
      state = Atomics.compareExchange(cells, index, UNLOCKED, owner);
      if (state === UNLOCKED) return UNLOCKED;
    }
  }
  return state;
}

/**
 * The state to sleep on while `seen` holds the mutex: `seen` with {@link WAITING} added,
 * or `undefined` when the state changed meanwhile (look again).
 */
function markWaiting(cells: Int32Array, index: number, seen: number): number | undefined {
  if ((seen & WAITING) !== 0) return seen;
  const marked = seen | WAITING;
  return Atomics.compareExchange(cells, index, seen, marked) === seen ? marked : undefined;
}

/**
 * Takes the mutex for `owner`, once `Atomics.compareExchange(cells, index, UNLOCKED,
 * owner)` saw it held by another agent in state `seen`, waiting until `deadline`
 * (`performance.now()` ms; `Infinity` waits forever, `-Infinity` not at all). Taken after a
 * wait, it keeps {@link WAITING}: others may still be asleep.
 * @throws LockError where the thread may not block (a browser page's main thread).
 */
export function lockUntil(
  backend: Backend,
  cells: Int32Array,
  index: number,
  owner: number,
  seen: number,
  deadline: number,
): Outcome {
  if (deadline === Number.NEGATIVE_INFINITY) {
    return takeOverFromEnded(backend, cells, index, owner, seen) ? ABANDONED : TIMED_OUT;
  }
  let state = spinWhileHeld(cells, index, owner, seen);
  if (state === UNLOCKED) return ACQUIRED;
  for (;;) {
    if (state !== UNLOCKED) {
      const marked = markWaiting(cells, index, state);
      if (marked !== undefined) {
        const slice = nextSleep(deadline);
        if (slice <= 0)
          return takeOverFromEnded(backend, cells, index, owner, marked) ? ABANDONED : TIMED_OUT;
        if (!backend.canBlock) {
          throw new LockError(
            'this thread may not block and the lock is held: use acquireAsync (or withLockAsync)',
          );
        }
        backend.waiting.wait(cells, index, marked, slice);
        if (Atomics.load(cells, index) === marked) {
          if (takeOverFromEnded(backend, cells, index, owner, marked)) return ABANDONED;
        }
      }
    }
    state = Atomics.compareExchange(cells, index, UNLOCKED, owner | WAITING);
    if (state === UNLOCKED) return ACQUIRED;
  }
}

/**
 * {@link lockUntil} without a deadline: waits for as long as it takes. It is apart, and
 * short, because it is the wait of a contended loop, and V8 inlines it into that loop's
 * optimized code: the bytecode one optimized function inlines has a budget (920 bytes), the
 * most-called functions get it first and accessor calls such as `.value` come last.
 * @throws LockError where the thread may not block (a browser page's main thread).
 */
export function lockForever(
  backend: Backend,
  cells: Int32Array,
  index: number,
  owner: number,
  seen: number,
): Outcome {
  if (!backend.canBlock) {
    return lockUntil(backend, cells, index, owner, seen, Number.POSITIVE_INFINITY);
  }
  let state = spinWhileHeld(cells, index, owner, seen);
  if (state === UNLOCKED) return ACQUIRED;
  // `state` is never UNLOCKED here: the compare-and-swap that saw it took the mutex. The
  // steps of `markWaiting` are written out, in fewer bytes than an inlined call takes.
  for (;;) {
    const marked = state | WAITING;
    if (state === marked || Atomics.compareExchange(cells, index, state, marked) === state) {
      backend.waiting.wait(cells, index, marked, WAIT_SLICE_MS);
      if (
        Atomics.load(cells, index) === marked &&
        takeOverFromEnded(backend, cells, index, owner, marked)
      ) {
        return ABANDONED;
      }
    }
    state = Atomics.compareExchange(cells, index, UNLOCKED, owner | WAITING);
    if (state === UNLOCKED) return ACQUIRED;
  }
}

/** Like {@link lockUntil}, without blocking the thread. */
export async function lockUntilAsync(
  backend: Backend,
  cells: Int32Array,
  index: number,
  owner: number,
  seen: number,
  deadline: number,
): Promise<Outcome> {
  if (deadline === Number.NEGATIVE_INFINITY) {
    return takeOverFromEnded(backend, cells, index, owner, seen) ? ABANDONED : TIMED_OUT;
  }
  let state = spinWhileHeld(cells, index, owner, seen);
  if (state === UNLOCKED) return ACQUIRED;
  for (;;) {
    if (state !== UNLOCKED) {
      const marked = markWaiting(cells, index, state);
      if (marked !== undefined) {
        const slice = nextSleep(deadline);
        if (slice <= 0)
          return takeOverFromEnded(backend, cells, index, owner, marked) ? ABANDONED : TIMED_OUT;
        await backend.waiting.waitAsync(cells, index, marked, slice);
        if (Atomics.load(cells, index) === marked) {
          if (takeOverFromEnded(backend, cells, index, owner, marked)) return ABANDONED;
        }
      }
    }
    state = Atomics.compareExchange(cells, index, UNLOCKED, owner | WAITING);
    if (state === UNLOCKED) return ACQUIRED;
  }
}
