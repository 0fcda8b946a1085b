/**
 * The per-thread heap, like CPython's `multiprocessing.heap`: small blocks are carved out of
 * 256 KiB shared arenas in size classes of 16 to 4096 bytes; larger objects get an arena of
 * their own, which the platform frees when no thread references it any more.
 *
 * Reuse of a small block happens only in the thread that allocated it, after that thread's
 * garbage collector has found every object over the block unreachable
 * (`FinalizationRegistry`), and only if the block never became visible to another thread:
 * no object of its arena was cloned out (`postMessage`, `workerData`) while the block was
 * alive, and nobody asked for its `buffer` or `typed` view. A block that may be seen
 * elsewhere is never reused, so no thread can read another object's data through it.
 */
import { Arena, EXPORT_COUNTER_INDEX, newArenaId } from './arena.js';

/** Size of one heap arena. */
export const ARENA_BYTES = 256 * 1024;
const HEADER_BYTES = 16;
const SLOT_BYTES = 16;
const SIZE_CLASSES = [16, 32, 64, 128, 256, 512, 1024, 2048, 4096] as const;
const LARGEST_SMALL = SIZE_CLASSES[SIZE_CLASSES.length - 1];
/** Marks a block that must never be reused (its memory was handed out as a view). */
const PINNED = -1;

/** One heap arena and this thread's bookkeeping for it. */
interface HeapArena {
  readonly arena: Arena;
  readonly header: Int32Array;
  /** Per 16-byte slot: the arena's export count when the block there was allocated. */
  readonly epochs: Int32Array;
}

/**
 * The memory of one shared object: an arena and a byte range in it. Every object over the
 * range keeps its `Allocation`, so the block is reclaimed only once all of them are gone.
 */
export class Allocation {
  /**
   * @param arena - The arena holding the bytes.
   * @param offset - Byte offset of the block in the arena.
   * @param heapArena - The allocating heap's bookkeeping, where this thread may reuse it.
   */
  constructor(
    readonly arena: Arena,
    readonly offset: number,
    private readonly heapArena: HeapArena | undefined,
  ) {}

  /** Never reuse this block: a view of it (`buffer`, `typed`) may outlive every object. */
  pin(): void {
    if (this.heapArena !== undefined) this.heapArena.epochs[this.offset / SLOT_BYTES] = PINNED;
  }
}

function classIndexFor(size: number): number {
  let index = 0;
  while (SIZE_CLASSES[index] < size) index++;
  return index;
}

function roundUpTo8(size: number): number {
  return Math.ceil(size / 8) * 8;
}

/** This thread's heap. */
class Heap {
  readonly #arenas: HeapArena[] = [];
  #current: HeapArena | undefined;
  #top = ARENA_BYTES;
  /** Free blocks per size class, as `arenaIndex * ARENA_BYTES + offset`. */
  readonly #free: number[][] = SIZE_CLASSES.map(() => []);
  readonly #registry = new FinalizationRegistry<number>((held) => this.#reclaim(held));
  #largeBytes = 0;

  allocate(size: number): Allocation {
    if (size > LARGEST_SMALL) return this.#allocateLarge(size);
    const classIndex = classIndexFor(size);
    const free = this.#free[classIndex];
    let heapArena: HeapArena;
    let offset: number;
    let address: number;
    if (free.length > 0) {
      address = free.pop()!;
      heapArena = this.#arenas[Math.floor(address / ARENA_BYTES)];
      offset = address % ARENA_BYTES;
    } else {
      const blockSize = SIZE_CLASSES[classIndex];
      if (this.#top + blockSize > ARENA_BYTES) this.#newArena();
      heapArena = this.#current!;
      offset = this.#top;
      this.#top += blockSize;
      address = (this.#arenas.length - 1) * ARENA_BYTES + offset;
    }
    heapArena.epochs[offset / SLOT_BYTES] = heapArena.header[EXPORT_COUNTER_INDEX];
    const allocation = new Allocation(heapArena.arena, offset, heapArena);
    this.#registry.register(allocation, address * SIZE_CLASSES.length + classIndex);
    return allocation;
  }

  #allocateLarge(size: number): Allocation {
    const bytes = roundUpTo8(size);
    this.#largeBytes += bytes;
    return new Allocation(
      new Arena(new SharedArrayBuffer(bytes), newArenaId(), false),
      0,
      undefined,
    );
  }

  #newArena(): void {
    const arena = new Arena(new SharedArrayBuffer(ARENA_BYTES), newArenaId(), true);
    const heapArena: HeapArena = {
      arena,
      header: arena.header!,
      epochs: new Int32Array(ARENA_BYTES / SLOT_BYTES),
    };
    this.#arenas.push(heapArena);
    this.#current = heapArena;
    this.#top = HEADER_BYTES;
  }

  #reclaim(held: number): void {
    const classIndex = held % SIZE_CLASSES.length;
    const address = (held - classIndex) / SIZE_CLASSES.length;
    const heapArena = this.#arenas[Math.floor(address / ARENA_BYTES)];
    const offset = address % ARENA_BYTES;
    const exports = Atomics.load(heapArena.header, EXPORT_COUNTER_INDEX);
    if (heapArena.epochs[offset / SLOT_BYTES] !== exports) return;
    heapArena.arena.bytes.fill(0, offset, offset + SIZE_CLASSES[classIndex]);
    this.#free[classIndex].push(address);
  }

  statistics(): HeapStatistics {
    return {
      arenas: this.#arenas.length,
      arenaBytes: this.#arenas.length * ARENA_BYTES,
      freeBlocks: this.#free.reduce((total, list) => total + list.length, 0),
      largeBytesAllocated: this.#largeBytes,
    };
  }
}

/** Figures about this thread's heap, for tests and benchmarks. */
export interface HeapStatistics {
  /** Heap arenas created by this thread. */
  readonly arenas: number;
  /** Their total size in bytes. */
  readonly arenaBytes: number;
  /** Blocks waiting for reuse. */
  readonly freeBlocks: number;
  /** Bytes given to objects larger than 4096 bytes, each in an arena of its own. */
  readonly largeBytesAllocated: number;
}

const heap = new Heap();

/** Allocates `size` zeroed bytes of shared memory, aligned to 8, in this thread's heap. */
export function allocate(size: number): Allocation {
  return heap.allocate(size);
}

/** Figures about this thread's heap. */
export function heapStatistics(): HeapStatistics {
  return heap.statistics();
}
