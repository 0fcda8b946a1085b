/**
 * The bulk paths of initializers and `setSlice` (typed-array copies, compiled conversion
 * loops, scratch buffers) against element-by-element `set`, which converts each value on
 * its own: same results, same error classes, and a failed store writes nothing.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import * as mp from '../src/index.js';

type Outcome = { ok: unknown[] } | { error: string };

const TARGETS: Target[] = ['b', 'B', 'h', 'H', 'i', 'I', 'q', 'Q', 'f', 'd', 'c', 'u', mp.c_bool];

const NUMBER_ARRAYS = [
  Int8Array,
  Uint8Array,
  Uint8ClampedArray,
  Int16Array,
  Uint16Array,
  Int32Array,
  Uint32Array,
  Float32Array,
  Float64Array,
];
const BIGINT_ARRAYS = [BigInt64Array, BigUint64Array];

type Source = ArrayLike<unknown>;
type TypedArrayClass = { from(values: unknown[]): Source };
type Target = mp.Typecode | typeof mp.c_bool;

/** `RawArray` without the static types, for tables mixing every element type. */
const rawArray = mp.RawArray as unknown as (type: Target, init: unknown) => mp.SharedArray;

function errorOf(run: () => unknown[]): Outcome {
  try {
    return { ok: run() };
  } catch (error) {
    return { error: (error as Error).constructor.name };
  }
}

/** The stored elements after storing `values` one `set` at a time. */
function oneByOne(type: Target, values: Source): Outcome {
  return errorOf(() => {
    const target = rawArray(type, values.length);
    for (let index = 0; index < values.length; index++) target.set(index, values[index] as never);
    return Array.from(target.typed as ArrayLike<unknown>);
  });
}

function initialized(type: Target, values: Source): Outcome {
  return errorOf(() => Array.from(rawArray(type, values).typed as ArrayLike<unknown>));
}

const doubles = fc.oneof(
  fc.double(),
  fc.integer({ min: -(2 ** 33), max: 2 ** 33 }),
  fc.constantFrom(0, -0, 255, 256, -1, 0.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53),
);
const bigints = fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n });

/** A typed array of any kind with arbitrary contents. */
const typedSources = fc.oneof(
  fc
    .tuple(fc.constantFrom(...NUMBER_ARRAYS), fc.array(doubles, { maxLength: 12 }))
    .map(([kind, values]) => (kind as unknown as TypedArrayClass).from(values)),
  fc
    .tuple(fc.constantFrom(...BIGINT_ARRAYS), fc.array(bigints, { maxLength: 12 }))
    .map(([kind, values]) => (kind as unknown as TypedArrayClass).from(values)),
);

/** A plain array mixing every kind of value. */
const plainSources = fc.array(
  fc.oneof(
    doubles,
    bigints,
    fc.boolean(),
    fc.constantFrom('x', '😀', null, undefined, Uint8Array.of(65)),
  ),
  { maxLength: 12 },
);

