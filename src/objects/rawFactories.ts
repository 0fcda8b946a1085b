/**
 * `RawValue` and `RawArray`: allocate zeroed shared memory for a type and return the raw
 * object over it, with no lock. (`createRaw`, which they call, is the types' kinds' entry
 * point in `kinds/index.ts`.)
 */
import type { Backend } from '../backend/backend.js';
import { currentBackend } from '../backend/registry.js';
import { typeError } from '../errors.js';
import { createRaw } from '../kinds/index.js';
import {
  type ArrayType,
  arrayTypeOf,
  type CType,
  checkLength,
  type ResolvedType,
  resolveType,
  type TypeSpec,
} from '../types/compositeTypes.js';
import { initializerItems } from './memoryAccess.js';
import type { ArrayInit, ArrayView, InitOf, RawObjectFor } from './typing.js';

export { createRaw };

/**
 * A raw object of `type` in shared memory, with no lock: like Python's `RawValue`.
 *
 * @param type - A descriptor (`mp.c_int`), a typecode (`'i'`), an array type or a structure.
 * @param init - The initial value (converted like any store); for a structure, an object of
 *   fields or an array of values in field order; for an array type, an iterable. Absent or
 *   `undefined` means zero.
 * @returns A scalar with `.value`, a structure object with its fields, or an array.
 * @throws TypeError for an unknown type or a bad initial value; RangeError for an
 *   out-of-range one (a too long array initializer, a bigint beyond the double range).
 *
 * @example
 * ```ts
 * const v = mp.RawValue('d', 1.5);
 * v.value *= 2;
 * const Point = mp.Structure({ x: mp.c_int, y: mp.c_int });
 * const p = mp.RawValue(Point, [1, 2]);
 * ```
 * @group Allocation
 */
export function RawValue<const T extends TypeSpec>(
  type: T,
  init?: InitOf<ResolvedType<T>>,
): RawObjectFor<T> {
  return rawValueIn(currentBackend(), type, init) as RawObjectFor<T>;
}

/** `RawValue` with memory from `backend`. */
export function rawValueIn(backend: Backend, type: TypeSpec, init: unknown): unknown {
  return createRaw(resolveType(type), init, 'init', backend);
}

/** The array type and element values for `RawArray(type, sizeOrInitializer)`. */
export function arrayTypeFor(
  element: CType,
  sizeOrInitializer: unknown,
): { type: ArrayType; items: ArrayLike<unknown> | undefined } {
  if (typeof sizeOrInitializer === 'number') {
    const length = checkLength(sizeOrInitializer, element.size, 'sizeOrInitializer');
    return { type: arrayTypeOf(element, length), items: undefined };
  }
  const items = initializerItems(element, sizeOrInitializer);
  if (items === undefined) {
    throw typeError(
      'sizeOrInitializer',
      'a non-negative integer length, an array, a typed array or an iterable',
      sizeOrInitializer,
    );
  }
  return {
    type: arrayTypeOf(element, checkLength(items.length, element.size, 'sizeOrInitializer')),
    items,
  };
}

/**
 * A raw array in shared memory, with no lock: like Python's `RawArray`.
 *
 * @param type - The element type: a descriptor, a typecode, an array type or a structure.
 * @param sizeOrInitializer - The length, or the initial elements: an array, a typed array
 *   or any iterable (a `Uint8Array`/`Buffer` for `'c'`, a string for `'u'`), whose item
 *   count is the length.
 * @returns The array; `'c'` arrays have `.value`/`.raw`, `'u'` arrays `.value`.
 * @throws TypeError for an unknown type, a non-integer length, a value that is neither a
 *   length nor an initializer, or a bad element; RangeError for a negative length.
 *
 * @example
 * ```ts
 * const zeros = mp.RawArray('i', 10);
 * const squares = mp.RawArray('d', [0, 1, 4, 9]);
 * const name = mp.RawArray('c', Buffer.from('hello'));
 * ```
 * @group Allocation
 */
export function RawArray<const T extends TypeSpec>(
  type: T,
  sizeOrInitializer: number | ArrayInit<ResolvedType<T>>,
): ArrayView<ResolvedType<T>> {
  return rawArrayIn(currentBackend(), type, sizeOrInitializer) as ArrayView<ResolvedType<T>>;
}

/** `RawArray` with memory from `backend`. */
export function rawArrayIn(backend: Backend, type: TypeSpec, sizeOrInitializer: unknown): unknown {
  const element = resolveType(type);
  const { type: arrayType, items } = arrayTypeFor(element, sizeOrInitializer);
  return createRaw(arrayType, items, 'sizeOrInitializer', backend);
}
