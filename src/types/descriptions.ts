/**
 * The plain-data forms of types, as handles carry them: a simple type is its name, an array
 * type `{ element, length }`, a structure `{ name, pack, fields }`.
 */

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
