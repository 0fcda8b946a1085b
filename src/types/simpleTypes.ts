/**
 * The simple ctypes types (docs/semantics.md, "Types"): one descriptor per C scalar type,
 * with the C ABI size and alignment of 64-bit Linux (LP64).
 */
import {
  FROM_STORAGE,
  type FromStorage,
  type StorageKind,
  TO_STORAGE,
  type ToStorage,
} from './conversions.js';

const BYTES: Readonly<Record<StorageKind, number>> = {
  int8: 1,
  uint8: 1,
  int16: 2,
  uint16: 2,
  int32: 4,
  uint32: 4,
  int64: 8,
  uint64: 8,
  float32: 4,
  float64: 8,
  bool: 1,
  char: 1,
  wchar: 4,
};

const INTEGER_KINDS: ReadonlySet<StorageKind> = new Set([
  'int8',
  'uint8',
  'int16',
  'uint16',
  'int32',
  'uint32',
  'int64',
  'uint64',
]);

/**
 * A C scalar type such as `c_int` or `c_double`: its name, typecode, size, alignment and
 * how JavaScript values convert to and from its bits. Instances are the exported
 * descriptors; there is no need to build one.
 *
 * @typeParam Value - What a read returns (`number`, `bigint`, `boolean`, `string`, `Uint8Array`).
 * @typeParam Input - What a store accepts.
 *
 * @example
 * ```ts
 * import * as mp from 'sharedctypes';
 * console.log(mp.c_int.name, mp.c_int.size, mp.c_int.typecode); // c_int 4 i
 * ```
 * @group Types
 */
export class SimpleType<Value = unknown, Input = Value, Kind extends StorageKind = StorageKind> {
  /** Tells simple types from array and structure types. */
  readonly category = 'simple' as const;
  /** Size in bytes, like `ctypes.sizeof`. */
  readonly size: number;
  /** Alignment in bytes, like `ctypes.alignment`. */
  readonly alignment: number;
  /** Whether values are integers that support the atomic operations. */
  readonly isInteger: boolean;
  /** Converts a value to stored bits, throwing `TypeError`/`RangeError` on bad input. @internal */
  readonly toStorage: ToStorage;
  /** Converts stored bits back to the value; `undefined` where the bits are the value. @internal */
  readonly fromStorage: FromStorage;
  /** Type-level only: the value a read returns. Never present at run time. */
  declare readonly valueType: Value;
  /** Type-level only: the values a store accepts. Never present at run time. */
  declare readonly inputType: Input;

  /**
   * @param name - The ctypes name, e.g. `c_int`.
   * @param typecode - The one-letter code of Python's `array` module, or `undefined`.
   * @param storage - How the bits are kept.
   */
  constructor(
    readonly name: string,
    readonly typecode: string | undefined,
    readonly storage: Kind,
  ) {
    this.size = BYTES[storage];
    this.alignment = BYTES[storage];
    this.isInteger = INTEGER_KINDS.has(storage);
    this.toStorage = TO_STORAGE[storage];
    this.fromStorage = FROM_STORAGE[storage];
  }

  /** The name, e.g. `c_int`. */
  toString(): string {
    return this.name;
  }
}

/**
 * Values stored in integer types: numbers, bigints or booleans, wrapped modulo 2^bits.
 * @example
 * ```ts
 * const values: mp.IntegerInput[] = [1, 2n, true];
 * ```
 * @group Types
 */
export type IntegerInput = number | bigint | boolean;

/**
 * The type of `c_char`: one byte, read as a `Uint8Array` of length 1.
 * @example
 * ```ts
 * const type: mp.CharType = mp.c_char;
 * ```
 * @group Types
 */
export type CharType = SimpleType<Uint8Array, Uint8Array | IntegerInput, 'char'>;
/**
 * The type of `c_wchar`: one code point, read as a string.
 * @example
 * ```ts
 * const type: mp.WideCharType = mp.c_wchar;
 * ```
 * @group Types
 */
export type WideCharType = SimpleType<string, string, 'wchar'>;

/**
 * The storage kinds of integers of at most 32 bits.
 * @example
 * ```ts
 * const kind: mp.SmallIntegerKind = mp.c_int.storage; // 'int32'
 * ```
 * @group Types
 */
export type SmallIntegerKind = 'int8' | 'uint8' | 'int16' | 'uint16' | 'int32' | 'uint32';
/**
 * The storage kinds of 64-bit integers.
 * @example
 * ```ts
 * const kind: mp.BigIntegerKind = mp.c_longlong.storage; // 'int64'
 * ```
 * @group Types
 */
export type BigIntegerKind = 'int64' | 'uint64';
/**
 * A C integer type of at most 32 bits: values are `number`s.
 * @example
 * ```ts
 * const type: mp.SmallIntegerType = mp.c_int;
 * ```
 * @group Types
 */
export type SmallIntegerType<Kind extends SmallIntegerKind = SmallIntegerKind> = SimpleType<
  number,
  IntegerInput,
  Kind
