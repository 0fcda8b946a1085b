/**
 * Every export of the package but `getContext`: the same in each entry. An entry adds the
 * `getContext` that loads its platform's backends: `index.ts` for Node.js, `browser.ts` for
 * browsers.
 */
export type { Context, ContextName } from './contexts/context.js';
export { AbandonedLockError, LockError } from './errors.js';
export type { LockGuard, SynchronousResult } from './locks/lockBase.js';
export {
  type AnyLock,
  Lock,
  RLock,
  SharedLock,
  SharedRLock,
} from './locks/locks.js';
export { RawArray, RawValue } from './objects/rawFactories.js';
export {
  SharedArray,
  SharedCharArray,
  SharedIntegerArray,
  SharedWideCharArray,
  type SliceOf,
  type SliceValues,
  type TypedArrayFor,
} from './objects/sharedArray.js';
export { SharedIntegerScalar, SharedScalar } from './objects/sharedScalar.js';
export { SharedStruct } from './objects/sharedStruct.js';
export type {
  ArrayInit,
  ArrayView,
  InitOf,
  RawObjectFor,
  RawObjectOf,
  StructFields,
  StructInit,
  StructView,
  ValueOf,
} from './objects/typing.js';
export { Process, type ProcessOptions } from './processes/process.js';
export { attach } from './sharing/attach.js';
export { alignment, sizeof } from './sizing.js';
export {
  ArrayType,
  arrayOf,
  type CType,
  type FieldLayout,
  type FieldTypes,
  type ResolvedType,
  StructType,
  Structure,
  type StructureOptions,
  type TypeSpec,
} from './types/compositeTypes.js';
export {
  type BigIntegerKind,
  type BigIntegerType,
  type CharType,
  c_bool,
  c_byte,
  c_char,
  c_double,
  c_float,
  c_int,
  c_int8,
  c_int16,
  c_int32,
  c_int64,
  c_long,
  c_longlong,
  c_short,
  c_size_t,
  c_ssize_t,
  c_ubyte,
  c_uint,
  c_uint8,
  c_uint16,
  c_uint32,
  c_uint64,
  c_ulong,
  c_ulonglong,
  c_ushort,
  c_wchar,
  type FloatType,
  type IntegerInput,
  type IntegerType,
  SimpleType,
  type SmallIntegerKind,
  type SmallIntegerType,
  TYPECODES,
  type Typecode,
  type TypecodeTable,
  type WideCharType,
} from './types/simpleTypes.js';
export {
  type AnySynchronized,
  copy,
  SynchronizedArrayFactory as Array,
  synchronized,
  Value,
} from './wrappers/factories.js';
export {
  SynchronizedArray,
  SynchronizedIntegerArray,
  SynchronizedString,
  SynchronizedWideString,
} from './wrappers/synchronizedArray.js';
export { SynchronizedBase } from './wrappers/synchronizedBase.js';
export { SynchronizedStruct } from './wrappers/synchronizedStruct.js';
export { SynchronizedIntegerValue, SynchronizedValue } from './wrappers/synchronizedValue.js';
export type {
  LockOption,
  SynchronizedArrayOf,
  SynchronizedFor,
  SynchronizedOf,
  SynchronizedOfRaw,
  SynchronizedOptions,
} from './wrappers/typing.js';
