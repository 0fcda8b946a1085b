/**
 * Python's `acquire(block, timeout)` arguments: the timeout is in seconds; `undefined` or
 * `null` waits forever; a timeout ≤ 0 or `block === false` never waits.
 */
import { typeError } from '../errors.js';

/**
 * The wait deadline in `performance.now()` milliseconds: `Infinity` to wait forever,
 * `-Infinity` never to wait.
 * @throws TypeError when `timeout` is neither a number, `undefined` nor `null`.
 */
export function deadlineFor(block: boolean, timeout: number | null | undefined): number {
  checkTimeout(timeout);
  if (timeout === undefined || timeout === null)
    return block ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
  if (!block || timeout <= 0) return Number.NEGATIVE_INFINITY;
  return performance.now() + timeout * 1000;
}

/** Checks `timeout` without computing a deadline (for fast paths that succeed at once). */
export function checkTimeout(timeout: unknown): void {
  if (
    timeout !== undefined &&
    timeout !== null &&
    (typeof timeout !== 'number' || Number.isNaN(timeout))
  ) {
    throw typeError('timeout', 'a number of seconds, undefined or null', timeout);
  }
}
