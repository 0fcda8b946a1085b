/**
 * `sizeof` and `alignment`, like `ctypes.sizeof` and `ctypes.alignment`, for a descriptor, a
 * typecode, or a shared object (raw or synchronized).
 */
import { typeError } from './errors.js';
import { isLocatable, LOCATE } from './objects/sharedObject.js';
import { type CType, isCType, resolveType, type TypeSpec } from './types/compositeTypes.js';
import { SynchronizedBase } from './wrappers/synchronizedBase.js';

function typeOf(subject: unknown): CType {
  if (typeof subject === 'string' || isCType(subject)) return resolveType(subject, 'typeOrObject');
  const raw = subject instanceof SynchronizedBase ? subject.getObj() : subject;
  if (isLocatable(raw)) return raw[LOCATE]().type;
  throw typeError('typeOrObject', 'a ctypes type, a typecode or a shared object', subject);
}

/**
 * The size in bytes of a type or shared object, like `ctypes.sizeof`.
 * @param typeOrObject - A descriptor, a typecode, or a raw or synchronized shared object.
 * @returns The size in bytes.
 * @throws TypeError for anything else.
 * @example
 * ```ts
 * mp.sizeof('i'); // 4
 * mp.sizeof(mp.Array('d', 10)); // 80
 * ```
 * @group Types
 */
export function sizeof(typeOrObject: TypeSpec | object): number {
  return typeOf(typeOrObject).size;
}

/**
 * The alignment in bytes of a type or shared object, like `ctypes.alignment`.
 * @param typeOrObject - A descriptor, a typecode, or a raw or synchronized shared object.
 * @returns The alignment in bytes.
 * @throws TypeError for anything else.
 * @example
 * ```ts
 * mp.alignment(mp.Structure({ a: mp.c_char, b: mp.c_double })); // 8
 * ```
 * @group Types
 */
export function alignment(typeOrObject: TypeSpec | object): number {
  return typeOf(typeOrObject).alignment;
}
