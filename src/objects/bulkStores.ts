/**
 * Many elements stored at once, for array initializers and `setSlice`: every item converted
 * and checked, each read once, and nothing written to live memory unless all of them pass.
 *
 * A typed array whose elements the platform copies exactly as element stores would (a
 * `Float64Array` into `'d'`, an `Int16Array` into `'i'`, a `BigInt64Array` into `'q'`) is
 * copied with `TypedArray.prototype.set`; floats into integer elements are checked to be
 * integers first. Anything else goes through a conversion loop compiled per element type
 * (see `specialize.ts`), into the fresh memory of an initializer directly, or into a
 * scratch array that is copied over the live elements once every item has passed.
 */
import { type AnyTypedArray, type Stored, TYPED_ARRAY_OF } from '../types/conversions.js';
import type { AnySimpleType } from './memoryAccess.js';
import { directStoreTest, freshCopy } from './specialize.js';

type Writable = { [index: number]: Stored; readonly length: number };

/** The compiled loops for one element type. */
interface BulkStore {
  /**
   * Converts `items[0..count)` into `target[first..first + count)`; throws at the first bad
   * item. Contiguous only: with a stride in the index, the loop ran at two speeds, by the
   * code V8 happened to compile (1,000 doubles into a scratch array: 1.2× or 1.6–1.9× a
   * check-then-store loop, from one process to the next; this one 1.2–1.4×).
   */
  convert(
    target: Writable,
    first: number,
    items: ArrayLike<unknown>,
    count: number,
    name: string,
  ): void;
  /** Copies already converted `source[0..count)` to `target[first + k * stride]`. */
  copy(target: Writable, first: number, stride: number, source: Writable, count: number): void;
  /** The conversion buffer kept for the next store, when not in use. */
  scratch: AnyTypedArray | undefined;
}

type BulkStoreFactory = (
  storesDirectly: (value: unknown) => boolean,
  toStorage: (value: unknown, name: string, typeName: string) => Stored,
  typeName: string,
) => BulkStore;

/** The loops' source; copied per element type. It may refer only to its parameters. */
const makeBulkStore: BulkStoreFactory = function makeBulkStore(
  storesDirectly,
  toStorage,
  typeName,
) {
  return {
    convert: function convert(target, first, items, count, name) {
      for (let index = 0; index < count; index++) {
        const item = items[index];
        target[first + index] = storesDirectly(item)
          ? (item as Stored)
          : toStorage(item, `${name}[${index}]`, typeName);
      }
    },
    copy: function copy(target, first, stride, source, count) {
      for (let index = 0; index < count; index++) target[first + index * stride] = source[index];
    },
    scratch: undefined,
  };
};

function bulkCopyWorks(copy: BulkStoreFactory): boolean {
  const probe = copy(
    (value) => typeof value === 'number',
    () => 7,
    'probe',
  );
  const target = new Float64Array(4);
  probe.convert(target, 1, [1.5, 'x'], 2, 'probe');
  probe.copy(target, 0, 3, Float64Array.of(3, 4), 2);
  return target.join() === '3,1.5,7,4';
}

const bulkStores = new Map<AnySimpleType, BulkStore>();

function bulkStoreFor(type: AnySimpleType): BulkStore {
  let store = bulkStores.get(type);
  if (store === undefined) {
    const factory = freshCopy(makeBulkStore, bulkCopyWorks);
    store = factory(directStoreTest(type), type.toStorage, type.name);
    bulkStores.set(type, store);
  }
  return store;
}

type Copying = 'copy' | 'integers' | 'convert';

const INTEGER_ARRAYS = [
  Int8Array,
  Uint8Array,
  Uint8ClampedArray,
  Int16Array,
  Uint16Array,
  Int32Array,
  Uint32Array,
];

/**
 * How a typed array `source` can go into elements of `type`: copied as it is, copied once
 * its values are checked to be integers, or converted item by item.
 */
