/**
 * The wrapper `mp.Value` returns for a scalar type: `.value` reads and writes are each one
 * critical section under the lock; the atomic operations skip the lock.
 *
 * A wrapper is one object with one handle record: it reads its value and takes its lock's
 * uncontended steps itself, over the same memory, and makes the raw scalar and the default
 * `RLock` objects only when `getObj()` or `getLock()` first asks, or when the lock is
 * contended. (Retained `Value`s cost their objects: 100,000 `Value('i')` made in a fresh
 * process took 3.2–4.2 µs each when each had six objects, 1.4–1.8 µs with these two.)
 */

import { typeError } from '../errors.js';
import { enterScope } from '../locks/lockBase.js';
import { type AnyLock, SharedRLock } from '../locks/locks.js';
import * as mutex from '../locks/mutex.js';
import { type Arena, arenaOf } from '../memory/arena.js';
import { Allocation } from '../memory/heap.js';
import { installAtomicMethods, installAtomicRefusals, SIMPLE_TYPE } from '../objects/atomics.js';
import { compileScalarAccessors, ELEMENTS, INDEX } from '../objects/elementAccessors.js';
import type { AnySimpleType } from '../objects/memoryAccess.js';
import { simpleRepr } from '../objects/repr.js';
import {
  type SharedIntegerScalar,
  type SharedScalar,
  scalarClassFor,
} from '../objects/sharedScalar.js';
import {
  encodeSynchronized,
  LOCK_ALIGNMENT,
  LOCK_CELLS,
  type SynchronizedRecord,
} from '../sharing/handleCodec.js';
import type { StorageKind, Stored } from '../types/conversions.js';
import { describeType } from '../types/typeDescription.js';
import { SynchronizedBase } from './synchronizedBase.js';

type Elements = { [index: number]: Stored; readonly length: number };

// The mutex's constants as this module's own (see locks.ts: an imported binding costs a
// read and a check at every use).
const { DEPTH, UNLOCKED, WAITING } = mutex;

/** The symbol of the per-type accessor that reads and writes the value without the lock. */
const UNLOCKED_VALUE: unique symbol = Symbol('sharedctypes.unlockedValue');

/**
 * Added to `ownedState` for a `Lock`, which has no owner: no state (an agent identity, with
 * the waiting flag masked off) has this bit, so none is taken for this thread's.
 */
const NOT_RECURSIVE = 1 << 31;

/**
 * A scalar in shared memory with a lock, like Python's `Synchronized`. Each `.value` get or
 * set holds the lock; `v.value += 1` is two critical sections, so hold the lock around it
 * (the default `RLock` is recursive) or, for integer types, use `add`
 * ({@link SynchronizedIntegerValue}).
 *
 * @example
 * ```ts
 * const counter = mp.Value('i', 0);
 * counter.withLock(() => { counter.value += 1; });
 * counter.add(1); // lock-free atomic add
 * console.log(String(counter)); // <Synchronized wrapper for c_int(2)>
 * ```
 * @group Wrappers
 */
export class SynchronizedValue<Value = unknown, Input = Value> extends SynchronizedBase<
  SharedScalar<Value, Input>
