/**
 * An arena is one `SharedArrayBuffer` holding the memory of one or many shared objects, with
 * typed-array views over all of it that those objects share. Each thread has its own
 * `Arena` object for a buffer; the buffer itself, and so the memory, lives as long as any
 * thread still references it (V8 counts the references to a shared backing store).
 */
import type { StorageKind } from '../types/conversions.js';
import { type TypedArrayByKind, typedArrayOver } from '../types/conversions.js';

/**
 * What travels in a handle: the memory itself and an identifier that is the same in every thread.
 */
export interface ArenaDescription {
  /** The shared memory. */
  readonly buffer: SharedArrayBuffer;
  /** Identifies the buffer in every thread. */
  readonly id: string;
}

/** One shared buffer and this thread's views over it. */
export class Arena {
  /** All bytes of the buffer. */
  readonly bytes: Uint8Array;
  /** For reads and writes at offsets that are not aligned to the element size. */
  readonly dataView: DataView;
  /** What a handle carries to find this memory again. */
  readonly description: ArenaDescription;
  readonly #views = new Map<StorageKind, TypedArrayByKind[StorageKind]>();

  /**
   * @param buffer - The memory; its byte length must be a multiple of 8.
   * @param id - Identifier shared by every thread's `Arena` over this buffer.
   */
  constructor(
    readonly buffer: SharedArrayBuffer,
    readonly id: string,
  ) {
    this.bytes = new Uint8Array(buffer);
    this.dataView = new DataView(buffer);
    this.description = Object.freeze({ buffer, id });
  }

  /** A typed array of `kind` over the whole buffer, made once per arena and kind. */
  view<K extends StorageKind>(kind: K): TypedArrayByKind[K] {
    let view = this.#views.get(kind);
    if (view === undefined) {
      view = typedArrayOver(kind, this.buffer);
      this.#views.set(kind, view);
    }
    return view as TypedArrayByKind[K];
  }
}

let nextLocalId = 0;
const threadPrefix = crypto.randomUUID();

/** A fresh identifier for a new arena, unique across threads. */
export function newArenaId(): string {
  nextLocalId++;
  return `${threadPrefix}:${nextLocalId}`;
}
