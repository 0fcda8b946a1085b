/**
 * Raw arrays in shared memory (docs/semantics.md, "Arrays: indexing and slices"): Python
 * indexing and slicing, iteration, the zero-copy typed view, atomics on integer elements,
 * and `.value`/`.raw` of `'c'` and `'u'` arrays.
 */
import { rangeError, typeError } from '../errors.js';
import { kindOf, planStore } from '../kinds/typeKind.js';
import type { Arena } from '../memory/arena.js';
import { Allocation } from '../memory/heap.js';
import { encodeObject, type ObjectRecord } from '../sharing/handleCodec.js';
import type { ArrayType, CType } from '../types/compositeTypes.js';
import {
  type AnyTypedArray,
  type Stored,
  type TypedArrayByKind,
  typedArrayOver,
} from '../types/conversions.js';
import { type CharType, SimpleType, type WideCharType } from '../types/simpleTypes.js';
import { installAtomicMethods, installAtomicRefusals, SIMPLE_TYPE } from './atomics.js';
import { storeItems } from './bulkStores.js';
import { accessorsFor, ELEMENTS } from './elementAccessors.js';
import { installIndexSyntax } from './indexSyntax.js';
import { type AnySimpleType, initializerItems, StorePlan } from './memoryAccess.js';
import { INSPECT, LOCATE, type Location } from './sharedObject.js';
import { resolveIndex, sliceIndices } from './slices.js';
import type { InitOf, ValueOf } from './typing.js';
import { codePointCount, decodeUtf32, encodeUtf32 } from './utf32.js';

/**
 * The typed array `typed` returns for elements of type `Element`.
 * @example
 * ```ts
 * const view: mp.TypedArrayFor<typeof mp.c_int> = mp.RawArray('i', 2).typed; // Int32Array
 * ```
 * @group Raw objects
 */
export type TypedArrayFor<Element> =
  Element extends SimpleType<unknown, unknown, infer Kind> ? TypedArrayByKind[Kind] : never;

/**
 * What `setSlice` accepts: an array, typed array or other iterable of element initializers;
 * so a string for `'u'` (and `c_bool`), bytes for `'c'`.
 * @example
 * ```ts
 * const values: mp.SliceValues<typeof mp.c_double> = new Float64Array([1, 2]);
 * mp.RawArray('d', 4).setSlice(0, 2, values);
 * ```
 * @group Raw objects
 */
export type SliceValues<Element> = Iterable<InitOf<Element>>;

/**
 * What `slice` returns: bytes for `'c'`, a string for `'u'`, else an array of values.
 * @example
 * ```ts
 * const text: mp.SliceOf<typeof mp.c_wchar> = mp.RawArray('u', 'hey').slice(); // a string
 * ```
 * @group Raw objects
 */
export type SliceOf<Element> =
  Element extends SimpleType<unknown, unknown, 'char'>
    ? Uint8Array
    : Element extends SimpleType<unknown, unknown, 'wchar'>
      ? string
      : ValueOf<Element>[];

/**
 * An array in shared memory: `RawArray(type, n)`, a `Value` of an array type's raw object,
 * an array field of a structure, or an element of an array of arrays.
 *
 * Index with `get(i)`/`set(i, v)` or `arr[i]`; negative indices count from the end and out
 * of range throws `RangeError`.
 *
 * @typeParam Element - The element type.
 *
 * @example
 * ```ts
 * const arr = mp.RawArray('d', [1, 2, 3]);
 * arr.set(-1, 30);
 * arr[0] = 10;
 * console.log(arr.slice(), [...arr]); // [10, 2, 30] [10, 2, 30]
 * arr.typed.fill(0); // a Float64Array over the same memory
 * ```
 * @group Raw objects
 */
