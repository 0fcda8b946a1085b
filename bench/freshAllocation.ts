/**
 * Run in a fresh `node --expose-gc` process by the benchmark: allocates and keeps `count`
 * objects of one kind, cold (no warm-up, as a program starts), and prints the time and the
 * JS heap bytes per object as JSON.
 */
import * as mp from '../src/index.js';

const makers: Record<string, () => unknown> = {
  RawValue: () => mp.RawValue('i'),
  Value: () => mp.Value('i'),
  SharedArrayBuffer: () => new Int32Array(new SharedArrayBuffer(4)),
};

const [kind, countText] = process.argv.slice(2);
const make = makers[kind];
const count = Number(countText);
const gc = (globalThis as { gc?: () => void }).gc;
if (make === undefined || !Number.isInteger(count) || gc === undefined) {
  throw new Error('usage: node --expose-gc freshAllocation.js RawValue|Value|SharedArrayBuffer N');
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
