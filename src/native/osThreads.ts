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

/** The calling thread as a lock's holder. */
export interface OsThread {
  /** Its agent id. */
  readonly id: number;
  /**
   * Whether this thread can tell that other threads ended: it sees itself in `/proc` (not,
   * for example, in a PID namespace of its own or without `/proc`). Where it cannot, a
   * dead holder's lock stays held rather than a live one's being taken.
   */
  readonly seesThreads: boolean;
}

/**
 * The calling thread.
 * @throws Error when the native part is not available, saying how to build it; or when
 *   the OS thread id does not fit in 22 bits (a `pid_max` above 2^22).
 */
export function currentOsThread(): OsThread {
  const addon = nativeAddon();
  const threadId = addon.threadId();
  if (threadId > THREAD_ID_MASK) {
    throw new Error(`OS thread id ${threadId} is above 2^22, which locks cannot record`);
  }
  let startTime = -1;
  try {
    startTime = addon.threadStartTime(threadId);
  } catch {
    // /proc unreadable: this thread cannot tell either.
  }
  if (startTime < 0) return { id: threadId, seesThreads: false };
  return { id: agentIdOf(threadId, startTime), seesThreads: true };
}

/** The calling thread, or `undefined` where the native part is not available. */
export function currentOsThreadIfKnown(): OsThread | undefined {
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
  let startTime: number;
  try {
    startTime = nativeAddon().threadStartTime(threadId);
  } catch {
    // /proc could not be read (out of descriptors, no permission): cannot tell.
    return false;
  }
  return startTime < 0 || agentIdOf(threadId, startTime) !== agentId;
}
