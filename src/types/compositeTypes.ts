/**
 * Array types (`type * length`) and structure types (C structs), with C layout: natural
 * alignment, padding, and `pack` like ctypes' `_pack_`.
 */
import { rangeError, typeError } from '../errors.js';
import { isReservedFieldName } from './reservedNames.js';
import { type IntegerInput, SimpleType, TYPECODES, type Typecode } from './simpleTypes.js';
import { WeakValueCache } from './weakCache.js';

/**
 * Any ctypes type: a simple type, an array type, or a structure type.
 * @example
 * ```ts
 * const types: mp.CType[] = [mp.c_int, mp.arrayOf(mp.c_int, 2), mp.Structure({ x: mp.c_int })];
 * ```
 * @group Types
 */
export type CType = SimpleType<unknown, unknown> | ArrayType<CType> | StructType<FieldTypes>;

/**
 * A type given by descriptor or by one-letter typecode.
 * @example
 * ```ts
 * const specs: mp.TypeSpec[] = ['i', mp.c_double, mp.arrayOf('d', 2)];
 * ```
 * @group Types
 */
export type TypeSpec = CType | Typecode;

/**
 * The descriptor a {@link TypeSpec} stands for.
 * @example
 * ```ts
 * const type: mp.ResolvedType<'i'> = mp.c_int;
 * ```
 * @group Types
 */
export type ResolvedType<T extends TypeSpec> = T extends Typecode ? (typeof TYPECODES)[T] : T;

/**
 * The fields of a structure: names in declaration order mapped to their types.
 * @example
 * ```ts
 * const fields = { x: mp.c_int, y: 'd' } satisfies mp.FieldTypes;
 * ```
 * @group Types
 */
export type FieldTypes = { readonly [name: string]: TypeSpec };

const TYPECODE_LIST = Object.keys(TYPECODES)
  .map((code) => `'${code}'`)
  .join(', ');

/** Whether `value` is one of this library's type descriptors. */
export function isCType(value: unknown): value is CType {
  return value instanceof SimpleType || value instanceof ArrayType || value instanceof StructType;
}

/**
 * Resolves a descriptor or typecode to its descriptor.
 * @throws TypeError naming the accepted typecodes when `spec` is neither.
 */
export function resolveType(spec: unknown, name = 'type'): CType {
  if (typeof spec === 'string') {
    if (Object.hasOwn(TYPECODES, spec)) return TYPECODES[spec as Typecode];
  } else if (isCType(spec)) {
    return spec;
  }
  throw typeError(name, `a ctypes type or one of the typecodes ${TYPECODE_LIST}`, spec);
}

function roundUp(value: number, multiple: number): number {
  return Math.ceil(value / multiple) * multiple;
}

/**
 * How deep array and structure types may nest: an array of simple elements, or a structure
 * of simple fields, is 1 deep; each array or structure around it adds 1. C compilers must
 * support 63 levels of nested structure definitions; this leaves room for array dimensions
 * at each of them, and keeps every operation on such a type (initializers, `toString`,
 * `attach`) far from the call stack's limit.
 */
export const MAX_TYPE_DEPTH = 128;

/** Of an array or structure type: how deep it nests, and its serial number in this thread. */
interface TypeFacts {
  readonly depth: number;
  readonly serial: number;
}

let lastSerial = 0;

/** The symbol of the facts getter of array and structure types; simple types have none. */
const FACTS: unique symbol = Symbol('sharedctypes.typeFacts');

function factsOf(type: CType): TypeFacts | undefined {
  return (type as { readonly [FACTS]?: TypeFacts })[FACTS];
}

/** How deep `type` nests: 0 for a simple type. */
export function typeDepth(type: CType): number {
  return factsOf(type)?.depth ?? 0;
}

/** A number that names an array or structure type in this thread (0 for a simple type). */
export function typeSerial(type: CType): number {
  return factsOf(type)?.serial ?? 0;
}

