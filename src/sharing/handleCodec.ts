/**
 * The handle format, in one place: what a shared object, lock or wrapper carries in its one
 * own property `__sharedctypes__` (the part structured clone copies when it is posted), how
 * each kind is encoded, and the one decoder that checks a received handle before `attach`
 * builds anything from it. Also the layout of a lock's memory, which a handle points at.
 *
 * The decoder accepts exactly the own keys of its version's records (nothing inherited
 * counts), reads each property once, and checks every offset against the byte length of
 * the memory the handle names, as its backend checked it. What it returns is a snapshot of what it checked:
 * changing the handle afterwards, or a getter or proxy answering differently the next
 * time, changes nothing.
 */
import type { DecodedMemory } from '../backend/backend.js';
import { backendNamed } from '../backend/registry.js';
import { typeError } from '../errors.js';
import type { Arena, ArenaDescription } from '../memory/arena.js';
import type { Allocation } from '../memory/heap.js';
import type { CType } from '../types/compositeTypes.js';
import {
  checkExactKeys,
  describeType,
  type TypeDescription,
  typeFromDescription,
} from '../types/typeDescription.js';

/** The one own property of shared objects, locks and wrappers; what `attach` looks for. */
export const HANDLE_KEY = '__sharedctypes__';
/** Version of the handle format; the decoder refuses every other. */
export const HANDLE_VERSION = 3;

/** Bytes of shared memory a lock takes: two `Int32` cells. */
export const LOCK_BYTES = 8;
/** A lock's cells are `Int32`s, so its offset is a multiple of 4. */
export const LOCK_ALIGNMENT = 4;
/**
 * The lock's cells, by index from its first: the mutex state (0 when free, else its
 * holder's agent identity with a waiting flag; see `locks/mutex.ts`), and an `RLock`'s
 * acquisitions beyond the first.
 */
export const LOCK_CELLS = { state: 0, depth: 1 } as const;

/**
 * The handle record of a raw object (an object, array or structure in shared memory).
 */
export interface ObjectRecord {
  /** The handle format version; `attach` accepts only its own. */
  readonly version: number;
  /** Tells raw objects from locks and wrappers. */
  readonly kind: 'object';
  /** The memory: its context's name, its identifier, and what that context needs to open it. */
  readonly memory: ArenaDescription;
  /** Byte offset of the object in the buffer. */
  readonly offset: number;
  /** The object's type as plain data. */
  readonly type: TypeDescription;
}

/**
 * The handle record of a lock.
 */
export interface LockRecord {
  /** The handle format version. */
  readonly version: number;
  /** Which kind of lock. */
  readonly kind: 'lock' | 'rlock';
  /** The memory: its context's name, its identifier, and what that context needs to open it. */
  readonly memory: ArenaDescription;
  /** Byte offset of the lock's cells in the buffer. */
  readonly offset: number;
}

/**
 * The handle record of a synchronized wrapper: its raw object's and its lock's records.
 */
export interface SynchronizedRecord {
  /** The handle format version. */
  readonly version: number;
  /** Tells wrappers from raw objects and locks. */
  readonly kind: 'synchronized';
  /** The wrapped raw object's record. */
  readonly object: ObjectRecord;
  /** The lock's record. */
  readonly lock: LockRecord;
}

/** The record for a raw object of `type` at byte `offset` of `arena`. */
export function encodeObject(arena: Arena, offset: number, type: CType): ObjectRecord {
  return {
    version: HANDLE_VERSION,
    kind: 'object',
    memory: arena.description,
    offset,
    type: describeType(type),
  };
}

/** The record for a lock of `kind` whose cells are `allocation`. */
export function encodeLock(kind: 'lock' | 'rlock', allocation: Allocation): LockRecord {
  return {
    version: HANDLE_VERSION,
    kind,
    memory: allocation.arena.description,
    offset: allocation.offset,
  };
}

/** The record for a wrapper of `raw` guarded by `lock`. */
export function encodeSynchronized(
  raw: { readonly __sharedctypes__: ObjectRecord },
  lock: { readonly __sharedctypes__: LockRecord },
): SynchronizedRecord {
  return {
    version: HANDLE_VERSION,
    kind: 'synchronized',
    object: raw.__sharedctypes__,
    lock: lock.__sharedctypes__,
  };
}

/** A checked raw-object handle: `type.size` bytes at `offset` lie inside `memory`. */
export interface DecodedObject {
  readonly kind: 'object';
  readonly memory: DecodedMemory;
  readonly offset: number;
  readonly type: CType;
}

/** A checked lock handle: the lock's cells at `offset` lie inside `memory`. */
export interface DecodedLock {
  readonly kind: 'lock' | 'rlock';
  readonly memory: DecodedMemory;
  readonly offset: number;
}

/** A checked wrapper handle. */
export interface DecodedSynchronized {
  readonly kind: 'synchronized';
  readonly object: DecodedObject;
  readonly lock: DecodedLock;
}

/** What {@link decodeHandle} returns. */
export type DecodedHandle = DecodedObject | DecodedLock | DecodedSynchronized;

