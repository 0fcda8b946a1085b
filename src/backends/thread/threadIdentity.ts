/**
 * Who the current thread is, for `RLock` ownership: a positive integer, distinct for the
 * main thread and every worker of the process (Node's `threadId` plus one, so that 0 can
 * mean "nobody"). Memory of the thread context is seen by one process only, so that is
 * unique among everyone who can map it.
 */
import { threadId } from 'node:worker_threads';

/** This thread's identity: positive, unique among the threads of this process. */
export const CURRENT_THREAD = threadId + 1;
