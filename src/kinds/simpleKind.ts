/**
 * The kind of simple types (`c_int`, `c_double`, …): values read and written in place,
 * scalar objects with `.value`, and the `Value` wrappers.
 */
import type { AnyLock } from '../locks/locks.js';
import { arenaOf } from '../memory/arena.js';
import { Allocation } from '../memory/heap.js';
import { type AnySimpleType, readSimple, writeStored } from '../objects/memoryAccess.js';
import { valueRepr } from '../objects/repr.js';
import type { Locatable } from '../objects/sharedObject.js';
import { type SharedScalar, scalarClassFor } from '../objects/sharedScalar.js';
import { simpleFieldAccessors } from '../objects/structFields.js';
import { LOCK_BYTES, type ObjectRecord } from '../sharing/handleCodec.js';
import { synchronizedValueClassFor } from '../wrappers/synchronizedValue.js';
import type { TypeKind } from './typeKind.js';

/** The block a `Value` of up to 8 bytes takes with its lock: the value, then the lock's cells. */
const SHARED_BLOCK_BYTES = 16;

/** Simple scalars: a value is its converted bits, at the type's natural alignment or not. */
export const simpleKind: TypeKind<AnySimpleType> = {
  composite: false,

  read(type, arena, offset) {
    return readSimple(arena, type, offset);
  },

  write(type, arena, offset, value, name) {
    writeStored(arena, type, offset, type.toStorage(value, name, type.name));
  },

  planStore(type, init, offset, name, plan) {
    plan.add(type, offset, type.toStorage(init, name, type.name));
  },

  create(type, init, name, backend) {
    const stored = type.toStorage(init, name, type.name);
    const { arena, offset } = backend.allocate(type.size);
    writeStored(arena, type, offset, stored);
    return new (scalarClassFor(type))(type, arena, offset);
  },

  view(type, arena, offset) {
    return new (scalarClassFor(type))(type, arena, offset);
  },

  wrap(raw, type, lock: AnyLock) {
    const scalar = raw as Locatable & SharedScalar & { readonly __sharedctypes__: ObjectRecord };
    const { memory, offset } = scalar.__sharedctypes__;
    return new (synchronizedValueClassFor(type))(arenaOf(memory), offset, lock, scalar);
  },

  wrapAt(type, arena, offset, lock) {
    return new (synchronizedValueClassFor(type))(arena, offset, lock);
  },

  // A value of up to 8 bytes and its new lock share one 16-byte block: one allocation.
  createSynchronized(type, init, name, backend, lock) {
    const stored = init === undefined ? undefined : type.toStorage(init, name, type.name);
    const shared = lock === undefined && type.size <= SHARED_BLOCK_BYTES - LOCK_BYTES;
    const block = backend.allocate(shared ? SHARED_BLOCK_BYTES : type.size);
    const { arena, offset } = block;
    if (stored !== undefined) writeStored(arena, type, offset, stored);
    let guard: AnyLock | Allocation;
    if (shared) guard = new Allocation(arena, offset + SHARED_BLOCK_BYTES - LOCK_BYTES);
    else guard = lock ?? backend.allocate(LOCK_BYTES);
    return new (synchronizedValueClassFor(type))(arena, offset, guard);
  },

  fieldAccessors: (field) => simpleFieldAccessors(field),

  show: valueRepr,

  describe(type) {
    return type.name;
  },

  cacheKey(type) {
    return type.name;
  },
};