> {
  /** The handle record that travels when this wrapper is posted to a worker. @internal */
  readonly __sharedctypes__: SynchronizedRecord;
  /** @internal The arena-wide typed array holding the value, as a raw scalar has it. */
  declare readonly [ELEMENTS]: Elements;
  /** @internal The index of the value in {@link ELEMENTS}. */
  declare readonly [INDEX]: number;
  /** @internal The scalar's type, on the prototype of its per-type class. */
  declare readonly [SIMPLE_TYPE]: AnySimpleType;
  /** @internal The value, read and written without the lock (per-type prototype accessor). */
  declare [UNLOCKED_VALUE]: Value;
  #raw: SharedScalar<Value, Input> | undefined;
  #lock: AnyLock | undefined;
  /** The lock's cells and its state's index. */
  readonly #cells: Int32Array;
  readonly #state: number;
  /**
   * This thread's identity in the state, which (the waiting flag masked off) means that it
   * holds the lock; plus {@link NOT_RECURSIVE} for a `Lock`.
   */
  readonly #ownedState: number;

  /**
   * Use `Value` or `synchronized` instead.
   * @internal
   * @param arena - The memory of the value.
   * @param offset - Byte offset of the value in `arena`; a multiple of its type's size.
   * @param lock - The lock that guards it, or the memory (zeroed) of a new `RLock`.
   * @param raw - The raw scalar at that place, when there is one already.
   */
  constructor(
    arena: Arena,
    offset: number,
    lock: AnyLock | Allocation,
    raw?: SharedScalar<Value, Input>,
  ) {
    super();
    const type = this[SIMPLE_TYPE];
    if (type === undefined) {
      throw typeError(
        'new.target',
        'a wrapper class of one type: call Value or synchronized',
        new.target,
      );
    }
    (this as { [ELEMENTS]: Elements })[ELEMENTS] = arena.view(type.storage as StorageKind);
    (this as { [INDEX]: number })[INDEX] = offset / type.size;
    this.#raw = raw;
    let lockArena: Arena;
    let lockOffset: number;
    let lockKind: 'lock' | 'rlock';
    if (lock instanceof Allocation) {
      this.#lock = undefined;
      lockArena = lock.arena;
      lockOffset = lock.offset;
      lockKind = 'rlock';
    } else {
      const record = lock.__sharedctypes__;
      this.#lock = lock;
      lockArena = arenaOf(record.memory);
      lockOffset = record.offset;
      lockKind = record.kind;
    }
    this.__sharedctypes__ = encodeSynchronized(
      arena.description,
      offset,
      describeType(type),
      lockKind,
      lockArena.description,
      lockOffset,
    );
    this.#cells = lockArena.view('int32');
    this.#state = lockOffset / LOCK_ALIGNMENT + LOCK_CELLS.state;
    const owner = lockArena.backend.agentId;
    this.#ownedState = lockKind === 'rlock' ? owner : owner | NOT_RECURSIVE;
    Object.preventExtensions(this);
  }

  /** The lock given at creation, or the `RLock` made for this wrapper. */
  getLock(): AnyLock {
    return this.#lock ?? this.#makeLock();
  }

  /** The raw scalar, to use without the lock. */
  getObj(): SharedScalar<Value, Input> {
    return this.#raw ?? this.#makeRaw();
  }

  /** The value, read under the lock. Setting stores under the lock. */
  get value(): Value {
    if ((this.#cells[this.#state] & ~WAITING) === this.#ownedState) return this[UNLOCKED_VALUE];
    return this.#readLocked();
  }

  /** Stores a new `value` (see the getter for the rules). */
  set value(value: Input) {
    if ((this.#cells[this.#state] & ~WAITING) === this.#ownedState) {
      this[UNLOCKED_VALUE] = value as unknown as Value;
    } else {
      this.#writeLocked(value);
    }
  }

  // The locked paths live apart so that the accessors stay small enough to be inlined
  // into callers that already hold the lock. Each first tries the uncontended acquire (one
  // compare-and-swap, as the lock's own `acquire` does), and leaves everything else
  // (waiting, a holder that ended, a thread that may not block) to the lock object, in a
  // method of its own: what an accessor's optimized code inlines counts against the
  // inlining budget of each loop that inlines the accessor.
  #readLocked(): Value {
    const owner = this.#ownedState & ~NOT_RECURSIVE;
    if (Atomics.compareExchange(this.#cells, this.#state, UNLOCKED, owner) !== UNLOCKED) {
      return this.#readThroughLock();
    }
    try {
      return this[UNLOCKED_VALUE];
    } finally {
      this.#unlock(owner);
    }
  }

  #readThroughLock(): Value {
    const lock = this.getLock();
    enterScope(lock);
    try {
      return this[UNLOCKED_VALUE];
    } finally {
      lock.release();
    }
  }

  #writeLocked(value: Input): void {
    const owner = this.#ownedState & ~NOT_RECURSIVE;
    if (Atomics.compareExchange(this.#cells, this.#state, UNLOCKED, owner) !== UNLOCKED) {
      this.#writeThroughLock(value);
      return;
    }
    try {
      this[UNLOCKED_VALUE] = value as unknown as Value;
    } finally {
      this.#unlock(owner);
    }
  }

  #writeThroughLock(value: Input): void {
    const lock = this.getLock();
    enterScope(lock);
    try {
      this[UNLOCKED_VALUE] = value as unknown as Value;
    } finally {
      lock.release();
    }
  }

  /**
   * Frees the lock taken uncontended. The lock object releases instead when others started
   * waiting (it wakes one), or when the access acquired it again (a store's conversion can
   * run user code) and one release is left of the nested ones.
   */
  #unlock(owner: number): void {
    const cells = this.#cells;
    const state = this.#state;
    if (
      cells[state + DEPTH] !== 0 ||
      Atomics.compareExchange(cells, state, owner, UNLOCKED) !== owner
    ) {
      this.getLock().release();
    }
  }

  #makeLock(): AnyLock {
    const { lockMemory, lockOffset } = this.__sharedctypes__;
    const lock = new SharedRLock(new Allocation(arenaOf(lockMemory), lockOffset));
    this.#lock = lock;
    return lock;
  }

  #makeRaw(): SharedScalar<Value, Input> {
    const { memory, offset } = this.__sharedctypes__;
    const type = this[SIMPLE_TYPE];
    const raw = new (scalarClassFor(type))(type, arenaOf(memory), offset);
    this.#raw = raw as SharedScalar<Value, Input>;
    return this.#raw;
  }

  /** `<Synchronized wrapper for c_int(5)>`. */
  toString(): string {
    return `<Synchronized wrapper for ${simpleRepr(this[SIMPLE_TYPE], this.value)}>`;
  }
}