>;
/**
 * A 64-bit C integer type: values are `bigint`s.
 * @example
 * ```ts
 * const type: mp.BigIntegerType = mp.c_ulonglong;
 * ```
 * @group Types
 */
export type BigIntegerType<Kind extends BigIntegerKind = BigIntegerKind> = SimpleType<
  bigint,
  IntegerInput,
  Kind
>;
/**
 * Any C integer type: the types with atomic operations.
 * @example
 * ```ts
 * const type: mp.IntegerType = mp.c_ushort;
 * ```
 * @group Types
 */
export type IntegerType = SmallIntegerType | BigIntegerType;
/**
 * A C floating-point type: values are `number`s.
 * @example
 * ```ts
 * const type: mp.FloatType = mp.c_float;
 * ```
 * @group Types
 */
export type FloatType<Kind extends 'float32' | 'float64' = 'float32' | 'float64'> = SimpleType<
  number,
  IntegerInput,
  Kind
>;

/**
 * `char`: one byte, read as a `Uint8Array` of length 1; stores accept that or an integer 0..255
 * (a number, bigint or boolean).
 * @example
 * ```ts
 * mp.RawValue(mp.c_char, 65).value; // Uint8Array [65]
 * ```
 * @group Types
 */
export const c_char = new SimpleType<Uint8Array, Uint8Array | IntegerInput, 'char'>(
  'c_char',
  'c',
  'char',
);
/**
 * `wchar_t`: one code point, kept as UTF-32 (4 bytes).
 * @example
 * ```ts
 * mp.RawValue(mp.c_wchar, 'é').value; // 'é'
 * ```
 * @group Types
 */
export const c_wchar = new SimpleType<string, string, 'wchar'>('c_wchar', 'u', 'wchar');
/**
 * `signed char` (typecode `'b'`), 1 byte.
 * @example
 * ```ts
 * mp.RawValue(mp.c_byte, 200).value; // -56
 * ```
 * @group Types
 */
export const c_byte: SmallIntegerType<'int8'> = new SimpleType('c_byte', 'b', 'int8');
/**
 * `unsigned char` (typecode `'B'`), 1 byte.
 * @example
 * ```ts
 * mp.RawValue(mp.c_ubyte, 256).value; // 0
 * ```
 * @group Types
 */
export const c_ubyte: SmallIntegerType<'uint8'> = new SimpleType('c_ubyte', 'B', 'uint8');
/**
 * `short` (typecode `'h'`), 2 bytes.
 * @example
 * ```ts
 * mp.RawValue(mp.c_short, -1).value; // -1
 * ```
 * @group Types
 */
export const c_short: SmallIntegerType<'int16'> = new SimpleType('c_short', 'h', 'int16');
/**
 * `unsigned short` (typecode `'H'`), 2 bytes.
 * @example
 * ```ts
 * mp.RawValue(mp.c_ushort, -1).value; // 65535
 * ```
 * @group Types
 */
export const c_ushort: SmallIntegerType<'uint16'> = new SimpleType('c_ushort', 'H', 'uint16');
/**
 * `int` (typecode `'i'`), 4 bytes.
 * @example
 * ```ts
 * mp.RawValue(mp.c_int, 2 ** 31).value; // -2147483648
 * ```
 * @group Types
 */
export const c_int: SmallIntegerType<'int32'> = new SimpleType('c_int', 'i', 'int32');
/**
 * `unsigned int` (typecode `'I'`), 4 bytes.
 * @example
 * ```ts
 * mp.RawValue(mp.c_uint, -1).value; // 4294967295
 * ```
 * @group Types
 */
export const c_uint: SmallIntegerType<'uint32'> = new SimpleType('c_uint', 'I', 'uint32');
/**
 * `long` (typecode `'l'`), 8 bytes on LP64; values are bigints.
 * @example
 * ```ts
 * mp.RawValue(mp.c_long, 5).value; // 5n
 * ```
 * @group Types
 */
export const c_long: BigIntegerType<'int64'> = new SimpleType('c_long', 'l', 'int64');
/**
 * `unsigned long` (typecode `'L'`), 8 bytes on LP64; values are bigints.
 * @example
 * ```ts
 * mp.RawValue(mp.c_ulong, -1).value; // 18446744073709551615n
 * ```
 * @group Types
 */
export const c_ulong: BigIntegerType<'uint64'> = new SimpleType('c_ulong', 'L', 'uint64');
/**
 * `long long` (typecode `'q'`), 8 bytes; values are bigints.
 * @example
 * ```ts
 * mp.RawValue(mp.c_longlong, 2n ** 63n).value; // -9223372036854775808n
 * ```
 * @group Types
 */
export const c_longlong: BigIntegerType<'int64'> = new SimpleType('c_longlong', 'q', 'int64');
/**
 * `unsigned long long` (typecode `'Q'`), 8 bytes; values are bigints.
 * @example
 * ```ts
 * mp.RawValue(mp.c_ulonglong, 1).value; // 1n
 * ```
 * @group Types
 */
