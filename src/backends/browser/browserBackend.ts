/**
 * The browser backend: memory from `SharedArrayBuffer`s, waiting with `Atomics`, identities
 * that the agents (a page and its workers) number themselves, processes as module Web
 * Workers. Its context is the thread context, whose handles it reads and writes unchanged.
 * A browser tells no one that a worker has ended, so a lock its holder left stays held, as
 * in Python. Loading this module registers it as the default backend; it imports no
 * `node:` module.
 */
import type { Backend } from '../../backend/backend.js';
import { registerBackend } from '../../backend/registry.js';
import { decodeBufferMemory, newBufferArena } from '../../memory/bufferMemory.js';
import { SlabHeap } from '../../memory/heap.js';
import { agentIdentity, CAN_BLOCK } from './agent.js';
import { browserWaiting } from './browserWaiting.js';
import { moduleWorkers } from './moduleWorkers.js';

const heap = new SlabHeap((bytes) => newBufferArena(browserBackend, bytes));

/** The backend of the thread context in browsers. */
export const browserBackend: Backend = {
  name: 'thread',
  allocate: (size) => heap.allocate(size),
  decodeMemory: (record, name) => decodeBufferMemory(browserBackend, record, name),
  waiting: browserWaiting,
  get agentId() {
    return agentIdentity();
  },
  hasEnded: () => false,
  canBlock: CAN_BLOCK,
  processes: moduleWorkers,
};

registerBackend(browserBackend, true);
