/**
 * Types as plain data, so that a shared object sent to another thread can be rebuilt there
 * with the same layout: a simple type is its name, an array type `{ element, length }`, a
 * structure `{ name, pack, fields }`.
 */
import { rangeError, typeError } from '../errors.js';
import {
  ArrayType,
  arrayTypeOf,
  type CType,
  checkLength,
  checkStructDefinition,
  MAX_TYPE_DEPTH,
  StructType,
  typeSerial,
} from './compositeTypes.js';
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

/**
 * The plain-data form of `type`, computed once per type and frozen: every object of the
 * type shares it in its handle.
 */
export function describeType(type: CType): TypeDescription {
  let description = descriptions.get(type);
  if (description !== undefined) return description;
  if (type instanceof SimpleType) {
    description = type.name;
  } else if (type instanceof ArrayType) {
    description = Object.freeze({ element: describeType(type.element), length: type.length });
  } else {
    const fields = type.fields.map((field) =>
      Object.freeze([field.name, describeType(field.type)] as const),
    );
    description = Object.freeze({
      name: type.name,
      pack: type.pack,
      fields: Object.freeze(fields),
    });
  }
  descriptions.set(type, description);
  return description;
}

/**
 * Rebuilt structure types, held weakly (a type no object uses any more leaves the cache), by
 * a key of their own data and their field types' names (simple) or serial numbers: the key is as long as the
 * description's top level, not the whole nested type, so building a nested type takes
 * linear time. (Array types come from `arrayTypeOf`, one per element type and length.)
 */
const rebuilt = new WeakValueCache<string, CType>();

/**
 * Refuses a record of the handle format (a type description, or a handle record) whose own
 * string keys are not exactly `keys`: inherited properties do not count, and symbol-keyed
 * ones are never read.
 * @throws TypeError naming the first extra or missing key.
 */
export function checkExactKeys(record: object, keys: readonly string[], name: string): void {
  const own = Object.getOwnPropertyNames(record);
  // Records keep their keys' order through structured clone: compare in order first.
  let exact = own.length === keys.length;
  for (let index = 0; exact && index < own.length; index++) exact = own[index] === keys[index];
  if (exact || (own.length === keys.length && keys.every((key) => own.includes(key)))) return;
  const extra = own.find((key) => !keys.includes(key));
  if (extra !== undefined) throw typeError(name, `a record without the key ${extra}`, record);
  const missing = keys.find((key) => !own.includes(key));
  throw typeError(`${name}.${missing}`, 'present, as an own property', undefined);
}

const ARRAY_KEYS = ['element', 'length'];
const STRUCT_KEYS = ['name', 'pack', 'fields'];

type Fields<Key extends string> = { readonly [K in Key]?: unknown };

/** A description not yet built: its parts, and the rest of its top level, each read once. */
type Pending =
  | { readonly kind: 'array'; readonly parts: readonly unknown[]; readonly length: unknown }
  | {
      readonly kind: 'struct';
      readonly parts: readonly unknown[];
      readonly name: unknown;
      readonly pack: unknown;
      readonly fieldNames: readonly unknown[];
    };

/** The element `index` of an array, if it is an own element. */
function ownElement(array: readonly unknown[], index: number, name: string): unknown {
  if (!Object.hasOwn(array, index)) throw typeError(`${name}[${index}]`, 'present', undefined);
  return array[index];
}

/** Reads the top level of a composite description (not its parts). */
function readComposite(description: unknown, name: string): Pending {
  if (typeof description !== 'object' || description === null || Array.isArray(description)) {
    throw typeError(name, 'a ctypes type name or a type description', description);
  }
  if (Object.hasOwn(description, 'element')) {
    checkExactKeys(description, ARRAY_KEYS, name);
    const { element, length } = description as Fields<'element' | 'length'>;
    return { kind: 'array', parts: [element], length };
  }
  checkExactKeys(description, STRUCT_KEYS, name);
  const { name: structName, pack, fields } = description as Fields<'name' | 'pack' | 'fields'>;
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
  return { kind: 'struct', parts, name: structName, pack, fieldNames };
}

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
    key.push(fieldName, part.category === 'simple' ? part.name : typeSerial(part));
  }
  return JSON.stringify(key);
}

/**
 * The type of a composite description whose parts are built. A cached type was checked by
 * the rules of `arrayOf` and `Structure` when it was built, and its key holds everything
 * they check, so only a description not seen before is checked again.
 */
function buildComposite(pending: Pending, parts: readonly CType[], name: string): CType {
  if (pending.kind === 'array') {
    const element = parts[0];
    return arrayTypeOf(element, checkLength(pending.length, element.size, `${name}.length`));
  }
  const { fieldNames } = pending;
  const quickKey = structKey(pending.name, pending.pack, fieldNames, parts);
  const known = quickKey === undefined ? undefined : rebuilt.get(quickKey);
  if (known !== undefined) return known;
  const checked = checkStructDefinition(pending.name, fieldNames, pending.pack, name);
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

/** One composite description being built: its parts are built first. */
interface Frame {
  readonly description: object;
  readonly pending: Pending;
  readonly parts: CType[];
}

/**
 * The type a description stands for, checked by the rules of `arrayOf` and `Structure`.
 * Equal descriptions give the same type object within a thread while it is in use, so
 * objects attached from the same kind of structure share one class. The description is
 * walked without recursion, each part once (parts that are one object are built once), and
 * never deeper than the nesting `arrayOf` and `Structure` allow, so that no description can
 * exhaust the stack or take more than linear time.
 *
 * @param description - A type's plain-data form, as received.
 * @param name - How messages name it.
 * @param built - Types already built from description objects, to share between calls
 *   (one `attach` of many handles whose clones share one description object).
 * @throws TypeError when `description` is not a valid type description, or one that
 *   `arrayOf` or `Structure` would refuse with a TypeError.
 * @throws RangeError when it nests deeper than 128, or has a length or `pack` that they
 *   would refuse with a RangeError.
 */
export function typeFromDescription(
  description: unknown,
  name = 'type',
  built = new Map<object, CType>(),
): CType {
  if (typeof description === 'string') return simpleType(description, name);
  const stack: Frame[] = [];
  const enter = (part: unknown): void => {
    const known = typeof part === 'object' && part !== null ? built.get(part) : undefined;
    if (known !== undefined) {
      stack[stack.length - 1].parts.push(known);
    } else if (stack.length === MAX_TYPE_DEPTH) {
      throw rangeError(name, `a type nested at most ${MAX_TYPE_DEPTH} deep`, part);
    } else {
      stack.push({ description: part as object, pending: readComposite(part, name), parts: [] });
    }
  };
  const root =
    typeof description === 'object' && description !== null ? built.get(description) : undefined;
  if (root !== undefined) return root;
  enter(description);
  for (;;) {
    const frame = stack[stack.length - 1];
    const { parts, pending } = frame;
    if (parts.length < pending.parts.length) {
      const next = pending.parts[parts.length];
      if (typeof next === 'string') parts.push(simpleType(next, name));
      else enter(next);
      continue;
    }
    stack.pop();
    const type = buildComposite(pending, parts, name);
    built.set(frame.description, type);
    if (stack.length === 0) return type;
    stack[stack.length - 1].parts.push(type);
  }
}

function simpleType(typeName: string, name: string): CType {
  const simple = SIMPLE_BY_NAME.get(typeName);
  if (simple === undefined) throw typeError(name, 'a ctypes type name', typeName);
  return simple;
}
