/**
 * Silent traps made loud: asynchronous bodies in `withLock`, `withLockAsync`, misspelt
 * properties on shared objects, a misplaced `block` argument, and atomics on non-integers.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as mp from '../src/index.js';
import { ATOMIC_METHOD_NAMES, type AtomicMethodName } from '../src/objects/atomics.js';

/** Whether another holder could take `lock` now (tried from this thread for a `Lock`). */
function isFree(lock: mp.AnyLock): boolean {
  return String(lock) === '<Lock(unlocked)>' || String(lock) === '<RLock(None, 0)>';
}

/** Lets other tasks of this thread run. */
const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('withLock', () => {
  const subjects = {
    Lock: () => mp.Lock(),
    RLock: () => mp.RLock(),
    'Value wrapper': () => mp.Value('i', 0),
    'Array wrapper': () => mp.Array('d', 2),
  };

  for (const [name, make] of Object.entries(subjects)) {
    it(`refuses an asynchronous body on a ${name}, with the lock released`, async () => {
      const subject = make();
      const lock = 'getLock' in subject ? subject.getLock() : subject;
      let ran = false;
      const asyncBody = async () => {
        ran = true;
        return 1;
      };
      assert.throws(() => subject.withLock(asyncBody as never), TypeError);
      assert.equal(ran, true, 'the body ran before its result was seen');
      assert.ok(isFree(lock), `${String(lock)} is free again`);
      // biome-ignore lint/suspicious/noThenProperty: the test needs a thenable that is not a Promise.
      const thenable = { then: (resolve: (value: number) => void) => resolve(1) };
      assert.throws(() => subject.withLock((() => thenable) as never), TypeError);
      assert.ok(isFree(lock));
      assert.equal(
        subject.withLock(() => 'plain'),
        'plain',
      );
      assert.ok(isFree(lock));
    });
  }
});

