/**
 * The per-thread heap. Small objects (up to 1 KiB) are bump-allocated, 16-byte aligned, in
 * 8 KiB shared slabs, so that a `Value('i')` with its lock takes 32 bytes instead of two
 * `SharedArrayBuffer`s; larger objects get a buffer of their own.
 *
 * Memory is given back by the platform, not by this module: a slab is a
 * `SharedArrayBuffer`, and V8 frees it once no object in it is reachable from any thread
 * (main or worker) and no message carrying it is in flight. So memory can never be reused
 * while another thread may still see it, and churning through short-lived objects keeps
 * memory bounded. The price of this simplicity: one long-lived object keeps its whole
 * 8 KiB slab alive; objects allocated together usually die together.
 */
import { Arena, newArenaId } from './arena.js';

/** Size of one slab. */
export const SLAB_BYTES = 8 * 1024;
/** Objects larger than this get a buffer of their own. */
export const LARGEST_SLAB_OBJECT = 1024;
const BLOCK_ALIGNMENT = 16;

/**
 * The memory of one shared object: an arena and a byte offset in it. Objects over the same
 * memory keep the arena, and so the buffer, alive.
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

/** Figures about this thread's heap, for tests and benchmarks. */
export interface HeapStatistics {
  /** Slabs this thread has created. */
  readonly slabs: number;
  /** Bytes handed out to objects (slab blocks and own buffers), rounded to 16. */
  readonly bytesAllocated: number;
  /** Objects given a buffer of their own (larger than 1 KiB). */
  readonly largeObjects: number;
}

let slab: Arena | undefined;
let top = SLAB_BYTES;
let slabs = 0;
let bytesAllocated = 0;
let largeObjects = 0;

/** Allocates `size` zeroed bytes of shared memory, aligned to 16, in this thread's heap. */
export function allocate(size: number): Allocation {
  const blockSize = Math.max(BLOCK_ALIGNMENT, Math.ceil(size / BLOCK_ALIGNMENT) * BLOCK_ALIGNMENT);
  bytesAllocated += blockSize;
  if (blockSize > LARGEST_SLAB_OBJECT) {
    largeObjects++;
    return new Allocation(new Arena(new SharedArrayBuffer(blockSize), newArenaId()), 0);
  }
  if (top + blockSize > SLAB_BYTES) {
    slab = new Arena(new SharedArrayBuffer(SLAB_BYTES), newArenaId());
    slabs++;
    top = 0;
  }
  const offset = top;
  top += blockSize;
  return new Allocation(slab!, offset);
}

/** Figures about this thread's heap. */
export function heapStatistics(): HeapStatistics {
  return { slabs, bytesAllocated, largeObjects };
}
