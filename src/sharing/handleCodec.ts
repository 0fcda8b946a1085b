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
export const HANDLE_VERSION = 4;

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
 * The handle record of a synchronized wrapper, flat: its raw object's place and type, and
 * its lock's kind and place (so that a wrapper carries one record, not three).
 */
export interface SynchronizedRecord {
  /** The handle format version. */
  readonly version: number;
  /** Tells wrappers from raw objects and locks. */
  readonly kind: 'synchronized';
  /** The memory of the raw object. */
  readonly memory: ArenaDescription;
  /** Byte offset of the raw object in the buffer. */
  readonly offset: number;
  /** The raw object's type as plain data. */
  readonly type: TypeDescription;
  /** Which kind of lock guards it. */
  readonly lockKind: 'lock' | 'rlock';
  /** The memory of the lock. */
  readonly lockMemory: ArenaDescription;
  /** Byte offset of the lock's cells in its buffer. */
  readonly lockOffset: number;
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

/**
 * The record for a wrapper of the raw object of `type` at byte `offset` of `memory`, guarded
 * by the lock of `lockKind` at byte `lockOffset` of `lockMemory`.
 */
export function encodeSynchronized(
  memory: ArenaDescription,
  offset: number,
  type: TypeDescription,
  lockKind: 'lock' | 'rlock',
  lockMemory: ArenaDescription,
  lockOffset: number,
): SynchronizedRecord {
  return {
    version: HANDLE_VERSION,
    kind: 'synchronized',
    memory,
    offset,
    type,
    lockKind,
    lockMemory,
    lockOffset,
  };
}

/** The record for a wrapper of `raw` guarded by `lock`, from their records. */
export function encodeWrapperOf(
  raw: { readonly __sharedctypes__: ObjectRecord },
  lock: { readonly __sharedctypes__: LockRecord },
): SynchronizedRecord {
  const object = raw.__sharedctypes__;
  const guard = lock.__sharedctypes__;
  return encodeSynchronized(
    object.memory,
    object.offset,
    object.type,
    guard.kind,
    guard.memory,
    guard.offset,
  );
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
const SYNCHRONIZED_KEYS = [
  'version',
  'kind',
  'memory',
  'offset',
  'type',
  'lockKind',
  'lockMemory',
  'lockOffset',
];

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
 * (aligned to `alignment`) lie inside that memory. Messages name the two fields
 * `memoryName` and `offsetName`.
 */
function decodePlace(
  memoryRecord: unknown,
  offset: unknown,
  size: number,
  alignment: number,
  memoryName: string,
  offsetName: string,
): { readonly memory: DecodedMemory; readonly offset: number } {
  if (!isRecord(memoryRecord)) {
    throw typeError(memoryName, 'a memory record of a context', memoryRecord);
  }
  const { context } = memoryRecord as Fields<'context'>;
  const backend = backendNamed(context, `${memoryName}.context`);
  const memory = backend.decodeMemory(memoryRecord, memoryName);
  const bytes = memory.byteLength;
  if (typeof offset !== 'number' || !Number.isSafeInteger(offset) || offset < 0) {
    throw typeError(offsetName, 'a non-negative integer byte offset', offset);
  }
  if (offset + size > bytes) {
    throw typeError(offsetName, `an offset at which ${size} bytes fit in ${bytes}`, offset);
  }
  if (offset % alignment !== 0) {
    throw typeError(offsetName, `a multiple of ${alignment}`, offset);
  }
  return { memory, offset: offset === 0 ? 0 : offset };
}

/** Checks the place and type of a raw object (a raw object's record, or a wrapper's). */
function decodeObjectPlace(
  memory: unknown,
  offset: unknown,
  description: unknown,
  name: string,
  types: Map<object, CType>,
): DecodedObject {
  const type = typeFromDescription(description, `${name}.type`, types);
  // A scalar indexes the typed array of its kind at `offset / size`; arrays and structures
  // (also at the unaligned offsets a packed structure gives them) read unaligned data too.
  const alignment = type.category === 'simple' ? type.size : 1;
  const place = decodePlace(
    memory,
    offset,
    type.size,
    alignment,
    `${name}.memory`,
    `${name}.offset`,
  );
  return { kind: 'object', memory: place.memory, offset: place.offset, type };
}

function decodeObject(value: object, name: string, types: Map<object, CType>): DecodedObject {
  checkExactKeys(value, OBJECT_KEYS, name);
  const { memory, offset, type } = value as Fields<'memory' | 'offset' | 'type'>;
  return decodeObjectPlace(memory, offset, type, name, types);
}

function decodeLockPlace(
  memory: unknown,
  offset: unknown,
  kind: 'lock' | 'rlock',
  memoryName: string,
  offsetName: string,
): DecodedLock {
  const place = decodePlace(memory, offset, LOCK_BYTES, LOCK_ALIGNMENT, memoryName, offsetName);
  return { kind, memory: place.memory, offset: place.offset };
}

function decodeLock(value: object, kind: 'lock' | 'rlock', name: string): DecodedLock {
  checkExactKeys(value, LOCK_KEYS, name);
  const { memory, offset } = value as Fields<'memory' | 'offset'>;
  return decodeLockPlace(memory, offset, kind, `${name}.memory`, `${name}.offset`);
}

function decodeSynchronized(
  value: object,
  name: string,
  types: Map<object, CType>,
): DecodedSynchronized {
  checkExactKeys(value, SYNCHRONIZED_KEYS, name);
  const { memory, offset, type, lockKind, lockMemory, lockOffset } = value as Fields<
    'memory' | 'offset' | 'type' | 'lockKind' | 'lockMemory' | 'lockOffset'
  >;
  if (lockKind !== 'lock' && lockKind !== 'rlock') {
    throw typeError(`${name}.lockKind`, "'lock' or 'rlock'", lockKind);
  }
  return {
    kind: 'synchronized',
    object: decodeObjectPlace(memory, offset, type, name, types),
    lock: decodeLockPlace(
      lockMemory,
      lockOffset,
      lockKind,
      `${name}.lockMemory`,
      `${name}.lockOffset`,
    ),
  };
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
    case 'synchronized':
      return decodeSynchronized(record, name, types);
    default:
      throw typeError(`${name}.kind`, "'object', 'lock', 'rlock' or 'synchronized'", kind);
  }
}
