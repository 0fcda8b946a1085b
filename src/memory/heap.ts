/**
 * A heap of one agent for one backend. Small objects (up to 1 KiB) are bump-allocated,
 * 16-byte aligned, in 8 KiB slabs, so that a `Value('i')` with its lock takes one
 * 16-byte block instead of two regions; larger objects get a region of their own. The backend makes the
 * regions (zeroed), and gives memory back when no object in a region can be reached any
 * more; so one long-lived object keeps its whole 8 KiB slab alive, and objects allocated
 * together usually die together.
 */
import type { Arena } from './arena.js';

/** Size of one slab. */
export const SLAB_BYTES = 8 * 1024;
/** Objects larger than this get a region of their own. */
export const LARGEST_SLAB_OBJECT = 1024;
const BLOCK_ALIGNMENT = 16;

/**
 * The memory of one shared object: an arena and a byte offset in it. Objects over the same
 * memory keep the arena, and so the memory, alive.
 */
export class Allocation {
  /**
   * @param arena - The arena holding the bytes.
   * @param offset - Byte offset of the block in the arena.
   */
  constructor(
    readonly arena: Arena,
    readonly offset: number,
  ) {}
}

/** Figures about a heap, for tests and benchmarks. */
export interface HeapStatistics {
  /** Slabs this heap has created. */
  readonly slabs: number;
  /** Bytes handed out to objects (slab blocks and own regions), rounded to 16. */
  readonly bytesAllocated: number;
  /** Objects given a region of their own (larger than 1 KiB). */
  readonly largeObjects: number;
}

/** Slabs and large regions of one agent, made by `newRegion`. */
export class SlabHeap {
  #slab: Arena | undefined;
  #top = SLAB_BYTES;
  #slabs = 0;
  #bytesAllocated = 0;
  #largeObjects = 0;

  /** @param newRegion - Makes an arena over `bytes` new zeroed bytes (a multiple of 16). */
  constructor(private readonly newRegion: (bytes: number) => Arena) {}

  /** Allocates `size` zeroed bytes, aligned to 16. */
  allocate(size: number): Allocation {
    const blockSize = Math.max(
      BLOCK_ALIGNMENT,
      Math.ceil(size / BLOCK_ALIGNMENT) * BLOCK_ALIGNMENT,
    );
    this.#bytesAllocated += blockSize;
    if (blockSize > LARGEST_SLAB_OBJECT) {
      this.#largeObjects++;
      return new Allocation(this.newRegion(blockSize), 0);
    }
    if (this.#top + blockSize > SLAB_BYTES) {
      this.#slab = this.newRegion(SLAB_BYTES);
      this.#slabs++;
      this.#top = 0;
    }
    const offset = this.#top;
    this.#top += blockSize;
    return new Allocation(this.#slab!, offset);
  }

  /** Figures about this heap. */
  statistics(): HeapStatistics {
    return {
      slabs: this.#slabs,
      bytesAllocated: this.#bytesAllocated,
      largeObjects: this.#largeObjects,
    };
  }
}
