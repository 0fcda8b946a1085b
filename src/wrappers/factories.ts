/**
 * `Value`, `Array`, `synchronized` and `copy` (docs/semantics.md, "Allocation"): raw
 * objects with a lock. (`wrap`, the wrapper of a raw object, is the types' kinds' entry
 * point in `kinds/index.ts`.)
 */

import type { Backend } from '../backend/backend.js';
import { currentBackend } from '../backend/registry.js';
import { typeError } from '../errors.js';
import { createRaw, createSynchronized, viewOf, wrap } from '../kinds/index.js';
import { runWithLock } from '../locks/lockBase.js';
import { type AnyLock, isLock, rlockIn } from '../locks/locks.js';
import { arrayTypeFor } from '../objects/rawFactories.js';
import { isLocatable, LOCATE, type Locatable } from '../objects/sharedObject.js';
import type { ArrayInit, ArrayView, InitOf, RawObjectFor } from '../objects/typing.js';
import { type ResolvedType, resolveType, type TypeSpec } from '../types/compositeTypes.js';
import { namedObject, nameOption } from './namedFactories.js';
import { SynchronizedBase } from './synchronizedBase.js';
import type { SynchronizedArrayOf, SynchronizedFor, SynchronizedOfRaw } from './typing.js';

export { wrap };

/**
 * Any synchronized wrapper.
 * @example
 * ```ts
 * const wrapper: mp.AnySynchronized = mp.Value('i');
 * ```
 * @group Wrappers
 */
export type AnySynchronized = SynchronizedBase<unknown>;

/**
 * Whether a named object gets its own lock: `lock` undefined, null or true.
 * @throws TypeError for a lock object: a named object's lock lives in its own memory.
 */
function namedLock(options: unknown): boolean {
  const lock = (options as { lock?: unknown }).lock;
  if (lock === undefined || lock === null || lock === true) return true;
  if (lock === false) return false;
  throw typeError('options.lock', 'true, false, undefined or null for a named object', lock);
}

/** The lock a `lock` option gives, `undefined` for a new `RLock` (the default), or `false`. */
function lockFromOption(options: unknown): AnyLock | false | undefined {
  if (options !== undefined && (typeof options !== 'object' || options === null)) {
    throw typeError('options', 'an object such as { lock: false }', options);
  }
  const lock = (options as { lock?: unknown } | undefined)?.lock;
  if (lock === undefined || lock === null || lock === true) return undefined;
  if (lock === false) return false;
  if (isLock(lock)) return lock;
  throw typeError('options.lock', 'true, false, undefined, null, an mp.Lock or an mp.RLock', lock);
}

/**
 * A shared object with a lock, like Python's `multiprocessing.Value`. Each `.value` (or
 * field) read or write takes the lock.
 *
 * @param type - A descriptor, a typecode, an array type or a structure.
 * @param init - The initial value, as for `RawValue`; `undefined` means zero.
 * @param options - `lock`: `true`/`undefined`/`null` for a new `RLock` (the default),
 *   `false` to get the raw object, or an `mp.Lock`/`mp.RLock` to use (several objects may
 *   share one). `name` (process context): the named object that unrelated processes meet
 *   at, 1 to 64 of `[A-Za-z0-9._-]`; the first to ask creates it with `init`, every other
 *   one opens it as it is (`init` ignored), with its own `RLock` unless `lock: false`.
 * @returns The synchronized wrapper, or the raw object with `lock: false`.
 * @throws TypeError for an unknown type, a bad initial value, or a `lock` option of the
 *   wrong type; RangeError for an out-of-range initial value.
 *
 * @example
 * ```ts
 * const counter = mp.Value('i', 0);
 * counter.withLock(() => { counter.value += 1; });
 * const raw = mp.Value('d', 1.5, { lock: false }); // same as RawValue('d', 1.5)
 * ```
 * @group Allocation
 */
export function Value<const T extends TypeSpec>(
  type: T,
  init?: InitOf<ResolvedType<T>>,
  options?: { readonly lock?: true | null | AnyLock; readonly name?: string },
): SynchronizedFor<T>;
export function Value<const T extends TypeSpec>(
  type: T,
  init: InitOf<ResolvedType<T>> | undefined,
  options: { readonly lock: false; readonly name?: string },
): RawObjectFor<T>;
export function Value(type: TypeSpec, init?: unknown, options?: unknown): unknown {
  return valueIn(currentBackend(), type, init, options);
}

/** `Value` with memory from `backend`. */
export function valueIn(
  backend: Backend,
  type: TypeSpec,
  init: unknown,
  options: unknown,
): unknown {
  const ctype = resolveType(type);
  const name = nameOption(options);
  if (name !== undefined)
    return namedObject(backend, ctype, init, 'init', namedLock(options), name);
  const lock = lockFromOption(options);
  if (lock === false) return createRaw(ctype, init, 'init', backend);
  return createSynchronized(ctype, init, 'init', backend, lock);
}

