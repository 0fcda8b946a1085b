/**
 * The kind of simple types (`c_int`, `c_double`, …): values read and written in place,
 * scalar objects with `.value`, and the `Value` wrappers.
 */
import type { AnyLock } from '../locks/locks.js';
import { type AnySimpleType, readSimple, writeStored } from '../objects/memoryAccess.js';
import { valueRepr } from '../objects/repr.js';
import type { Locatable } from '../objects/sharedObject.js';
import { type SharedScalar, scalarClassFor } from '../objects/sharedScalar.js';
import { simpleFieldAccessors } from '../objects/structFields.js';
import { SynchronizedIntegerValue, SynchronizedValue } from '../wrappers/synchronizedValue.js';
import type { TypeKind } from './typeKind.js';

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
    const scalar = raw as Locatable & SharedScalar;
    return type.isInteger
      ? new SynchronizedIntegerValue(scalar, lock)
      : new SynchronizedValue(scalar, lock);
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
