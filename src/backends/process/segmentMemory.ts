/**
 * Memory of the process context: POSIX shared memory segments (`/dev/shm`), created
 * exclusively with mode 0600 under unguessable names, seen through `SharedArrayBuffer`s.
 * A handle carries only the segment's name and size (plain data), so it survives any
 * serialization: `postMessage`, `child_process` IPC in both modes, `JSON.stringify`.
 *
 * Lifetime: the names of unnamed segments stay while their creating process lives (so a
 * handle in flight can be opened), and that process removes them when it exits (the
 * native part does, for all of its threads). The memory stays until the last process
 * unmaps it. Names left by a process that was killed carry its pid, and any process that
 * loads the process context removes those of dead processes. Named objects' segments
 * (`/sharedctypes_<name>`) stay until `unlink`.
 */
import { readdirSync } from 'node:fs';
import type { Backend, DecodedMemory, NamedRegions } from '../../backend/backend.js';
import { typeError } from '../../errors.js';
import { Arena } from '../../memory/arena.js';
import nativeAddon from '../../native/nativeAddon.cjs';
import { checkExactKeys } from '../../types/typeDescription.js';

const MEMORY_KEYS = ['context', 'id', 'byteLength'];
/** Names of unnamed segments: this prefix, the creating pid, `-`, 32 hex digits. */
export const SEGMENT_PREFIX = 'sharedctypes-';
const SEGMENT_NAME = /^\/sharedctypes-[1-9][0-9]{0,9}-[0-9a-f]{32}$/;
/** Names of named objects' segments: this prefix and the object's name. */
const NAMED_PREFIX = '/sharedctypes_';
const NAMED_SEGMENT_NAME = /^\/sharedctypes_[A-Za-z0-9._-]{1,64}$/;

/** An arena over `bytes` new zeroed bytes of a new segment. */
export function newSegmentArena(backend: Backend, bytes: number): Arena {
  const [name, buffer] = nativeAddon().create(`/${SEGMENT_PREFIX}${process.pid}-`, bytes);
  return new Arena(buffer, backend, { id: name, byteLength: bytes });
}

/** Named objects' memory: a segment per object, `/sharedctypes_<name>`. */
export function namedSegments(backend: Backend): NamedRegions {
  return {
    create(name, byteLength) {
      const id = NAMED_PREFIX + name;
      const buffer = nativeAddon().createNamed(id, byteLength);
      return buffer && new Arena(buffer, backend, { id, byteLength });
    },
    open(name) {
      const id = NAMED_PREFIX + name;
      const byteLength = nativeAddon().segmentSize(id);
      if (byteLength < 16) return undefined;
      try {
        return new Arena(nativeAddon().open(id, byteLength), backend, { id, byteLength });
      } catch (error) {
        const code = (error as { code?: unknown }).code;
        if (code === 'ENOENT' || code === 'ESIZE') return undefined;
        throw error;
      }
    },
    unlink: (name) => nativeAddon().unlink(NAMED_PREFIX + name),
  };
}

/**
 * Checks a memory record `{ context, id, byteLength }` of the process context.
 * @throws TypeError for other keys, an id that is not a segment name of this library, or
 *   a byte length that is not a positive multiple of 8.
 */
export function decodeSegmentMemory(backend: Backend, record: object, name: string): DecodedMemory {
  checkExactKeys(record, MEMORY_KEYS, name);
  const { id, byteLength } = record as { readonly id?: unknown; readonly byteLength?: unknown };
  if (typeof id !== 'string' || !(SEGMENT_NAME.test(id) || NAMED_SEGMENT_NAME.test(id))) {
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

/** Where Linux shows POSIX shared memory segments. */
const SHARED_MEMORY_FOLDER = '/dev/shm';

/**
 * Removes the names of unnamed segments made by the processes that `ended` says ended
 * without removing them (killed by a signal). Returns how many were removed.
 */
function removeNamesLeftBy(ended: (pid: number) => boolean): number {
  let removed = 0;
  for (const entry of readdirSync(SHARED_MEMORY_FOLDER)) {
    const name = `/${entry}`;
    if (!SEGMENT_NAME.test(name)) continue;
    const pid = Number(
      entry.slice(SEGMENT_PREFIX.length, entry.indexOf('-', SEGMENT_PREFIX.length)),
    );
    if (pid !== process.pid && ended(pid) && nativeAddon().unlink(name)) removed++;
  }
  return removed;
}

/** Removes the names left behind by every dead process (the sweep at start-up). */
export function removeNamesOfDeadProcesses(): number {
  return removeNamesLeftBy((pid) => !isAlive(pid));
}

/** Removes the names left behind by child `pid`, which has ended (and been reaped). */
export function removeNamesOfEndedChild(pid: number): number {
  return removeNamesLeftBy((owner) => owner === pid);
}