installAtomicRefusals(SynchronizedValue.prototype);

export interface SynchronizedIntegerValue<Value = unknown, Input = Value> {
  /** Atomically adds `value`, without the lock; returns the old value. */
  add(value: Input): Value;
  /** Atomically subtracts `value`, without the lock; returns the old value. */
  sub(value: Input): Value;
  /** Atomic bitwise and, without the lock; returns the old value. */
  and(value: Input): Value;
  /** Atomic bitwise or, without the lock; returns the old value. */
  or(value: Input): Value;
  /** Atomic bitwise xor, without the lock; returns the old value. */
  xor(value: Input): Value;
  /** Atomically stores `value`, without the lock; returns the old value. */
  exchange(value: Input): Value;
  /** Atomic compare-and-swap, without the lock; returns the old value. */
  compareExchange(expected: Input, replacement: Input): Value;
  /** Atomic read, without the lock. */
  load(): Value;
  /** Atomic store, without the lock; returns `value` as `Atomics.store` does. */
  store(value: Input): Value;
}

/**
 * The wrapper `mp.Value` returns for an integer type: a {@link SynchronizedValue} plus the
 * lock-free atomic operations of its raw scalar, which do not take the lock.
 * @typeParam Value - What `.value` and the atomic operations return.
 * @typeParam Input - What `.value` and the operands accept.
 * @example
 * ```ts
 * const hits = mp.Value('i', 0);
 * hits.add(1); // atomic, no lock
 * hits.withLock(() => { hits.value *= 2; }); // read-modify-write under the lock
 * ```
 * @group Wrappers
 */
// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: the interface types the atomic methods that `installAtomicMethods` defines.
export class SynchronizedIntegerValue<Value = unknown, Input = Value> extends SynchronizedValue<
  Value,
  Input
> {
  /** The raw integer scalar, to use without the lock. */
  override getObj(): SharedIntegerScalar<Value, Input> {
    return super.getObj() as SharedIntegerScalar<Value, Input>;
  }
}

// The wrapper holds the value's elements and index itself, as a raw scalar does.
installAtomicMethods(SynchronizedIntegerValue.prototype, 'scalar', 'raw');

type WrapperClass = new (
  arena: Arena,
  offset: number,
  lock: AnyLock | Allocation,
  raw?: SharedScalar,
) => SynchronizedValue;

const wrapperClasses = new Map<AnySimpleType, WrapperClass>();

/**
 * The wrapper class for scalars of `type`: {@link SynchronizedIntegerValue} for integer
 * types, else {@link SynchronizedValue}, with the unlocked access compiled for `type`.
 */
export function synchronizedValueClassFor(type: AnySimpleType): WrapperClass {
  const known = wrapperClasses.get(type);
  if (known !== undefined) return known;
  const base = type.isInteger ? SynchronizedIntegerValue : SynchronizedValue;
  const wrapperClass = class extends base {};
  Object.defineProperty(wrapperClass, 'name', { value: base.name });
  const { get, set } = compileScalarAccessors(type);
  Object.defineProperties(wrapperClass.prototype, {
    [UNLOCKED_VALUE]: { get, set, configurable: true },
    [SIMPLE_TYPE]: { value: type },
  });
  wrapperClasses.set(type, wrapperClass);
  return wrapperClass;
}
