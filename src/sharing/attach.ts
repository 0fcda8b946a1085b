/**
 * `attach` (docs/semantics.md, "Sharing with workers and attach"): turns what a worker
 * received (inert clones of shared objects, nested in arrays and plain objects) back into
 * live objects over the same memory and locks. Every handle is checked by the handle codec
 * first; a live object is built only over the very buffer its handle carries, at the offset
 * checked against that buffer.
 */
import { typeError } from '../errors.js';
import { viewOf, wrapAt } from '../kinds/index.js';
import { type AnyLock, isLock, SharedLock, SharedRLock } from '../locks/locks.js';
import type { Arena } from '../memory/arena.js';
import { Allocation } from '../memory/heap.js';
import { isLocatable, type Locatable } from '../objects/sharedObject.js';
import type { CType } from '../types/compositeTypes.js';
import { SynchronizedBase } from '../wrappers/synchronizedBase.js';
import {
  type DecodedHandle,
  type DecodedLock,
  type DecodedObject,
  decodeHandle,
  HANDLE_KEY,
} from './handleCodec.js';

function isLive(value: unknown): boolean {
  return isLocatable(value) || value instanceof SynchronizedBase || isLock(value);
}

/** What one `attach` call built over one received buffer object. */
interface Attached {
  /** The arena over exactly that buffer object. */
  readonly arena: Arena;
  /** Its lock objects by offset (a `Lock`'s), or -1 - offset (an `RLock`'s). */
  readonly locks: Map<number, AnyLock>;
}

/**
 * One walk of received data, without recursion: attaches every handle (counting them) and
 * copies the arrays (their elements, holes kept) and plain objects (exactly their own
 * enumerable keys, and their prototype, `Object.prototype` or `null`: a key `__proto__`
 * stays an own key) around them. Values under string keys are walked (structured clone
 * carries no other); other values are kept as they are. Shared and circular references
 * stay shared and circular.
 */
class Walk {
  /** How many shared objects were found. */
  found = 0;
  /** What each array, plain object and handle was turned into. */
  #copies: Map<object, unknown> | undefined;
  /** Types built from description objects, which the handles of one message share. */
  #types: Map<object, CType> | undefined;
  /** Copies whose values are still to be walked, with their sources. */
  readonly #pending: (readonly [source: object, copy: object])[] = [];
  /**
   * The arenas and lock objects built over each buffer object. Never looked up by `id`: a
   * handle's `id` is only a claim, and an arena found by it could be over other memory
   * than the buffer the handle was checked against. A thread cannot tell whether two
   * `SharedArrayBuffer` objects share memory (each message delivers new ones, also for
   * memory seen before), so the only arena a handle may use is one over the very object it
   * carries: then every offset checked against that buffer's length lies inside it. Kept
   * for one call only, so that no handle can change what another call builds.
   */
  #attached: Map<unknown, Attached> | undefined;

  /** The attached form of `data`. */
  attach(data: unknown): unknown {
    const result = this.#convert(data);
    for (let next = this.#pending.pop(); next !== undefined; next = this.#pending.pop()) {
      const [source, copy] = next;
      if (Array.isArray(source)) {
        const elements = copy as unknown[];
        const { length } = source;
        for (let index = 0; index < length; index++) {
          if (Object.hasOwn(source, index)) elements[index] = this.#convert(source[index]);
        }
        elements.length = length;
      } else {
        // The copy has every key as an own data property: assigning replaces its value.
        const fields = copy as Record<string, unknown>;
        for (const key of Object.keys(fields)) fields[key] = this.#convert(fields[key]);
      }
    }
    return result;
  }