describe('bulk stores', () => {
  it('initialize from typed arrays of every kind as element stores would', () => {
    fc.assert(
      fc.property(fc.constantFrom(...TARGETS), typedSources, (type, source) => {
        assert.deepEqual(initialized(type, source), oneByOne(type, source));
      }),
      { numRuns: 600, seed: 12 },
    );
  });

  it('initialize from plain arrays of mixed values as element stores would', () => {
    fc.assert(
      fc.property(fc.constantFrom(...TARGETS), plainSources, (type, source) => {
        assert.deepEqual(initialized(type, source), oneByOne(type, source));
      }),
      { numRuns: 600, seed: 13 },
    );
  });

  it('store slices with any step from any source, or write nothing at all', () => {
    const sources = fc.oneof(typedSources, plainSources);
    const steps = fc.constantFrom(1, 2, -1, -3);
    fc.assert(
      fc.property(fc.constantFrom(...TARGETS), sources, steps, (type, source, step) => {
        const length = Math.abs(step) * source.length + 1;
        const target = rawArray(type, length);
        const typed = target.typed as unknown as { fill(value: unknown): void };
        const wide = typed instanceof BigInt64Array || typed instanceof BigUint64Array;
        typed.fill(wide ? 1n : 1);
        const before = Array.from(target.typed as ArrayLike<unknown>);
        const start = step > 0 ? 0 : length - 1;
        const expected = oneByOne(type, source);
        try {
          target.setSlice(start, start + step * source.length, source as never, step);
        } catch (error) {
          assert.deepEqual({ error: (error as Error).constructor.name }, expected);
          assert.deepEqual(Array.from(target.typed as ArrayLike<unknown>), before, 'unchanged');
          return;
        }
        assert.ok('ok' in expected, 'the store succeeded, so must element stores');
        const written = Array.from(source, (_, index) => target.typed[start + index * step]);
        assert.deepEqual(written, expected.ok);
      }),
      { numRuns: 800, seed: 14 },
    );
  });

  it('write nothing when an item in the middle fails, from arrays and typed arrays', () => {
    const doublesArray = mp.RawArray('d', [7, 7, 7]);
    assert.throws(() => doublesArray.setSlice(0, 3, [1, 'x', 3] as never), TypeError);
    assert.throws(() => doublesArray.setSlice(0, 3, [1, 10n ** 400n, 3]), RangeError);
    assert.deepEqual(doublesArray.slice(), [7, 7, 7]);
    const ints = mp.RawArray('i', [7, 7, 7]);
    assert.throws(() => ints.setSlice(0, 3, Float64Array.of(1, Number.NaN, 3)), TypeError);
    assert.throws(() => ints.setSlice(0, 3, Float64Array.of(1, 2.5, 3)), TypeError);
    assert.deepEqual(ints.slice(), [7, 7, 7]);
    const big = mp.RawArray('q', [7n, 7n, 7n]);
    assert.throws(() => big.setSlice(0, 3, [1n, 2.5, 3n] as never), TypeError);
    assert.deepEqual(big.slice(), [7n, 7n, 7n]);
  });

  it('leave the memory of a failed initializer zeroed', () => {
    // The failed array takes the 16-byte block between two others, unless a slab ends there.
    for (let attempt = 0; attempt < 3; attempt++) {
      const before = mp.RawArray('i', 1);
      assert.throws(() => mp.RawArray('i', [1, 2, 'x'] as never), TypeError);
      const after = mp.RawArray('i', 4);
      if (after.buffer !== before.buffer) continue;
      assert.equal(after.byteOffset, before.byteOffset + 32);
      const failed = new Int32Array(after.buffer, before.byteOffset + 16, 4);
      assert.deepEqual(Array.from(failed), [0, 0, 0, 0]);
      return;
    }
    assert.fail('three small arrays never landed in one slab');
  });

  it('store bigints, booleans and wrapped integers', () => {
    assert.deepEqual(mp.RawArray('q', [1n, 2, true]).slice(), [1n, 2n, 1n]);
    assert.deepEqual(mp.RawArray('Q', BigInt64Array.of(-1n)).slice(), [2n ** 64n - 1n]);
    assert.deepEqual(mp.RawArray('i', BigInt64Array.of(2n ** 40n + 5n)).slice(), [5]);
    assert.deepEqual(mp.RawArray('B', Int8Array.of(-1)).slice(), [255]);
    assert.deepEqual(mp.RawArray('d', BigInt64Array.of(-3n)).slice(), [-3]);
    assert.deepEqual(mp.RawArray('f', Float64Array.of(0.1)).slice(), [0.10000000149011612]);
    assert.deepEqual(mp.RawArray(mp.c_bool, Uint8Array.of(2, 0)).slice(), [true, false]);
    assert.throws(() => mp.RawArray('u', Uint32Array.of(65) as never), TypeError);
  });

  it('read every item exactly once, also from proxies and getters', () => {
    let reads = 0;
    let first = true;
    const fickle = new Proxy([0, 0, 0], {
      get(target, key, receiver) {
        if (key === '1') {
          reads++;
          const value = first ? 5 : 'changed';
          first = false;
          return value;
        }
        return Reflect.get(target, key, receiver);
      },
    });
    const target = mp.RawArray('d', 3);
    target.setSlice(0, 3, fickle);
    assert.deepEqual(target.slice(), [0, 5, 0]);
    assert.equal(reads, 1);
  });

  it('survive a store made from inside the conversion of another', () => {
    const inner = mp.RawArray('d', 3);
    const reentrant = new Proxy([1, 2, 3], {
      get(target, key, receiver) {
        if (key === '1') inner.setSlice(0, 3, [10, 20, 30]);
        return Reflect.get(target, key, receiver);
      },
    });
    const outer = mp.RawArray('d', 3);
    outer.setSlice(0, 3, reentrant);
    assert.deepEqual(outer.slice(), [1, 2, 3]);
    assert.deepEqual(inner.slice(), [10, 20, 30]);
  });

  it('copy a slice over itself, shifted, as Python does', () => {
    const array = mp.RawArray('i', [0, 1, 2, 3, 4, 5]);
    array.setSlice(1, 5, array.typed.subarray(0, 4));
    assert.deepEqual(array.slice(), [0, 0, 1, 2, 3, 5]);
    array.setSlice(0, 6, array.typed.subarray(0, 3), 2);
    assert.deepEqual(array.slice(), [0, 0, 0, 2, 1, 5]);
    const floats = mp.RawArray('d', [0.5, 1, 2.5, 3]);
    const view = new Float64Array(floats.buffer, floats.byteOffset, 4);
    assert.throws(() => mp.RawArray('i', 4).setSlice(0, 4, view), TypeError);
  });
});
