/**
 * Type tests, checked by `tsc --noEmit` in `npm test`: types are inferred from definitions,
 * and wrong uses fail to compile (each `@ts-expect-error` must see an error).
 */
import * as mp from '../../src/index.js';

type Equal<A, B> =
  (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
function expectType<T extends true>(): T | undefined {
  return undefined;
}

const Point = mp.Structure({
  x: mp.c_int,
  y: mp.c_double,
  id: mp.c_longlong,
  tags: mp.arrayOf('c', 4),
});
const point = mp.RawValue(Point, { x: 1 });
expectType<Equal<typeof point.x, number>>();
expectType<Equal<typeof point.id, bigint>>();
expectType<Equal<typeof point.tags.value, Uint8Array>>();
// @ts-expect-error a c_int field holds numbers
point.x = 'one';
// @ts-expect-error no such field
point.z = 1;
// @ts-expect-error wrong initializer field type
mp.RawValue(Point, { x: 'one' });

const counter = mp.Value('i', 0);
expectType<Equal<typeof counter.value, number>>();
expectType<Equal<ReturnType<typeof counter.add>, number>>();
const big = mp.Value('q', 0n);
expectType<Equal<typeof big.value, bigint>>();
const raw = mp.Value('d', 1, { lock: false });
const rawScalar: mp.SharedScalar<number, mp.IntegerInput> = raw;
expectType<Equal<typeof rawScalar.value, number>>();
// @ts-expect-error a raw object has no lock
raw.getLock();
// @ts-expect-error c_wchar takes strings
mp.RawValue('u', 5);

const doubles = mp.RawArray('d', 3);
expectType<Equal<typeof doubles.typed, Float64Array>>();
expectType<Equal<ReturnType<typeof doubles.get>, number>>();
const longs = mp.Array('q', 3);
expectType<Equal<ReturnType<typeof longs.get>, bigint>>();
const text = mp.Array('c', 8);
expectType<Equal<typeof text.value, Uint8Array>>();
const wide = mp.RawArray('u', 'abc');
expectType<Equal<ReturnType<typeof wide.slice>, string>>();
// @ts-expect-error unknown typecode
mp.RawArray('x', 3);
// @ts-expect-error the lock option takes locks or booleans
mp.Value('i', 0, { lock: 3 });

const lock = mp.Lock();
expectType<Equal<ReturnType<typeof lock.acquire>, boolean>>();
// @ts-expect-error timeouts are numbers of seconds
lock.acquire(true, '1');

// Atomic operations exist in the types of integer objects only.
const doubleValue = mp.Value('d', 1);
doubleValue.value = 5n;
// @ts-expect-error no atomics on c_double
doubleValue.add(1);
// @ts-expect-error no atomics on c_double arrays
mp.Array('d', 2).add(0, 1);
// @ts-expect-error no atomics on raw c_float
mp.RawValue('f').load();
// @ts-expect-error no atomics on c_bool arrays
mp.RawArray(mp.c_bool, 2).exchange(0, true);
// @ts-expect-error no atomics on 'c' arrays
mp.Array('c', 2).add(0, 1);
expectType<Equal<ReturnType<typeof longs.add>, bigint>>();
expectType<Equal<ReturnType<ReturnType<typeof mp.RawValue<'B'>>['add']>, number>>();
const anyScalar: mp.SharedScalar<number> = mp.RawValue('i');
void anyScalar;

// synchronized(raw) gives the wrapper Value/Array would have made.
const wrappedDouble = mp.synchronized(mp.RawValue('d', 1));
expectType<Equal<typeof wrappedDouble.value, number>>();
wrappedDouble.value = true;
// @ts-expect-error no atomics on c_double
wrappedDouble.add(1);
const wrappedInt = mp.synchronized(mp.RawValue('i'), mp.Lock());
expectType<Equal<ReturnType<typeof wrappedInt.add>, number>>();
const wrappedLongs = mp.synchronized(mp.RawArray('q', 2));
expectType<Equal<ReturnType<typeof wrappedLongs.add>, bigint>>();
const wrappedText = mp.synchronized(mp.RawArray('c', 4));
expectType<Equal<typeof wrappedText.value, Uint8Array>>();
const wrappedPoint = mp.synchronized(mp.RawValue(Point));
expectType<Equal<typeof wrappedPoint.x, number>>();
// @ts-expect-error not a raw shared object
mp.synchronized({ value: 1 });

// withLock takes synchronous bodies only; withLockAsync awaits.
expectType<Equal<ReturnType<typeof counter.withLock<number>>, number>>();
counter.withLock(() => {
  counter.value += 1;
});
// @ts-expect-error an async body would run after the lock is released
counter.withLock(async () => 1);
// @ts-expect-error a promise is a thenable
lock.withLock(() => Promise.resolve(1));
const asyncResult: Promise<number> = counter.withLockAsync(async () => 1);
const syncBodyResult: Promise<string> = lock.withLockAsync(() => 'done');
void [asyncResult, syncBodyResult];
// @ts-expect-error block is a boolean, not an options object
lock.acquire({ timeout: 0.1 });

// Named objects: `name` in the options, the types as without it.
const processContext = mp.getContext('process');
const namedCounter = processContext.Value('i', 0, { name: 'hits' });
expectType<Equal<typeof namedCounter.value, number>>();
const namedRaw = processContext.Value('d', 0, { name: 'level', lock: false });
expectType<Equal<typeof namedRaw.value, number>>();
const namedTotal = processContext.RawValue('q', 0n, { name: 'total' });
expectType<Equal<typeof namedTotal.value, bigint>>();
const namedSlots = processContext.RawArray(Point, 4, { name: 'slots' });
expectType<Equal<typeof namedSlots.length, number>>();
const namedLock: mp.SharedLock = processContext.Lock({ name: 'jobs' });
const namedRLock: mp.SharedRLock = processContext.RLock({ name: 'jobs-r' });
const removed: boolean = processContext.unlink('hits');
void [namedLock, namedRLock, removed];
// @ts-expect-error a name is a string
processContext.RawValue('i', 0, { name: 7 });
// @ts-expect-error a lock's options need a name
processContext.Lock({});
// AbandonedLockError carries the lock.
const abandonedLock: mp.AnyLock = new mp.AbandonedLockError(mp.Lock()).lock;
void abandonedLock;