  #convert(value: unknown): unknown {
    if (typeof value !== 'object' || value === null) return value;
    if (isLive(value)) {
      this.found++;
      return value;
    }
    if (this.#copies?.has(value)) return this.#copies.get(value);
    let copy: object;
    if (Array.isArray(value)) {
      copy = [];
    } else if (Object.hasOwn(value, HANDLE_KEY)) {
      // A clone of a shared object (or a live object of the package's other entry, whose
      // classes are not this entry's).
      this.found++;
      const record = (value as Record<typeof HANDLE_KEY, unknown>)[HANDLE_KEY];
      this.#types ??= new Map();
      const attached = this.#live(decodeHandle(record, HANDLE_KEY, this.#types));
      this.#copies ??= new Map();
      this.#copies.set(value, attached);
      return attached;
    } else if (Object.getPrototypeOf(value) === Object.prototype) {
      // Spread defines properties (no setter runs): an own key `__proto__` stays one.
      copy = { ...value };
    } else if (Object.getPrototypeOf(value) === null) {
      copy = Object.assign(Object.create(null) as object, value);
    } else {
      return value;
    }
    this.#copies ??= new Map();
    this.#copies.set(value, copy);
    this.#pending.push([value, copy]);
    return copy;
  }

  /**
   * What this call built over the buffer of a checked handle. A handle naming that buffer
   * with another `id` gets an arena of its own, so that nothing one handle claims changes
   * what another one gets.
   */
  #over({ memory }: DecodedObject | DecodedLock): Attached {
    this.#attached ??= new Map();
    const known = this.#attached.get(memory.key);
    if (known !== undefined && known.arena.id === memory.id) return known;
    const attached = { arena: memory.open(), locks: new Map<number, AnyLock>() };
    if (known === undefined) this.#attached.set(memory.key, attached);
    return attached;
  }

  #lock(handle: DecodedLock): AnyLock {
    const { arena, locks } = this.#over(handle);
    const key = handle.kind === 'lock' ? handle.offset : -1 - handle.offset;
    const known = locks.get(key);
    if (known !== undefined) return known;
    const allocation = new Allocation(arena, handle.offset);
    const lock = handle.kind === 'lock' ? new SharedLock(allocation) : new SharedRLock(allocation);
    locks.set(key, lock);
    return lock;
  }

  #object(handle: DecodedObject): Locatable {
    return viewOf(handle.type, this.#over(handle).arena, handle.offset) as Locatable;
  }

  #live(handle: DecodedHandle): unknown {
    switch (handle.kind) {
      case 'object':
        return this.#object(handle);
      case 'synchronized': {
        const { type, offset } = handle.object;
        return wrapAt(type, this.#over(handle.object).arena, offset, this.#lock(handle.lock));
      }
      default:
        return this.#lock(handle);
    }
  }
}

/** Like {@link attach}, but data without any shared object is returned as it is. */
export function attachAll<Data>(data: Data): Data {
  return new Walk().attach(data) as Data;
}

/**
 * Turns data received from another thread (`workerData`, a message) back into live shared
 * objects: every shared object inside arrays and plain objects becomes a live object over
 * the same memory, with the same lock. Objects that shared one lock share one lock object
 * after attaching them in one call. What arrives before `attach` is inert data:
 * always attach it. Arrays and plain objects around the shared objects are copied with
 * exactly their own keys.
 * In one thread, `attach` also turns objects made by the package's other entry
 * (`require('sharedctypes')` and `import`, whose classes differ) into objects of this one.
 *
 * @param data - What was received: a shared object, or arrays and plain objects holding
 *   some; other values inside are kept as they are.
 * @returns The same structure with live objects.
 * @throws TypeError when `data` holds no shared object at all, or a handle is damaged,
 *   truncated, points outside its memory, or is from another version of the library, or
 *   its type is one that `arrayOf` or `Structure` refuse with a TypeError (a field named
 *   `getLock`, …); nothing is attached then.
 * @throws RangeError when a handle's type nests deeper than 128 (the limit of `arrayOf`
 *   and `Structure`) or has a length they refuse with a RangeError.
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
  const walk = new Walk();
  const result = walk.attach(data);
  if (walk.found === 0) {
    throw typeError('data', 'a shared object, or arrays and plain objects holding some', data);
  }
  return result as Data;
}
