/**
 * Who the current thread is, as a lock's holder. Where the native part is built, the OS
 * thread (its id and start time, see `native/osThreads.ts`), so that a lock held by a
 * worker that was terminated or crashed is seen abandoned. Without it, Node's `threadId`
 * plus one (0 means "nobody"), and a dead holder cannot be seen: its locks stay held, as
 * in Python. Memory of the thread context is seen by one process only, so either is unique
 * among everyone who can map it.
 */
import { threadId } from 'node:worker_threads';
import { currentOsThreadIfKnown, osThreadHasEnded } from '../../native/osThreads.js';

const osThread = currentOsThreadIfKnown();

/** This thread's identity: positive, below 2^30, unique among the threads of this process. */
export const CURRENT_THREAD = osThread?.id ?? threadId + 1;

/**
 * Whether a holder has ended; always `false` without the native part, or where this thread
 * cannot see threads in `/proc` (it cannot be told).
 */
export const hasThreadEnded: (agentId: number) => boolean = osThread?.seesThreads
  ? osThreadHasEnded
  : () => false;
