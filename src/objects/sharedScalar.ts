/**
 * A raw scalar in shared memory, what `RawValue('i')` returns: `.value` and, for integer
 * types, lock-free atomic operations named like `Atomics`.
 */
import { type Arena, arenaOf } from '../memory/arena.js';
import { Allocation } from '../memory/heap.js';
import { encodeObject, type ObjectRecord } from '../sharing/handleCodec.js';
import type { StorageKind, Stored } from '../types/conversions.js';
import type { SimpleType } from '../types/simpleTypes.js';
import { installAtomicMethods, installAtomicRefusals, SIMPLE_TYPE } from './atomics.js';
import { ELEMENTS, INDEX, scalarAccessorsFor } from './elementAccessors.js';
import type { AnySimpleType } from './memoryAccess.js';
import { simpleRepr } from './repr.js';
import { INSPECT, LOCATE, type Location } from './sharedObject.js';

type Elements = { [index: number]: Stored; readonly length: number };

/**
 * A C scalar in shared memory: `RawValue(type)`, or what `getObj()` of a `Value` returns.
 * Reads and writes of `.value` are single loads and stores; they are not atomic as a pair,
 * so use the atomic methods or a lock for read-modify-write.
 *
 * @typeParam Value - What `.value` returns.
 * @typeParam Input - What `.value` accepts.
 *
 * @example
 * ```ts
 * const counter = mp.RawValue('i', 5);
 * counter.value += 1;
 * console.log(String(counter)); // c_int(6)
 * ```
 */
export interface SharedScalar<Value = unknown, Input = Value> {
  /**
   * The value; a store converts as docs/semantics.md describes and throws without writing
   * on bad input.
   * The accessor is compiled per type (see `elementAccessors.ts`).
   */
  get value(): Value;
  /** Stores a new value, converted like every store; a bad value throws and writes nothing. */
  set value(value: Input);
}

/**
 * The class of raw scalars; see the interface of the same name for `.value`. Each simple
 * type has a subclass with its `.value` accessor compiled for it; those of integer types
 * extend {@link SharedIntegerScalar}, which adds the atomic operations. On other types the
 * atomic method names throw `TypeError` at run time and do not type-check.
 * @example
 * ```ts
 * mp.RawValue('i', 1) instanceof mp.SharedScalar; // true
 * ```
 * @group Raw objects
 */
// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: the interface only adds the `.value` accessor types.
export class SharedScalar<Value = unknown, Input = Value> {
  /** The handle record that travels when this object is posted to a worker. @internal */
  readonly __sharedctypes__: ObjectRecord;
  /** @internal The arena-wide typed array holding the value, for the compiled accessors. */
  declare readonly [ELEMENTS]: Elements;
  /** @internal The index of the value in {@link ELEMENTS}. */
  declare readonly [INDEX]: number;
  /** @internal The scalar's type, kept once on the prototype of its per-type class. */
  declare readonly [SIMPLE_TYPE]: AnySimpleType;

  // Three own slots and the record, nothing else: retained scalars cost little heap. The
  // type is on the class prototype, the arena is found from the record when asked.

  /**
   * Use `RawValue` or `Value` instead: they allocate the memory.
   * @internal
   * @param type - The scalar type.
   * @param arena - The memory.
   * @param offset - Byte offset in the arena; a multiple of the type's size.
   */
  constructor(type: SimpleType<Value, Input>, arena: Arena, offset: number) {
    const simple = type as AnySimpleType;
    this.__sharedctypes__ = encodeObject(arena, offset, simple);
    (this as { [ELEMENTS]: Elements })[ELEMENTS] = arena.view(simple.storage as StorageKind);
    (this as { [INDEX]: number })[INDEX] = offset / simple.size;
    Object.preventExtensions(this);
  }

  /** Python's repr: `c_int(5)`. */
  toString(): string {
    return simpleRepr(this[SIMPLE_TYPE], this.value);
  }

  /** @internal */
  [INSPECT](): string {
    return this.toString();
  }

  /** @internal */
  [LOCATE](): Location {
    const { memory, offset } = this.__sharedctypes__;
    return { allocation: new Allocation(arenaOf(memory), offset), offset, type: this[SIMPLE_TYPE] };
  }
}

export interface SharedIntegerScalar<Value = unknown, Input = Value> {
  /** Atomically adds `value`; returns the old value. */
  add(value: Input): Value;
  /** Atomically subtracts `value`; returns the old value. */
  sub(value: Input): Value;
  /** Atomic bitwise and; returns the old value. */
  and(value: Input): Value;
  /** Atomic bitwise or; returns the old value. */
  or(value: Input): Value;
  /** Atomic bitwise xor; returns the old value. */
  xor(value: Input): Value;
  /** Atomically stores `value`; returns the old value. */
  exchange(value: Input): Value;
  /** Atomically stores `replacement` if the value equals `expected`; returns the old value. */
  compareExchange(expected: Input, replacement: Input): Value;
  /** Atomically reads the value. */
  load(): Value;
  /** Atomically stores `value`; returns `value` as `Atomics.store` does. */
  store(value: Input): Value;
}

/**
 * A raw scalar of an integer type (`RawValue('i')`, `RawValue('q')`, …): `.value` plus
 * lock-free atomic operations with the names and results of `Atomics`, with wraparound;
 * 64-bit types use bigint.
 * @typeParam Value - What `.value` and the atomic operations return.
 * @typeParam Input - What `.value` and the operands accept.
 * @example
 * ```ts
 * const hits = mp.RawValue('i', 0);
 * hits.add(1); // 0, the old value
 * hits.compareExchange(1, 5); // 1
 * console.log(hits.load()); // 5
 * ```
 * @group Raw objects
 */
// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: the interface types the atomic methods that `installAtomicMethods` defines.
export class SharedIntegerScalar<Value = unknown, Input = Value> extends SharedScalar<
  Value,
  Input
> {}

installAtomicMethods(SharedIntegerScalar.prototype, 'scalar', 'raw');

const scalarClasses = new Map<AnySimpleType, typeof SharedScalar>();

/** The class of scalars of `type`: `SharedScalar` with `.value` compiled for `type` alone. */
export function scalarClassFor(type: AnySimpleType): typeof SharedScalar {
  const known = scalarClasses.get(type);
  if (known !== undefined) return known;
  const base = type.isInteger ? SharedIntegerScalar : SharedScalar;
  const scalarClass = class extends base {} as typeof SharedScalar;
  if (!type.isInteger) installAtomicRefusals(scalarClass.prototype);
  Object.defineProperty(scalarClass, 'name', { value: type.name });
  const { get, set } = scalarAccessorsFor(type);
  Object.defineProperties(scalarClass.prototype, {
    value: { get, set, configurable: true },
    [SIMPLE_TYPE]: { value: type },
  });
  scalarClasses.set(type, scalarClass);
  return scalarClass;
}
