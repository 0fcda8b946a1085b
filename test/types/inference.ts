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