/** The facts of a new composite type of `parts`, named `name`. @throws RangeError beyond the limit. */
function newFacts(name: string, parts: readonly CType[]): TypeFacts {
  let deepest = 0;
  for (let index = 0; index < parts.length; index++) {
    deepest = Math.max(deepest, typeDepth(parts[index]));
  }
  if (deepest >= MAX_TYPE_DEPTH) {
    throw rangeError('type', `a type nested at most ${MAX_TYPE_DEPTH} deep`, name);
  }
  return { depth: deepest + 1, serial: ++lastSerial };
}

/**
 * The type of `length` consecutive elements of `element`, like ctypes' `element * length`.
 * Build one with {@link arrayOf}.
 *
 * @example
 * ```ts
 * const Triple = mp.arrayOf(mp.c_int, 3);
 * console.log(Triple.name, mp.sizeof(Triple)); // c_int_Array_3 12
 * ```
 * @group Types
 */
export class ArrayType<Element extends CType = CType> {
  /** Tells array types from simple and structure types. */
  readonly category = 'array' as const;
  /** The ctypes name, e.g. `c_int_Array_3`. */
  readonly name: string;
  /** Size in bytes. */
  readonly size: number;
  /** Alignment in bytes: the element's. */
  readonly alignment: number;
  readonly #facts: TypeFacts;

  /**
   * @param element - The element type.
   * @param length - The number of elements, a non-negative integer.
   * @throws RangeError when `element` is nested 128 deep already.
   */
  constructor(
    readonly element: Element,
    readonly length: number,
  ) {
    this.name = `${element.name}_Array_${length}`;
    this.size = element.size * length;
    this.alignment = element.alignment;
    this.#facts = newFacts(this.name, [element]);
    Object.freeze(this);
  }

  /** The name, e.g. `c_int_Array_3`. */
  toString(): string {
    return this.name;
  }

  /** @internal How deep the type nests, and its serial number. */
  get [FACTS](): TypeFacts {
    return this.#facts;
  }
}

/**
 * Checks an array length: a non-negative integer whose byte size is representable.
 * @throws TypeError for a non-integer; RangeError for a negative or too large length.
 */
export function checkLength(length: unknown, elementSize: number, name: string): number {
  if (typeof length !== 'number' || !Number.isInteger(length)) {
    throw typeError(name, 'a non-negative integer length', length);
  }
  if (length < 0 || !Number.isSafeInteger(length * elementSize)) {
    throw rangeError(name, 'a non-negative length whose byte size is representable', length);
  }
  return length === 0 ? 0 : length; // -0 is a length of 0
}

/** Array types by element type and length, held weakly: a type nobody uses can be collected. */
const arrayTypes = new WeakMap<CType, WeakValueCache<number, ArrayType>>();

/**
 * The one array type of `length` elements of `element` (as ctypes caches `type * length`):
 * the same object for as long as it is referenced.
 */
export function arrayTypeOf<Element extends CType>(
  element: Element,
  length: number,
): ArrayType<Element> {
  let byLength = arrayTypes.get(element);
  if (byLength === undefined) {
    byLength = new WeakValueCache();
    arrayTypes.set(element, byLength);
  }
  let type = byLength.get(length);
  if (type === undefined) {
    type = new ArrayType(element, length);
    byLength.set(length, type);
  }
  return type as ArrayType<Element>;
}

/**
 * The type `type * length`: an array of `length` elements of `type`. Like ctypes, the same
 * element type and length give the same type object.
 *
 * @param type - The element type: a descriptor, a typecode, an array type or a structure.
 * @param length - The number of elements.
 * @returns The array type.
 * @throws TypeError for an unknown type or a non-integer length.
 * @throws RangeError for a negative or unrepresentable length, or when `type` is nested
 *   128 deep already.
 *
 * @example
 * ```ts
 * const Matrix = mp.arrayOf(mp.arrayOf(mp.c_double, 3), 3);
 * const m = mp.RawValue(Matrix);
 * m.get(1).set(2, 5);
 * ```
 * @group Types
 */
export function arrayOf<const T extends TypeSpec>(
  type: T,
  length: number,
): ArrayType<ResolvedType<T>> {
  const element = resolveType(type) as ResolvedType<T>;
  return arrayTypeOf(element, checkLength(length, element.size, 'length'));
}

