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
import { namedObject, nameOption } from '../wrappers/namedFactories.js';
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
 * @param options - `name` (process context): the named object that unrelated processes
 *   meet at, 1 to 64 of `[A-Za-z0-9._-]`; the first to ask creates it with `init`, every
 *   other one opens it as it is.
 * @returns A scalar with `.value`, a structure object with its fields, or an array.
 * @throws TypeError for an unknown type or a bad initial value, a bad name, a name in the
 *   thread context, or a name taken by an object of another type; RangeError for an
 *   out-of-range value (a too long array initializer, a bigint beyond the double range).
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
  options?: { readonly name?: string },
): RawObjectFor<T> {
  return rawValueIn(currentBackend(), type, init, options) as RawObjectFor<T>;
}

/** `RawValue` with memory from `backend`. */
export function rawValueIn(
  backend: Backend,
  type: TypeSpec,
  init: unknown,
  options?: unknown,
): unknown {
  const ctype = resolveType(type);
  const name = rawNameOption(options);
  if (name !== undefined) return namedObject(backend, ctype, init, 'init', false, name);
  return createRaw(ctype, init, 'init', backend);
}

/**
 * The `name` of a raw factory's options.
 * @throws TypeError for options that are not an object or `undefined`.
 */
function rawNameOption(options: unknown): unknown {
  if (options !== undefined && (typeof options !== 'object' || options === null)) {
    throw typeError('options', 'an object such as { name: "hits" }, or undefined', options);
  }
  return nameOption(options);
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
 *   length nor an initializer, or a bad element, and for `options` as for {@link RawValue};
 *   RangeError for a negative length.
 * @param options - `name` as for {@link RawValue}.
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
  options?: { readonly name?: string },
): ArrayView<ResolvedType<T>> {
  const backend = currentBackend();
  return rawArrayIn(backend, type, sizeOrInitializer, options) as ArrayView<ResolvedType<T>>;
}

/** `RawArray` with memory from `backend`. */
export function rawArrayIn(
  backend: Backend,
  type: TypeSpec,
  sizeOrInitializer: unknown,
  options?: unknown,
): unknown {
  const element = resolveType(type);
  const { type: arrayType, items } = arrayTypeFor(element, sizeOrInitializer);
  const name = rawNameOption(options);
  if (name !== undefined) {
    return namedObject(backend, arrayType, items, 'sizeOrInitializer', false, name);
  }
  return createRaw(arrayType, items, 'sizeOrInitializer', backend);
}
