/**
 * The field properties of structure objects, compiled once per field (see `specialize.ts`):
 * a simple field reads and writes the arena's typed view of its kind directly; a structure
 * or array field returns a view made on first access and kept, so `line.a === line.a`.
 */
import { type Arena, VIEW_KEYS, type ViewKey } from '../memory/arena.js';
import type { CType, FieldLayout } from '../types/compositeTypes.js';
import type { StorageKind, Stored } from '../types/conversions.js';
import { type AnySimpleType, readSimple, writeStored } from './memoryAccess.js';
import { directStoreTest, freshCopy } from './specialize.js';

/** Where a structure object keeps its arena. */
export const ARENA: unique symbol = Symbol('sharedctypes.arena');
/** Where a structure object keeps its byte offset in the arena. */
export const OFFSET: unique symbol = Symbol('sharedctypes.offset');
/** Where a structure object keeps the views of its structure and array fields. */
export const NESTED: unique symbol = Symbol('sharedctypes.nested');

/** What the field accessors read. */
export interface FieldHolder {
  readonly [ARENA]: Arena;
  readonly [OFFSET]: number;
  [NESTED]: unknown[] | undefined;
}

/** A property's accessor pair. */
export interface FieldAccessors {
  get(this: FieldHolder): unknown;
  set(this: FieldHolder, value: unknown): void;
}

type Views = Record<ViewKey, { [index: number]: Stored } | undefined>;

type SimpleFieldFactory = (
  arenaKey: typeof ARENA,
  offsetKey: typeof OFFSET,
  viewKey: ViewKey,
  kind: StorageKind,
  fieldOffset: number,
  size: number,
  storesDirectly: (value: unknown) => boolean,
  type: AnySimpleType,
  fieldName: string,
  readAnywhere: typeof readSimple,
  writeAnywhere: typeof writeStored,
) => FieldAccessors;

/** The source of a simple field's accessors; copied per field. Refers only to its parameters. */
const makeSimpleField: SimpleFieldFactory = function makeSimpleField(
  arenaKey,
  offsetKey,
  viewKey,
  kind,
  fieldOffset,
  size,
  storesDirectly,
  type,
  fieldName,
  readAnywhere,
  writeAnywhere,
) {
  const mask = size - 1;
  const { fromStorage, toStorage, name: typeName } = type;
  return {
    get: function get(this: FieldHolder): unknown {
      const arena = this[arenaKey];
      const byte = this[offsetKey] + fieldOffset;
      // Inside a packed structure a field may be unaligned: a DataView reads it then.
      if ((byte & mask) !== 0) return readAnywhere(arena, type, byte);
      const view = (arena as unknown as Views)[viewKey] ?? arena.view(kind);
      const stored = view[byte / size];
      return fromStorage === undefined ? stored : fromStorage(stored);
    },
    set: function set(this: FieldHolder, value: unknown): void {
      const stored = storesDirectly(value)
        ? (value as Stored)
        : toStorage(value, fieldName, typeName);
      const arena = this[arenaKey];
      const byte = this[offsetKey] + fieldOffset;
      if ((byte & mask) !== 0) {
        writeAnywhere(arena, type, byte, stored);
      } else {
        const view = (arena as unknown as Views)[viewKey] ?? arena.view(kind);
        view[byte / size] = stored;
      }
    },
  };
};

/** Builds the view of a structure or array field. */
export type MakeView = (type: CType, arena: Arena, offset: number) => unknown;

/** Replaces the whole value of a structure or array field. */
export type ReplaceValue = (
  arena: Arena,
  type: CType,
  offset: number,
  init: unknown,
  name: string,
) => void;

type NestedFieldFactory = (
  arenaKey: typeof ARENA,
  offsetKey: typeof OFFSET,
  nestedKey: typeof NESTED,
  slot: number,
  fieldOffset: number,
  type: CType,
  fieldName: string,
  makeView: MakeView,
  replace: ReplaceValue,
) => FieldAccessors;

/** The source of a structure or array field's accessors; copied per field. */
const makeNestedField: NestedFieldFactory = function makeNestedField(
  arenaKey,
  offsetKey,
  nestedKey,
  slot,
  fieldOffset,
  type,
  fieldName,
  makeView,
  replace,
) {
  return {
    get: function get(this: FieldHolder): unknown {
      let views = this[nestedKey];
      if (views === undefined) {
        views = [];
        this[nestedKey] = views;
      }
      let view = views[slot];
      if (view === undefined) {
        view = makeView(type, this[arenaKey], this[offsetKey] + fieldOffset);
        views[slot] = view;
      }
      return view;
    },
    set: function set(this: FieldHolder, value: unknown): void {
      replace(this[arenaKey], type, this[offsetKey] + fieldOffset, value, fieldName);
    },
  };
};

function holder(arena: Arena): FieldHolder {
  return { [ARENA]: arena, [OFFSET]: 8, [NESTED]: undefined };
}

function simpleCopyWorks(copy: SimpleFieldFactory): boolean {
  const view = new Float64Array(3);
  const arena = { float64: view, view: () => view } as unknown as Arena;
  const type = { toStorage: () => 0, name: 'probe' } as unknown as AnySimpleType;
  const probe = copy(
    ARENA,
    OFFSET,
    'float64',
    'float64',
    8,
    8,
    () => true,
    type,
    'probe',
    readSimple,
    writeStored,
  );
  probe.set.call(holder(arena), 1.5);
  return view[2] === 1.5 && probe.get.call(holder(arena)) === 1.5;
}

function nestedCopyWorks(copy: NestedFieldFactory): boolean {
  const probe = copy(
    ARENA,
    OFFSET,
    NESTED,
    0,
    4,
    {} as CType,
    'probe',
    (_type, _arena, offset) => ({
      offset,
    }),
    () => undefined,
  );
  const object = holder({} as Arena);
  const view = probe.get.call(object);
  return view === probe.get.call(object) && (view as { offset: number }).offset === 12;
}

/** The accessors of simple `field`, which read and write its memory. */
export function simpleFieldAccessors(field: FieldLayout): FieldAccessors {
  const type = field.type as AnySimpleType;
  const factory = freshCopy(makeSimpleField, simpleCopyWorks);
  return factory(
    ARENA,
    OFFSET,
    VIEW_KEYS[type.storage],
    type.storage,
    field.offset,
    type.size,
    directStoreTest(type),
    type,
    field.name,
    readSimple,
    writeStored,
  );
}

/**
 * The accessors of structure or array `field`: `slot` numbers such fields of its structure
 * (their place in the kept views), `makeView` builds the view, `replace` stores a new value.
 */
export function nestedFieldAccessors(
  field: FieldLayout,
  slot: number,
  makeView: MakeView,
  replace: ReplaceValue,
): FieldAccessors {
  const factory = freshCopy(makeNestedField, nestedCopyWorks);
  return factory(
    ARENA,
    OFFSET,
    NESTED,
    slot,
    field.offset,
    field.type,
    field.name,
    makeView,
    replace,
  );
}
