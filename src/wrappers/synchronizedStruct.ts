/**
 * Wrappers of structures: one class per structure type, each field property read or
 * written in one critical section under the lock.
 */
import type { AnyLock } from '../locks/locks.js';
import type { SharedStruct } from '../objects/sharedStruct.js';
import type { StructFields } from '../objects/typing.js';
import { encodeSynchronized, HANDLE_KEY, type SynchronizedRecord } from '../sharing/handleCodec.js';
import type { FieldTypes, StructType } from '../types/compositeTypes.js';
import { reserveMemberNames } from '../types/reservedNames.js';
import { SynchronizedBase } from './synchronizedBase.js';

/**
 * The base of structure wrappers: `mp.Value(Point)` returns an instance of a class made
 * for `Point`, whose field properties take the lock.
 *
 * @typeParam Fields - The field types of the structure.
 *
 * @example
 * ```ts
 * const Point = mp.Structure({ x: mp.c_int, y: mp.c_int }, { name: 'Point' });
 * const p = mp.Value(Point, { x: 1, y: 2 });
 * p.withLock(() => { p.x += p.y; });
 * ```
 * @group Wrappers
 */
export class SynchronizedStruct<Fields extends FieldTypes = FieldTypes> extends SynchronizedBase<
  SharedStruct<Fields> & StructFields<Fields>
> {
  /** The handle record that travels when this wrapper is posted to a worker. @internal */
  readonly __sharedctypes__: SynchronizedRecord;
  readonly #raw: SharedStruct<Fields> & StructFields<Fields>;
  readonly #lock: AnyLock;

  /**
   * Use `Value` or `synchronized` with a structure instead.
   * @param raw - The raw structure object.
   * @param lock - The lock that guards it.
   */
  constructor(raw: SharedStruct<Fields> & StructFields<Fields>, lock: AnyLock) {
    super();
    this.__sharedctypes__ = encodeSynchronized(raw, lock);
    this.#raw = raw;
    this.#lock = lock;
    Object.preventExtensions(this);
  }

  /** The lock given at creation, or the `RLock` made for this wrapper. */
  getLock(): AnyLock {
    return this.#lock;
  }

  /** The raw structure, to use without the lock. */
  getObj(): SharedStruct<Fields> & StructFields<Fields> {
    return this.#raw;
  }

  /** `<SynchronizedPoint wrapper for Point(x=1, y=2)>`. */
  toString(): string {
    const name = this.constructor.name;
    return `<${name} wrapper for ${this.withLock(() => String(this.#raw))}>`;
  }
}

reserveMemberNames(SynchronizedStruct, [HANDLE_KEY]);

type WrapperClass = new (raw: SharedStruct, lock: AnyLock) => SynchronizedStruct;

const classes = new WeakMap<StructType, WrapperClass>();

/** The wrapper class for structure type `type`, made once per type. */
export function synchronizedStructClassFor(type: StructType): WrapperClass {
  let wrapperClass = classes.get(type);
  if (wrapperClass === undefined) {
    wrapperClass = class extends SynchronizedStruct {} as unknown as WrapperClass;
    Object.defineProperty(wrapperClass, 'name', { value: `Synchronized${type.name}` });
    for (const field of type.fields) {
      const name = field.name;
      Object.defineProperty(wrapperClass.prototype, name, {
        get(this: SynchronizedStruct) {
          return this.withLock(() => (this.getObj() as unknown as Record<string, unknown>)[name]);
        },
        set(this: SynchronizedStruct, value: unknown) {
          this.withLock(() => {
            (this.getObj() as unknown as Record<string, unknown>)[name] = value;
          });
        },
        enumerable: true,
      });
    }
    classes.set(type, wrapperClass);
  }
  return wrapperClass;
}
