/**
 * Memory of the process context: POSIX shared memory segments (`/dev/shm`), created
 * exclusively with mode 0600 under unguessable names, seen through `SharedArrayBuffer`s.
 * A handle carries only the segment's name and size (plain data), so it survives any
 * serialization: `postMessage`, `child_process` IPC in both modes, `JSON.stringify`.
 *
 * Lifetime: the creating process removes the names of its segments when it exits, and
 * removes a segment's name early once it no longer maps the segment itself. The memory
 * stays until the last process unmaps it. Names left by a process that was killed
 * (SIGKILL) carry its pid, and any process that loads the process context removes those
 * of dead processes.
 */
import type { Backend, DecodedMemory } from '../../backend/backend.js';
import { typeError } from '../../errors.js';
import { Arena, type ArenaDescription } from '../../memory/arena.js';
import { checkExactKeys } from '../../types/typeDescription.js';
import nativeAddon from './nativeAddon.cjs';

/** A memory record of the process context. */
export interface SegmentRecord extends ArenaDescription {
  /** The segment's byte length. */
  readonly byteLength: number;
}

const MEMORY_KEYS = ['context', 'id', 'byteLength'];
/** Names of unnamed segments: this prefix, the creating pid, `-`, 32 hex digits. */
export const SEGMENT_PREFIX = 'sharedctypes-';
const SEGMENT_NAME = /^\/sharedctypes-[1-9][0-9]{0,9}-[0-9a-f]{32}$/;

/** Names of the segments this process created and has not removed yet. */
const created = new Set<string>();
/** Removes the names of this process's segments at exit. */
let exitHookInstalled = false;

function removeCreatedNames(): void {
  for (const name of created) nativeAddon().unlink(name);
  created.clear();
}

/** An arena over `bytes` new zeroed bytes of a new segment. */
export function newSegmentArena(backend: Backend, bytes: number): Arena {
  const [name, buffer] = nativeAddon().create(`/${SEGMENT_PREFIX}${process.pid}-`, bytes);
  created.add(name);
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once('exit', removeCreatedNames);
  }
  return new Arena(buffer, backend, { id: name, byteLength: bytes });
}

/**
 * Checks a memory record `{ context, id, byteLength }` of the process context.
 * @throws TypeError for other keys, an id that is not a segment name of this library, or
 *   a byte length that is not a positive multiple of 8.
 */
export function decodeSegmentMemory(backend: Backend, record: object, name: string): DecodedMemory {
  checkExactKeys(record, MEMORY_KEYS, name);
  const { id, byteLength } = record as { readonly id?: unknown; readonly byteLength?: unknown };
  if (typeof id !== 'string' || !SEGMENT_NAME.test(id)) {
    throw typeError(`${name}.id`, 'the name of a shared memory segment of sharedctypes', id);
  }
  if (
    typeof byteLength !== 'number' ||
    !Number.isSafeInteger(byteLength) ||
    byteLength <= 0 ||
    byteLength % 8 !== 0
  ) {
    throw typeError(`${name}.byteLength`, 'a positive multiple of 8', byteLength);
  }
  return {
    byteLength,
    key: id,
    id,
    open: () => {
      let buffer: SharedArrayBuffer;
      try {
        buffer = nativeAddon().open(id, byteLength);
      } catch (error) {
        const code = (error as { code?: unknown }).code;
        if (code === 'ENOENT' || code === 'ESIZE') {
          throw typeError(
            `${name}.id`,
            `the name of an existing segment of ${byteLength} bytes (${(error as Error).message})`,
            id,
          );
        }
        throw error;
      }
      return new Arena(buffer, backend, { id, byteLength });
    },
  };
}

/** Whether process `pid` exists. */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as { code?: unknown }).code === 'EPERM';
  }
}

/**
 * Removes the segment names left behind by processes of this library that are dead (killed
 * before they could remove them). Returns how many were removed.
 */
export function removeNamesOfDeadProcesses(entries: readonly string[]): number {
  let removed = 0;
  for (const entry of entries) {
    const name = `/${entry}`;
    if (!SEGMENT_NAME.test(name)) continue;
    const pid = Number(
      entry.slice(SEGMENT_PREFIX.length, entry.indexOf('-', SEGMENT_PREFIX.length)),
    );
    if (pid !== process.pid && !isAlive(pid) && nativeAddon().unlink(name)) removed++;
  }
  return removed;
}
