/**
 * What every shared object carries: one own enumerable property, `__sharedctypes__`, the
 * record that structured clone copies when the object is posted to another thread (all
 * other state is in private fields and symbol-keyed ones, which clone and JSON skip; the record's format is in
 * `sharing/handleCodec.ts`); and a symbol-keyed method that lets the other layers find an
 * object's memory and type.
 */
import type { Allocation } from '../memory/heap.js';
import type { CType } from '../types/compositeTypes.js';

/** Where a raw object lives and what it is. */
export interface Location {
  /** The memory block the object lives in. */
  readonly allocation: Allocation;
  /** Byte offset of the object in the block's arena. */
  readonly offset: number;
  /** The object's type. */
  readonly type: CType;
}

/** Node's `util.inspect.custom`, by its registered name so that no Node module is needed. */
export const INSPECT: unique symbol = Symbol.for('nodejs.util.inspect.custom');

/**
 * The symbol of the method that tells where a raw object lives: its allocation, offset and
 * type. For introspection and for other backends; ordinary use never needs it.
 */
export const LOCATE: unique symbol = Symbol('sharedctypes.locate');

/** A raw object: anything with a {@link Location}. */
export interface Locatable {
  /** Where the object lives and what it is. */
  [LOCATE](): Location;
}

/** Whether `value` is a raw shared object of this library (not a wrapper or lock). */
export function isLocatable(value: unknown): value is Locatable {
  return typeof value === 'object' && value !== null && LOCATE in value;
}
