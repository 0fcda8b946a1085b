/**
 * Memory of the thread context: `SharedArrayBuffer`s, which a handle carries itself (a
 * structured clone of a buffer shares its memory). Pure JavaScript, for Node.js and
 * browsers alike.
 */
import type { Backend, DecodedMemory } from '../backend/backend.js';
import { typeError } from '../errors.js';
import { checkExactKeys } from '../types/typeDescription.js';
import { Arena, type ArenaDescription } from './arena.js';

/** A memory record of the thread context, as a handle carries it. */
export interface BufferMemoryRecord extends ArenaDescription {
  /** The memory itself: structured clone shares it. */
  readonly buffer: SharedArrayBuffer;
}

const MEMORY_KEYS = ['context', 'id', 'buffer'];

type Getter<Value> = (this: unknown) => Value;
let byteLengthOf: Getter<number> | undefined;
let isGrowable: Getter<boolean> = () => false;

/**
 * The byte length of `buffer` if it is a fixed-length `SharedArrayBuffer`, read by the
 * brand-checked getter: a `byteLength` property set on the object, or a proxy, cannot
 * change it. `undefined` for anything else.
 */
function sharedByteLength(buffer: unknown): number | undefined {
  if (byteLengthOf === undefined) {
    const getter = (key: string) =>
      Reflect.getOwnPropertyDescriptor(SharedArrayBuffer.prototype, key)?.get;
    byteLengthOf = getter('byteLength') as Getter<number>;
    isGrowable = (getter('growable') as Getter<boolean> | undefined) ?? isGrowable;
  }
  let bytes: number;
  try {
    bytes = byteLengthOf.call(buffer);
  } catch {
    return undefined;
  }
  return isGrowable.call(buffer) ? undefined : bytes;
}

/**
 * The thrown `Error` where `SharedArrayBuffer` does not exist: a browser page that is not
 * cross-origin isolated.
 */
function missingSharedMemory(): Error {
  return new Error(
    'SharedArrayBuffer is not available: a browser page must be cross-origin isolated, ' +
      'served with the headers Cross-Origin-Opener-Policy: same-origin and ' +
      'Cross-Origin-Embedder-Policy: require-corp',
  );
}

let nextLocalId = 0;

/**
 * A fresh identifier for a new buffer: its creator's agent identity and a count. An
 * identifier only ever travels with its buffer (handles are told apart by the buffer
 * first), so it need not be unique across buffers; this one is unique among one agent's
 * buffers, and across agents wherever their identities are. (Node loads its Web Crypto module on the first use of `crypto`, which
 * cost a program's first allocation 2–3 ms when the identifier was a random UUID.)
 */
function newBufferId(backend: Backend): string {
  nextLocalId++;
  return `${backend.agentId}:${nextLocalId}`;
}

/**
 * An arena over `bytes` new zeroed bytes of a new `SharedArrayBuffer`.
 * @throws Error when the platform has no `SharedArrayBuffer`.
 */
export function newBufferArena(backend: Backend, bytes: number): Arena {
  const buffer = newSharedBuffer(bytes);
  return new Arena(buffer, backend, { id: newBufferId(backend), buffer });
}

/**
 * A new `SharedArrayBuffer` of `bytes` zeroed bytes.
 * @throws Error when the platform has no `SharedArrayBuffer`.
 */
export function newSharedBuffer(bytes: number): SharedArrayBuffer {
  if (typeof SharedArrayBuffer !== 'function') throw missingSharedMemory();
  return new SharedArrayBuffer(bytes);
}

/**
 * Checks a memory record `{ context, id, buffer }` of the thread context.
 * @throws TypeError for other keys, a non-string id, or a buffer that is not a
 *   fixed-length `SharedArrayBuffer` of a multiple of 8 bytes.
 */
export function decodeBufferMemory(backend: Backend, record: object, name: string): DecodedMemory {
  checkExactKeys(record, MEMORY_KEYS, name);
  const { buffer, id } = record as { readonly buffer?: unknown; readonly id?: unknown };
  if (typeof id !== 'string') throw typeError(`${name}.id`, 'a string', id);
  const byteLength = sharedByteLength(buffer);
  if (byteLength === undefined) {
    throw typeError(`${name}.buffer`, 'a SharedArrayBuffer of fixed length', buffer);
  }
  if (byteLength % 8 !== 0) {
    throw typeError(`${name}.buffer`, 'shared memory of a multiple of 8 bytes', byteLength);
  }
  const checked = buffer as SharedArrayBuffer;
  return {
    byteLength,
    key: checked,
    id,
    open: () => new Arena(checked, backend, { id, buffer: checked }),
  };
}