function copying(type: AnySimpleType, source: AnyTypedArray | Uint8ClampedArray): Copying {
  const integers = INTEGER_ARRAYS.some((kind) => source instanceof kind);
  const floats = source instanceof Float64Array || source instanceof Float32Array;
  switch (type.storage) {
    case 'float32':
    case 'float64':
      return integers || floats ? 'copy' : 'convert';
    case 'int64':
    case 'uint64':
      return source instanceof BigInt64Array || source instanceof BigUint64Array
        ? 'copy'
        : 'convert';
    case 'char':
      return source instanceof Uint8Array || source instanceof Uint8ClampedArray
        ? 'copy'
        : 'convert';
    case 'bool':
    case 'wchar':
      return 'convert';
    default:
      return integers ? 'copy' : floats ? 'integers' : 'convert';
  }
}

function isTypedArray(value: unknown): value is AnyTypedArray | Uint8ClampedArray {
  return ArrayBuffer.isView(value) && !(value instanceof DataView);
}

/** Throws the conversion's own error for the first item of `source` that is not an integer. */
function checkIntegers(type: AnySimpleType, source: ArrayLike<number>, name: string): void {
  for (let index = 0; index < source.length; index++) {
    if (!Number.isInteger(source[index])) {
      type.toStorage(source[index], `${name}[${index}]`, type.name);
    }
  }
}

/** Scratch arrays up to this many elements are kept for the next store of their type. */
const SCRATCH_LIMIT = 1 << 16;

/**
 * A scratch array of `type`'s storage of at least `count` elements, taken from `bulk` while
 * in use (a conversion may call back into user code, which may store again).
 */
function takeScratch(type: AnySimpleType, bulk: BulkStore, count: number): AnyTypedArray {
  const kept = bulk.scratch;
  if (kept !== undefined && kept.length >= count) {
    bulk.scratch = undefined;
    return kept;
  }
  return new TYPED_ARRAY_OF[type.storage](count);
}

function giveBack(bulk: BulkStore, scratch: AnyTypedArray): void {
  if (scratch.length <= SCRATCH_LIMIT) bulk.scratch = scratch;
}

/**
 * Converts the items and stores them at `target[first + k * stride]`, `target` being a
 * typed array of `type`'s storage. When `fresh` (memory no one else sees yet) and
 * contiguous, the items are converted in place, and zeroed again if one fails; else
 * nothing is written unless all of them convert.
 * @throws TypeError or RangeError of the conversion, naming `name[k]`.
 */
export function storeItems(
  type: AnySimpleType,
  target: AnyTypedArray,
  first: number,
  stride: number,
  items: ArrayLike<unknown>,
  name: string,
  fresh: boolean,
): void {
  const count = items.length;
  const bulk = bulkStoreFor(type);
  if (isTypedArray(items)) {
    const how = copying(type, items);
    if (how !== 'convert') {
      let source = items;
      // A check before the copy, or a strided copy, must see one state of shared memory
      // that another thread (or this very slice) could change underneath.
      const snapshot = how === 'integers' || (stride !== 1 && !fresh);
      if (snapshot && source.buffer instanceof SharedArrayBuffer) source = source.slice();
      if (how === 'integers') checkIntegers(type, source as ArrayLike<number>, name);
      if (stride === 1) target.set(source as never, first);
      else bulk.copy(target, first, stride, source, count);
      return;
    }
  }
  if (fresh && stride === 1) {
    try {
      bulk.convert(target, first, items, count, name);
    } catch (error) {
      target.fill(0 as never, first, first + count);
      throw error;
    }
    return;
  }
  // A conversion that throws leaves the scratch array to the collector: the next store
  // makes another. With a `finally` that gave it back, 1 of 12 processes ran the loop at
  // 1.65× the check-then-store loop, against at most 1.43× in 21 without.
  const scratch = takeScratch(type, bulk, count);
  bulk.convert(scratch, 0, items, count, name);
  if (stride === 1) {
    target.set((count === scratch.length ? scratch : scratch.subarray(0, count)) as never, first);
  } else {
    bulk.copy(target, first, stride, scratch, count);
  }
  giveBack(bulk, scratch);
}
