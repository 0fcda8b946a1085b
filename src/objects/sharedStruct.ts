/**
 * Structures in shared memory: one class per structure type, with a property per field.
 * Simple fields read and write the memory; structure and array fields are live views, and
 * assigning one replaces the whole field.
 */
import type { Arena } from '../memory/arena.js';
import type { Allocation } from '../memory/heap.js';
import { encodeObject, HANDLE_KEY, type ObjectRecord } from '../sharing/handleCodec.js';
import type { FieldLayout, FieldTypes, StructType } from '../types/compositeTypes.js';
import { reserveMemberNames } from '../types/reservedNames.js';
import { readSimple, replaceValue, writeStored } from './memoryAccess.js';
import { valueRepr } from './repr.js';
import { INSPECT, LOCATE, type Location } from './sharedObject.js';
import { viewOf } from './views.js';

let readField: (struct: SharedStruct, field: FieldLayout) => unknown;
let writeField: (struct: SharedStruct, field: FieldLayout, value: unknown) => void;

/**
 * The base of structure objects: `RawValue(Point)` returns an instance of a class made for
 * `Point`, with one property per field. Objects are not extensible, so a misspelt field
 * name throws instead of creating a property.
 *
 * @typeParam Fields - The field types the structure was defined with.
 *
 * @example
 * ```ts
 * const Point = mp.Structure({ x: mp.c_int, y: mp.c_double }, { name: 'Point' });
 * const p = mp.RawValue(Point, { x: 1 });
 * p.y = 2.5;
 * console.log(String(p)); // Point(x=1, y=2.5)
 * ```
 * @group Raw objects
 */
export class SharedStruct<Fields extends FieldTypes = FieldTypes> {
  /** The handle record that travels when this object is posted to a worker. @internal */
  readonly __sharedctypes__: ObjectRecord;
  readonly #allocation: Allocation;
  readonly #arena: Arena;
  readonly #offset: number;
  readonly #type: StructType<Fields>;

  /**
   * Use `RawValue` or `Value` with a structure type instead: they allocate the memory.
   * @internal
   * @param type - The structure type.
   * @param allocation - The memory block.
   * @param offset - Byte offset in the arena.
   */
  constructor(type: StructType<Fields>, allocation: Allocation, offset: number) {
    this.__sharedctypes__ = encodeObject(allocation, offset, type);
    this.#allocation = allocation;
    this.#arena = allocation.arena;
    this.#offset = offset;
    this.#type = type;
    Object.preventExtensions(this);
  }

  static {
    readField = (struct, field) => {
      const offset = struct.#offset + field.offset;
      if (field.type.category === 'simple') return readSimple(struct.#arena, field.type, offset);
      return viewOf(field.type, struct.#allocation, offset);
    };
    writeField = (struct, field, value) => {
      const offset = struct.#offset + field.offset;
      const type = field.type;
      if (type.category === 'simple') {
        writeStored(struct.#arena, type, offset, type.toStorage(value, field.name, type.name));
      } else {
        replaceValue(struct.#arena, type, offset, value, field.name);
      }
    };
  }

  /** Python-like repr of the fields: `Point(x=1, y=2.5)`. */
  toString(): string {
    const parts = this.#type.fields.map((field) => {
      const value = readField(this, field);
      const shown = field.type.category === 'simple' ? valueRepr(field.type, value) : String(value);
      return `${field.name}=${shown}`;
    });
    return `${this.#type.name}(${parts.join(', ')})`;
  }

  /** @internal */
  [INSPECT](): string {
    return this.toString();
  }

  /** @internal */
  [LOCATE](): Location {
    return { allocation: this.#allocation, offset: this.#offset, type: this.#type };
  }
}

reserveMemberNames(SharedStruct, [HANDLE_KEY]);

type StructClass = new (type: StructType, allocation: Allocation, offset: number) => SharedStruct;

const classes = new WeakMap<StructType, StructClass>();

/** The class of objects of structure type `type`, made once per type. */
export function structClassFor(type: StructType): StructClass {
  let structClass = classes.get(type);
  if (structClass === undefined) {
    structClass = class extends SharedStruct {};
    Object.defineProperty(structClass, 'name', { value: type.name });
    for (const field of type.fields) {
      Object.defineProperty(structClass.prototype, field.name, {
        get(this: SharedStruct) {
          return readField(this, field);
        },
        set(this: SharedStruct, value: unknown) {
          writeField(this, field, value);
        },
        enumerable: true,
      });
    }
    classes.set(type, structClass);
  }
  return structClass;
}
