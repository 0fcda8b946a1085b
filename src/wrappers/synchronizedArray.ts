/**
 * The wrappers `mp.Array` returns: each element get or set and each whole slice read or
 * write is one critical section under the lock; `length` takes no lock; atomics skip it.
 * `'c'` arrays get `SynchronizedString` with `.value`/`.raw` under the lock.
 */
import { enterScope, runWithLock } from '../locks/lockBase.js';
import type { AnyLock } from '../locks/locks.js';
import { installAtomicMethods, installAtomicRefusals } from '../objects/atomics.js';
import { installIndexSyntax } from '../objects/indexSyntax.js';
import type {
  SharedArray,
  SharedCharArray,
  SharedIntegerArray,
  SharedWideCharArray,
  SliceOf,
  SliceValues,
  TypedArrayFor,
} from '../objects/sharedArray.js';
import type { InitOf, ValueOf } from '../objects/typing.js';
import { encodeWrapperOf, type SynchronizedRecord } from '../sharing/handleCodec.js';
import type { CType } from '../types/compositeTypes.js';
import { SynchronizedBase } from './synchronizedBase.js';

/**
 * An array in shared memory with a lock, like Python's `SynchronizedArray`. Index syntax
 * `arr[i]` works as `get`/`set` do.
 *
 * @typeParam Element - The element type.
 *
 * @example
 * ```ts
 * const arr = mp.Array('d', 3);
 * arr.set(0, 1.5);
 * arr[1] = 2.5;
 * arr.withLock(() => arr.setSlice(0, 2, [arr.get(1), arr.get(0)]));
 * ```
 * @group Wrappers
 */
export class SynchronizedArray<
  Element extends CType = CType,
  Raw extends SharedArray<Element> = SharedArray<Element>,
