/**
 * An arena is one `SharedArrayBuffer` holding the memory of one or many shared objects, with
 * typed-array views over all of it that those objects share. Each thread has its own
 * `Arena` object for a buffer; the buffer itself, and so the memory, lives as long as any
 * thread still references it (V8 counts the references to a shared backing store). The
 * backend that made or opened the memory tells how to wait on it and who owns its locks.
 */
import type { Backend } from '../backend/backend.js';
import type { StorageKind } from '../types/conversions.js';
import { type TypedArrayByKind, typedArrayOver } from '../types/conversions.js';

/**
 * What travels in a handle to find the memory again: the backend's name, an identifier
 * that is the same in every agent, and what else the backend needs (plain data only).
 */
export interface ArenaDescription {
  /** The name of the backend (context) whose memory this is. */
  readonly context: string;
  /** Identifies the memory in every agent. */
  readonly id: string;
}

/** The key under which an arena's own description refers back to it. */
const OWNER: unique symbol = Symbol('sharedctypes.arena');

/** One shared buffer and this thread's views over it. */
export class Arena {
  /** All bytes of the buffer; also the view for `uint8`, `bool` and `char`. */
  readonly bytes: Uint8Array;
  /** For reads and writes at offsets that are not aligned to the element size. */
  readonly dataView: DataView;
  /** What a handle carries to find this memory again. */
  readonly description: ArenaDescription;
  /** @internal The views over the whole buffer by element type, made on first use by `view`. */
  int8: Int8Array | undefined = undefined;
  /** @internal */
  int16: Int16Array | undefined = undefined;
  /** @internal */
  uint16: Uint16Array | undefined = undefined;
  /** @internal */
  int32: Int32Array | undefined = undefined;
  /** @internal Also the view for `wchar`. */
  uint32: Uint32Array | undefined = undefined;
  /** @internal */
  int64: BigInt64Array | undefined = undefined;
  /** @internal */
  uint64: BigUint64Array | undefined = undefined;
  /** @internal */
  float32: Float32Array | undefined = undefined;
  /** @internal */
  float64: Float64Array | undefined = undefined;

  /** Identifier shared by every agent's `Arena` over this memory. */
  readonly id: string;

  /**
   * @param buffer - The memory; its byte length must be a multiple of 8.
   * @param backend - The backend whose memory it is.
   * @param record - What a handle carries besides the backend's name: an `id` shared by
   *   every agent's `Arena` over this memory, and the backend's own fields.
   */
  constructor(
    readonly buffer: SharedArrayBuffer,
    readonly backend: Backend,
    record: { readonly id: string; readonly [field: string]: unknown },
  ) {
    this.bytes = new Uint8Array(buffer);
    this.dataView = new DataView(buffer);
    this.id = record.id;
    const description = { context: backend.name, ...record };
    // Not cloned with the description (symbol keys never are), not shown by inspect.
    Object.defineProperty(description, OWNER, { value: this });
    this.description = Object.freeze(description);
  }

  /** A typed array of `kind` over the whole buffer, made once per arena and kind. */
  view<K extends StorageKind>(kind: K): TypedArrayByKind[K] {
    const key = VIEW_KEYS[kind];
    if (key === 'bytes') return this.bytes as TypedArrayByKind[K];
    return (this[key] ?? this.#makeView(kind, key)) as TypedArrayByKind[K];
  }

  #makeView(kind: StorageKind, key: Exclude<ViewKey, 'bytes'>): TypedArrayByKind[StorageKind] {
    const view = typedArrayOver(kind, this.buffer);
    (this as Record<typeof key, unknown>)[key] = view;
    return view;
  }
}

/** The property of `Arena` that caches the view of each storage kind. */
export const VIEW_KEYS = {
  int8: 'int8',
  uint8: 'bytes',
  bool: 'bytes',
  char: 'bytes',
  int16: 'int16',
  uint16: 'uint16',
  int32: 'int32',
  uint32: 'uint32',
  wchar: 'uint32',
  int64: 'int64',
  uint64: 'uint64',
  float32: 'float32',
  float64: 'float64',
} as const satisfies Record<StorageKind, keyof Arena>;

/** The name of the `Arena` property holding a view. */
export type ViewKey = (typeof VIEW_KEYS)[StorageKind];

/**
 * The arena of this thread that `description` belongs to: every handle record made in this
 * thread holds its arena's own description.
 */
export function arenaOf(description: ArenaDescription): Arena {
  return (description as ArenaDescription & { [OWNER]: Arena })[OWNER];
}
