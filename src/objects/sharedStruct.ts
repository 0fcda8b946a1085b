/**
 * Structures in shared memory: one class per structure type, with a property per field.
 * Simple fields read and write the memory; structure and array fields are live views, made
 * once per object, and assigning one replaces the whole field.
 */
import { kindOf } from '../kinds/typeKind.js';
import type { Arena } from '../memory/arena.js';
import { Allocation } from '../memory/heap.js';
import { encodeObject, HANDLE_KEY, type ObjectRecord } from '../sharing/handleCodec.js';
import type { FieldTypes, StructType } from '../types/compositeTypes.js';
import { reserveMemberNames } from '../types/reservedNames.js';
import { INSPECT, LOCATE, type Location } from './sharedObject.js';
import { ARENA, NESTED, OFFSET } from './structFields.js';

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
  /** @internal The memory, for the field accessors. */
  declare readonly [ARENA]: Arena;
  /** @internal The byte offset in {@link ARENA}, for the field accessors. */
  declare readonly [OFFSET]: number;
  /** @internal The views of structure and array fields, made on first access. */
  declare [NESTED]: unknown[] | undefined;
  readonly #type: StructType<Fields>;

  /**
   * Use `RawValue` or `Value` with a structure type instead: they allocate the memory.
   * @internal
   * @param type - The structure type.
   * @param arena - The memory.
   * @param offset - Byte offset in the arena.
   */
  constructor(type: StructType<Fields>, arena: Arena, offset: number) {
    this.__sharedctypes__ = encodeObject(arena, offset, type);
    (this as { [ARENA]: Arena })[ARENA] = arena;
    (this as { [OFFSET]: number })[OFFSET] = offset;
    this[NESTED] = undefined;
    this.#type = type;
    Object.preventExtensions(this);
  }

  /** Python-like repr of the fields: `Point(x=1, y=2.5)`. */
  toString(): string {
    const fields = this as unknown as Record<string, unknown>;
    const parts = this.#type.fields.map((field) => {
      return `${field.name}=${kindOf(field.type).show(field.type, fields[field.name])}`;
    });
    return `${this.#type.name}(${parts.join(', ')})`;
  }

  /** @internal */
  [INSPECT](): string {
    return this.toString();
  }

  /** @internal */
  [LOCATE](): Location {
    const offset = this[OFFSET];
    return { allocation: new Allocation(this[ARENA], offset), offset, type: this.#type };
  }
}

reserveMemberNames(SharedStruct, [HANDLE_KEY]);

type StructClass = new (type: StructType, arena: Arena, offset: number) => SharedStruct;

const classes = new WeakMap<StructType, StructClass>();

/** The class of objects of structure type `type`, made once per type. */
export function structClassFor(type: StructType): StructClass {
  let structClass = classes.get(type);
  if (structClass === undefined) {
    structClass = class extends SharedStruct {};
    Object.defineProperty(structClass, 'name', { value: type.name });
    let slot = 0;
    for (const field of type.fields) {
      const kind = kindOf(field.type);
      const { get, set } = kind.fieldAccessors(field, slot);
      if (kind.composite) slot++;
      Object.defineProperty(structClass.prototype, field.name, { get, set, enumerable: true });
    }
    classes.set(type, structClass);
  }
  return structClass;
}
