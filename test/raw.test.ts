/** Types, conversions, raw objects and their bad input. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as mp from '../src/index.js';

describe('types', () => {
  it('have the LP64 sizes and alignments, by descriptor, typecode and object', () => {
    const expected: [mp.Typecode, number][] = [
      ['c', 1],
      ['u', 4],
      ['b', 1],
      ['B', 1],
      ['h', 2],
      ['H', 2],
      ['i', 4],
      ['I', 4],
      ['l', 8],
      ['L', 8],
      ['q', 8],
      ['Q', 8],
      ['f', 4],
      ['d', 8],
    ];
    for (const [code, size] of expected) {
      assert.equal(mp.sizeof(code), size, code);
      assert.equal(mp.alignment(code), size, code);
      assert.equal(mp.sizeof(mp.RawValue(code)), size, code);
    }
    assert.equal(mp.sizeof(mp.c_bool), 1);
    assert.equal(mp.c_int64, mp.c_long);
    assert.equal(mp.c_size_t, mp.c_ulong);
    assert.equal(mp.sizeof(mp.arrayOf('i', 3)), 12);
    assert.equal(mp.sizeof(mp.Array('d', 5)), 40);
    assert.equal(mp.arrayOf(mp.arrayOf('i', 3), 2).name, 'c_int_Array_3_Array_2');
  });

  it('reject unknown typecodes and non-types with TypeError', () => {
    for (const bad of ['?', 'e', 'g', 'x', '', 'ii', 5, null, undefined, {}, Symbol('i')]) {
      assert.throws(() => mp.RawValue(bad as never), TypeError);
      assert.throws(() => mp.sizeof(bad as never), TypeError);
    }
  });

  it('reject bad field names and options when a structure is defined', () => {
    for (const name of [
      'value',
      'getLock',
      'getObj',
      'acquire',
      'release',
      'hold',
      'withLock',
      'toString',
      '1x',
      'a-b',
      '',
      'constructor',
    ]) {
      assert.throws(() => mp.Structure({ [name]: mp.c_int }), TypeError, name);
    }
    assert.throws(() => mp.Structure({ x: 'z' as never }), TypeError);
    assert.throws(() => mp.Structure({ x: mp.c_int }, { pack: -1 }), RangeError);
    assert.throws(() => mp.Structure({ x: mp.c_int }, { pack: 1.5 }), RangeError);
    assert.throws(() => mp.Structure({ x: mp.c_int }, { pack: '1' as never }), TypeError);
  });
});

describe('stores', () => {
  it('wrap integers and round floats as the conversion rules say', () => {
    assert.equal(mp.RawValue('B', 256).value, 0);
    assert.equal(mp.RawValue('i', 2 ** 31).value, -2147483648);
    assert.equal(mp.RawValue('Q', -1).value, 2n ** 64n - 1n);
    assert.equal(mp.RawValue('f', 0.1).value, 0.10000000149011612);
    assert.equal(mp.RawValue('f', 1e39).value, Number.POSITIVE_INFINITY);
    assert.equal(mp.RawValue(mp.c_bool, 'x').value, true);
    assert.equal(mp.RawValue('i', true).value, 1);
    assert.deepEqual(mp.RawValue('c', 65).value, Uint8Array.of(65));
    assert.equal(mp.RawValue('u', '😀').value, '😀');
  });

  it('reject bad values with the documented class and write nothing', () => {
    const cases: [mp.Typecode, unknown, ErrorConstructor][] = [
      ['i', 1.5, TypeError],
      ['i', Number.NaN, TypeError],
      ['i', '1', TypeError],
      ['i', null, TypeError],
      ['i', {}, TypeError],
      ['q', 1.5, TypeError],
      ['d', '1', TypeError],
      ['d', 10n ** 400n, RangeError],
      ['c', 256, TypeError],
      ['c', Uint8Array.of(1, 2), TypeError],
      ['c', 'a', TypeError],
      ['u', 'ab', TypeError],
      ['u', '', TypeError],
    ];
    for (const [code, value, errorClass] of cases) {
      const target = mp.RawValue(code);
      const before = target.value;
      assert.throws(
        () => {
          target.value = value as never;
        },
        errorClass as never,
        `${code} ${String(value)}`,
      );
      assert.deepEqual(target.value, before);
      assert.throws(() => mp.RawValue(code, value as never), errorClass as never);
    }
  });
});

describe('arrays', () => {
  it('index like Python, by method and by syntax, and never create plain properties', () => {
    const array = mp.RawArray('i', [1, 2, 3]);
    assert.equal(array.get(-1), 3);
    assert.equal(array[-3], 1);
    array['1' as never] = 20 as never;
    assert.equal(array.get(1), 20);
    assert.throws(() => array.get(3), RangeError);
    assert.throws(() => array[3], RangeError);
    assert.throws(() => {
      array[5] = 1;
    }, RangeError);
    assert.throws(() => array.get(1.5), TypeError);
    assert.throws(() => {
      (array as unknown as Record<string, number>)['1.5'] = 1;
    }, TypeError);
    assert.deepEqual(Object.keys(array), ['__sharedctypes__']);
    assert.throws(() => array.set(0, 1.5), TypeError);
    assert.deepEqual([...array], [1, 20, 3]);
  });

  it('validate lengths and initializers', () => {
    assert.throws(() => mp.RawArray('i', -1), RangeError);
    assert.throws(() => mp.RawArray('i', 1.5), TypeError);
    assert.throws(() => mp.RawArray('i', 'abc' as never), TypeError);
    assert.throws(() => mp.RawArray('i', {} as never), TypeError);
    assert.throws(() => mp.RawArray('i', [1, 'x'] as never), TypeError);
    assert.equal(mp.RawArray('u', 'h😀').length, 2);
    assert.equal(mp.RawArray('c', Buffer.from('hello')).length, 5);
    assert.equal(mp.RawArray('d', new Set([1, 2, 3])).length, 3);
    assert.equal(mp.RawArray('i', 0).length, 0);
  });

  it('give a zero-copy typed view of the right class', () => {
    const classes: [mp.Typecode, Function][] = [
      ['b', Int8Array],
      ['B', Uint8Array],
      ['h', Int16Array],
      ['H', Uint16Array],
      ['i', Int32Array],
      ['I', Uint32Array],
      ['q', BigInt64Array],
      ['Q', BigUint64Array],
      ['f', Float32Array],
      ['d', Float64Array],
    ];
    for (const [code, typedClass] of classes) {
      const array = mp.RawArray(code, 4);
      assert.ok(array.typed instanceof typedClass, code);
      assert.equal(array.typed.buffer, array.buffer);
      assert.equal(array.typed.byteOffset, array.byteOffset);
      assert.equal(array.byteLength, 4 * mp.sizeof(code));
    }
    const doubles = mp.RawArray('d', 3);
    doubles.typed[1] = 4.5;
    assert.equal(doubles.get(1), 4.5);
  });

  it('run atomic operations with wraparound and Atomics results', () => {
    const array = mp.RawArray('B', [250, 0]);
    assert.equal(array.add(0, 10), 250);
    assert.equal(array.get(0), 4);
    const big = mp.RawArray('q', [2n ** 63n - 1n]);
    big.add(0, 1);
    assert.equal(big.get(0), -(2n ** 63n));
    const value = mp.RawValue('i', 5);
    assert.equal(value.compareExchange(5, 7), 5);
    assert.equal(value.exchange(1), 7);
    assert.equal(value.sub(2), 1);
    assert.equal(value.load(), -1);
    // Not in the types of non-integer objects; at run time a JavaScript caller gets TypeError.
    const double = mp.RawValue('d') as unknown as mp.SharedIntegerScalar<number>;
    assert.throws(() => double.add(1), TypeError);
    const doubles = mp.RawArray('d', 1) as unknown as mp.SharedIntegerArray;
    assert.throws(() => doubles.add(0, 1), TypeError);
  });
});

describe('structures', () => {
  const Inner = mp.Structure({ a: mp.c_short, b: mp.arrayOf(mp.c_int, 2) }, { name: 'Inner' });
  const Outer = mp.Structure({ x: mp.c_int, inner: Inner, tail: mp.c_double }, { name: 'Outer' });

  it('initialize from objects or arrays and expose live nested views', () => {
    const outer = mp.RawValue(Outer, { x: 1, inner: { a: 2, b: [3, 4] } });
    assert.equal(outer.inner.b.get(1), 4);
    outer.inner.b.set(0, 30);
    assert.equal(outer.inner.b.get(0), 30);
    outer.inner = { a: 9 } as never;
    assert.deepEqual([outer.inner.a, ...outer.inner.b], [9, 0, 0]);
    assert.equal(
      String(mp.RawValue(Outer, [5])),
      'Outer(x=5, inner=Inner(a=0, b=c_int_Array_2), tail=0.0)',
    );
  });

  it('reject bad initializers and unknown fields, writing nothing', () => {
    assert.throws(() => mp.RawValue(Outer, [1, {}, 2, 3] as never), TypeError);
    assert.throws(() => mp.RawValue(Outer, { y: 1 } as never), TypeError);
    const outer = mp.RawValue(Outer, { x: 1 });
    assert.throws(() => {
      outer.inner = { a: 1, b: [1, 2, 3] } as never;
    }, RangeError);
    assert.throws(() => {
      outer.inner = { a: 5, b: [1, 'x'] } as never;
    }, TypeError);
    assert.equal(outer.inner.a, 0);
    assert.throws(() => {
      (outer as unknown as Record<string, number>).typo = 1;
    }, TypeError);
  });

  it('support packed layouts, with unaligned fields read and written correctly', () => {
    const Packed = mp.Structure(
      { tag: mp.c_char, amount: mp.c_double, counts: mp.arrayOf(mp.c_int, 2) },
      { pack: 1 },
    );
    assert.equal(mp.sizeof(Packed), 17);
    const packed = mp.RawValue(Packed, { tag: 1, amount: 2.5, counts: [7, 8] });
    assert.equal(packed.amount, 2.5);
    packed.amount = -1.25;
    assert.equal(packed.amount, -1.25);
    assert.deepEqual(packed.counts.slice(), [7, 8]);
    assert.throws(() => packed.counts.typed, TypeError);
  });

  it('work as array elements', () => {
    const points = mp.RawArray(Inner, [{ a: 1 }, { a: 2, b: [1, 1] }]);
    assert.equal(points.get(1).b.get(0), 1);
    points.set(0, { a: 10 });
    assert.equal(points[0].a, 10);
  });
});