describe('withLock and a rejecting async body', () => {
  it('reports the misuse once: the body rejecting later is no unhandled rejection', async () => {
    const lock = mp.Lock();
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const failingBody = async () => {
        await tick();
        throw new RangeError('the body failed later');
      };
      assert.throws(() => lock.withLock(failingBody as never), TypeError);
      await tick();
      await tick();
      assert.deepEqual(unhandled, []);
      assert.ok(isFree(lock));
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});

describe('withLockAsync', () => {
  it('holds the lock while the body runs and releases it when the body settles', async () => {
    const lock = mp.Lock();
    const result = await lock.withLockAsync(async () => {
      await tick();
      assert.equal(lock.acquire(false), false, 'held during the body');
      return 42;
    });
    assert.equal(result, 42);
    assert.ok(isFree(lock));
    await assert.rejects(
      lock.withLockAsync(async () => {
        await tick();
        throw new RangeError('body failed');
      }),
      RangeError,
    );
    assert.ok(isFree(lock), 'released after a rejection');
    assert.equal(await lock.withLockAsync(() => 'synchronous body'), 'synchronous body');
    await assert.rejects(lock.withLockAsync(7 as never), TypeError);
    assert.ok(isFree(lock));
  });

  it('excludes asynchronous tasks of one thread from each other with a Lock', async () => {
    const counter = mp.Value('i', 0, { lock: mp.Lock() });
    const raw = counter.getObj();
    const task = async () => {
      for (let round = 0; round < 50; round++) {
        await counter.withLockAsync(async () => {
          const seen = raw.value;
          await tick();
          raw.value = seen + 1;
        });
      }
    };
    await Promise.all([task(), task(), task(), task()]);
    assert.equal(raw.value, 200);
  });

  it('works on every wrapper and on an RLock, waiting for another holder', async () => {
    const point = mp.Value(mp.Structure({ x: mp.c_int, y: mp.c_int }), { x: 1 });
    const text = mp.Array('c', 4);
    const rlock = mp.RLock();
    assert.equal(await point.withLockAsync(() => point.x + 1), 2);
    assert.deepEqual(
      await text.withLockAsync(async () => {
        text.value = new Uint8Array([104, 105]);
        return [...text.value];
      }),
      [104, 105],
    );
    assert.equal(await rlock.withLockAsync(() => rlock.withLock(() => 'nested')), 'nested');
    assert.ok(isFree(rlock));
  });
});

describe('non-extensible shared objects', () => {
  const Point = mp.Structure({ x: mp.c_int }, { name: 'Point' });
  const objects: Record<string, () => object> = {
    RawValue: () => mp.RawValue('i'),
    'RawValue of a double': () => mp.RawValue('d'),
    Value: () => mp.Value('i'),
    RawArray: () => mp.RawArray('i', 3),
    'RawArray of structures': () => mp.RawArray(Point, 2),
    'RawArray c': () => mp.RawArray('c', 3),
    'RawArray u': () => mp.RawArray('u', 3),
    Array: () => mp.Array('d', 3),
    'Array c': () => mp.Array('c', 3),
    'Array u': () => mp.Array('u', 3),
    'RawValue of a structure': () => mp.RawValue(Point),
    'Value of a structure': () => mp.Value(Point),
    Lock: () => mp.Lock(),
    RLock: () => mp.RLock(),
  };

  for (const [name, make] of Object.entries(objects)) {
    it(`refuses a misspelt property on ${name}`, () => {
      const object = make() as Record<string, unknown>;
      assert.equal(Object.isExtensible(object), false);
      assert.throws(() => {
        object.vaule = 3;
      }, TypeError);
      assert.throws(() => {
        object.foo = 1;
      }, TypeError);
      assert.equal(Object.hasOwn(object, 'vaule'), false);
      assert.equal(Object.hasOwn(object, 'foo'), false);
    });
  }

  it('still reads and writes through every accessor', () => {
    const value = mp.Value('i', 1);
    value.value = 5;
    const array = mp.RawArray('i', [1, 2, 3]);
    array[0] = 7;
    const point = mp.RawValue(Point);
    point.x = 3;
    assert.deepEqual([value.value, array[0], point.x], [5, 7, 3]);
  });
});

describe('acquire(block, timeout)', () => {
  it('refuses a block argument that is not a boolean, without waiting', () => {
    for (const make of [() => mp.Lock(), () => mp.RLock(), () => mp.Value('i').getLock()]) {
      const lock = make();
      lock.acquire();
      for (const bad of [{ timeout: 0.1 }, 1, 0, 'yes', null]) {
        assert.throws(() => lock.acquire(bad as never), TypeError);
      }
      lock.release();
      assert.ok(isFree(lock));
      assert.equal(lock.acquire(undefined, 0.01), true);
      lock.release();
    }
    const wrapper = mp.Value('i');
    assert.throws(() => wrapper.acquire({ timeout: 0.1 } as never), TypeError);
    assert.ok(isFree(wrapper.getLock()));
  });
});

describe('atomic operations', () => {
  it('exist on integer objects and throw TypeError on the others', () => {
    const Point = mp.Structure({ x: mp.c_int });
    const integers = [
      mp.RawValue('i'),
      mp.Value('q'),
      mp.RawArray('B', 2),
      mp.Array('h', 2),
    ] as unknown as mp.SharedIntegerScalar[];
    for (const subject of integers) {
      assert.equal(typeof subject.add, 'function');
    }
    const others = [
      mp.RawValue('d'),
      mp.Value('f'),
      mp.RawValue(mp.c_bool),
      mp.RawValue('c'),
      mp.RawValue('u'),
      mp.RawArray('d', 2),
      mp.Array(mp.c_bool, 2),
      mp.RawArray('c', 2),
      mp.Array('u', 2),
      mp.RawArray(Point, 2),
      mp.RawArray(mp.arrayOf('i', 2), 2),
    ] as unknown as Record<AtomicMethodName, (...args: unknown[]) => unknown>[];
    for (const subject of others) {
      for (const name of ATOMIC_METHOD_NAMES) {
        assert.throws(() => subject[name](0, 1, 2), TypeError, `${String(subject)}.${name}`);
      }
    }
  });
});

describe('atomic operations of arrays', () => {
  it('check the index before the operands, on raw arrays and wrappers alike', () => {
    for (const subject of [mp.RawArray('i', 2), mp.Array('q', 2)]) {
      const methods = subject as unknown as Record<
        AtomicMethodName,
        (...args: unknown[]) => unknown
      >;
      for (const name of ATOMIC_METHOD_NAMES) {
        assert.throws(() => methods[name](2, 'x', 'y'), RangeError, `${String(subject)}.${name}`);
        assert.throws(() => methods[name](1.5, 'x', 'y'), TypeError, `${String(subject)}.${name}`);
      }
      assert.equal(methods.add(-1, 1), subject instanceof mp.SharedArray ? 0 : 0n);
    }
  });
});

describe('delete on arrays', () => {
  it('changes nothing: a deleted element still reads from shared memory', () => {
    // JavaScript calls no hook for deleting a property that is not there unless the object
    // is a Proxy; the arrays are not proxies (see docs/semantics.md).
    const array = mp.RawArray('i', [1, 2, 3]);
    const wrapper = mp.Array('i', [4, 5]);
    assert.equal(Reflect.deleteProperty(array, '0'), true);
    assert.equal(Reflect.deleteProperty(wrapper, '1'), true);
    assert.deepEqual([array[0], wrapper[1]], [1, 5]);
  });
});
