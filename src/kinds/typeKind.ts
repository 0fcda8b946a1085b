/**
 * What each kind of type (simple scalar, array, structure) provides, and the dispatch to it:
 * generic code asks `kindOf(type)` instead of testing `type.category`. Each kind lives in a
 * module of its own (`simpleKind.ts`, `arrayKind.ts`, `structKind.ts`); `kinds/index.ts`
 * registers them and defines the entry points that make objects (`createRaw`, `viewOf`,
 * `wrap`, `wrapAt`, `createSynchronized`), so no object exists before the kinds are known.
 * The array and structure kinds nest each other's values through this module, without
 * importing each other.
 */
import type { Backend } from '../backend/backend.js';
import type { AnyLock } from '../locks/locks.js';
import type { Arena } from '../memory/arena.js';
import { StorePlan } from '../objects/memoryAccess.js';
import type { Locatable } from '../objects/sharedObject.js';
import type { FieldAccessors } from '../objects/structFields.js';
import type { ArrayType, CType, FieldLayout, StructType } from '../types/compositeTypes.js';
import type { SimpleType } from '../types/simpleTypes.js';
import {
  type CompositeForm,
  registerTypeForms,
  type TypeForm,
  type TypeForms,
} from '../types/typeForms.js';
import type { SynchronizedBase } from '../wrappers/synchronizedBase.js';

/** Everything the generic code does with values of one kind of type `T`. */
export interface TypeKind<T extends CType> extends TypeForm<T> {
  /**
   * Whether values are made of parts (arrays, structures): a read gives a live view, and a
   * store replaces the whole value, zeroing what the initializer leaves out.
   */
  readonly composite: boolean;
  /** The value of `type` at byte `offset` of `arena`: a plain value, or a live view. */
  read(type: T, arena: Arena, offset: number): unknown;
  /** Stores `value` as the whole value of `type` at `offset`; a bad value writes nothing. */
  write(type: T, arena: Arena, offset: number, value: unknown, name: string): void;
  /**
   * Converts and checks `init` for a value of `type` at `offset`, adding the writes to
   * `plan`. Writes nothing itself.
   * @throws TypeError or RangeError as docs/semantics.md says, naming `name`.
   */
  planStore(type: T, init: unknown, offset: number, name: string, plan: StorePlan): void;
  /**
   * A new object of `type` in `backend`'s memory holding `init` (not `undefined`), checked
   * in full first.
   */
  create(type: T, init: unknown, name: string, backend: Backend): unknown;
  /** The raw object of `type` over `arena` at byte `offset`. */
  view(type: T, arena: Arena, offset: number): unknown;
  /** The synchronized wrapper of `raw`, a raw object of `type`, guarded by `lock`. */
  wrap(raw: Locatable, type: T, lock: AnyLock): SynchronizedBase<unknown>;
  /**
   * The wrapper of the `type` value at byte `offset` of `arena`, guarded by `lock`; for
   * kinds whose wrapper needs no raw object to exist. Other kinds get `wrap(view(…))`.
   */
  wrapAt?(type: T, arena: Arena, offset: number, lock: AnyLock): SynchronizedBase<unknown>;
  /**
   * A new object of `type` holding `init` (`undefined`: zero), checked in full first, and
   * its wrapper, guarded by `lock` or, `undefined`, by a new `RLock`; for kinds whose
   * wrapper needs no raw object to exist. Other kinds get `wrap(create(…))`.
   */
  createSynchronized?(
    type: T,
    init: unknown,
    name: string,
    backend: Backend,
    lock: AnyLock | undefined,
  ): SynchronizedBase<unknown>;
  /** The properties of a structure field `field` of this kind; `slot` numbers composite fields. */
  fieldAccessors(field: FieldLayout, slot: number): FieldAccessors;
  /** How a structure's repr shows a field's `value`. */
  show(type: T, value: unknown): string;
}

/** A kind of composite type, which a description can also stand for. */
export interface CompositeKind<T extends CType> extends TypeKind<T>, CompositeForm<T> {}

/** The kinds, by `type.category`. */
export interface Kinds extends TypeForms {
  readonly simple: TypeKind<SimpleType<unknown, unknown>>;
  readonly array: CompositeKind<ArrayType>;
  readonly struct: CompositeKind<StructType>;
}

let kinds: Kinds;

/**
 * Makes `table` the kinds that {@link kindOf} answers, and their description sides the forms
 * of `types/typeForms.ts`; called once, by `kinds/index.ts`.
 */
export function registerKinds(table: Kinds): void {
  kinds = table;
  registerTypeForms(table);
}

/** The kind of `type`. */
export function kindOf<T extends CType>(type: T): TypeKind<T> {
  return kinds[type.category] as unknown as TypeKind<T>;
}

/** The raw object of `type` over `arena` at byte `offset`. */
export function viewOf(type: CType, arena: Arena, offset: number): unknown {
  return kindOf(type).view(type, arena, offset);
}

/**
 * Converts and checks `init` for a value of `type` at `offset`, adding the writes to `plan`.
 * Writes nothing itself.
 * @throws TypeError or RangeError as docs/semantics.md says, naming `name`.
 */
export function planStore(
  type: CType,
  init: unknown,
  offset: number,
  name: string,
  plan: StorePlan,
): void {
  kindOf(type).planStore(type, init, offset, name, plan);
}

/** Replaces the whole value of `type` at `offset` by `init`: unnamed parts become zero. */
export function replaceValue(
  arena: Arena,
  type: CType,
  offset: number,
  init: unknown,
  name: string,
): void {
  const plan = new StorePlan();
  planStore(type, init, offset, name, plan);
  plan.zero(offset, type.size);
  plan.apply(arena);
}

/**
 * A new object of `type` in `backend`'s memory holding `init`, by a store plan: every value
 * checked before the memory is written.
 * @throws TypeError or RangeError as docs/semantics.md says, naming `name`.
 */
export function createByPlan(type: CType, init: unknown, name: string, backend: Backend): unknown {
  const { arena, offset } = backend.allocate(type.size);
  const plan = new StorePlan();
  planStore(type, init, offset, name, plan);
  plan.apply(arena);
  return viewOf(type, arena, offset);
}
