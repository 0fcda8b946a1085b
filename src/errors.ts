/**
 * Error helpers shared by every module: one message shape,
 * ``Expected `name` to be …, got … (type)``, and the exported {@link LockError}.
 */

import type { AnyLock } from './locks/locks.js';

/**
 * Thrown when a lock is misused: releasing a `Lock` that is not held, or releasing an
 * `RLock` that the calling thread does not own. Python raises `ValueError` or
 * `AssertionError` in these cases.
 *
 * @example
 * ```ts
 * import * as mp from 'sharedctypes';
 * try {
 *   mp.Lock().release();
 * } catch (error) {
 *   console.log(error instanceof mp.LockError); // true
 * }
 * ```
 * @group Locks
 */
export class LockError extends Error {
  /**
   * @param message - What went wrong, e.g. that the lock is released too many times.
   */
  constructor(message: string) {
    super(message);
    this.name = 'LockError';
  }
}

/**
 * Thrown by the first acquisition of a lock whose holder ended while holding it (its
 * process exited or was killed, its worker thread was terminated or crashed). The lock
 * **is acquired** when this is thrown: the thread may repair the data the lock protects,
 * and must `release()` it. Later acquisitions are ordinary again. `withLock`, `hold()` and
 * a wrapper's own critical sections release the lock before they let this propagate, and
 * never run their body; `acquireAsync` rejects with it, the lock held.
 *
 * Where the holder's end cannot be seen (the thread context without the native part), the
 * lock stays held, as in Python.
 *
 * @example
 * ```ts
 * import * as mp from 'sharedctypes';
 * const lock = mp.getContext('process').Lock();
 * try {
 *   lock.acquire();
 * } catch (error) {
 *   if (!(error instanceof mp.AbandonedLockError)) throw error;
 *   // held now: repair what the lock protects
 * }
 * lock.release();
 * ```
 * @group Locks
 */
export class AbandonedLockError extends Error {
  /** The lock, now held by the thread that caught this. */
  readonly lock: AnyLock;

  /**
   * @param lock - The lock that was taken over from its ended holder.
   */
  constructor(lock: AnyLock) {
    super('the holder of this lock ended while holding it; the lock is now held by this thread');
    this.name = 'AbandonedLockError';
    this.lock = lock;
  }
}

const MAX_SHOWN_LENGTH = 40;

/** The type word shown in parentheses: `number`, `null`, `array`, or a class name. */
function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value !== 'object') return typeof value;
  if (Array.isArray(value)) return 'array';
  const prototype = Object.getPrototypeOf(value) as { constructor?: { name?: string } } | null;
  return prototype?.constructor?.name || 'object';
}

/** A short rendering of a value for an error message. */
function shortForm(value: unknown): string {
  switch (typeof value) {
    case 'string': {
      const quoted = JSON.stringify(value);
      return quoted.length > MAX_SHOWN_LENGTH ? `${quoted.slice(0, MAX_SHOWN_LENGTH)}…"` : quoted;
    }
    case 'bigint':
      return `${value}n`;
    case 'function':
      return `[function ${value.name || 'anonymous'}]`;
    case 'symbol':
      return value.toString();
    case 'object': {
      if (value === null) return 'null';
      if (Array.isArray(value)) return `[array of length ${value.length}]`;
      if (ArrayBuffer.isView(value) && 'length' in value) {
        return `[${typeName(value)} of length ${(value as { length: number }).length}]`;
      }
      return `[${typeName(value)}]`;
    }
    default:
      return String(value);
  }
}

/** Renders `value` as `shortForm (type)` for the end of an error message. */
export function describe(value: unknown): string {
  return `${shortForm(value)} (${typeName(value)})`;
}

/** The one message shape: ``Expected `name` to be expectation, got value (type)``. */
export function expected(name: string, expectation: string, value: unknown): string {
  return `Expected \`${name}\` to be ${expectation}, got ${describe(value)}`;
}

/** A `TypeError` in the one message shape. */
export function typeError(name: string, expectation: string, value: unknown): TypeError {
  return new TypeError(expected(name, expectation, value));
}

/** A `RangeError` in the one message shape. */
export function rangeError(name: string, expectation: string, value: unknown): RangeError {
  return new RangeError(expected(name, expectation, value));
}

const namedErrors = new WeakSet<Error>();

/**
 * Starts the message of an error met while initializing a structure with `(Name) `, once:
 * the innermost structure names it, as CPython's "(Phone) TypeError: …" does. The error
 * keeps its class.
 */
export function namedAfterStructure(error: unknown, structureName: string): unknown {
  if (error instanceof Error && !namedErrors.has(error)) {
    error.message = `(${structureName}) ${error.message}`;
    namedErrors.add(error);
  }
  return error;
}
