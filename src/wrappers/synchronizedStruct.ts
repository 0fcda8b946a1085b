/**
 * Wrappers of structures: one class per structure type, each field property read or
 * written in one critical section under the lock. A thread that already holds the lock
 * (an `RLock` in `withLock`) reads and writes the field directly: the accessors are
 * compiled per field (see `objects/specialize.ts`) so that this path stays as fast as the
 * raw structure's.
 */
import { enterScope } from '../locks/lockBase.js';
import type { AnyLock } from '../locks/locks.js';
import type { SharedStruct } from '../objects/sharedStruct.js';
import { freshCopy } from '../objects/specialize.js';
import type { StructFields } from '../objects/typing.js';
import { encodeWrapperOf, HANDLE_KEY, type SynchronizedRecord } from '../sharing/handleCodec.js';
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
    this.__sharedctypes__ = encodeWrapperOf(raw, lock);
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

type Fields = Record<string, unknown>;

function readLocked(wrapper: SynchronizedStruct, name: string): unknown {
  const lock = wrapper.getLock();
  enterScope(lock);
  try {
    return (wrapper.getObj() as unknown as Fields)[name];
  } finally {
    lock.release();
  }
}

function writeLocked(wrapper: SynchronizedStruct, name: string, value: unknown): void {
  const lock = wrapper.getLock();
  enterScope(lock);
  try {
    (wrapper.getObj() as unknown as Fields)[name] = value;
  } finally {
    lock.release();
  }
}

interface FieldAccessors {
  get(this: SynchronizedStruct): unknown;
  set(this: SynchronizedStruct, value: unknown): void;
}

type FieldFactory = (
  name: string,
  read: typeof readLocked,
  write: typeof writeLocked,
) => FieldAccessors;

/** The accessor source; copied per field. It may refer only to its parameters. */
const makeField: FieldFactory = function makeField(name, read, write) {
  return {
    get: function get(this: SynchronizedStruct): unknown {
      if (this.getLock().isOwnedByCurrentThread()) {
        return (this.getObj() as unknown as Record<string, unknown>)[name];
      }
      return read(this, name);
    },
    set: function set(this: SynchronizedStruct, value: unknown): void {
      if (this.getLock().isOwnedByCurrentThread()) {
        (this.getObj() as unknown as Record<string, unknown>)[name] = value;
      } else {
        write(this, name, value);
      }
    },
  };
};

function fieldCopyWorks(copy: FieldFactory): boolean {
  const fields = { x: 1 };
  const owned = { getLock: () => ({ isOwnedByCurrentThread: () => true }), getObj: () => fields };
  const probe = copy('x', readLocked, writeLocked);
  probe.set.call(owned as unknown as SynchronizedStruct, 2);
  return probe.get.call(owned as unknown as SynchronizedStruct) === 2 && fields.x === 2;
}

const classes = new WeakMap<StructType, WrapperClass>();

/** The wrapper class for structure type `type`, made once per type. */
export function synchronizedStructClassFor(type: StructType): WrapperClass {
  let wrapperClass = classes.get(type);
  if (wrapperClass === undefined) {
    wrapperClass = class extends SynchronizedStruct {} as unknown as WrapperClass;
    Object.defineProperty(wrapperClass, 'name', { value: `Synchronized${type.name}` });
    for (const field of type.fields) {
      const { get, set } = freshCopy(makeField, fieldCopyWorks)(
        field.name,
        readLocked,
        writeLocked,
      );
      Object.defineProperty(wrapperClass.prototype, field.name, { get, set, enumerable: true });
    }
    classes.set(type, wrapperClass);
  }
  return wrapperClass;
}
