/**
 * The thread backend: memory from `SharedArrayBuffer`s, waiting with `Atomics`, thread
 * identity from `worker_threads`, processes as worker threads. It is the default backend:
 * loading this module registers it.
 */
import type { Backend } from '../../backend/backend.js';
import { registerBackend } from '../../backend/registry.js';
import { decodeBufferMemory, newBufferArena } from '../../memory/bufferMemory.js';
import { type HeapStatistics, SlabHeap } from '../../memory/heap.js';
import { atomicsWaiting } from './atomicsWaiting.js';
import { CURRENT_THREAD, hasThreadEnded } from './threadIdentity.js';
import { workerProcesses } from './workerProcesses.js';

const heap = new SlabHeap((bytes) => newBufferArena(threadBackend, bytes));

/** The backend of the thread context. */
export const threadBackend: Backend = {
  name: 'thread',
  allocate: (size) => heap.allocate(size),
  decodeMemory: (record, name) => decodeBufferMemory(threadBackend, record, name),
  waiting: atomicsWaiting,
  agentId: CURRENT_THREAD,
  hasEnded: hasThreadEnded,
  canBlock: true,
  processes: workerProcesses,
};

registerBackend(threadBackend, true);

/** Figures about this thread's heap of the thread context. */
export function heapStatistics(): HeapStatistics {
  return heap.statistics();
}