> extends SynchronizedBase<Raw> {
  /** Index syntax: `arr[i]` reads and `arr[i] = v` writes like `get(i)`/`set(i, v)`. */
  [index: number]: ValueOf<Element>;
  /** The handle record that travels when this wrapper is posted to a worker. @internal */
  readonly __sharedctypes__: SynchronizedRecord;
  readonly #raw: Raw;
  readonly #lock: AnyLock;

  /**
   * Use `Array` or `synchronized` instead.
   * @param raw - The raw array.
   * @param lock - The lock that guards it.
   */
  constructor(raw: Raw, lock: AnyLock) {
    super();
    this.__sharedctypes__ = encodeWrapperOf(raw, lock);
    this.#raw = raw;
    this.#lock = lock;
    Object.preventExtensions(this);
  }

  /** The lock given at creation, or the `RLock` made for this wrapper. */
  getLock(): AnyLock {
    return this.#lock;
  }

  /** The raw array, to use without the lock. */
  getObj(): Raw {
    return this.#raw;
  }

  /** The number of elements; takes no lock. */
  get length(): number {
    return this.#raw.length;
  }

  /**
   * The element at `index` under the lock; negative counts from the end.
   * @throws TypeError for a non-integer index; RangeError when out of range.
   */
  get(index: number): ValueOf<Element> {
    if (this.#lock.isOwnedByCurrentThread()) return this.#raw.get(index);
    return this.#getLocked(index);
  }

  /**
   * Stores `value` at `index` under the lock.
   * @throws TypeError for a non-integer index or a bad value; RangeError when out of range.
   */
  set(index: number, value: InitOf<Element>): void {
    if (this.#lock.isOwnedByCurrentThread()) this.#raw.set(index, value);
    else this.#setLocked(index, value);
  }

  // The locked paths live apart so that `get`/`set` stay small enough to be inlined.
  #getLocked(index: number): ValueOf<Element> {
    const lock = this.#lock;
    enterScope(lock);
    try {
      return this.#raw.get(index);
    } finally {
      lock.release();
    }
  }

  #setLocked(index: number, value: InitOf<Element>): void {
    const lock = this.#lock;
    enterScope(lock);
    try {
      this.#raw.set(index, value);
    } finally {
      lock.release();
    }
  }

  /** A copy of `start:stop:step`, read in one critical section. See `SharedArray.slice`. */
  slice(start?: number | null, stop?: number | null, step?: number | null): SliceOf<Element> {
    return runWithLock(this.#lock, () => this.#raw.slice(start, stop, step));
  }

  /** Replaces `start:stop:step` in one critical section. See `SharedArray.setSlice`. */
  setSlice(
    start: number | null | undefined,
    stop: number | null | undefined,
    values: SliceValues<Element>,
    step?: number | null,
  ): void {
    this.withLock(() => this.#raw.setSlice(start, stop, values, step));
  }

  /** Iterates over the elements, each read under the lock. */
  *[Symbol.iterator](): IterableIterator<ValueOf<Element>> {
    for (let index = 0; index < this.#raw.length; index++) yield this.get(index);
  }

  /** The raw array's typed view (no lock, no copy). See `SharedArray.typed`. */
  get typed(): TypedArrayFor<Element> {
    return this.#raw.typed;
  }

  /** The raw array's `SharedArrayBuffer`. */
  get buffer(): SharedArrayBuffer {
    return this.#raw.buffer;
  }

  /** Byte offset of the first element in `buffer`. */
  get byteOffset(): number {
    return this.#raw.byteOffset;
  }

  /** Size in bytes. */
  get byteLength(): number {
    return this.#raw.byteLength;
  }

  /** `<SynchronizedArray wrapper for c_int_Array_3>`. */
  toString(): string {
    return `<SynchronizedArray wrapper for ${String(this.#raw)}>`;
  }
}

installAtomicRefusals(SynchronizedArray.prototype);
installIndexSyntax(SynchronizedArray.prototype);

export interface SynchronizedIntegerArray<Element extends CType = CType> {
  /** Atomic add on element `index`, without the lock; returns the old value. */
  add(index: number, value: InitOf<Element>): ValueOf<Element>;
  /** Atomic subtract on element `index`, without the lock; returns the old value. */
  sub(index: number, value: InitOf<Element>): ValueOf<Element>;
  /** Atomic and on element `index`, without the lock; returns the old value. */
  and(index: number, value: InitOf<Element>): ValueOf<Element>;
  /** Atomic or on element `index`, without the lock; returns the old value. */
  or(index: number, value: InitOf<Element>): ValueOf<Element>;
  /** Atomic xor on element `index`, without the lock; returns the old value. */
  xor(index: number, value: InitOf<Element>): ValueOf<Element>;
  /** Atomic exchange on element `index`, without the lock; returns the old value. */
  exchange(index: number, value: InitOf<Element>): ValueOf<Element>;
  /** Atomic compare-and-swap on element `index`, without the lock; returns the old value. */
  compareExchange(
    index: number,
    expected: InitOf<Element>,
    replacement: InitOf<Element>,
  ): ValueOf<Element>;
  /** Atomic read of element `index`, without the lock. */
  load(index: number): ValueOf<Element>;
  /** Atomic store at `index`, without the lock; returns `value` as `Atomics.store` does. */
  store(index: number, value: InitOf<Element>): ValueOf<Element>;
}

/**
 * The wrapper `mp.Array` returns for an integer element type: a {@link SynchronizedArray}
 * plus the lock-free atomic operations of its raw array (index first), which do not take
 * the lock.
 * @typeParam Element - The element type.
 * @example
 * ```ts
 * const counts = mp.Array('i', 4);
 * counts.add(2, 1); // atomic, no lock
 * console.log(counts.load(2)); // 1
 * ```
 * @group Wrappers
 */
// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: the interface types the atomic methods that `installAtomicMethods` defines.
export class SynchronizedIntegerArray<Element extends CType = CType> extends SynchronizedArray<
  Element,
  SharedIntegerArray<Element>
> {}

installAtomicMethods(SynchronizedIntegerArray.prototype, 'element', 'wrapper');

/**
 * A `'c'` array with a lock, like Python's `SynchronizedString`: `.value` and `.raw` are
 * read and written under the lock.
 *
 * @example
 * ```ts
 * const name = mp.Array('c', 16);
 * name.value = Buffer.from('worker-1');
 * console.log(Buffer.from(name.value).toString()); // worker-1
 * ```
 * @group Wrappers
 */
export class SynchronizedString extends SynchronizedArray<
  SharedCharArray extends SharedArray<infer E> ? E : never,
  SharedCharArray
> {
  /** The bytes up to the first NUL, under the lock. See `SharedCharArray.value`. */
  get value(): Uint8Array {
    return this.withLock(() => this.getObj().value);
  }

  /** Stores a new `value` (see the getter for the rules). */
  set value(value: ArrayBufferView) {
    this.withLock(() => {
      this.getObj().value = value;
    });
  }

  /** All bytes, under the lock. See `SharedCharArray.raw`. */
  get raw(): Uint8Array {
    return this.withLock(() => this.getObj().raw);
  }

  /** Stores a new `raw` (see the getter for the rules). */
  set raw(value: ArrayBufferView) {
    this.withLock(() => {
      this.getObj().raw = value;
    });
  }

  /** `<SynchronizedString wrapper for c_char_Array_5>`. */
  override toString(): string {
    return `<SynchronizedString wrapper for ${String(this.getObj())}>`;
  }
}

/**
 * A `'u'` array with a lock; beyond Python's `SynchronizedArray`, `.value` is read and
 * written under the lock.
 *
 * @example
 * ```ts
 * const label = mp.Array('u', 8);
 * label.value = 'ready';
 * ```
 * @group Wrappers
 */
export class SynchronizedWideString extends SynchronizedArray<
  SharedWideCharArray extends SharedArray<infer E> ? E : never,
  SharedWideCharArray
> {
  /** The string up to the first NUL, under the lock. See `SharedWideCharArray.value`. */
  get value(): string {
    return this.withLock(() => this.getObj().value);
  }

  /** Stores a new `value` (see the getter for the rules). */
  set value(value: string) {
    this.withLock(() => {
      this.getObj().value = value;
    });
  }
}
