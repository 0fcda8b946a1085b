/**
 * Element `get`/`set` of numeric arrays and `.value` of scalars at native speed: compiled
 * once per simple type (see `specialize.ts` for why).
 */
import type { Stored } from '../types/conversions.js';
import type { AnySimpleType } from './memoryAccess.js';
import { resolveIndex } from './slices.js';
import { directStoreTest, freshCopy, never } from './specialize.js';

/** The symbol under which arrays keep the typed array over exactly their elements. */
export const ELEMENTS: unique symbol = Symbol('sharedctypes.elements');

/** What the accessors read: an object holding a typed array under {@link ELEMENTS}. */
export interface ElementHolder {
  readonly [ELEMENTS]: { [index: number]: Stored; readonly length: number } | undefined;
}

/** A specialized pair of element accessors, installed as methods of an array class. */
export interface ElementAccessors {
  get(this: ElementHolder, index: number): Stored;
  set(this: ElementHolder, index: number, value: unknown): void;
}

type AccessorFactory = (
  elements: typeof ELEMENTS,
  resolve: typeof resolveIndex,
  storesDirectly: (value: unknown) => boolean,
  toStorage: (value: unknown, name: string, typeName: string) => Stored,
  typeName: string,
) => ElementAccessors;

/** The accessor source; copied per type. It may refer only to its parameters. */
const makeAccessors: AccessorFactory = function makeAccessors(
  elements,
  resolve,
  storesDirectly,
  toStorage,
  typeName,
) {
  return {
    get: function get(this: ElementHolder, index: number): Stored {
      const typed = this[elements]!;
      let position = index >>> 0;
      if (position !== index || position >= typed.length) position = resolve(index, typed.length);
      return typed[position];
    },
    set: function set(this: ElementHolder, index: number, value: unknown): void {
      const typed = this[elements]!;
      let position = index >>> 0;
      if (position !== index || position >= typed.length) position = resolve(index, typed.length);
      typed[position] = storesDirectly(value)
        ? (value as Stored)
        : toStorage(value, 'value', typeName);
    },
  };
};

/** The symbol under which scalars keep the index of their value in {@link ELEMENTS}. */
export const INDEX: unique symbol = Symbol('sharedctypes.index');

/** What scalar accessors read: an arena-wide typed array and an index in it. */
export interface ScalarHolder extends ElementHolder {
  readonly [INDEX]: number;
}

/** A specialized `.value` getter and setter, installed on a scalar class. */
export interface ScalarAccessors {
  get(this: ScalarHolder): unknown;
  set(this: ScalarHolder, value: unknown): void;
}

type ScalarAccessorFactory = (
  elements: typeof ELEMENTS,
  indexKey: typeof INDEX,
  storesDirectly: (value: unknown) => boolean,
  toStorage: (value: unknown, name: string, typeName: string) => Stored,
  fromStorage: ((stored: Stored) => unknown) | undefined,
  typeName: string,
) => ScalarAccessors;

/** The `.value` accessor source; copied per type. It may refer only to its parameters. */
const makeScalarAccessors: ScalarAccessorFactory = function makeScalarAccessors(
  elements,
  indexKey,
  storesDirectly,
  toStorage,
  fromStorage,
  typeName,
) {
  return {
    get: function getValue(this: ScalarHolder): unknown {
      const stored = this[elements]![this[indexKey]];
      return fromStorage === undefined ? stored : fromStorage(stored);
    },
    set: function setValue(this: ScalarHolder, value: unknown): void {
      this[elements]![this[indexKey]] = storesDirectly(value)
        ? (value as Stored)
        : toStorage(value, 'value', typeName);
    },
  };
};

const isNumber = (value: unknown): boolean => typeof value === 'number';

function elementCopyWorks(copy: AccessorFactory): boolean {
  const probe = copy(ELEMENTS, resolveIndex, isNumber, () => 0, 'probe');
  const holder = { [ELEMENTS]: new Float64Array(1) };
  probe.set.call(holder, 0, 1.5);
  return probe.get.call(holder, -1) === 1.5;
}

function scalarCopyWorks(copy: ScalarAccessorFactory): boolean {
  const probe = copy(ELEMENTS, INDEX, isNumber, () => 0, undefined, 'probe');
  const holder = { [ELEMENTS]: new Float64Array(2), [INDEX]: 1 };
  probe.set.call(holder, 2.5);
  return probe.get.call(holder) === 2.5;
}

const accessors = new Map<AnySimpleType, ElementAccessors>();

/** The element accessors for arrays of numeric `type`, compiled once per type. */
export function accessorsFor(type: AnySimpleType): ElementAccessors {
  let pair = accessors.get(type);
  if (pair === undefined) {
    const factory = freshCopy(makeAccessors, elementCopyWorks);
    pair = factory(ELEMENTS, resolveIndex, directStoreTest(type), type.toStorage, type.name);
    accessors.set(type, pair);
  }
  return pair;
}

const scalarAccessors = new Map<AnySimpleType, ScalarAccessors>();

/** The `.value` accessors for scalars of `type`, compiled once per type. */
export function scalarAccessorsFor(type: AnySimpleType): ScalarAccessors {
  let pair = scalarAccessors.get(type);
  if (pair === undefined) {
    pair = compileScalarAccessors(type);
    scalarAccessors.set(type, pair);
  }
  return pair;
}

/**
 * A new copy of the `.value` accessors for `type`, with feedback of its own: for a class
 * other than the raw scalars' whose objects also hold {@link ELEMENTS} and {@link INDEX}
 * (the `Value` wrappers).
 */
export function compileScalarAccessors(type: AnySimpleType): ScalarAccessors {
  const factory = freshCopy(makeScalarAccessors, scalarCopyWorks);
  const direct = type.fromStorage === undefined ? directStoreTest(type) : never;
  return factory(ELEMENTS, INDEX, direct, type.toStorage, type.fromStorage, type.name);
}
