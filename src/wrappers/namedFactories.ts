/**
 * The named objects of a context (`{ name }` in the options of `Value`, `Array`,
 * `RawValue`, `RawArray`, `Lock` and `RLock`): created by the first process to ask, with
 * its initial value, and opened as they are by every other one.
 */
import type { Backend } from '../backend/backend.js';
import { createRaw, viewOf, wrap } from '../kinds/index.js';
import { SharedRLock } from '../locks/locks.js';
import { Allocation } from '../memory/heap.js';
import { createOrOpen } from '../memory/namedObjects.js';
import { LOCK_ALIGNMENT, LOCK_BYTES } from '../sharing/handleCodec.js';
import type { CType } from '../types/compositeTypes.js';
import { describeType } from '../types/typeDescription.js';

/** The `name` of an options object, or `undefined` when it has none. */
export function nameOption(options: unknown): unknown {
  if (options === undefined || options === null || typeof options !== 'object') return undefined;
  return (options as { name?: unknown }).name;
}

/** `backend`, allocating the one block at `offset` of `arena` (for an initial value). */
function placedAt(backend: Backend, arena: Allocation['arena'], offset: number): Backend {
  return Object.create(backend, {
    allocate: { value: () => new Allocation(arena, offset) },
  }) as Backend;
}

/**
 * The named object `name` of `type`: a raw object, or with `synchronized` a wrapper with
 * its own `RLock` in the same memory.
 * @throws TypeError for a bad name, a context without named objects, or an object of
 *   another type (or lock) under that name.
 */
export function namedObject(
  backend: Backend,
  type: CType,
  init: unknown,
  initName: string,
  synchronized: boolean,
  name: unknown,
): unknown {
  const lockOffset = Math.ceil(type.size / LOCK_ALIGNMENT) * LOCK_ALIGNMENT;
  const signature = {
    label: synchronized ? `${type.name} with an RLock` : type.name,
    exact: JSON.stringify({ type: describeType(type), lock: synchronized ? 'rlock' : null }),
  };
  const bytes = synchronized ? lockOffset + LOCK_BYTES : type.size;
  const place = createOrOpen(backend, name, signature, bytes, (arena, offset) => {
    if (init !== undefined) createRaw(type, init, initName, placedAt(backend, arena, offset));
  });
  const raw = viewOf(type, place.arena, place.offset);
  if (!synchronized) return raw;
  const lock = new SharedRLock(new Allocation(place.arena, place.offset + lockOffset));
  return wrap(raw as Parameters<typeof wrap>[0], lock, type);
}
