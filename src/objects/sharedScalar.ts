/**
 * A raw scalar in shared memory, what `RawValue('i')` returns: `.value` and, for integer
 * types, lock-free atomic operations named like `Atomics`.
 */
import type { Allocation } from '../memory/heap.js';
import type { StorageKind, Stored } from '../types/conversions.js';
import type { SimpleType } from '../types/simpleTypes.js';
import { atomicOperand, atomicTarget, atomicView, type IntegerTypedArray } from './atomics.js';
import { ELEMENTS, INDEX, scalarAccessorsFor } from './elementAccessors.js';
import type { AnySimpleType } from './memoryAccess.js';
import { simpleRepr } from './repr.js';
import { INSPECT, LOCATE, type Location, type ObjectRecord, objectRecord } from './sharedObject.js';

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
 * counter.add(10); // atomic, returns the old value 6
 * console.log(String(counter)); // c_int(16)
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
 * type has a subclass with its `.value` accessor compiled for it.
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
  readonly #allocation: Allocation;
  readonly #offset: number;
  readonly #type: AnySimpleType;
  readonly #index: number;
  readonly #atomic: IntegerTypedArray | undefined;

  /**
   * Use `RawValue` or `Value` instead: they allocate the memory.
   * @internal
   * @param type - The scalar type.
   * @param allocation - The memory block.
   * @param offset - Byte offset in the arena; a multiple of the type's size.
   */
  constructor(type: SimpleType<Value, Input>, allocation: Allocation, offset: number) {
    const simple = type as AnySimpleType;
    this.__sharedctypes__ = objectRecord(allocation, offset, simple);
    this.#allocation = allocation;
    this.#offset = offset;
    this.#type = simple;
    const elements: Elements = allocation.arena.view(simple.storage as StorageKind);
    this.#index = offset / simple.size;
    this.#atomic = atomicView(simple, elements);
    (this as { [ELEMENTS]: Elements })[ELEMENTS] = elements;
    (this as { [INDEX]: number })[INDEX] = this.#index;
  }

  /** Atomically adds `value`; returns the old value. Integer types only. */
  add(value: Input): Value {
    const target = atomicTarget(this.#atomic, this.#type);
    return Atomics.add(
      target,
      this.#index,
      atomicOperand(this.#type, value, 'value') as number,
    ) as Value;
  }

  /** Atomically subtracts `value`; returns the old value. Integer types only. */
  sub(value: Input): Value {
    const target = atomicTarget(this.#atomic, this.#type);
    return Atomics.sub(
      target,
      this.#index,
      atomicOperand(this.#type, value, 'value') as number,
    ) as Value;
  }

  /** Atomic bitwise and; returns the old value. Integer types only. */
  and(value: Input): Value {
    const target = atomicTarget(this.#atomic, this.#type);
    return Atomics.and(
      target,
      this.#index,
      atomicOperand(this.#type, value, 'value') as number,
    ) as Value;
  }

  /** Atomic bitwise or; returns the old value. Integer types only. */
  or(value: Input): Value {
    const target = atomicTarget(this.#atomic, this.#type);
    return Atomics.or(
      target,
      this.#index,
      atomicOperand(this.#type, value, 'value') as number,
    ) as Value;
  }

  /** Atomic bitwise xor; returns the old value. Integer types only. */
  xor(value: Input): Value {
    const target = atomicTarget(this.#atomic, this.#type);
    return Atomics.xor(
      target,
      this.#index,
      atomicOperand(this.#type, value, 'value') as number,
    ) as Value;
  }

  /** Atomically stores `value`; returns the old value. Integer types only. */
  exchange(value: Input): Value {
    const target = atomicTarget(this.#atomic, this.#type);
    const operand = atomicOperand(this.#type, value, 'value');
    return Atomics.exchange(target, this.#index, operand as number) as Value;
  }

  /**
   * Atomically stores `replacement` if the value equals `expected`; returns the old value.
   * Integer types only.
   */
  compareExchange(expected: Input, replacement: Input): Value {
    const target = atomicTarget(this.#atomic, this.#type);
    const type = this.#type;
    const expectedOperand = atomicOperand(type, expected, 'expected');
    const replacementOperand = atomicOperand(type, replacement, 'replacement');
    return Atomics.compareExchange(
      target,
      this.#index,
      expectedOperand as number,
      replacementOperand as number,
    ) as Value;
  }

  /** Atomically reads the value. Integer types only. */
  load(): Value {
    return Atomics.load(atomicTarget(this.#atomic, this.#type), this.#index) as Value;
  }

  /** Atomically stores `value`; returns `value` as `Atomics.store` does. Integer types only. */
  store(value: Input): Value {
    const target = atomicTarget(this.#atomic, this.#type);
    const operand = atomicOperand(this.#type, value, 'value');
    return Atomics.store(target, this.#index, operand as number) as Value;
  }

  /** Python's repr: `c_int(5)`. */
  toString(): string {
    return simpleRepr(this.#type, this.value);
  }

  /** @internal */
  [INSPECT](): string {
    return this.toString();
  }

  /** @internal */
  [LOCATE](): Location {
    return { allocation: this.#allocation, offset: this.#offset, type: this.#type };
  }
}

const scalarClasses = new Map<AnySimpleType, typeof SharedScalar>();

/** The class of scalars of `type`: `SharedScalar` with `.value` compiled for `type` alone. */
export function scalarClassFor(type: AnySimpleType): typeof SharedScalar {
  const known = scalarClasses.get(type);
  if (known !== undefined) return known;
  const scalarClass = class extends SharedScalar {} as typeof SharedScalar;
  Object.defineProperty(scalarClass, 'name', { value: type.name });
  const { get, set } = scalarAccessorsFor(type);
  Object.defineProperty(scalarClass.prototype, 'value', { get, set, configurable: true });
  scalarClasses.set(type, scalarClass);
  return scalarClass;
}
