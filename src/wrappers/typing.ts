/**
 * Type-level mapping from ctypes types to their synchronized wrappers.
 */
import type { AnyLock } from '../locks/locks.js';
import type { StructFields } from '../objects/typing.js';
import type {
  ArrayType,
  CType,
  ResolvedType,
  StructType,
  TypeSpec,
} from '../types/compositeTypes.js';
import type { StorageKind } from '../types/conversions.js';
import type { SimpleType } from '../types/simpleTypes.js';
import type {
  SynchronizedArray,
  SynchronizedString,
  SynchronizedWideString,
} from './synchronizedArray.js';
import type { SynchronizedStruct } from './synchronizedStruct.js';
import type { SynchronizedValue } from './synchronizedValue.js';

/**
 * The wrapper of an array of `Element`s.
 * @example
 * ```ts
 * const wrapper: mp.SynchronizedArrayOf<typeof mp.c_char> = mp.Array('c', 8); // a SynchronizedString
 * ```
 * @group Wrappers
 */
export type SynchronizedArrayOf<Element> =
  Element extends SimpleType<unknown, unknown, 'char'>
    ? SynchronizedString
    : Element extends SimpleType<unknown, unknown, 'wchar'>
      ? SynchronizedWideString
      : Element extends CType
        ? SynchronizedArray<Element>
        : never;

/**
 * The wrapper `Value(type)` returns for a type `T`.
 * @example
 * ```ts
 * const wrapper: mp.SynchronizedOf<typeof mp.c_double> = mp.Value(mp.c_double);
 * ```
 * @group Wrappers
 */
export type SynchronizedOf<T> =
  T extends SimpleType<infer Value, infer Input, StorageKind>
    ? SynchronizedValue<Value, Input>
    : T extends ArrayType<infer Element>
      ? SynchronizedArrayOf<Element>
      : T extends StructType<infer Fields>
        ? SynchronizedStruct<Fields> & StructFields<Fields>
        : never;

/**
 * The wrapper for a type given by descriptor or typecode.
 * @example
 * ```ts
 * const wrapper: mp.SynchronizedFor<'i'> = mp.Value('i');
 * ```
 * @group Wrappers
 */
export type SynchronizedFor<T extends TypeSpec> = SynchronizedOf<ResolvedType<T>>;

/**
 * The `lock` option: `true`/`undefined`/`null` for a new `RLock`, `false` for none, or a lock.
 * @example
 * ```ts
 * const option: mp.LockOption = false; // as in mp.Value('i', 0, { lock: option })
 * ```
 * @group Allocation
 */
export type LockOption = boolean | null | undefined | AnyLock;

/**
 * Options of `Value` and `Array`.
 * @example
 * ```ts
 * const options: mp.SynchronizedOptions = { lock: mp.Lock() };
 * ```
 * @group Allocation
 */
export interface SynchronizedOptions<Lock extends LockOption = LockOption> {
  /** `true`, `undefined` or `null`: a new `RLock`; `false`: return the raw object; or a lock to use. */
  readonly lock?: Lock;
}
