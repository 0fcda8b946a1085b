/**
 * Types as plain data (`descriptions.ts`), so that a shared object sent to another thread can
 * be rebuilt there with the same layout: each type's description, made once, and the walk
 * that rebuilds a type from one. Each kind of type describes and reads its own form
 * (`typeForms.ts`, `kinds/`).
 */
import { rangeError, typeError } from '../errors.js';
import { type CType, MAX_TYPE_DEPTH } from './compositeTypes.js';
import type { TypeDescription } from './descriptions.js';
import { c_bool, type SimpleType, TYPECODES } from './simpleTypes.js';
import { formOf, formOfDescription, type PendingType } from './typeForms.js';

export type { TypeDescription } from './descriptions.js';

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
  description = formOf(type).describe(type);
  descriptions.set(type, description);
  return description;
}

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

/** Reads the top level of a composite description (not its parts). */
function readComposite(description: unknown, name: string): PendingType {
  if (typeof description !== 'object' || description === null || Array.isArray(description)) {
    throw typeError(name, 'a ctypes type name or a type description', description);
  }
  return formOfDescription(description).readDescription(description, name);
}

/** One composite description being built: its parts are built first. */
interface Frame {
  readonly description: object;
  readonly pending: PendingType;
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
    const type = pending.build(parts, name);
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
