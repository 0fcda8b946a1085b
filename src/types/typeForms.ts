/**
 * How each kind of type turns into its plain-data form (`descriptions.ts`) and back: the
 * kinds (`kinds/`) provide these, and `typeDescription.ts` dispatches to them by
 * `type.category`, or by the keys of a received description.
 */
import type { ArrayType, CType, StructType } from './compositeTypes.js';
import type { TypeDescription } from './descriptions.js';
import type { SimpleType } from './simpleTypes.js';

/** The description side of one kind of type `T`. */
export interface TypeForm<T extends CType> {
  /** The plain-data form of `type`, its parts described by `describeType`. */
  describe(type: T): TypeDescription;
  /** What stands for `type` in the cache key of a rebuilt structure type. */
  cacheKey(type: T): string | number;
}

/** A composite description read at its top level: its parts' descriptions, and how to finish. */
export interface PendingType {
  /** The descriptions of the part types, to build first. */
  readonly parts: readonly unknown[];
  /**
   * The type, once `parts` are built, checked by the rules of `arrayOf` and `Structure`.
   * @throws TypeError or RangeError where they would.
   */
  build(parts: readonly CType[], name: string): CType;
}

/** The description side of a composite kind, whose form a received object can be. */
export interface CompositeForm<T extends CType> extends TypeForm<T> {
  /**
   * Reads the top level of `description`, an object of this kind's form.
   * @throws TypeError when it does not have exactly this form's keys or is malformed.
   */
  readDescription(description: object, name: string): PendingType;
}

/** The forms, by `type.category`. */
export interface TypeForms {
  readonly simple: TypeForm<SimpleType<unknown, unknown>>;
  readonly array: CompositeForm<ArrayType>;
  readonly struct: CompositeForm<StructType>;
}

let forms: TypeForms;

/** Makes `table` the forms that {@link formOf} answers; called once, with the kinds. */
export function registerTypeForms(table: TypeForms): void {
  forms = table;
}

/** The form of `type`. */
export function formOf<T extends CType>(type: T): TypeForm<T> {
  return forms[type.category] as unknown as TypeForm<T>;
}

/** The composite form that a description object has. */
export function formOfDescription(description: object): CompositeForm<CType> {
  // The array form is the one with an `element` key; every other object is read as a structure.
  const form = Object.hasOwn(description, 'element') ? forms.array : forms.struct;
  return form as CompositeForm<CType>;
}
