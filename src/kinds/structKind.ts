/**
 * The kind of structure types: one object class and one wrapper class per structure type,
 * initializers given as an object of fields or an array of values, and the
 * `{ name, pack, fields }` description, rebuilt into one type per distinct description.
 */
import { namedAfterStructure, typeError } from '../errors.js';
import type { Arena } from '../memory/arena.js';
import type { StorePlan } from '../objects/memoryAccess.js';
import type { SharedStruct } from '../objects/sharedStruct.js';
import { structClassFor } from '../objects/sharedStruct.js';
import { nestedFieldAccessors } from '../objects/structFields.js';
import { HANDLE_KEY } from '../sharing/handleCodec.js';
import {
  type CType,
  checkStructDefinition,
  StructType,
  typeSerial,
} from '../types/compositeTypes.js';
import { checkExactKeys, describeType } from '../types/typeDescription.js';
import { formOf } from '../types/typeForms.js';
import { WeakValueCache } from '../types/weakCache.js';
import { synchronizedStructClassFor } from '../wrappers/synchronizedStruct.js';
import { type CompositeKind, createByPlan, planStore, replaceValue, viewOf } from './typeKind.js';

const STRUCT_KEYS = ['name', 'pack', 'fields'];

function hasField(fields: StructType['fields'], name: string): boolean {
  for (let index = 0; index < fields.length; index++) if (fields[index].name === name) return true;
  return false;
}

function planFieldStores(
  type: StructType,
  init: object,
  offset: number,
  name: string,
  plan: StorePlan,
): void {
  const { fields } = type;
  if (Array.isArray(init)) {
    const count = Math.min(init.length, fields.length);
    for (let index = 0; index < count; index++) {
      const field = fields[index];
      planStore(field.type, init[index], offset + field.offset, `${name}.${field.name}`, plan);
    }
    if (init.length > fields.length) {
      throw typeError(name, `at most ${fields.length} initializers for ${type.name}`, init);
    }
    return;
  }
  const record = init as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (key !== HANDLE_KEY && !hasField(fields, key)) {
      throw typeError(name, `an initializer with fields of ${type.name} only`, key);
    }
  }
  // Indexed loops: iterators and callbacks over the frozen `fields` are several times slower.
  for (let index = 0; index < fields.length; index++) {
    const field = fields[index];
    const value = record[field.name];
    if (value !== undefined) {
      planStore(field.type, value, offset + field.offset, `${name}.${field.name}`, plan);
    }
  }
}

/**
 * Rebuilt structure types, held weakly (a type no object uses any more leaves the cache), by
 * a key of their own data and their field types' names (simple) or serial numbers: the key
 * is as long as the description's top level, not the whole nested type, so building a
 * nested type takes linear time. (Array types come from `arrayTypeOf`, one per element
 * type and length.)
 */
const rebuilt = new WeakValueCache<string, CType>();

/** The cache key of a structure: its name, pack, and field names and types. */
function structKey(
  name: unknown,
  pack: unknown,
  fieldNames: readonly unknown[],
  parts: readonly CType[],
): string | undefined {
  if (typeof name !== 'string' || typeof pack !== 'number') return undefined;
  const key: (string | number)[] = ['struct', name, pack];
  for (let index = 0; index < fieldNames.length; index++) {
    const fieldName = fieldNames[index];
    if (typeof fieldName !== 'string') return undefined;
    const part = parts[index];
    key.push(fieldName, formOf(part).cacheKey(part));
  }
  return JSON.stringify(key);
}

/**
 * The structure type of a description whose field types are built. A cached type was
 * checked by the rules of `Structure` when it was built, and its key holds everything they
 * check, so only a description not seen before is checked again.
 */
function buildStruct(
  givenName: unknown,
  givenPack: unknown,
  fieldNames: readonly unknown[],
  parts: readonly CType[],
  name: string,
): CType {
  const quickKey = structKey(givenName, givenPack, fieldNames, parts);
  const known = quickKey === undefined ? undefined : rebuilt.get(quickKey);
  if (known !== undefined) return known;
  const checked = checkStructDefinition(givenName, fieldNames, givenPack, name);
  const key = structKey(checked.name, checked.pack, fieldNames, parts)!;
  let type = rebuilt.get(key);
  if (type === undefined) {
    const fields = (fieldNames as readonly string[]).map((fieldName, index) => ({
      name: fieldName,
      type: parts[index],
    }));
    type = new StructType(checked.name, fields, checked.pack);
    rebuilt.set(key, type);
  }
  return type;
}

/** The element `index` of an array, if it is an own element. */
function ownElement(array: readonly unknown[], index: number, name: string): unknown {
  if (!Object.hasOwn(array, index)) throw typeError(`${name}[${index}]`, 'present', undefined);
  return array[index];
}

/** The structure object of `type` over `arena` at byte `offset`. */
function structView(type: StructType, arena: Arena, offset: number): SharedStruct {
  return new (structClassFor(type))(type, arena, offset);
}

/** Structures: named fields at C offsets, read as live structure objects. */
export const structKind: CompositeKind<StructType> = {
  composite: true,

  read: structView,

  write(type, arena, offset, value, name) {
    replaceValue(arena, type, offset, value, name);
  },

  planStore(type, init, offset, name, plan) {
    // A Set, Map or other iterable is neither: its fields would silently read as zero.
    if (
      !Array.isArray(init) &&
      (typeof init !== 'object' || init === null || Symbol.iterator in init)
    ) {
      throw typeError(name, `an object of fields or an array of values for ${type.name}`, init);
    }
    try {
      planFieldStores(type, init, offset, name, plan);
    } catch (error) {
      throw namedAfterStructure(error, type.name);
    }
  },

  create: createByPlan,

  view: structView,

  wrap(raw, type, lock) {
    return new (synchronizedStructClassFor(type))(raw as SharedStruct, lock);
  },

  fieldAccessors: (field, slot) => nestedFieldAccessors(field, slot, viewOf, replaceValue),

  show(_type, value) {
    return String(value);
  },

  describe(type) {
    const fields = type.fields.map((field) =>
      Object.freeze([field.name, describeType(field.type)] as const),
    );
    return Object.freeze({ name: type.name, pack: type.pack, fields: Object.freeze(fields) });
  },

  cacheKey: typeSerial,

  readDescription(description, name) {
    checkExactKeys(description, STRUCT_KEYS, name);
    const {
      name: structName,
      pack,
      fields,
    } = description as { readonly name?: unknown; pack?: unknown; fields?: unknown };
    if (!Array.isArray(fields)) throw typeError(`${name}.fields`, 'an array', fields);
    const count = fields.length;
    const fieldNames: unknown[] = [];
    const parts: unknown[] = [];
    for (let index = 0; index < count; index++) {
      const field = ownElement(fields, index, `${name}.fields`);
      if (!Array.isArray(field) || field.length !== 2) {
        throw typeError(`${name}.fields[${index}]`, 'a [name, type] pair', field);
      }
      fieldNames.push(ownElement(field, 0, `${name}.fields[${index}]`));
      parts.push(ownElement(field, 1, `${name}.fields[${index}]`));
    }
    return {
      parts,
      build: (built, where) => buildStruct(structName, pack, fieldNames, built, where),
    };
  },
};
