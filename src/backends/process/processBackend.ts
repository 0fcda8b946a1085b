/**
 * The process backend: memory from POSIX shared memory segments, waiting with the kernel's
 * futex, agent identity from the OS thread id, processes as `child_process.fork` children.
 * Loading this module registers it, so that `attach` opens its handles; the native part is
 * loaded on first use.
 */
import type { Backend } from '../../backend/backend.js';
import { registerBackend } from '../../backend/registry.js';
import { SlabHeap } from '../../memory/heap.js';
import nativeAddon from '../../native/nativeAddon.cjs';
import { currentOsThread, type OsThread, osThreadHasEnded } from '../../native/osThreads.js';
import { forkProcesses } from './forkProcesses.js';
import { futexWaiting } from './futexWaiting.js';
import {
  decodeSegmentMemory,
  namedSegments,
  newSegmentArena,
  removeNamesOfDeadProcesses,
} from './segmentMemory.js';

const heap = new SlabHeap((bytes) => newSegmentArena(processBackend, bytes));
let osThread: OsThread | undefined;

/** The backend of the process context. */
export const processBackend: Backend = {
  name: 'process',
  allocate: (size) => heap.allocate(size),
  decodeMemory: (record, name) => decodeSegmentMemory(processBackend, record, name),
  waiting: futexWaiting,
  // OS thread ids are unique among the live threads of the machine.
  get agentId() {
    osThread ??= currentOsThread();
    return osThread.id;
  },
  hasEnded(agentId) {
    osThread ??= currentOsThread();
    return osThread.seesThreads && osThreadHasEnded(agentId);
  },
  canBlock: true,
  processes: forkProcesses,
  get named() {
    return named;
  },
};

const named = namedSegments(processBackend);

registerBackend(processBackend);

let checked = false;

/**
 * Makes sure the process context can work here: loads the native part, and removes the
 * segment names that killed processes left behind.
 * @throws Error when the native part is not available, saying how to build it.
 */
export function checkProcessContext(): void {
  if (checked) return;
  nativeAddon();
  removeNamesOfDeadProcesses();
  checked = true;
}
