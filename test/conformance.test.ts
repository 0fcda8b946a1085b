/** Edges where CPython's ctypes and multiprocessing tests fix the behaviour: strings, lengths, array types, byte views, structure definitions and their initializer errors. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setImmediate as nextTurn } from 'node:timers/promises';
import * as mp from '../src/index.js';

const gc = (globalThis as { gc?: () => void }).gc;

describe('strings as initializers', () => {
  it('are sequences of one-character strings, as a Python str is', () => {
    assert.deepEqual([...mp.RawArray(mp.c_bool, 'ab')], [true, true]);
    assert.deepEqual([...mp.Array(mp.c_bool, 'a\0')], [true, true]);
    assert.equal(mp.RawArray(mp.c_bool, '').length, 0);
    assert.equal(mp.RawArray('u', 'h😀').value, 'h😀');
    for (const code of ['i', 'b', 'Q', 'd', 'f', 'c'] as const) {
      assert.throws(() => mp.RawArray(code, 'ab' as never), TypeError, code);
      assert.equal(mp.RawArray(code, '' as never).length, 0, code);
    }
  });

  it('are checked by setSlice like any sequence: length first, then every item', () => {
    const flags = mp.RawArray(mp.c_bool, 3);
    flags.setSlice(0, 2, 'ab');
    assert.deepEqual([...flags], [true, true, false]);
    const numbers = mp.RawArray('i', [1, 2]);
    assert.throws(() => numbers.setSlice(0, 2, 'ab' as never), TypeError);
    assert.throws(() => numbers.setSlice(0, 2, 'abc' as never), RangeError);
    assert.throws(() => numbers.setSlice(0, 2, '' as never), RangeError);
    assert.deepEqual([...numbers], [1, 2]);
    const bytes = mp.RawArray('c', 2);
    assert.throws(() => bytes.setSlice(0, 2, 'ab' as never), TypeError);
    bytes.setSlice(0, 2, Uint8Array.of(1, 2));
    assert.deepEqual(bytes.raw, Uint8Array.of(1, 2));
    const wide = mp.Array('u', 3);
    wide.setSlice(1, 3, '😀x');
    assert.equal(wide.slice(1), '😀x');
    assert.throws(() => wide.setSlice(0, 2, Uint8Array.of(97, 98) as never), TypeError);
    assert.throws(() => wide.setSlice(0, 2, 'abc'), RangeError);
  });
});

describe('lengths', () => {
  it('of -0 are 0', () => {
    assert.ok(Object.is(mp.Array('i', -0).length, 0));
    assert.ok(Object.is(mp.RawArray('d', -0).length, 0));
    assert.ok(Object.is(mp.arrayOf('i', -0).length, 0));
    assert.equal(mp.arrayOf('i', -0).name, 'c_int_Array_0');
  });
});

describe('array types', () => {
  it('are one object per element type and length, as ctypes caches them', () => {
    assert.equal(mp.arrayOf(mp.c_int, 3), mp.arrayOf('i', 3));
    assert.equal(mp.arrayOf(mp.arrayOf('d', 2), 3), mp.arrayOf(mp.arrayOf(mp.c_double, 2), 3));
    assert.equal(mp.arrayOf('i', -0), mp.arrayOf('i', 0));
    assert.notEqual(mp.arrayOf('i', 2), mp.arrayOf('i', 3));
    assert.notEqual(mp.arrayOf('i', 2), mp.arrayOf('I', 2));
    const Point = mp.Structure({ x: mp.c_int });
    assert.equal(mp.arrayOf(Point, 2), mp.arrayOf(Point, 2));
    assert.notEqual(mp.arrayOf(Point, 2), mp.arrayOf(mp.Structure({ x: mp.c_int }), 2));
  });

  it('are not kept alive by that cache', {
    skip: gc ? false : 'run with --expose-gc',
  }, async () => {
    const references = Array.from(
      { length: 100 },
      (_, index) => new WeakRef(mp.arrayOf(mp.c_int, 1_000_000 + index)),
    );
    for (let round = 0; round < 3; round++) {
      await nextTurn();
      gc?.();
    }
    assert.equal(references.filter((reference) => reference.deref() !== undefined).length, 0);
    assert.equal(mp.arrayOf(mp.c_int, 1_000_000).length, 1_000_000);
  });
});

describe("'c' arrays' .value and .raw", () => {
  it('take the bytes of any byte view, not its elements', () => {
    const words = Uint16Array.of(0x6261, 0x0063);
    const views: [ArrayBufferView, number[]][] = [
      [Uint8Array.of(104, 105), [104, 105]],
      [Buffer.from('hi'), [104, 105]],
      [new DataView(Uint8Array.of(0, 104, 105, 0).buffer, 1, 2), [104, 105]],
      [words, [0x61, 0x62, 0x63, 0]],
      [new Uint8ClampedArray([7]), [7]],
      [new Int8Array([-1]), [255]],
      [new Float64Array(0), []],
    ];
    for (const [view, bytes] of views) {
      const raw = mp.RawArray('c', 4);
      raw.raw = view;
      assert.deepEqual([...raw.raw], [...bytes, 0, 0, 0, 0].slice(0, 4), view.constructor.name);
      const synchronized = mp.Array('c', 4);
      synchronized.raw = Uint8Array.of(9, 9, 9, 9);
      synchronized.value = view;
      const expected = [...bytes, ...(bytes.length < 4 ? [0] : []), 9, 9, 9, 9].slice(0, 4);
      assert.deepEqual([...synchronized.raw], expected, view.constructor.name);
    }
  });

  it('throw RangeError for more bytes than fit and TypeError for what is not a byte view', () => {
    const target = mp.Array('c', 2);
    target.raw = Uint8Array.of(1, 2);
    for (const attribute of ['value', 'raw'] as const) {
      assert.throws(() => {
        target[attribute] = Uint16Array.of(1, 2);
      }, RangeError);
      assert.throws(() => {
        target[attribute] = new DataView(new ArrayBuffer(3));
      }, RangeError);
      for (const bad of ['ab', [1, 2], new ArrayBuffer(1), null, 1]) {
        assert.throws(() => {
          target[attribute] = bad as never;
        }, TypeError);
      }
    }
    assert.deepEqual(target.raw, Uint8Array.of(1, 2));
  });
});

describe('structure definitions', () => {
  it('are frozen: the type, its fields and each field layout', () => {
    const Point = mp.Structure({ x: mp.c_int, y: mp.c_double }, { name: 'Point' });
    const [x] = Point.fields;
    const attempts: (() => void)[] = [
      () => {
        (x as { offset: number }).offset = 4;
      },
      () => {
        (x as { type: mp.CType }).type = mp.c_double;
      },
      () => {
        (Point.fields as mp.FieldLayout[]).push(x);
      },
      () => {
        (Point.fields as mp.FieldLayout[])[1] = x;
      },
      () => {
        (Point as { fields: unknown }).fields = [];
      },
      () => {
        (Point as { size: number }).size = 4;
      },
      () => {
        (mp.arrayOf(Point, 2) as { length: number }).length = 3;
      },
    ];
    for (const attempt of attempts) assert.throws(attempt, TypeError);
    assert.deepEqual(
      Point.fields.map((field) => [field.name, field.offset]),
      [
        ['x', 0],
        ['y', 8],
      ],
    );
    assert.equal(mp.sizeof(Point), 16);
    assert.equal(mp.RawValue(Point, { y: 2.5 }).y, 2.5);
  });

  it('take pack as CPython takes _pack_: an integer from 0 to INT_MAX', () => {
    const fields = { a: mp.c_char, b: mp.c_double, c: mp.c_int };
    const layout = (pack: unknown) => {
      const type = mp.Structure(fields, { pack: pack as number });
      return [type.size, type.alignment, type.pack];
    };
    assert.deepEqual(layout(0), [24, 8, 0]);
    assert.deepEqual(layout(-0), [24, 8, 0]);
    assert.deepEqual(layout(1), [13, 1, 1]);
    assert.deepEqual(layout(3), [18, 3, 3]);
    assert.deepEqual(layout(2 ** 31 - 1), [24, 8, 2 ** 31 - 1]);
    assert.deepEqual(layout(true), [13, 1, 1]);
    assert.deepEqual(layout(false), [24, 8, 0]);
    assert.deepEqual(layout(2n), [14, 2, 2]);
    for (const bad of [
      -1,
      2 ** 31,
      2 ** 64,
      1.5,
      Number.NaN,
      Number.POSITIVE_INFINITY,
      -1n,
      2n ** 31n,
    ]) {
      assert.throws(() => layout(bad), RangeError, String(bad));
    }
    for (const bad of ['1', null, {}, [1], Symbol('pack')]) {
      assert.throws(() => layout(bad), TypeError, String(bad));
    }
  });

  it('take a plain object with string keys only', () => {
    assert.throws(() => mp.Structure({ x: mp.c_int, [Symbol('y')]: mp.c_int } as never), TypeError);
    assert.throws(() => mp.Structure({ [Symbol.iterator]: mp.c_int } as never), TypeError);
    assert.throws(() => mp.Structure(new Map([['x', mp.c_int]]) as never), TypeError);
    assert.throws(() => mp.Structure([['x', mp.c_int]] as never), TypeError);
    const bare = Object.assign(Object.create(null) as object, { x: mp.c_int });
    assert.equal(mp.sizeof(mp.Structure(bare as { x: typeof mp.c_int })), 4);
    assert.equal(mp.sizeof(mp.Structure({})), 0);
  });
});

describe('structure initializer errors', () => {
  const Phone = mp.Structure(
    { areacode: mp.arrayOf('c', 6), number: mp.arrayOf('c', 12) },
    { name: 'Phone' },
  );
  const Person = mp.Structure(
    { name: mp.arrayOf('c', 12), phone: Phone, age: mp.c_int },
    { name: 'Person' },
  );
  const someone = Buffer.from('Someone');

  function failure(run: () => unknown): Error {
    try {
      run();
    } catch (error) {
      return error as Error;
    }
    assert.fail('expected an error');
  }

  it('name the innermost structure and keep their class, as CPython does', () => {
    const cases: [() => unknown, ErrorConstructor][] = [
      [() => mp.RawValue(Person, [someone, [1, 2]] as never), TypeError],
      [() => mp.RawValue(Person, [someone, [Buffer.from('a'), Buffer.from('b'), 3]]), TypeError],
      [() => mp.RawValue(Person, { phone: { areacode: Buffer.alloc(7) } }), RangeError],
      [() => mp.RawValue(Person, { phone: { extension: 1 } } as never), TypeError],
      [() => mp.RawArray(Phone, [{}, { number: 'x' }] as never), TypeError],
      [() => mp.RawValue(Phone, [Buffer.from('a'), Buffer.from('b'), Buffer.from('c')]), TypeError],
      [
        () => {
          mp.RawValue(Person).phone = { number: [1.5] } as never;
        },
        TypeError,
      ],
    ];
    for (const [run, errorClass] of cases) {
      const error = failure(run);
      assert.ok(error instanceof errorClass, `${error}`);
      assert.ok(error.message.startsWith('(Phone) Expected `'), error.message);
      assert.equal(error.message.indexOf('(Phone)', 1), -1, error.message);
    }
    // A value that is no initializer of Phone at all fails in Person, as in CPython.
    for (const [run, field] of [
      [() => mp.RawValue(Person, { age: 'old' } as never), 'age'],
      [() => mp.Value(Person, { phone: 5 } as never), 'phone'],
      [() => mp.RawValue(Person, { phone: new Set([1]) } as never), 'phone'],
    ] as const) {
      const error = failure(run);
      assert.ok(error instanceof TypeError);
      assert.ok(error.message.startsWith(`(Person) Expected \`init.${field}\``), error.message);
    }
  });

  it('leave plain field stores as they are', () => {
    const person = mp.RawValue(Person);
    const error = failure(() => {
      person.age = 'old' as never;
    });
    assert.ok(error instanceof TypeError);
    assert.ok(error.message.startsWith('Expected `age`'), error.message);
  });
});

describe('nested initializers', () => {
  const Record = mp.Structure(
    { flags: mp.arrayOf(mp.c_bool, 2), counts: mp.arrayOf('i', 2), text: mp.arrayOf('u', 3) },
    { name: 'Record' },
  );

  it('take a string for a c_wchar array only, as CPython does', () => {
    assert.equal(mp.RawValue(Record, { text: 'hé' }).text.value, 'hé');
    for (const init of [{ flags: 'ab' }, { counts: '' }, { counts: 'ab' }]) {
      assert.throws(() => mp.RawValue(Record, init as never), TypeError, JSON.stringify(init));
    }
    assert.throws(() => mp.RawArray(mp.arrayOf(mp.c_bool, 2), ['ab'] as never), TypeError);
    assert.deepEqual([...mp.RawArray(mp.arrayOf('u', 2), ['ab'])[0]], ['a', 'b']);
    const record = mp.RawValue(Record);
    assert.throws(() => {
      record.flags = 'ab' as never;
    }, TypeError);
    // At the top level, a Value of an array type takes what Array takes.
    assert.deepEqual([...mp.Value(mp.arrayOf(mp.c_bool, 2), 'ab')], [true, true]);
    assert.deepEqual([...mp.RawValue(mp.arrayOf(mp.c_bool, 3), 'a')], [true, false, false]);
  });

  it('check items in order, so a bad item fails before a surplus one, as in CPython', () => {
    assert.throws(() => mp.RawValue(Record, { counts: [1, 'x', 3] } as never), TypeError);
    assert.throws(() => mp.RawValue(Record, { counts: [1, 2, 'x'] } as never), RangeError);
    assert.throws(() => mp.RawValue(Record, [[true], [1, 1.5], 'abc', 4] as never), TypeError);
  });

  it('of a structure are an object of fields or an array, not another iterable', () => {
    for (const init of [new Set([1]), new Map([['counts', [1]]]), new Int32Array(2)]) {
      assert.throws(() => mp.RawValue(Record, init as never), TypeError, String(init));
    }
    const copy = mp.RawValue(Record, mp.RawValue(Record, { counts: [4, 5] }) as never);
    assert.deepEqual([...copy.counts], [4, 5]);
  });
});

describe('c_char stores', () => {
  it('take an integer 0..255 as a number, bigint or boolean, as CPython takes an int', () => {
    assert.deepEqual(mp.RawValue('c', true).value, Uint8Array.of(1));
    assert.deepEqual(mp.RawValue('c', 65n).value, Uint8Array.of(65));
    assert.deepEqual(mp.RawArray('c', [false, 255n, 7]).raw, Uint8Array.of(0, 255, 7));
    for (const bad of [256n, -1n, 256, -1, 1.5, '', 'a', null]) {
      assert.throws(() => mp.RawValue('c', bad as never), TypeError, String(bad));
    }
  });
});