/**
 * The place of one field in a structure.
 * @example
 * ```ts
 * const [x]: readonly mp.FieldLayout[] = mp.Structure({ x: mp.c_int }).fields; // { name: 'x', offset: 0, … }
 * ```
 * @group Types
 */
export interface FieldLayout {
  /** The field's name. */
  readonly name: string;
  /** The field's type. */
  readonly type: CType;
  /** Its byte offset from the start of the structure. */
  readonly offset: number;
}

/**
 * Options of {@link Structure}.
 * @example
 * ```ts
 * const options: mp.StructureOptions = { name: 'Packed', pack: 1 };
 * ```
 * @group Types
 */
export interface StructureOptions {
  /** A name for messages and `toString`, like the Python class name. Default `Structure`. */
  readonly name?: string;
  /**
   * Maximum field alignment, like ctypes' `_pack_`: an integer from 0 to 2147483647 (C's
   * `INT_MAX`); 0 or absent means natural alignment. Booleans and bigints count as integers,
   * as in Python.
   */
  readonly pack?: IntegerInput;
}

/**
 * A C struct type made by {@link Structure}: its fields with their offsets, size and
 * alignment. Like a ctypes structure, it cannot be changed once defined: the type, its
 * `fields` and each field layout are frozen.
 *
 * @example
 * ```ts
 * const Point = mp.Structure({ x: mp.c_int, y: mp.c_double }, { name: 'Point' });
 * console.log(Point.fields.map((f) => f.offset)); // [0, 8]
 * ```
 * @group Types
 */
export class StructType<Fields extends FieldTypes = FieldTypes> {
  /** Tells structure types from simple and array types. */
  readonly category = 'struct' as const;
  /** Size in bytes, padding included. */
  readonly size: number;
  /** Alignment in bytes. */
  readonly alignment: number;
  /** The fields in declaration order with their offsets (frozen). */
  readonly fields: readonly FieldLayout[];
  /** Type-level only: the field types as declared. Never present at run time. */
  declare readonly fieldTypes: Fields;
  readonly #facts: TypeFacts;

  /**
   * @param name - The name shown in messages.
   * @param fields - The fields in declaration order.
   * @param pack - Maximum field alignment, or 0 for natural alignment.
   * @throws RangeError when a field type is nested 128 deep already, or the size is not a
   *   safe integer.
   */
  constructor(
    readonly name: string,
    fields: readonly { readonly name: string; readonly type: CType }[],
    readonly pack: number,
  ) {
    let offset = 0;
    let alignment = 1;
    const layout: FieldLayout[] = [];
    for (const field of fields) {
      const fieldAlignment = pack > 0 ? Math.min(pack, field.type.alignment) : field.type.alignment;
      offset = roundUp(offset, fieldAlignment);
      layout.push(Object.freeze({ name: field.name, type: field.type, offset }));
      offset += field.type.size;
      alignment = Math.max(alignment, fieldAlignment);
    }
    this.fields = Object.freeze(layout);
    this.alignment = alignment;
    this.size = roundUp(offset, alignment);
    if (!Number.isSafeInteger(this.size)) {
      throw rangeError('fields', 'fields whose total byte size is representable', this.size);
    }
    this.#facts = newFacts(
      name,
      fields.map((field) => field.type),
    );
    Object.freeze(this);
  }

  /** The name given in the options, or `Structure`. */
  toString(): string {
    return this.name;
  }

  /** @internal How deep the type nests, and its serial number. */
  get [FACTS](): TypeFacts {
    return this.#facts;
  }
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** The largest `_pack_` CPython accepts: C's `INT_MAX`. */
const MAX_PACK = 2 ** 31 - 1;

/**
 * Checks `options.pack` as CPython checks `_pack_`: an integer from 0 to `INT_MAX`, where
 * booleans and bigints count as integers.
 * @throws TypeError for a value that is not a number, bigint or boolean; RangeError for a
 *   non-integer number or one out of range.
 */
