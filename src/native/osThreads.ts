/**
 * OS threads as lock holders. An agent id is the OS thread id (below 2^22 on Linux) with
 * the low 8 bits of the thread's start time above it (bits 22 to 29), both read from
 * `/proc` by the native part. Thread ids are reused once a thread is gone (within
 * `pid_max`, 32,768 by default), so the start-time bits tell a holder that ended from a
 * later thread that got its id, in 255 cases of 256; and since the id is the whole lock
 * state, a lock changes hands with one atomic operation and no other write.
 */
import nativeAddon from './nativeAddon.cjs';

/** Bits of an agent id that hold the OS thread id. */
const THREAD_ID_BITS = 22;
const THREAD_ID_MASK = (1 << THREAD_ID_BITS) - 1;
/** Bits of the start time kept above the thread id (below a lock state's waiting flag). */
const START_BITS_MASK = 0xff;

function agentIdOf(threadId: number, startTime: number): number {
  return threadId | ((startTime & START_BITS_MASK) << THREAD_ID_BITS);
}

/**
 * The calling thread's agent id.
 * @throws Error when the native part is not available, saying how to build it; or when
 *   the OS thread id does not fit in 22 bits (a `pid_max` above 2^22).
 */
export function currentOsThread(): number {
  const addon = nativeAddon();
  const threadId = addon.threadId();
  if (threadId > THREAD_ID_MASK) {
    throw new Error(`OS thread id ${threadId} is above 2^22, which locks cannot record`);
  }
  return agentIdOf(threadId, addon.threadStartTime(threadId));
}

/** The calling thread's agent id, or `undefined` where the native part is not available. */
export function currentOsThreadIfKnown(): number | undefined {
  try {
    return currentOsThread();
  } catch {
    return undefined;
  }
}

/**
 * Whether the thread of agent id `agentId` has ended: no thread has its OS thread id any
 * more, or the one that has it started at another time. An id no thread can have (a lock's
 * memory overwritten) counts as ended.
 */
export function osThreadHasEnded(agentId: number): boolean {
  if (!(Number.isInteger(agentId) && agentId > 0 && agentId < 2 ** 30)) return true;
  const threadId = agentId & THREAD_ID_MASK;
  if (threadId === 0) return true;
  const startTime = nativeAddon().threadStartTime(threadId);
  return startTime < 0 || agentIdOf(threadId, startTime) !== agentId;
}
