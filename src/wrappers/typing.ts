/**
 * Type-level mapping from ctypes types to their synchronized wrappers.
 */
import type { AnyLock } from '../locks/locks.js';
import type {
  SharedArray,
  SharedCharArray,
  SharedIntegerArray,
  SharedWideCharArray,
} from '../objects/sharedArray.js';
import type { SharedIntegerScalar, SharedScalar } from '../objects/sharedScalar.js';
import type { SharedStruct } from '../objects/sharedStruct.js';
import type { StructFields } from '../objects/typing.js';
import type {
  ArrayType,
  CType,
  ResolvedType,
  StructType,
  TypeSpec,
} from '../types/compositeTypes.js';
import type { StorageKind } from '../types/conversions.js';
import type { IntegerType, SimpleType } from '../types/simpleTypes.js';
import type {
  SynchronizedArray,
  SynchronizedIntegerArray,
  SynchronizedString,
  SynchronizedWideString,
} from './synchronizedArray.js';
import type { SynchronizedStruct } from './synchronizedStruct.js';
import type { SynchronizedIntegerValue, SynchronizedValue } from './synchronizedValue.js';

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
      : Element extends IntegerType
        ? SynchronizedIntegerArray<Element>
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
    ? T extends IntegerType
      ? SynchronizedIntegerValue<Value, Input>
      : SynchronizedValue<Value, Input>
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

/**
 * The wrapper `synchronized(raw)` returns for a raw object of type `Raw`: the wrapper that
 * `Value` or `Array` makes for the same type.
 * @example
 * ```ts
 * const wrapper: mp.SynchronizedOfRaw<mp.SharedScalar<number>> = mp.synchronized(mp.RawValue('d'));
 * ```
 * @group Wrappers
 */
export type SynchronizedOfRaw<Raw> =
  Raw extends SharedStruct<infer Fields>
    ? SynchronizedStruct<Fields> & StructFields<Fields>
    : Raw extends SharedCharArray
      ? SynchronizedString
      : Raw extends SharedWideCharArray
        ? SynchronizedWideString
        : Raw extends SharedIntegerArray<infer Element>
          ? SynchronizedIntegerArray<Element>
          : Raw extends SharedArray<infer Element>
            ? SynchronizedArray<Element>
            : Raw extends SharedIntegerScalar<infer Value, infer Input>
              ? SynchronizedIntegerValue<Value, Input>
              : Raw extends SharedScalar<infer Value, infer Input>
                ? SynchronizedValue<Value, Input>
                : never;