function checkPack(pack: unknown, name: string): number {
  const value = typeof pack === 'boolean' || typeof pack === 'bigint' ? Number(pack) : pack;
  if (typeof value !== 'number') {
    throw typeError(name, 'an integer from 0 to 2147483647', pack);
  }
  if (!Number.isInteger(value) || value < 0 || value > MAX_PACK) {
    throw rangeError(name, 'an integer from 0 to 2147483647', pack);
  }
  return value === 0 ? 0 : value;
}

/** Whether `value` is a plain object (an object literal or `Object.create(null)`). */
function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === null || Object.getPrototypeOf(prototype) === null;
}

/**
 * Checks a structure definition, from {@link Structure} or from a received handle, by one
 * set of rules, so that `attach` builds no structure that `Structure` refuses.
 *
 * @param name - The structure's name.
 * @param fieldNames - The field names in declaration order.
 * @param pack - Its `pack`.
 * @param where - What messages call the definition: `options` or the handle's type.
 * @returns The checked name and pack.
 * @throws TypeError when `name` or a field name is not an identifier, a field name is
 *   reserved (a member of the objects built from a structure) or repeated, or `pack` is not
 *   a number, bigint or boolean.
 * @throws RangeError when `pack` is not an integer from 0 to 2147483647, as in CPython.
 */
export function checkStructDefinition(
  name: unknown,
  fieldNames: readonly unknown[],
  pack: unknown,
  where: string,
): { readonly name: string; readonly pack: number } {
  if (typeof name !== 'string' || !IDENTIFIER.test(name)) {
    throw typeError(`${where}.name`, 'an identifier', name);
  }
  const checkedPack = checkPack(pack, `${where}.pack`);
  const seen = new Set<string>();
  for (let index = 0; index < fieldNames.length; index++) {
    const fieldName = fieldNames[index];
    if (
      typeof fieldName !== 'string' ||
      !IDENTIFIER.test(fieldName) ||
      isReservedFieldName(fieldName)
    ) {
      throw typeError(
        'field name',
        'an identifier that is not a member of shared objects (value, getLock, toString, …)',
        fieldName,
      );
    }
    if (seen.has(fieldName)) throw typeError('field name', 'a name given once', fieldName);
    seen.add(fieldName);
  }
  return { name, pack: checkedPack };
}

/**
 * Defines a C struct type, like a subclass of `ctypes.Structure` with `_fields_`.
 * TypeScript infers the field value types from `fields`.
 *
 * @param fields - `name: type` in declaration order; types may be descriptors, typecodes,
 *   array types or other structures.
 * @param options - `name` for messages, `pack` like `_pack_`.
 * @returns The structure type, to pass to `RawValue`, `Value`, `arrayOf`, …
 * @throws TypeError when `fields` is not a plain object, a field key is a symbol, a field
 *   name is not an identifier or clashes with a member of the built objects (`value`,
 *   `getLock`, `toString`, …), a field type is unknown, or `pack` is not a number.
 * @throws RangeError when `pack` is not an integer from 0 to 2147483647, as in CPython, or
 *   a field type is nested 128 deep already.
 *
 * @example
 * ```ts
 * const Point = mp.Structure({ x: mp.c_int, y: mp.c_int }, { name: 'Point' });
 * const p = mp.RawValue(Point, { x: 1, y: 2 });
 * p.x += 10; // p.x is a number
 * ```
 * @group Types
 */
export function Structure<const Fields extends FieldTypes>(
  fields: Fields & { readonly [key: symbol]: never },
  options: StructureOptions = {},
): StructType<Fields> {
  if (!isPlainObject(fields)) {
    throw typeError('fields', 'a plain object of field names to types', fields);
  }
  const [symbolKey] = Object.getOwnPropertySymbols(fields);
  if (symbolKey !== undefined) throw typeError('field name', 'a string', symbolKey);
  if (typeof options !== 'object' || options === null) {
    throw typeError('options', 'an object', options);
  }
  const { name: givenName = 'Structure', pack: givenPack = 0 } = options;
  const names = Object.keys(fields);
  const { name, pack } = checkStructDefinition(givenName, names, givenPack, 'options');
  const resolved = names.map((fieldName) => ({
    name: fieldName,
    type: resolveType(fields[fieldName], `fields.${fieldName}`),
  }));
  return new StructType(name, resolved, pack);
}
