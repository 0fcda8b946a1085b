/** Synchronized wrappers: lock options, critical sections, repr, copy. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { inspect } from 'node:util';
import * as mp from '../src/index.js';

describe('Value and Array', () => {
  it('use a new RLock by default, a given lock, or none', () => {
    const value = mp.Value('i', 5);
    assert.ok(value.getLock() instanceof mp.RLock);
    const lock = mp.Lock();
    const a = mp.Value('d', 1, { lock });
    const b = mp.Array('i', 3, { lock });
    assert.equal(a.getLock(), lock);
    assert.equal(b.getLock(), lock);
    assert.ok(mp.Value('i', 1, { lock: false }) instanceof mp.SharedScalar);
    assert.ok(mp.Array('i', 1, { lock: false }) instanceof mp.SharedArray);
    assert.ok(mp.Value('i', 1, { lock: null }).getLock() instanceof mp.RLock);
    for (const bad of [3, 'yes', {}, mp.RawValue('i')]) {
      assert.throws(() => mp.Value('i', 1, { lock: bad as never }), TypeError);
      assert.throws(() => mp.Array('i', 1, { lock: bad as never }), TypeError);
    }
  });

  it('hold the lock for the documented read-modify-write pattern', () => {
    const value = mp.Value('i', 0);
    const lock = value.getLock();
    lock.acquire();
    value.value += 1;
    lock.release();
    value.withLock(() => {
      value.value += 1;
    });
    {
      using _ = value.hold();
      value.value += 1;
    }
    assert.equal(value.value, 3);
    assert.equal(value.add(1), 3);
    assert.equal(value.value, 4);
  });

  it('give one raw object and one lock each, over the memory the wrapper uses', () => {
    for (const type of ['i', 'd', 'q', 'c', 'u'] as const) {
      const value = mp.Value(type) as mp.SynchronizedValue<unknown, unknown>;
      assert.equal(value.getObj(), value.getObj(), type);
      assert.equal(value.getLock(), value.getLock(), type);
      assert.ok(value.getObj() instanceof mp.SharedScalar, type);
      const stored = { i: 7, d: 2.5, q: 9n, c: Buffer.from('z'), u: 'é' }[type];
      value.getObj().value = stored;
      assert.deepEqual(value.value, type === 'c' ? Uint8Array.of(122) : stored, type);
      value.value = { i: -1, d: -0.5, q: -3n, c: Buffer.from('y'), u: 'x' }[type];
      assert.deepEqual(value.getObj().value, value.value, type);
    }
    const raw = mp.RawValue('i', 3);
    const given = mp.synchronized(raw);
    assert.equal(given.getObj(), raw);
    const lock = mp.RLock();
    const held = mp.Value('i', 1, { lock });
    lock.acquire();
    held.value += 1;
    assert.equal(lock.toString().includes('count=1'), true, 'owned accesses leave the depth');
    lock.release();
    assert.equal(held.value, 2);
    assert.equal(lock.acquire(false), true, 'the accesses released the lock');
    lock.release();
    assert.equal(held.getLock().acquire(false), true);
    held.getLock().release();
    assert.throws(
      () => new mp.SynchronizedValue(raw as never, lock as never, lock),
      TypeError,
      'made by Value or synchronized only',
    );
  });

  it('leave the lock held as often as a store acquired it while converting', () => {
    const value = mp.Value('c');
    const lock = value.getLock();
    value.value = new Proxy(Uint8Array.of(98), {
      getPrototypeOf() {
        lock.acquire();
        return Uint8Array.prototype;
      },
      get: (target, key) => Reflect.get(target, key, target),
    });
    assert.deepEqual(value.value, Uint8Array.of(98));
    assert.match(String(lock), /count=1\)>$/);
    lock.release();
    assert.equal(String(lock), '<RLock(None, 0)>');
  });

  it('read like Python repr', () => {
    assert.equal(String(mp.Value('i', 5)), '<Synchronized wrapper for c_int(5)>');
    assert.equal(inspect(mp.Value('d', 1)), '<Synchronized wrapper for c_double(1.0)>');
    assert.equal(String(mp.Value('c', 97)), "<Synchronized wrapper for c_char(b'a')>");
    assert.equal(String(mp.Array('i', 3)), '<SynchronizedArray wrapper for c_int_Array_3>');
    assert.equal(String(mp.Array('c', 5)), '<SynchronizedString wrapper for c_char_Array_5>');
    const Point = mp.Structure({ x: mp.c_int }, { name: 'Point' });
    assert.equal(String(mp.Value(Point, { x: 2 })), '<SynchronizedPoint wrapper for Point(x=2)>');
    assert.equal(
      String(mp.Value(mp.arrayOf('i', 2))),
      '<SynchronizedArray wrapper for c_int_Array_2>',
    );
  });

  it('give synchronized strings, arrays and structures their members', () => {
    const text = mp.Array('c', 6);
    text.value = Buffer.from('abc');
    assert.deepEqual(text.raw, Uint8Array.of(97, 98, 99, 0, 0, 0));
    assert.throws(() => {
      text.value = 'abc' as never;
    }, TypeError);
    const array = mp.Array('d', [1, 2, 3]);
    array[0] = 5;
    assert.equal(array[0], 5);
    assert.equal(array.length, 3);
    assert.deepEqual(array.slice(null, null, -1), [3, 2, 5]);
    assert.ok(array instanceof mp.SynchronizedBase);
    const Pair = mp.Structure({ left: mp.c_int, right: mp.c_int });
    const pair = mp.Value(Pair, [1, 2]);
    pair.withLock(() => {
      pair.left += pair.right;
    });
    assert.equal(pair.left, 3);
  });
});

describe('synchronized and copy', () => {
  it('wrap raw objects only, and copy contents into new raw memory', () => {
    const raw = mp.RawArray('i', [1, 2]);
    const wrapped = mp.synchronized(raw);
    assert.ok(wrapped instanceof mp.SynchronizedArray);
    assert.throws(() => mp.synchronized(wrapped as never), TypeError);
    assert.throws(() => mp.synchronized({} as never), TypeError);
    assert.throws(() => mp.synchronized(raw, 5 as never), TypeError);
    const copied = mp.copy(wrapped);
    assert.deepEqual(copied.slice(), [1, 2]);
    copied.set(0, 10);
    assert.equal(raw.get(0), 1);
    assert.throws(() => mp.copy({} as never), TypeError);
  });
});
