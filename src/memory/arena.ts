/**
 * An arena is one `SharedArrayBuffer` that holds the memory of one or many shared objects,
 * with typed-array views over all of it that those objects share.
 *
 * Every object records its arena's `exportToken`. Structured clone (`postMessage`,
 * `workerData`) copies that token and, because the token's one property is a getter, calls
 * it: the one moment the library can learn that memory is leaving the thread. The getter
 * bumps a counter in the arena's header, which the heap reads before it reuses a block.
 */
import type { StorageKind } from '../types/conversions.js';
import { type TYPED_ARRAY_OF, typedArrayOver } from '../types/conversions.js';

/** What an arena's export token turns into when cloned: enough to find the memory again. */
export interface ArenaDescription {
  /** The memory itself. */
  readonly buffer: SharedArrayBuffer;
  /** A random identifier, the same in every thread. */
  readonly id: string;
  /** Whether the first 4 bytes count exports (heap arenas) or not (one-object arenas). */
  readonly countsExports: boolean;
}

/** Byte offset of the export counter in a heap arena. */
export const EXPORT_COUNTER_INDEX = 0;

type TypedArrayOf<K extends StorageKind> = InstanceType<(typeof TYPED_ARRAY_OF)[K]>;

/**
 * One shared buffer and the views over it. Arenas that hold many objects count their
 * exports in an `Int32` at offset 0.
 */
export class Arena {
  /** Plain-object token: its enumerable getter runs when structured clone copies it. */
  readonly exportToken: object;
  /** All bytes of the buffer. */
  readonly bytes: Uint8Array;
  /** For reads and writes at offsets that are not aligned to the element size. */
  readonly dataView: DataView;
  /** The export counter (heap arenas only). */
  readonly header: Int32Array | undefined;
  readonly #views = new Map<StorageKind, TypedArrayOf<StorageKind>>();

  /**
   * @param buffer - The memory; its byte length must be a multiple of 8.
   * @param id - Identifier shared by every thread's `Arena` over this buffer.
   * @param countsExports - Whether bytes 0..3 hold the export counter.
   */
  constructor(
    readonly buffer: SharedArrayBuffer,
    readonly id: string,
    readonly countsExports: boolean,
  ) {
    this.bytes = new Uint8Array(buffer);
    this.dataView = new DataView(buffer);
    this.header = countsExports ? new Int32Array(buffer, 0, 1) : undefined;
    const header = this.header;
    const description: ArenaDescription = { buffer, id, countsExports };
    const token = {};
    Object.defineProperty(token, 'arena', {
      enumerable: true,
      get(): ArenaDescription {
        if (header !== undefined) Atomics.add(header, EXPORT_COUNTER_INDEX, 1);
        return description;
      },
    });
    this.exportToken = token;
  }

  /** A typed array of `kind` over the whole buffer, made once per arena and kind. */
  view<K extends StorageKind>(kind: K): TypedArrayOf<K> {
    let view = this.#views.get(kind);
    if (view === undefined) {
      view = typedArrayOver(kind, this.buffer);
      this.#views.set(kind, view);
    }
    return view as TypedArrayOf<K>;
  }

  /** How many times objects of this arena have been cloned out of a thread. */
  exportCount(): number {
    return this.header === undefined ? 0 : Atomics.load(this.header, EXPORT_COUNTER_INDEX);
  }
}

/** A fresh random identifier for a new arena. */
export function newArenaId(): string {
  return crypto.randomUUID();
}

const attachedArenas = new Map<string, WeakRef<Arena>>();
const forgetArena = new FinalizationRegistry<string>((id) => {
  if (attachedArenas.get(id)?.deref() === undefined) attachedArenas.delete(id);
});

/**
 * The `Arena` of this thread for a cloned arena description: the same object for the same
 * buffer while it lives, so that objects attached from one arena share their views.
 */
export function arenaFromDescription(description: ArenaDescription): Arena {
  const known = attachedArenas.get(description.id)?.deref();
  if (known !== undefined) return known;
  const arena = new Arena(description.buffer, description.id, description.countsExports);
  attachedArenas.set(description.id, new WeakRef(arena));
  forgetArena.register(arena, description.id);
  return arena;
}
