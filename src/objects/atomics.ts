/**
 * The operands of the atomic operations (docs/semantics.md, "Atomic operations"): integers
 * wrapped like any store, bigints for 64-bit types; and the check that a type has atomics.
 */
import { typeError } from '../errors.js';
import type { Stored } from '../types/conversions.js';
import type { AnySimpleType } from './memoryAccess.js';

/**
 * An integer typed array of any element type (`Int8Array` … `BigUint64Array`), typed as
 * `Int32Array` so that one call site fits the overloads of `Atomics`: at run time `Atomics`
 * accepts every one of them.
 */
export type IntegerTypedArray = Int32Array;

/**
 * The typed array to run atomics on, or a `TypeError` for types without atomics.
 * @throws TypeError when `type` is not an integer type.
 */
export function atomicTarget(
  typed: IntegerTypedArray | undefined,
  type: AnySimpleType,
): IntegerTypedArray {
  if (typed === undefined) {
    throw typeError('type', 'an integer type for atomic operations', type.name);
  }
  return typed;
}

/** `value` converted for an atomic operation on `type`: fast for in-range numbers. */
export function atomicOperand(type: AnySimpleType, value: unknown, name: string): Stored {
  if (typeof value === 'number' && type.size <= 4 && Number.isInteger(value)) return value;
  return type.toStorage(value, name, type.name);
}

/** The integer typed array over `type`'s storage, if `type` is an integer type. */
export function atomicView(
  type: AnySimpleType,
  typed: Stored[] | ArrayLike<Stored>,
): IntegerTypedArray | undefined {
  return type.isInteger ? (typed as IntegerTypedArray) : undefined;
}
