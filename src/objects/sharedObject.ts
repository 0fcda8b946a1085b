/**
 * What every shared object carries: one own enumerable property, `__sharedctypes__`, the
 * record that structured clone copies when the object is posted to another thread (all
 * other state is in private fields, which clone skips); and a symbol-keyed method that lets
 * the other layers find an object's memory and type.
 */
import type { Arena, ArenaDescription } from '../memory/arena.js';
import type { Allocation } from '../memory/heap.js';
import type { CType } from '../types/compositeTypes.js';
import { describeType, type TypeDescription } from '../types/typeDescription.js';

/** The one own property of shared objects; also what `attach` looks for. */
export const HANDLE_KEY = '__sharedctypes__';
/** Version of the handle format; `attach` rejects other versions. */
export const HANDLE_VERSION = 1;

/** The handle record of a raw object (an object, array or structure in shared memory). */
export interface ObjectRecord {
  /** The handle format version; `attach` accepts only its own. */
  readonly version: number;
  /** Tells raw objects from locks and wrappers. */
  readonly kind: 'object';
  /** The shared buffer and its identifier. */
  readonly memory: ArenaDescription;
  /** Byte offset of the object in the buffer. */
  readonly offset: number;
  /** The object's type as plain data. */
  readonly type: TypeDescription;
}

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

/** The handle record for a raw object of `type` at `offset` of `arena`. */
export function objectRecord(arena: Arena, offset: number, type: CType): ObjectRecord {
  return {
    version: HANDLE_VERSION,
    kind: 'object',
    memory: arena.description,
    offset,
    type: describeType(type),
  };
}
