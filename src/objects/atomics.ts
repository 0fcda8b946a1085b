/**
 * The operands of the atomic operations (docs/semantics.md, "Atomic operations"): integers
 * wrapped like any store, bigints for 64-bit types; and the refusals installed where a type
 * has no atomics.
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

/** The symbol under which scalars and arrays answer their simple (element) type. */
export const SIMPLE_TYPE: unique symbol = Symbol('sharedctypes.simpleType');

/** The names of the atomic operations, as on `Atomics`. */
const ATOMIC_METHOD_NAMES = [
  'add',
  'sub',
  'and',
  'or',
  'xor',
  'exchange',
  'compareExchange',
  'load',
  'store',
] as const;

interface TypedSubject {
  readonly [SIMPLE_TYPE]?: { readonly name: string };
  getObj?(): TypedSubject;
}

/** The name of the (element) type of a raw object or of a wrapper's raw object. */
function typeName(subject: TypedSubject): string {
  const raw = typeof subject.getObj === 'function' ? subject.getObj() : subject;
  return raw[SIMPLE_TYPE]?.name ?? 'unknown';
}

/**
 * Defines the atomic method names on `prototype` as methods that throw `TypeError`, for
 * objects whose values are not integers (or not aligned): at run time a JavaScript caller
 * gets a clear error; in TypeScript these methods do not exist on such objects.
 */
export function installAtomicRefusals(prototype: object): void {
  for (const name of ATOMIC_METHOD_NAMES) {
    Object.defineProperty(prototype, name, {
      value: function refuseAtomic(this: object): never {
        throw typeError('type', 'an aligned integer type for atomic operations', typeName(this));
      },
      writable: true,
      configurable: true,
    });
  }
}

/** `value` converted for an atomic operation on `type`: fast for in-range numbers. */
export function atomicOperand(type: AnySimpleType, value: unknown, name: string): Stored {
  if (typeof value === 'number' && type.size <= 4 && Number.isInteger(value)) return value;
  return type.toStorage(value, name, type.name);
}
