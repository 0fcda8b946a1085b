/**
 * Types as plain data, so that a shared object sent to another thread can be rebuilt there
 * with the same layout: a simple type is its name, an array type `{ element, length }`, a
 * structure `{ name, pack, fields }`.
 */
import { typeError } from '../errors.js';
import { ArrayType, arrayTypeOf, type CType, StructType } from './compositeTypes.js';
import { c_bool, SimpleType, TYPECODES } from './simpleTypes.js';
import { WeakValueCache } from './weakCache.js';

/** An array type as data. */
export interface ArrayTypeDescription {
  /** The element type. */
  readonly element: TypeDescription;
  /** The number of elements. */
  readonly length: number;
}

/** A structure type as data. */
export interface StructTypeDescription {
  /** The structure's name. */
  readonly name: string;
  /** Its `pack`, 0 for natural alignment. */
  readonly pack: number;
  /** Field names and types in declaration order. */
  readonly fields: readonly (readonly [string, TypeDescription])[];
}

/**
 * A type as structured-clone-safe data: a simple type's name, or an array or structure description.
 */
export type TypeDescription = string | ArrayTypeDescription | StructTypeDescription;

const SIMPLE_BY_NAME = new Map<string, SimpleType<unknown, unknown>>(
  [...Object.values(TYPECODES), c_bool].map((type) => [
    type.name,
    type as SimpleType<unknown, unknown>,
  ]),
);

const descriptions = new WeakMap<CType, TypeDescription>();

/** The plain-data form of `type`, computed once per type. */
export function describeType(type: CType): TypeDescription {
  let description = descriptions.get(type);
  if (description !== undefined) return description;
  if (type instanceof SimpleType) {
    description = type.name;
  } else if (type instanceof ArrayType) {
    description = { element: describeType(type.element), length: type.length };
  } else {
    description = {
      name: type.name,
      pack: type.pack,
      fields: type.fields.map((field) => [field.name, describeType(field.type)] as const),
    };
  }
  descriptions.set(type, description);
  return description;
}

const rebuilt = new WeakValueCache<string, CType>();

/**
 * The type a description stands for. Equal descriptions give the same type object within a
 * thread while it is in use, so objects attached from the same kind of structure share one
 * class.
 * @throws TypeError when `description` is not a valid type description.
 */
export function typeFromDescription(description: unknown): CType {
  if (typeof description === 'string') {
    const simple = SIMPLE_BY_NAME.get(description);
    if (simple === undefined) throw typeError('handle type', 'a ctypes type name', description);
    return simple;
  }
  let key: string;
  try {
    key = JSON.stringify(description);
  } catch {
    throw typeError('handle type', 'a type description', description);
  }
  const known = rebuilt.get(key);
  if (known !== undefined) return known;
  const type = buildType(description);
  rebuilt.set(key, type);
  return type;
}

function buildType(description: unknown): CType {
  if (typeof description !== 'object' || description === null) {
    throw typeError('handle type', 'a type description', description);
  }
  const record = description as Record<string, unknown>;
  if ('element' in record) {
    const { length } = record;
    if (typeof length !== 'number' || !Number.isSafeInteger(length) || length < 0) {
      throw typeError('handle type length', 'a non-negative integer', length);
    }
    return arrayTypeOf(typeFromDescription(record.element), length);
  }
  const { name, pack, fields } = record;
  if (typeof name !== 'string' || typeof pack !== 'number' || !Array.isArray(fields)) {
    throw typeError('handle type', 'a structure description', description);
  }
  const resolved = fields.map((field: unknown) => {
    if (!Array.isArray(field) || typeof field[0] !== 'string') {
      throw typeError('handle field', 'a [name, type] pair', field);
    }
    return { name: field[0], type: typeFromDescription(field[1]) };
  });
  return new StructType(name, resolved, pack);
}