/**
 * An array with a lock, like Python's `multiprocessing.Array`; exported as `Array`.
 *
 * @param type - The element type: a descriptor, a typecode, an array type or a structure.
 * @param sizeOrInitializer - The length, or the initial elements (see `RawArray`).
 * @param options - `lock` and `name` as for {@link Value}.
 * @returns A `SynchronizedArray` (`SynchronizedString` for `'c'`), or the raw array with
 *   `lock: false`.
 * @throws TypeError for an unknown type, a non-integer length, a bad element or a `lock`
 *   option of the wrong type; RangeError for a negative length.
 *
 * @example
 * ```ts
 * const arr = mp.Array('i', [1, 2, 3]);
 * arr.withLock(() => arr.set(0, arr.get(0) + arr.get(2)));
 * ```
 * @group Allocation
 */
export function SynchronizedArrayFactory<const T extends TypeSpec>(
  type: T,
  sizeOrInitializer: number | ArrayInit<ResolvedType<T>>,
  options?: { readonly lock?: true | null | AnyLock; readonly name?: string },
): SynchronizedArrayOf<ResolvedType<T>>;
export function SynchronizedArrayFactory<const T extends TypeSpec>(
  type: T,
  sizeOrInitializer: number | ArrayInit<ResolvedType<T>>,
  options: { readonly lock: false; readonly name?: string },
): ArrayView<ResolvedType<T>>;
export function SynchronizedArrayFactory(
  type: TypeSpec,
  sizeOrInitializer: unknown,
  options?: unknown,
): unknown {
  return arrayIn(currentBackend(), type, sizeOrInitializer, options);
}

/** `Array` with memory from `backend`. */
export function arrayIn(
  backend: Backend,
  type: TypeSpec,
  sizeOrInitializer: unknown,
  options: unknown,
): unknown {
  const element = resolveType(type);
  const { type: arrayType, items } = arrayTypeFor(element, sizeOrInitializer);
  const name = nameOption(options);
  if (name !== undefined) {
    return namedObject(backend, arrayType, items, 'sizeOrInitializer', namedLock(options), name);
  }
  const lock = lockFromOption(options);
  if (lock === false) return createRaw(arrayType, items, 'sizeOrInitializer', backend);
  return createSynchronized(arrayType, items, 'sizeOrInitializer', backend, lock);
}

/**
 * Wraps an existing raw object with a lock, like Python's `sharedctypes.synchronized`.
 *
 * @param raw - A raw shared object (from `RawValue`, `RawArray`, `getObj()`, …).
 * @param lock - The lock to use; absent, `undefined` or `null` makes a new `RLock`.
 * @returns The wrapper `Value` or `Array` would have made for the raw object's type.
 * @throws TypeError when `raw` is not a raw shared object (a plain value, or a wrapper
 *   already) or `lock` is not a lock.
 *
 * @example
 * ```ts
 * const raw = mp.RawValue('i', 1);
 * const guarded = mp.synchronized(raw, mp.Lock());
 * ```
 * @group Allocation
 */
export function synchronized<Raw extends Locatable>(
  raw: Raw,
  lock?: AnyLock | null,
): SynchronizedOfRaw<Raw> {
  return synchronizedIn(currentBackend(), raw, lock);
}

/** `synchronized`, with a new lock in `backend`'s memory when none is given. */
export function synchronizedIn<Raw extends Locatable>(
  backend: Backend,
  raw: Raw,
  lock?: AnyLock | null,
): SynchronizedOfRaw<Raw> {
  if (!isLocatable(raw)) {
    throw typeError('raw', 'a raw shared object (RawValue, RawArray, getObj())', raw);
  }
  if (lock !== undefined && lock !== null && !isLock(lock)) {
    throw typeError('lock', 'an mp.Lock, an mp.RLock, undefined or null', lock);
  }
  return wrap(raw, lock ?? rlockIn(backend)) as SynchronizedOfRaw<Raw>;
}

/**
 * A new raw object in shared memory with a copy of `obj`'s contents, like Python's
 * `sharedctypes.copy`. For a wrapper, the copy is read under its lock.
 *
 * @param obj - A raw shared object or a synchronized wrapper.
 * @returns The new raw object (no lock).
 * @throws TypeError when `obj` is not a shared object of this library.
 *
 * @example
 * ```ts
 * const original = mp.Value('i', 7);
 * const snapshot = mp.copy(original); // a RawValue holding 7
 * ```
 * @group Allocation
 */
export function copy<Raw>(obj: Raw | SynchronizedBase<Raw>): Raw {
  return copyIn(currentBackend(), obj);
}

/** `copy` into memory from `backend`. */
export function copyIn<Raw>(backend: Backend, obj: Raw | SynchronizedBase<Raw>): Raw {
  if (obj instanceof SynchronizedBase)
    return runWithLock(obj.getLock(), () => copyIn(backend, obj.getObj() as Raw));
  if (!isLocatable(obj)) {
    throw typeError('obj', 'a raw shared object or a synchronized wrapper', obj);
  }
  const { allocation, offset, type } = obj[LOCATE]();
  const target = backend.allocate(type.size);
  target.arena.bytes.set(
    allocation.arena.bytes.subarray(offset, offset + type.size),
    target.offset,
  );
  return viewOf(type, target.arena, target.offset) as Raw;
}
