/**
 * OS threads as lock holders: an agent is its OS thread id plus its start time, read from
 * `/proc` by the native part. Thread ids are reused once a thread is gone (within
 * `pid_max`, 32,768 by default), so the start time tells a holder that ended from a later
 * thread that got its id.
 */
import nativeAddon from './nativeAddon.cjs';

/** An OS thread as a lock records its holder. */
export interface OsThread {
  /** The OS thread id: positive, below 2^22 on Linux. */
  readonly id: number;
  /** Its start time as a non-zero `Int32` (0 means "no stamp" in a lock). */
  readonly stamp: number;
}

function stampOf(startTime: number): number {
  return startTime | 0 || 1;
}

/**
 * The calling thread.
 * @throws Error when the native part is not available, saying how to build it.
 */
export function currentOsThread(): OsThread {
  const addon = nativeAddon();
  const id = addon.threadId();
  return { id, stamp: stampOf(addon.threadStartTime(id)) };
}

/** The calling thread, or `undefined` where the native part is not available. */
export function currentOsThreadIfKnown(): OsThread | undefined {
  try {
    return currentOsThread();
  } catch {
    return undefined;
  }
}

/** Above every OS thread id (Linux keeps them below 2^22); a lock's state keeps ids below 2^30. */
const ID_LIMIT = 2 ** 30;

/**
 * Whether thread `id` with `stamp` has ended: no thread has that id any more, or the one
 * that has it started at another time. A stamp of 0 (a holder between taking a lock and
 * writing its stamp) is judged by the id alone. An id no thread can have (a lock's memory
 * overwritten) counts as ended.
 */
export function osThreadHasEnded(id: number, stamp: number): boolean {
  if (!(Number.isInteger(id) && id > 0 && id < ID_LIMIT)) return true;
  const startTime = nativeAddon().threadStartTime(id);
  if (startTime < 0) return true;
  return stamp !== 0 && stampOf(startTime) !== stamp;
}
