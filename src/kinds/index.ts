/**
 * The kinds of types, registered, and the entry points that make objects of any type:
 * `createRaw`, `viewOf`, `wrap`, `wrapAt` and `createSynchronized` dispatch to the kind of
 * the type (see `typeKind.ts`).
 */
import type { Backend } from '../backend/backend.js';
import { currentBackend } from '../backend/registry.js';
import { type AnyLock, rlockIn } from '../locks/locks.js';
import type { Arena } from '../memory/arena.js';
import { LOCATE, type Locatable } from '../objects/sharedObject.js';
import type { CType } from '../types/compositeTypes.js';
import type { SynchronizedBase } from '../wrappers/synchronizedBase.js';
import { arrayKind } from './arrayKind.js';
import { simpleKind } from './simpleKind.js';
import { structKind } from './structKind.js';
import { type Kinds, registerKinds, type TypeKind } from './typeKind.js';

/** The kinds by `type.category`, for the entry points below and, registered, for `kindOf`. */
const KINDS: Kinds = { simple: simpleKind, array: arrayKind, struct: structKind };

registerKinds(KINDS);

/** The kind of `type`, from {@link KINDS}. */
function kindIn<T extends CType>(type: T): TypeKind<T> {
  return KINDS[type.category] as unknown as TypeKind<T>;
}

/**
 * Allocates a `type` value in `backend`'s memory, writes `init` (checked in full: a bad one
 * leaves no trace) and returns its object.
 */
export function createRaw(
  type: CType,
  init: unknown,
  name: string,
  backend: Backend = currentBackend(),
): unknown {
  const kind = kindIn(type);
  if (init !== undefined) return kind.create(type, init, name, backend);
  const { arena, offset } = backend.allocate(type.size);
  return kind.view(type, arena, offset);
}

/**
 * A new `type` value holding `init` (checked in full: a bad one leaves no trace) and its
 * wrapper, guarded by `lock`, or by a new `RLock` in `backend`'s memory when `undefined`.
 */
export function createSynchronized(
  type: CType,
  init: unknown,
  name: string,
  backend: Backend,
  lock: AnyLock | undefined,
): SynchronizedBase<unknown> {
  const kind = kindIn(type);
  if (kind.createSynchronized !== undefined) {
    return kind.createSynchronized(type, init, name, backend, lock);
  }
  const guard = lock ?? rlockIn(backend);
  return kind.wrap(createRaw(type, init, name, backend) as Locatable, type, guard);
}

/** The wrapper of the `type` value at byte `offset` of `arena`, guarded by `lock`. */
export function wrapAt(
  type: CType,
  arena: Arena,
  offset: number,
  lock: AnyLock,
): SynchronizedBase<unknown> {
  const kind = kindIn(type);
  if (kind.wrapAt !== undefined) return kind.wrapAt(type, arena, offset, lock);
  return kind.wrap(kind.view(type, arena, offset) as Locatable, type, lock);
}

/** The raw object of `type` over `arena` at byte `offset`. */
export function viewOf(type: CType, arena: Arena, offset: number): unknown {
  return kindIn(type).view(type, arena, offset);
}

/** The wrapper of `raw` with `lock`; `type` is `raw`'s type, when the caller knows it. */
export function wrap(
  raw: Locatable,
  lock: AnyLock,
  type: CType = raw[LOCATE]().type,
): SynchronizedBase<unknown> {
  return kindIn(type).wrap(raw, type, lock);
}