export class SharedArray<Element extends CType = CType> {
  /**
   * Index syntax: `arr[i]` reads and `arr[i] = v` writes like `get(i)`/`set(i, v)`. It
   * goes through a `Proxy` behind the prototype, which V8 handles in its runtime: about
   * 100 ns per access against about 1 ns for `get`/`set` or `typed`, the spellings for
   * hot loops (figures in the README).
   */
  [index: number]: ValueOf<Element>;
  /** The handle record that travels when this object is posted to a worker. @internal */
  readonly __sharedctypes__: ObjectRecord;
  /**
   * @internal The typed array over exactly the elements, for the specialized accessors.
   * Declared without an initializer and set only when there is a view, so that V8 sees the
   * field of a numeric array class only ever hold one kind of typed array.
   */
  declare readonly [ELEMENTS]: AnyTypedArray | undefined;
  readonly #arena: Arena;
  readonly #offset: number;
  readonly #type: ArrayType<Element>;
  readonly #element: Element;
  readonly #length: number;
  /** Over exactly this array's elements, when they are simple and aligned. */
  readonly #typed: AnyTypedArray | undefined;

  /**
   * Use `RawArray` or `Array` instead: they allocate the memory.
   * @internal
   * @param type - The array type.
   * @param arena - The memory.
   * @param offset - Byte offset in the arena.
   */
  constructor(type: ArrayType<Element>, arena: Arena, offset: number) {
    this.__sharedctypes__ = encodeObject(arena, offset, type);
    this.#arena = arena;
    this.#offset = offset;
    this.#type = type;
    this.#element = type.element;
    this.#length = type.length;
    const element = type.element;
    if (element instanceof SimpleType && offset % element.size === 0) {
      this.#typed = typedArrayOver(element.storage, arena.buffer, offset, type.length);
    }
    if (this.#typed !== undefined) (this as { [ELEMENTS]: AnyTypedArray })[ELEMENTS] = this.#typed;
    Object.preventExtensions(this);
  }

  /** The number of elements. Takes no lock on wrappers. */
  get length(): number {
    return this.#length;
  }

  /**
   * The element at `index`; negative counts from the end. Elements of structure or array
   * type are live views.
   * @throws TypeError for a non-integer index; RangeError when out of range.
   */
  get(index: number): ValueOf<Element> {
    const typed = this.#typed;
    if (typed !== undefined) {
      let position = index;
      if (!(position >>> 0 === position && position < typed.length)) {
        position = resolveIndex(index, typed.length);
      }
      const stored = typed[position];
      const fromStorage = (this.#element as AnySimpleType).fromStorage;
      return (fromStorage === undefined ? stored : fromStorage(stored)) as ValueOf<Element>;
    }
    return this.#readAt(resolveIndex(index, this.#length)) as ValueOf<Element>;
  }

  /**
   * Stores `value` at `index` with the conversions of every store; for structure or array
   * elements, `value` is an initializer that replaces the whole element.
   * @throws TypeError for a non-integer index or a bad value; RangeError when out of range.
   */
  set(index: number, value: InitOf<Element>): void {
    const typed = this.#typed;
    if (typed !== undefined) {
      let position = index;
      if (!(position >>> 0 === position && position < typed.length)) {
        position = resolveIndex(index, typed.length);
      }
      // Aligned numeric arrays never get here: their class has `set` compiled per type.
      const element = this.#element as AnySimpleType;
      typed[position] = element.toStorage(value, 'value', element.name) as never;
      return;
    }
    this.#writeAt(resolveIndex(index, this.#length), value);
  }

  #readAt(position: number): unknown {
    const element = this.#element;
    return kindOf(element).read(element, this.#arena, this.#offset + position * element.size);
  }

  #writeAt(position: number, value: unknown): void {
    const element = this.#element;
    const offset = this.#offset + position * element.size;
    kindOf(element).write(element, this.#arena, offset, value, 'value');
  }

  /**
   * A copy of the elements `start:stop:step` with Python's slice rules (`undefined` or
   * `null` mean `None`): an array of values, a `Uint8Array` for `'c'`, a string for `'u'`.
   * @throws TypeError for non-integer bounds; RangeError for a step of 0.
   */
  slice(start?: number | null, stop?: number | null, step?: number | null): SliceOf<Element> {
    const { start: first, step: stride, count } = sliceIndices(this.#length, start, stop, step);
    const element = this.#element;
    const typed = this.#typed;
    if (element instanceof SimpleType && typed !== undefined) {
      if (element.storage === 'char') {
        const bytes = new Uint8Array(count);
        for (let index = 0; index < count; index++)
          bytes[index] = typed[first + index * stride] as number;
        return bytes as SliceOf<Element>;
      }
      if (element.storage === 'wchar') {
        let text = '';
        for (let index = 0; index < count; index++) {
          text += String.fromCodePoint(typed[first + index * stride] as number);
        }
        return text as SliceOf<Element>;
      }
      if (element.fromStorage === undefined) {
        const copy: Stored[] = new Array(count);
        for (let index = 0; index < count; index++) copy[index] = typed[first + index * stride];
        return copy as SliceOf<Element>;
      }
    }
    const values: unknown[] = new Array(count);
    for (let index = 0; index < count; index++) values[index] = this.get(first + index * stride);
    // `'c'` arrays are always aligned (1-byte elements) and took the typed path above;
    // `'u'` arrays inside packed structures can land here.
    if (element instanceof SimpleType && element.storage === 'wchar') {
      return values.join('') as SliceOf<Element>;
    }
    return values as SliceOf<Element>;
  }

  /**
   * Replaces the elements `start:stop:step` by `values`, which must have exactly as many
   * items. Every value is checked before anything is written.
   * @throws TypeError when `values` is not a sequence or holds a bad value.
   * @throws RangeError when the lengths differ or the step is 0.
   */
  setSlice(
    start: number | null | undefined,
    stop: number | null | undefined,
    values: SliceValues<Element>,
    step?: number | null,
  ): void {
    const { start: first, step: stride, count } = sliceIndices(this.#length, start, stop, step);
    const element = this.#element;
    const typed = this.#typed;
    const items = initializerItems(element, values);
    if (items === undefined)
      throw typeError('values', 'an array, iterable, typed array or string', values);
    if (items.length !== count) {
      throw rangeError('values', `a sequence of exactly ${count} items for this slice`, values);
    }
    if (element instanceof SimpleType && typed !== undefined) {
      storeItems(element, typed, first, stride, items, 'values', false);
      return;
    }
    const { composite } = kindOf(element);
    const plan = new StorePlan();
    for (let index = 0; index < count; index++) {
      const offset = this.#offset + (first + index * stride) * element.size;
      if (composite) plan.zero(offset, element.size);
      planStore(element, items[index], offset, `values[${index}]`, plan);
    }
    plan.apply(this.#arena);
  }

  /** Iterates over the element values (live views for structure or array elements). */
  *[Symbol.iterator](): IterableIterator<ValueOf<Element>> {
    for (let index = 0; index < this.#length; index++) yield this.get(index);
  }

  /**
   * A typed array over this array's memory, no copy (`Int32Array` for `'i'`,
   * `Float64Array` for `'d'`, `BigInt64Array` for `'q'`, `Uint8Array` for `'c'` and
   * `c_bool`, `Uint32Array` for `'u'`). Writes through it skip the conversions and any
   * lock. The view keeps the memory alive as long as it is referenced.
   * @throws TypeError for elements that are structures or arrays, or not aligned (packed).
   */
  get typed(): TypedArrayFor<Element> {
    if (this.#typed === undefined) {
      throw typeError(
        'element type',
        'a simple type at an aligned offset for a typed view',
        this.#type.name,
      );
    }
    return this.#typed as TypedArrayFor<Element>;
  }

  /** The `SharedArrayBuffer` holding this array; small arrays share it with other objects. */
  get buffer(): SharedArrayBuffer {
    return this.#arena.buffer;
  }

  /** Byte offset of the first element in {@link buffer}. */
  get byteOffset(): number {
    return this.#offset;
  }

  /** Size in bytes. */
  get byteLength(): number {
    return this.#type.size;
  }

  /** The type name, e.g. `c_int_Array_3`. */
  toString(): string {
    return this.#type.name;
  }

  /** @internal */
  [INSPECT](
    _depth: number,
    options: object,
    inspect: (value: unknown, options: object) => string,
  ): string {
    return `${this.#type.name} ${inspect(this.slice(), options)}`;
  }

  /** @internal */
  [LOCATE](): Location {
    const offset = this.#offset;
    return { allocation: new Allocation(this.#arena, offset), offset, type: this.#type };
  }

  /** @internal The element type, for the atomic operations of integer arrays. */
  get [SIMPLE_TYPE](): AnySimpleType {
    return this.#element as AnySimpleType;
  }
}

installAtomicRefusals(SharedArray.prototype);
installIndexSyntax(SharedArray.prototype);

export interface SharedIntegerArray<Element extends CType = CType> {
  /** Atomically adds `value` to element `index`; returns the old value. */
  add(index: number, value: InitOf<Element>): ValueOf<Element>;
  /** Atomically subtracts `value` from element `index`; returns the old value. */
  sub(index: number, value: InitOf<Element>): ValueOf<Element>;
  /** Atomic bitwise and on element `index`; returns the old value. */
  and(index: number, value: InitOf<Element>): ValueOf<Element>;
  /** Atomic bitwise or on element `index`; returns the old value. */
  or(index: number, value: InitOf<Element>): ValueOf<Element>;
  /** Atomic bitwise xor on element `index`; returns the old value. */
  xor(index: number, value: InitOf<Element>): ValueOf<Element>;
  /** Atomically stores `value` at `index`; returns the old value. */
  exchange(index: number, value: InitOf<Element>): ValueOf<Element>;
  /** Atomically replaces element `index` by `replacement` if it equals `expected`; returns the old value. */
  compareExchange(
    index: number,
    expected: InitOf<Element>,
    replacement: InitOf<Element>,
  ): ValueOf<Element>;
  /** Atomically reads element `index`. */
  load(index: number): ValueOf<Element>;
  /** Atomically stores `value` at `index`; returns `value` as `Atomics.store` does. */
  store(index: number, value: InitOf<Element>): ValueOf<Element>;
}

/**
 * An aligned array of an integer type (`RawArray('i', n)`, …): a `SharedArray` plus
 * lock-free atomic operations on its elements, with the names and results of `Atomics`
 * and the index first; negative indices count from the end. 64-bit types use bigint.
 * @typeParam Element - The element type.
 * @example
 * ```ts
 * const counts = mp.RawArray('i', 4);
 * counts.add(0, 5); // 0, the old value
 * counts.sub(-1, 1); // element 3 wraps to -1
 * console.log(counts.load(0), counts.get(3)); // 5 -1
 * ```
 * @group Raw objects
 */
// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: the interface types the atomic methods that `installAtomicMethods` defines.
export class SharedIntegerArray<Element extends CType = CType> extends SharedArray<Element> {}

installAtomicMethods(SharedIntegerArray.prototype, 'element', 'raw');

const numericClasses = new Map<AnySimpleType, typeof SharedArray>();

/**
 * The class of aligned arrays of numeric `element`: `SharedArray` with `get`/`set` compiled
 * for that element type alone (see `elementAccessors.ts`).
 */
export function numericArrayClassFor(element: AnySimpleType): typeof SharedArray {
  const known = numericClasses.get(element);
  if (known !== undefined) return known;
  const base = element.isInteger ? SharedIntegerArray : SharedArray;
  const numericClass = class extends base {} as typeof SharedArray;
  Object.defineProperty(numericClass, 'name', { value: `${element.name}_Array` });
  const { get, set } = accessorsFor(element);
  Object.defineProperties(numericClass.prototype, {
    get: { value: get, writable: true, configurable: true },
    set: { value: set, writable: true, configurable: true },
  });
  numericClasses.set(element, numericClass);
  return numericClass;
}

/** The bytes of any byte view (a typed array, `Buffer` or `DataView`), at most `length` of them. */
function checkBytes(value: unknown, length: number, name: string): Uint8Array {
  if (!ArrayBuffer.isView(value)) {
    throw typeError(name, 'bytes (a Uint8Array, Buffer, DataView or other ArrayBufferView)', value);
  }
  const bytes =
    value instanceof Uint8Array
      ? value
      : new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  if (bytes.length > length) throw rangeError(name, `at most ${length} bytes`, value);
  return bytes;
}

/**
 * A `'c'` (`c_char`) array: a byte string with `.value` and `.raw`, like ctypes'
 * `c_char_Array_n`.
 *
 * @example
 * ```ts
 * const name = mp.RawArray('c', 8);
 * name.value = new TextEncoder().encode('hi');
 * console.log(name.value, name.raw.length); // Uint8Array [104, 105] 8
 * ```
 * @group Raw objects
 */
export class SharedCharArray extends SharedArray<CharType> {
  /**
   * The bytes up to the first NUL, a copy. Setting copies the bytes of any byte view
   * (`Uint8Array`, `Buffer`, `DataView`, any `ArrayBufferView`) and adds a NUL if there is
   * room.
   * @throws TypeError when set to anything but a byte view; RangeError when too long.
   */
  get value(): Uint8Array {
    const bytes = this.typed;
    const end = bytes.indexOf(0);
    return bytes.slice(0, end === -1 ? bytes.length : end);
  }

  /** Stores a new `value` (see the getter for the rules). */
  set value(value: ArrayBufferView) {
    const bytes = checkBytes(value, this.length, 'value');
    const target = this.typed;
    target.set(bytes);
    if (bytes.length < target.length) target[bytes.length] = 0;
  }

  /**
   * All bytes, a copy. Setting overwrites the prefix with the bytes of any byte view.
   * @throws TypeError when set to anything but a byte view; RangeError when too long.
   */
  get raw(): Uint8Array {
    return this.typed.slice();
  }

  /** Stores a new `raw` (see the getter for the rules). */
  set raw(value: ArrayBufferView) {
    this.typed.set(checkBytes(value, this.length, 'raw'));
  }
}

/**
 * A `'u'` (`c_wchar`) array: a UTF-32 string with `.value`.
 *
 * @example
 * ```ts
 * const text = mp.RawArray('u', 10);
 * text.value = 'héllo';
 * console.log(text.value, text.slice(0, 2)); // héllo hé
 * ```
 * @group Raw objects
 */
export class SharedWideCharArray extends SharedArray<WideCharType> {
  /**
   * The string up to the first NUL. Setting writes the code points and a NUL if there is
   * room.
   * @throws TypeError when set to a non-string; RangeError when longer than the array.
   */
  get value(): string {
    const elements = this[ELEMENTS] as Uint32Array | undefined;
    if (elements !== undefined) return decodeUtf32(elements);
    // Unaligned, inside a packed structure: no typed view.
    const text = this.slice() as string;
    const end = text.indexOf('\0');
    return end === -1 ? text : text.slice(0, end);
  }

  /** Stores a new `value` (see the getter for the rules). */
  set value(value: string) {
    if (typeof value !== 'string') throw typeError('value', 'a string', value);
    const elements = this[ELEMENTS] as Uint32Array | undefined;
    const length = elements === undefined ? this.length : elements.length;
    // No more UTF-16 units than elements always fits; else count the code points.
    if (value.length > length && codePointCount(value) > length) {
      throw rangeError('value', `a string of at most ${length} code points`, value);
    }
    if (elements !== undefined) {
      const written = encodeUtf32(value, elements);
      if (written < length) elements[written] = 0;
      return;
    }
    const characters = Array.from(value);
    this.setSlice(0, characters.length, characters);
    if (characters.length < length) this.set(characters.length, '\0');
  }
}
