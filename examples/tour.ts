/** A tour of the API, shown in parts in the README. Every line runs in the test suite. */
import * as mp from 'sharedctypes';

// Scalars: conversions as in ctypes, wrapping integers, bigint for 64-bit types.
const small = mp.RawValue('B', 256); // c_ubyte wraps: 0
const big = mp.Value('q', 2n ** 63n); // c_longlong wraps: -9223372036854775808n
const ratio = mp.Value(mp.c_float, 0.1); // rounded to binary32: 0.10000000149011612
console.log(small.value, big.value, ratio.value);

// Structures: field types are inferred, nested fields are live views.
const Point = mp.Structure(
  { x: mp.c_int, y: mp.c_double, tag: mp.arrayOf('c', 8) },
  { name: 'Point' },
);
const point = mp.Value(Point, { x: 1, y: 2.5 });
point.withLock(() => {
  point.x += 10; // number
  point.tag.value = new TextEncoder().encode('origin');
});
console.log(String(point)); // <SynchronizedPoint wrapper for Point(x=11, y=2.5, tag=c_char_Array_8)>

// Arrays: Python indexing and slicing, iteration, and a zero-copy typed view.
const values = mp.Array('d', [1, 2, 3, 4, 5]);
values[-1] = 50; // same as values.set(-1, 50)
console.log(values.slice(null, null, -2)); // [ 50, 3, 1 ]
values.setSlice(0, 2, [10, 20]);
console.log([...values], values.getObj().typed); // the same memory as a Float64Array

// Locks: Python's acquire(block, timeout) with seconds, scope guards, async acquire.
const lock = mp.Lock();
if (lock.acquire(true, 0.5)) lock.release();
{
  using _guard = lock.hold(); // released at the end of the block, also on throw
}
await lock.acquireAsync(1);
lock.release();

// Atomics without the lock, named like Atomics, on integer scalars and arrays.
const hits = mp.Value('i', 0);
hits.add(5);
const counts = mp.Array('I', 4);
counts.add(2, 1);
console.log(hits.value, counts.slice()); // 5 [ 0, 0, 1, 0 ]

// Errors: the built-in classes, with messages that say what was expected.
try {
  mp.RawValue('i', 1.5);
} catch (error) {
  console.log(error instanceof TypeError, (error as Error).message);
}
