/**
 * The conversion rules (docs/semantics.md, "Conversions on every store"): what a store of a
 * JavaScript value into each kind of C storage accepts, how it wraps or rounds, and how
 * stored bits read back.
 */
import { rangeError, typeError } from '../errors.js';

/** How a simple type's bits are kept: the element type of its typed array. */
export type StorageKind =
  | 'int8'
  | 'uint8'
  | 'int16'
  | 'uint16'
  | 'int32'
  | 'uint32'
  | 'int64'
  | 'uint64'
  | 'float32'
  | 'float64'
  | 'bool'
  | 'char'
  | 'wchar';

/** What a typed array element holds: a number, or a bigint for 64-bit integers. */
export type Stored = number | bigint;

/** Turns a JavaScript value into the number or bigint a typed array element stores. */
export type ToStorage = (value: unknown, name: string, typeName: string) => Stored;

function integerToNumber(bits: number): ToStorage {
  return (value, name, typeName) => {
    if (typeof value === 'number') {
      if (Number.isInteger(value)) return value;
    } else if (typeof value === 'bigint') {
      return Number(BigInt.asUintN(bits, value));
    } else if (typeof value === 'boolean') {
      return value ? 1 : 0;
    }
    throw typeError(name, `an integer for ${typeName}`, value);
  };
}

const integerToBigInt: ToStorage = (value, name, typeName) => {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number') {
    if (Number.isInteger(value)) return BigInt(value);
  } else if (typeof value === 'boolean') {
    return value ? 1n : 0n;
  }
  throw typeError(name, `an integer for ${typeName}`, value);
};

const toFloat: ToStorage = (value, name, typeName) => {
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'bigint') {
    const converted = Number(value);
    if (!Number.isFinite(converted)) {
      throw rangeError(name, `a bigint within the range of a double for ${typeName}`, value);
    }
    return converted;
  }
  throw typeError(name, `a number for ${typeName}`, value);
};

const toBool: ToStorage = (value) => (value ? 1 : 0);

/** One byte: bytes of length 1, or an integer 0..255 (a number, a bigint or a boolean, as in Python). */
const toChar: ToStorage = (value, name) => {
  if (value instanceof Uint8Array) {
    if (value.length === 1) return value[0];
  } else if (typeof value === 'number') {
    if (Number.isInteger(value) && value >= 0 && value <= 255) return value;
  } else if (typeof value === 'boolean') {
    return value ? 1 : 0;
  } else if (typeof value === 'bigint') {
    if (value >= 0n && value <= 255n) return Number(value);
  }
  throw typeError(name, 'one character bytes (a Uint8Array of length 1) or integer 0..255', value);
};

const toWideChar: ToStorage = (value, name) => {
  if (typeof value === 'string' && value.length > 0) {
    const codePoint = value.codePointAt(0)!;
    if (value.length === (codePoint > 0xffff ? 2 : 1)) return codePoint;
  }
  throw typeError(name, 'a string of one code point for c_wchar', value);
};

/** The store conversion for each storage kind. */
export const TO_STORAGE: Readonly<Record<StorageKind, ToStorage>> = {
  int8: integerToNumber(8),
  uint8: integerToNumber(8),
  int16: integerToNumber(16),
  uint16: integerToNumber(16),
  int32: integerToNumber(32),
  uint32: integerToNumber(32),
  int64: integerToBigInt,
  uint64: integerToBigInt,
  float32: toFloat,
  float64: toFloat,
  bool: toBool,
  char: toChar,
  wchar: toWideChar,
};

/** Turns stored bits back into the value a reader sees; `undefined` where they are the value. */
export type FromStorage = ((stored: Stored) => unknown) | undefined;

/** The read conversion for the kinds whose stored bits are not already the value. */
export const FROM_STORAGE: Readonly<Record<StorageKind, FromStorage>> = {
  int8: undefined,
  uint8: undefined,
  int16: undefined,
  uint16: undefined,
  int32: undefined,
  uint32: undefined,
  int64: undefined,
  uint64: undefined,
  float32: undefined,
  float64: undefined,
  bool: (stored) => stored !== 0,
  char: (stored) => Uint8Array.of(stored as number),
  wchar: (stored) => String.fromCodePoint(stored as number),
};

/** The typed array class whose elements hold each storage kind. */
export const TYPED_ARRAY_OF = {
  int8: Int8Array,
  uint8: Uint8Array,
  int16: Int16Array,
  uint16: Uint16Array,
  int32: Int32Array,
  uint32: Uint32Array,
  int64: BigInt64Array,
  uint64: BigUint64Array,
  float32: Float32Array,
  float64: Float64Array,
  bool: Uint8Array,
  char: Uint8Array,
  wchar: Uint32Array,
} as const;

/** Any of the typed arrays above. */
export type AnyTypedArray = InstanceType<(typeof TYPED_ARRAY_OF)[StorageKind]>;

type TypedArrayConstructor = new (
  buffer: ArrayBufferLike,
  byteOffset?: number,
  length?: number,
) => AnyTypedArray;

/** A typed array of `kind` over `buffer` (all of it, or `length` elements from `byteOffset`). */
export function typedArrayOver(
  kind: StorageKind,
  buffer: SharedArrayBuffer,
  byteOffset?: number,
  length?: number,
): AnyTypedArray {
  const TypedArray = TYPED_ARRAY_OF[kind] as TypedArrayConstructor;
  return new TypedArray(buffer, byteOffset, length);
}

/** The typed array over each storage kind. */
export interface TypedArrayByKind {
  /** For `int8` storage. */
  int8: Int8Array;
  /** For `uint8` storage. */
  uint8: Uint8Array;
  /** For `int16` storage. */
  int16: Int16Array;
  /** For `uint16` storage. */
  uint16: Uint16Array;
  /** For `int32` storage. */
  int32: Int32Array;
  /** For `uint32` storage. */
  uint32: Uint32Array;
  /** For `int64` storage. */
  int64: BigInt64Array;
  /** For `uint64` storage. */
  uint64: BigUint64Array;
  /** For `float32` storage. */
  float32: Float32Array;
  /** For `float64` storage. */
  float64: Float64Array;
  /** For `bool` storage. */
  bool: Uint8Array;
  /** For `char` storage. */
  char: Uint8Array;
  /** For `wchar` storage. */
  wchar: Uint32Array;
}