export const c_ulonglong: BigIntegerType<'uint64'> = new SimpleType('c_ulonglong', 'Q', 'uint64');
/**
 * `float` (typecode `'f'`), 4 bytes; stores round to binary32.
 * @example
 * ```ts
 * mp.RawValue(mp.c_float, 0.1).value; // 0.10000000149011612
 * ```
 * @group Types
 */
export const c_float: FloatType<'float32'> = new SimpleType('c_float', 'f', 'float32');
/**
 * `double` (typecode `'d'`), 8 bytes.
 * @example
 * ```ts
 * mp.RawValue(mp.c_double, 0.1).value; // 0.1
 * ```
 * @group Types
 */
export const c_double: FloatType<'float64'> = new SimpleType('c_double', 'd', 'float64');
/**
 * `_Bool`, 1 byte; stores take any value by JavaScript truthiness. It has no typecode.
 * @example
 * ```ts
 * mp.RawValue(mp.c_bool, 'yes').value; // true
 * ```
 * @group Types
 */
export const c_bool = new SimpleType<boolean, unknown, 'bool'>('c_bool', undefined, 'bool');

/** Alias of {@link c_byte}. @example `mp.c_int8 === mp.c_byte // true` @group Types */
export const c_int8 = c_byte;
/** Alias of {@link c_ubyte}. @example `mp.c_uint8 === mp.c_ubyte // true` @group Types */
export const c_uint8 = c_ubyte;
/** Alias of {@link c_short}. @example `mp.c_int16 === mp.c_short // true` @group Types */
export const c_int16 = c_short;
/** Alias of {@link c_ushort}. @example `mp.c_uint16 === mp.c_ushort // true` @group Types */
export const c_uint16 = c_ushort;
/** Alias of {@link c_int}. @example `mp.c_int32 === mp.c_int // true` @group Types */
export const c_int32 = c_int;
/** Alias of {@link c_uint}. @example `mp.c_uint32 === mp.c_uint // true` @group Types */
export const c_uint32 = c_uint;
/** Alias of {@link c_long} (LP64). @example `mp.c_int64 === mp.c_long // true` @group Types */
export const c_int64 = c_long;
/** Alias of {@link c_ulong} (LP64). @example `mp.c_uint64 === mp.c_ulong // true` @group Types */
export const c_uint64 = c_ulong;
/** Alias of {@link c_ulong}, as `size_t` is on LP64. @example `mp.c_size_t === mp.c_ulong // true` @group Types */
export const c_size_t = c_ulong;
/** Alias of {@link c_long}, as `ssize_t` is on LP64. @example `mp.c_ssize_t === mp.c_long // true` @group Types */
export const c_ssize_t = c_long;

/**
 * The descriptor behind each typecode.
 * @example
 * ```ts
 * const table: mp.TypecodeTable = mp.TYPECODES;
 * ```
 * @group Types
 */
export interface TypecodeTable {
  /** `'c'`: {@link c_char}. */
  readonly c: typeof c_char;
  /** `'u'`: {@link c_wchar}. */
  readonly u: typeof c_wchar;
  /** `'b'`: {@link c_byte}. */
  readonly b: typeof c_byte;
  /** `'B'`: {@link c_ubyte}. */
  readonly B: typeof c_ubyte;
  /** `'h'`: {@link c_short}. */
  readonly h: typeof c_short;
  /** `'H'`: {@link c_ushort}. */
  readonly H: typeof c_ushort;
  /** `'i'`: {@link c_int}. */
  readonly i: typeof c_int;
  /** `'I'`: {@link c_uint}. */
  readonly I: typeof c_uint;
  /** `'l'`: {@link c_long}. */
  readonly l: typeof c_long;
  /** `'L'`: {@link c_ulong}. */
  readonly L: typeof c_ulong;
  /** `'q'`: {@link c_longlong}. */
  readonly q: typeof c_longlong;
  /** `'Q'`: {@link c_ulonglong}. */
  readonly Q: typeof c_ulonglong;
  /** `'f'`: {@link c_float}. */
  readonly f: typeof c_float;
  /** `'d'`: {@link c_double}. */
  readonly d: typeof c_double;
}

/**
 * The typecodes and the descriptors they stand for, as in `multiprocessing.sharedctypes`.
 * @example
 * ```ts
 * mp.TYPECODES.d === mp.c_double; // true
 * ```
 * @group Types
 */
export const TYPECODES: TypecodeTable = {
  c: c_char,
  u: c_wchar,
  b: c_byte,
  B: c_ubyte,
  h: c_short,
  H: c_ushort,
  i: c_int,
  I: c_uint,
  l: c_long,
  L: c_ulong,
  q: c_longlong,
  Q: c_ulonglong,
  f: c_float,
  d: c_double,
};

/**
 * One of the accepted one-letter typecodes.
 * @example
 * ```ts
 * const code: mp.Typecode = 'd';
 * ```
 * @group Types
 */
export type Typecode = keyof TypecodeTable;