const OBJECT_KEYS = ['version', 'kind', 'memory', 'offset', 'type'];
const LOCK_KEYS = ['version', 'kind', 'memory', 'offset'];
const SYNCHRONIZED_KEYS = ['version', 'kind', 'object', 'lock'];

function isRecord(value: unknown): value is object {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The version and kind of a record; each is read once, here only. */
function versionAndKind(value: unknown, name: string): unknown {
  if (!isRecord(value)) throw typeError(name, 'a sharedctypes handle record', value);
  const { version, kind } = value as Fields<'version' | 'kind'>;
  if (version !== HANDLE_VERSION) {
    throw typeError(
      `${name}.version`,
      `${HANDLE_VERSION}, the handle format of this version of sharedctypes`,
      version,
    );
  }
  return kind;
}

type Fields<Key extends string> = { readonly [K in Key]?: unknown };

/**
 * Checks a memory record (by the backend it names) and that `size` bytes at `offset`
 * (aligned to `alignment`) lie inside that memory.
 */
function decodePlace(
  memoryRecord: unknown,
  offset: unknown,
  size: number,
  alignment: number,
  name: string,
): { readonly memory: DecodedMemory; readonly offset: number } {
  if (!isRecord(memoryRecord)) {
    throw typeError(`${name}.memory`, 'a memory record of a context', memoryRecord);
  }
  const { context } = memoryRecord as Fields<'context'>;
  const backend = backendNamed(context, `${name}.memory.context`);
  const memory = backend.decodeMemory(memoryRecord, `${name}.memory`);
  const bytes = memory.byteLength;
  if (typeof offset !== 'number' || !Number.isSafeInteger(offset) || offset < 0) {
    throw typeError(`${name}.offset`, 'a non-negative integer byte offset', offset);
  }
  if (offset + size > bytes) {
    throw typeError(`${name}.offset`, `an offset at which ${size} bytes fit in ${bytes}`, offset);
  }
  if (offset % alignment !== 0) {
    throw typeError(`${name}.offset`, `a multiple of ${alignment}`, offset);
  }
  return { memory, offset: offset === 0 ? 0 : offset };
}

function decodeObject(value: object, name: string, types: Map<object, CType>): DecodedObject {
  checkExactKeys(value, OBJECT_KEYS, name);
  const { memory, offset, type: description } = value as Fields<'memory' | 'offset' | 'type'>;
  const type = typeFromDescription(description, `${name}.type`, types);
  // A scalar indexes the typed array of its kind at `offset / size`; arrays and structures
  // (also at the unaligned offsets a packed structure gives them) read unaligned data too.
  const alignment = type.category === 'simple' ? type.size : 1;
  const place = decodePlace(memory, offset, type.size, alignment, name);
  return { kind: 'object', memory: place.memory, offset: place.offset, type };
}

function decodeLock(value: object, kind: 'lock' | 'rlock', name: string): DecodedLock {
  checkExactKeys(value, LOCK_KEYS, name);
  const { memory, offset } = value as Fields<'memory' | 'offset'>;
  const place = decodePlace(memory, offset, LOCK_BYTES, LOCK_ALIGNMENT, name);
  return { kind, memory: place.memory, offset: place.offset };
}

/**
 * Checks a received handle record (the value of a `__sharedctypes__` property) and returns
 * what it describes, ready to attach. Nothing is created or cached for a handle that fails.
 *
 * @param value - The record, as received.
 * @param name - How messages name it.
 * @param types - Types built from description objects, shared by the handles of one message.
 * @returns The checked handle: for each memory, what its backend checked, and an offset at
 *   which the object's bytes (or the lock's cells) lie inside that memory.
 * @throws TypeError when the record is not one of this version's, has other keys, or an
 *   offset outside its buffer or misaligned; TypeError or RangeError for a type that
 *   `arrayOf` or `Structure` would refuse (RangeError for one nested deeper than they allow).
 */
export function decodeHandle(
  value: unknown,
  name = 'handle',
  types = new Map<object, CType>(),
): DecodedHandle {
  const kind = versionAndKind(value, name);
  const record = value as object;
  switch (kind) {
    case 'object':
      return decodeObject(record, name, types);
    case 'lock':
    case 'rlock':
      return decodeLock(record, kind, name);
    case 'synchronized': {
      checkExactKeys(record, SYNCHRONIZED_KEYS, name);
      const { object, lock } = record as Fields<'object' | 'lock'>;
      const objectKind = versionAndKind(object, `${name}.object`);
      if (objectKind !== 'object') throw typeError(`${name}.object.kind`, "'object'", objectKind);
      const lockKind = versionAndKind(lock, `${name}.lock`);
      if (lockKind !== 'lock' && lockKind !== 'rlock') {
        throw typeError(`${name}.lock.kind`, "'lock' or 'rlock'", lockKind);
      }
      return {
        kind: 'synchronized',
        object: decodeObject(object as object, `${name}.object`, types),
        lock: decodeLock(lock as object, lockKind, `${name}.lock`),
      };
    }
    default:
      throw typeError(`${name}.kind`, "'object', 'lock', 'rlock' or 'synchronized'", kind);
  }
}
