/**
 * Reads and writes of simple values at any byte offset of an arena, store plans and the items
 * of array initializers: every value of an initializer is converted and checked first (by
 * the kinds' `planStore`), then all are written, so that a store that fails writes nothing
 * (docs/semantics.md, "Conversions on every store").
 */
import { typeError } from '../errors.js';
import type { Arena } from '../memory/arena.js';
import type { ArrayType, CType } from '../types/compositeTypes.js';
import type { StorageKind, Stored } from '../types/conversions.js';
import { c_wchar, SimpleType } from '../types/simpleTypes.js';

/** Any simple type. */
export type AnySimpleType = SimpleType<unknown, unknown>;

type DataViewRead = (view: DataView, offset: number) => Stored;
type DataViewWrite = (view: DataView, offset: number, stored: Stored) => void;

const UNALIGNED_READ: Record<StorageKind, DataViewRead> = {
  int8: (view, offset) => view.getInt8(offset),
  uint8: (view, offset) => view.getUint8(offset),
  bool: (view, offset) => view.getUint8(offset),
  char: (view, offset) => view.getUint8(offset),
  int16: (view, offset) => view.getInt16(offset, true),
  uint16: (view, offset) => view.getUint16(offset, true),
  int32: (view, offset) => view.getInt32(offset, true),
  uint32: (view, offset) => view.getUint32(offset, true),
  wchar: (view, offset) => view.getUint32(offset, true),
  int64: (view, offset) => view.getBigInt64(offset, true),
  uint64: (view, offset) => view.getBigUint64(offset, true),
  float32: (view, offset) => view.getFloat32(offset, true),
  float64: (view, offset) => view.getFloat64(offset, true),
};

const UNALIGNED_WRITE: Record<StorageKind, DataViewWrite> = {
  int8: (view, offset, stored) => view.setInt8(offset, stored as number),
  uint8: (view, offset, stored) => view.setUint8(offset, stored as number),
  bool: (view, offset, stored) => view.setUint8(offset, stored as number),
  char: (view, offset, stored) => view.setUint8(offset, stored as number),
  int16: (view, offset, stored) => view.setInt16(offset, stored as number, true),
  uint16: (view, offset, stored) => view.setUint16(offset, stored as number, true),
  int32: (view, offset, stored) => view.setInt32(offset, stored as number, true),
  uint32: (view, offset, stored) => view.setUint32(offset, stored as number, true),
  wchar: (view, offset, stored) => view.setUint32(offset, stored as number, true),
  int64: (view, offset, stored) => view.setBigInt64(offset, stored as bigint, true),
  uint64: (view, offset, stored) => view.setBigUint64(offset, stored as bigint, true),
  float32: (view, offset, stored) => view.setFloat32(offset, stored as number, true),
  float64: (view, offset, stored) => view.setFloat64(offset, stored as number, true),
};

/** The stored bits of a `type` value at byte `offset` of `arena`. */
export function readStored(arena: Arena, type: AnySimpleType, offset: number): Stored {
  if (offset % type.size === 0) return arena.view(type.storage)[offset / type.size];
  return UNALIGNED_READ[type.storage](arena.dataView, offset);
}

/** The value of type `type` at byte `offset` of `arena`. */
export function readSimple(arena: Arena, type: AnySimpleType, offset: number): unknown {
  const stored = readStored(arena, type, offset);
  return type.fromStorage === undefined ? stored : type.fromStorage(stored);
}

/** Writes already converted bits of a `type` value at byte `offset` of `arena`. */
export function writeStored(arena: Arena, type: AnySimpleType, offset: number, stored: Stored) {
  if (offset % type.size === 0) {
    arena.view(type.storage)[offset / type.size] = stored;
  } else {
    UNALIGNED_WRITE[type.storage](arena.dataView, offset, stored);
  }
}

/** Converted values waiting to be written, and ranges to zero first. */
export class StorePlan {
  readonly #offsets: number[] = [];
  readonly #types: AnySimpleType[] = [];
  readonly #values: Stored[] = [];
  readonly #zeroRanges: number[] = [];

  /** Adds a converted value. */
  add(type: AnySimpleType, offset: number, stored: Stored): void {
    this.#offsets.push(offset);
    this.#types.push(type);
    this.#values.push(stored);
  }

  /** Zeroes `size` bytes at `offset` before the values are written. */
  zero(offset: number, size: number): void {
    this.#zeroRanges.push(offset, size);
  }

  /** Writes everything into `arena`. */
  apply(arena: Arena): void {
    for (let index = 0; index < this.#zeroRanges.length; index += 2) {
      const offset = this.#zeroRanges[index];
      arena.bytes.fill(0, offset, offset + this.#zeroRanges[index + 1]);
    }
    for (let index = 0; index < this.#offsets.length; index++) {
      writeStored(arena, this.#types[index], this.#offsets[index], this.#values[index]);
    }
  }
}

const typedArrayValues = Object.getPrototypeOf(Int8Array.prototype)[Symbol.iterator];

/**
 * The element values of an array initializer, or `undefined` when `init` is not one. A string
 * gives its code points, each converted like any element (truthy for `c_bool`, a `TypeError`
 * for numbers and `c_char`), as Python iterates a `str`. Arrays and typed arrays iterated
 * the standard way are used as they are, not copied (bytes for `c_char` included).
 */
export function initializerItems(element: CType, init: unknown): ArrayLike<unknown> | undefined {
  if (typeof init === 'string') return Array.from(init);
  if (init === null || typeof init !== 'object') return undefined;
  const iterate = (init as Iterable<unknown>)[Symbol.iterator];
  if (typeof iterate !== 'function') return undefined;
  if (Array.isArray(init) || (iterate === typedArrayValues && ArrayBuffer.isView(init))) {
    return init as ArrayLike<unknown>;
  }
  if (element instanceof SimpleType && element.storage === 'char' && init instanceof Uint8Array) {
    return Array.from(init, (byte) => byte);
  }
  return Array.from(init as Iterable<unknown>);
}

/**
 * The items of `init` for a value of array type `type` (possibly more than its length).
 * Nested, a string initializes only a `'u'` array, as in CPython (which takes a `str` there
 * for `c_wchar` arrays only).
 * @throws TypeError when `init` is no initializer for `type`.
 */
export function arrayItems(type: ArrayType, init: unknown, name: string): ArrayLike<unknown> {
  const items =
    typeof init === 'string' && type.element !== c_wchar
      ? undefined
      : initializerItems(type.element, init);
  if (items === undefined) {
    throw typeError(name, `an array, iterable or typed array for ${type.name}`, init);
  }
  return items;
}
