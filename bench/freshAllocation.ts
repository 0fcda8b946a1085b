/**
 * Run in a fresh `node --expose-gc` process by the benchmark: allocates and keeps `count`
 * objects of one kind, cold (no warm-up, as a program starts), and prints the time and the
 * JS heap bytes per object as JSON.
 */
import * as mp from '../src/index.js';

/**
 * The floor of a `Value('i')` of this design: its six objects (the scalar, its lock and the
 * wrapper, each with a handle record of its own) with as many fields, as plain objects over
 * one shared slab, without any library code.
 */
class Scalar {
  constructor(
    readonly record: object,
    readonly elements: Int32Array,
    readonly index: number,
  ) {}
}
class RecursiveLock {
  constructor(
    readonly record: object,
    readonly backend: object,
    readonly owner: number,
    readonly cells: Int32Array,
    readonly state: number,
  ) {}
}
class Wrapper {
  constructor(
    readonly record: object,
    readonly raw: Scalar,
    readonly lock: RecursiveLock,
  ) {}
}
const slab = new Int32Array(new SharedArrayBuffer(8192));
const memory = { context: 'thread', id: 'slab' };
const type = { kind: 'simple', code: 'i' };
let offset = 0;
function objectGraph(): Wrapper {
  offset = (offset + 16) % 8192;
  const raw = new Scalar({ version: 3, kind: 'object', memory, offset, type }, slab, offset / 4);
  const lock = new RecursiveLock(
    { version: 3, kind: 'rlock', memory, offset: offset + 8 },
    memory,
    1,
    slab,
    offset / 4 + 2,
  );
  return new Wrapper(
    { version: 3, kind: 'synchronized', object: raw.record, lock: lock.record },
    raw,
    lock,
  );
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
