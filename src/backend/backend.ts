/**
 * The seam between the core (types, objects, locks, wrappers, the handle codec) and what
 * differs from one context to the next: where memory comes from, how a thread sleeps and
 * wakes on a cell, who the current agent is, whether it may block, and how a `Process`
 * starts. A context is the whole API bound to one backend; a new backend is a new folder
 * under `src/backends/` implementing this interface.
 */
import type { Arena } from '../memory/arena.js';
import type { Allocation } from '../memory/heap.js';

/** How a lock sleeps until its cell changes, and wakes those sleeping on it. */
export interface Waiting {
  /**
   * Sleeps while `cells[index] === expected`, at most `timeoutMs` milliseconds (may be
   * `Infinity`). May return early; callers re-check the cell.
   */
  wait(cells: Int32Array, index: number, expected: number, timeoutMs: number): void;
  /** Like `wait`, without blocking the thread: resolves when woken or timed out. */
  waitAsync(cells: Int32Array, index: number, expected: number, timeoutMs: number): Promise<void>;
  /** Wakes up to `count` agents waiting on `cells[index]`. */
  notify(cells: Int32Array, index: number, count: number): void;
}

/**
 * A memory record of a handle after its backend checked it: the memory's size and how to
 * open it, without having opened it yet.
 */
export interface DecodedMemory {
  /** Bytes of the memory; every offset in the handle is checked against this. */
  readonly byteLength: number;
  /**
   * Tells memories apart within one `attach` call: handles with the same key and `id`
   * share one arena there.
   */
  readonly key: unknown;
  /** The identifier the record claims. */
  readonly id: string;
  /** This agent's arena over exactly the memory that was checked. */
  open(): Arena;
}

/**
 * The exit code of a process that `terminate()` stopped where its platform reports no signal
 * (a worker): minus SIGTERM's number (15), as `multiprocessing.Process.exitcode` reports it.
 */
export const TERMINATED_EXIT_CODE = -15;

/** A running process, as its backend started it. */
export interface StartedProcess {
  /** Resolves with the exit code once the process has ended (see `Process.exitCode`). */
  readonly exited: Promise<number>;
  /** The OS process id it runs in; `undefined` when it could not be started. */
  readonly pid: number | undefined;
  /** Stops the process (SIGTERM for a child process); resolves once it has ended. */
  terminate(): Promise<void>;
  /** Kills the process (SIGKILL for a child process); resolves once it has ended. */
  kill(): Promise<void>;
}

/** How a context's `Process` runs its target. */
export interface ProcessStarter {
  /**
   * The target as the starter will load it.
   * @throws TypeError for a target this starter cannot load.
   */
  resolveTarget(target: unknown): string;
  /**
   * Starts `target` with `args`; `onError` receives what the target threw or what failed
   * while starting it.
   */
  start(
    target: string,
    args: readonly unknown[],
    name: string,
    onError: (error: unknown) => void,
  ): StartedProcess;
}

/**
 * Memory that unrelated processes find by a name (named objects): created by the first to
 * ask, opened by every other one, kept until it is unlinked.
 */
export interface NamedRegions {
  /** A new region of `byteLength` zeroed bytes named `name`, or `undefined` if the name exists. */
  create(name: string, byteLength: number): Arena | undefined;
  /** The region named `name`, or `undefined` when there is none or it is not sized yet. */
  open(name: string): Arena | undefined;
  /** Removes the name; memory already opened stays valid. `false` when there was none. */
  unlink(name: string): boolean;
}

/** What differs between contexts, and nothing else. */
export interface Backend {
  /** The context's name (`'thread'`), also the tag of its memory records in handles. */
  readonly name: string;
  /** Allocates `size` zeroed bytes, aligned to 16. */
  allocate(size: number): Allocation;
  /**
   * Checks the memory record of a handle made by this backend (in any agent).
   * @param record - The record, a plain object whose `context` is this backend's name.
   * @param name - How messages name the record.
   * @throws TypeError when the record is not one of this backend's.
   */
  decodeMemory(record: object, name: string): DecodedMemory;
  /** Sleeping and waking on cells of this backend's memory. */
  readonly waiting: Waiting;
  /**
   * The current agent (thread of a process) as a positive integer below 2^30, unique
   * among all agents that can map this backend's memory, and where ids are reused, unlike
   * those of agents that ended before (as far as the backend can tell): a lock's holder.
   */
  readonly agentId: number;
  /**
   * Whether the agent `agentId` has ended (its thread or process is gone): then a lock it
   * holds is abandoned. `false` where the backend cannot tell, and the lock stays held.
   * Called only by waiters that slept a whole slice, and by acquires about to give up.
   */
  hasEnded(agentId: number): boolean;
  /** Whether the current thread may block in `wait` (a browser page's main thread may not). */
  readonly canBlock: boolean;
  /** How `Process` starts its target. */
  readonly processes: ProcessStarter;
  /** Named memory; `undefined` in a context without named objects (the thread context). */
  readonly named?: NamedRegions;
}
