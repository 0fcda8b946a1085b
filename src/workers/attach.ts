/**
 * `attach` (docs/semantics.md, "Sharing with workers and attach"): turns what a worker
 * received (inert clones of shared objects, nested in arrays and plain objects) back into
 * live objects over the same memory and locks.
 */
import { typeError } from '../errors.js';
import { type AnyLock, isLock, SharedLock, SharedRLock } from '../locks/locks.js';
import { type ArenaDescription, arenaFromDescription } from '../memory/arena.js';
import { Allocation } from '../memory/heap.js';
import {
  HANDLE_KEY,
  HANDLE_VERSION,
  isLocatable,
  type Locatable,
} from '../objects/sharedObject.js';
import { viewOf } from '../objects/views.js';
import { typeFromDescription } from '../types/typeDescription.js';
import { wrap } from '../wrappers/factories.js';
import { SynchronizedBase } from '../wrappers/synchronizedBase.js';

type HandleRecord = Record<string, unknown>;

function isPlainObject(value: object): boolean {
  const prototype = Object.getPrototypeOf(value) as object | null;
  return prototype === Object.prototype || prototype === null;
}

function isLive(value: unknown): boolean {
  return isLocatable(value) || value instanceof SynchronizedBase || isLock(value);
}

function badHandle(what: string, value: unknown): TypeError {
  return typeError('handle', what, value);
}

function arenaOf(
  record: HandleRecord,
  size: number,
): { description: ArenaDescription; offset: number } {
  const description = record.memory as Record<string, unknown> | undefined;
  if (
    typeof description !== 'object' ||
    description === null ||
    !(description.buffer instanceof SharedArrayBuffer) ||
    typeof description.id !== 'string'
  ) {
    throw badHandle('a sharedctypes handle with its shared memory', description);
  }

  const { offset } = record;
  const byteLength = description.buffer.byteLength;
  if (
    typeof offset !== 'number' ||
    !Number.isSafeInteger(offset) ||
    offset < 0 ||
    offset + size > byteLength
  ) {
    throw badHandle(`an offset within the shared memory (${byteLength} bytes)`, offset);
  }
  return { description: description as unknown as ArenaDescription, offset };
}

const locks = new Map<string, WeakRef<AnyLock>>();
const forgetLock = new FinalizationRegistry<string>((key) => {
  if (locks.get(key)?.deref() === undefined) locks.delete(key);
});

function attachLock(record: HandleRecord): AnyLock {
  const { description, offset } = arenaOf(record, 12);
  if (offset % 4 !== 0) throw badHandle('a lock offset aligned to 4 bytes', offset);
  const key = `${description.id}:${offset}`;
  const known = locks.get(key)?.deref();
  if (known !== undefined) return known;
  const allocation = new Allocation(arenaFromDescription(description), offset);
  const lock = record.kind === 'lock' ? new SharedLock(allocation) : new SharedRLock(allocation);
  locks.set(key, new WeakRef(lock));
  forgetLock.register(lock, key);
  return lock;
}

function attachObject(record: HandleRecord): Locatable {
  const type = typeFromDescription(record.type);
  const { description, offset } = arenaOf(record, type.size);
  if (offset % type.alignment !== 0) throw badHandle(`an offset aligned for ${type.name}`, offset);
  return viewOf(type, arenaFromDescription(description), offset) as Locatable;
}

function checkRecord(record: unknown): HandleRecord {
  if (typeof record !== 'object' || record === null)
    throw badHandle('a sharedctypes handle record', record);
  const handle = record as HandleRecord;
  if (handle.version !== HANDLE_VERSION) {
    throw badHandle(
      `a handle of format version ${HANDLE_VERSION} (from this version of sharedctypes)`,
      handle.version,
    );
  }
  return handle;
}

function attachRecord(value: unknown): unknown {
  const record = checkRecord(value);
  switch (record.kind) {
    case 'object':
      return attachObject(record);
    case 'lock':
    case 'rlock':
      return attachLock(record);
    case 'synchronized': {
      const lockRecord = checkRecord(record.lock);
      if (lockRecord.kind !== 'lock' && lockRecord.kind !== 'rlock')
        throw badHandle('a lock record', lockRecord.kind);
      return wrap(attachObject(checkRecord(record.object)), attachLock(lockRecord));
    }
    default:
      throw badHandle("a kind of 'object', 'lock', 'rlock' or 'synchronized'", record.kind);
  }
}

/** Walks `data`, attaching every handle; counts them in `found`. */
function attachWithin(
  data: unknown,
  found: { count: number },
  seen: Map<object, unknown>,
): unknown {
  if (typeof data !== 'object' || data === null) return data;
  if (isLive(data)) {
    found.count++;
    return data;
  }
  const known = seen.get(data);
  if (known !== undefined) return known;
  if (Array.isArray(data)) {
    const result: unknown[] = [];
    seen.set(data, result);
    for (const item of data) result.push(attachWithin(item, found, seen));
    return result;
  }
  // A clone of a shared object, or a live object of the package's other entry (ES module
  // or CommonJS), whose classes are not this entry's.
  if (Object.hasOwn(data, HANDLE_KEY)) {
    found.count++;
    const live = attachRecord((data as HandleRecord)[HANDLE_KEY]);
    seen.set(data, live);
    return live;
  }
  if (!isPlainObject(data)) return data;
  const result: Record<string, unknown> = {};
  seen.set(data, result);
  for (const [key, value] of Object.entries(data)) result[key] = attachWithin(value, found, seen);
  return result;
}

/** Like {@link attach}, but data without any shared object is returned as it is. */
export function attachAll<Data>(data: Data): Data {
  return attachWithin(data, { count: 0 }, new Map()) as Data;
}

/**
 * Turns data received from another thread (`workerData`, a message) back into live shared
 * objects: every shared object inside arrays and plain objects becomes a live object over
 * the same memory, with the same lock. Objects that shared one lock share one lock object
 * after attaching. What arrives before `attach` is inert data: always attach it.
 * In one thread, `attach` also turns objects made by the package's other entry
 * (`require('sharedctypes')` and `import`, whose classes differ) into objects of this one.
 *
 * @param data - What was received: a shared object, or arrays and plain objects holding
 *   some; other values inside are kept as they are.
 * @returns The same structure with live objects.
 * @throws TypeError when `data` holds no shared object at all, or a handle is damaged,
 *   truncated, or from another version of the library; nothing is attached then.
 *
 * @example
 * ```ts
 * import { Worker, workerData } from 'node:worker_threads';
 * // main thread
 * const shared = mp.Value('i', 0);
 * new Worker(new URL('./worker.js', import.meta.url), { workerData: { counter: shared } });
 * // worker.js
 * const { counter } = mp.attach(workerData);
 * counter.withLock(() => { counter.value += 1; });
 * ```
 * @group Sharing and processes
 */
export function attach<Data>(data: Data): Data {
  const found = { count: 0 };
  const result = attachWithin(data, found, new Map());
  if (found.count === 0) {
    throw typeError('data', 'a shared object, or arrays and plain objects holding some', data);
  }
  return result as Data;
}
