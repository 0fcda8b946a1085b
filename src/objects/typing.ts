/**
 * Type-level mapping from ctypes types to the TypeScript types of their values, objects and
 * initializers, so that `Structure({ x: c_int })` gives `{ x: number }` without generics
 * written by hand.
 */
import type {
  ArrayType,
  CType,
  FieldTypes,
  ResolvedType,
  StructType,
  TypeSpec,
} from '../types/compositeTypes.js';
import type { StorageKind } from '../types/conversions.js';
import type { IntegerType, SimpleType } from '../types/simpleTypes.js';
import type {
  SharedArray,
  SharedCharArray,
  SharedIntegerArray,
  SharedWideCharArray,
} from './sharedArray.js';
import type { SharedIntegerScalar, SharedScalar } from './sharedScalar.js';
import type { SharedStruct } from './sharedStruct.js';

/**
 * What reading a value of type `T` gives: a number, bigint, …, or a live view.
 * @example
 * ```ts
 * const value: mp.ValueOf<typeof mp.c_longlong> = 5n;
 * ```
 * @group Raw objects
 */
export type ValueOf<T> =
  T extends SimpleType<infer Value, unknown, StorageKind>
    ? Value
    : T extends ArrayType<infer Element>
      ? ArrayView<Element>
      : T extends StructType<infer Fields>
        ? StructView<Fields>
        : never;

/**
 * What a store of a value of type `T` accepts.
 * @example
 * ```ts
 * const init: mp.InitOf<typeof mp.c_int> = 5n; // numbers, bigints and booleans
 * ```
 * @group Raw objects
 */
export type InitOf<T> =
  T extends SimpleType<unknown, infer Input, StorageKind>
    ? Input
    : T extends ArrayType<infer Element>
      ? ArrayInit<Element>
      : T extends StructType<infer Fields>
        ? StructInit<Fields>
        : never;

/**
 * An array initializer: an iterable of element initializers; bytes for `'c'`; a string for `'u'`.
 * @example
 * ```ts
 * const init: mp.ArrayInit<typeof mp.c_double> = new Float64Array([1, 2]);
 * ```
 * @group Raw objects
 */
export type ArrayInit<Element> =
  | Iterable<InitOf<Element>>
  | (Element extends SimpleType<unknown, unknown, 'char'> ? Uint8Array : never)
  | (Element extends SimpleType<unknown, unknown, 'wchar'> ? string : never);

/**
 * A structure initializer: an object of fields (missing ones are zero) or values in order.
 * @example
 * ```ts
 * const Point = mp.Structure({ x: mp.c_int, y: mp.c_int });
 * const init: mp.StructInit<typeof Point.fieldTypes> = { y: 2 }; // or [1, 2]
 * ```
 * @group Raw objects
 */
export type StructInit<Fields extends FieldTypes> =
  | { readonly [Name in keyof Fields]?: InitOf<ResolvedType<Fields[Name]>> }
  | readonly unknown[];

/**
 * The field properties of a structure object.
 * @example
 * ```ts
 * const Point = mp.Structure({ x: mp.c_int });
 * type Fields = mp.StructFields<typeof Point.fieldTypes>; // { x: number }
 * ```
 * @group Raw objects
 */
export type StructFields<Fields extends FieldTypes> = {
  -readonly [Name in keyof Fields]: ValueOf<ResolvedType<Fields[Name]>>;
};

/**
 * A structure object: its fields as properties, live in shared memory.
 * @example
 * ```ts
 * const Point = mp.Structure({ x: mp.c_int });
 * const p: mp.StructView<typeof Point.fieldTypes> = mp.RawValue(Point);
 * ```
 * @group Raw objects
 */
export type StructView<Fields extends FieldTypes> = StructFields<Fields> & SharedStruct<Fields>;

/**
 * The array object for elements of type `Element`: `'c'` and `'u'` arrays have `.value`.
 * @example
 * ```ts
 * const view: mp.ArrayView<typeof mp.c_char> = mp.RawArray('c', 4); // has .value and .raw
 * ```
 * @group Raw objects
 */
export type ArrayView<Element> =
  Element extends SimpleType<unknown, unknown, 'char'>
    ? SharedCharArray
    : Element extends SimpleType<unknown, unknown, 'wchar'>
      ? SharedWideCharArray
      : Element extends IntegerType
        ? SharedIntegerArray<Element>
        : Element extends CType
          ? SharedArray<Element>
          : never;

/**
 * The raw object `RawValue(type)` returns for a type `T`.
 * @example
 * ```ts
 * const raw: mp.RawObjectOf<typeof mp.c_double> = mp.RawValue(mp.c_double);
 * ```
 * @group Raw objects
 */
export type RawObjectOf<T> =
  T extends SimpleType<infer Value, infer Input, StorageKind>
    ? T extends IntegerType
      ? SharedIntegerScalar<Value, Input>
      : SharedScalar<Value, Input>
    : ValueOf<T>;

/**
 * The raw object for a type given by descriptor or typecode.
 * @example
 * ```ts
 * const raw: mp.RawObjectFor<'d'> = mp.RawValue('d'); // SharedScalar<number, …>
 * ```
 * @group Raw objects
 */
export type RawObjectFor<T extends TypeSpec> = RawObjectOf<ResolvedType<T>>;
