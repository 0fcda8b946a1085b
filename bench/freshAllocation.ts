/**
 * Run in a fresh `node --expose-gc` process by the benchmark: allocates and keeps `count`
 * objects of one kind, cold (no warm-up, as a program starts), and prints the time and the
 * JS heap bytes per object as JSON.
 */
import * as mp from '../src/index.js';

/**
 * The floor of a `Value('i')` of this design: its two objects (the wrapper with as many
 * slots, and its flat handle record) as plain objects over one shared slab, without any
 * library code.
 */
const ELEMENTS = Symbol('elements');
const INDEX = Symbol('index');
class Wrapper {
  readonly [ELEMENTS]: Int32Array;
  readonly [INDEX]: number;
  readonly #raw: object | undefined = undefined;
  readonly #lock: object | undefined = undefined;
  readonly #cells: Int32Array;
  readonly #state: number;
  readonly #ownedState: number;
  constructor(
    readonly __sharedctypes__: object,
    elements: Int32Array,
    index: number,
    state: number,
  ) {
    this[ELEMENTS] = elements;
    this[INDEX] = index;
    this.#cells = elements;
    this.#state = state;
    this.#ownedState = 1;
    Object.preventExtensions(this);
  }

  /** Keeps the slots read, as the library's accessors read them. */
  held(): boolean {
    return this.#raw === this.#lock && this.#cells[this.#state] === this.#ownedState;
  }
}
const slab = new Int32Array(new SharedArrayBuffer(8192));
const memory = { context: 'thread', id: 'slab' };
let offset = 0;
function objectGraph(): Wrapper {
  offset = (offset + 16) % 8192;
  const record = {
    version: 4,
    kind: 'synchronized',
    memory,
    offset,
    type: 'c_int',
    lockKind: 'rlock',
    lockMemory: memory,
    lockOffset: offset + 8,
  };
  return new Wrapper(record, slab, offset / 4, offset / 4 + 2);
}

const makers: Record<string, () => unknown> = {
  RawValue: () => mp.RawValue('i'),
  Value: () => mp.Value('i'),
  SharedArrayBuffer: () => new Int32Array(new SharedArrayBuffer(4)),
  ObjectGraph: objectGraph,
};

const [kind, countText] = process.argv.slice(2);
const make = makers[kind];
const count = Number(countText);
const gc = (globalThis as { gc?: () => void }).gc;
if (make === undefined || !Number.isInteger(count) || gc === undefined) {
  throw new Error(
    'usage: node --expose-gc freshAllocation.js RawValue|Value|SharedArrayBuffer|ObjectGraph N',
  );
}
const kept: unknown[] = new Array(count).fill(null);
gc();
const heapBefore = process.memoryUsage().heapUsed;
const start = performance.now();
for (let index = 0; index < count; index++) kept[index] = make();
const elapsed = performance.now() - start;
gc();
const heapBytes = process.memoryUsage().heapUsed - heapBefore;
console.log(
  JSON.stringify({
    nsPerObject: (elapsed * 1e6) / count,
    heapBytesPerObject: heapBytes / count,
    kept: kept.length,
  }),
);
