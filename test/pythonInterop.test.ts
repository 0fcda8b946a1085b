/**
 * CPython interop: real python3 processes (the package's `python/` module) and this Node.js
 * process share objects and locks of the process context. Exact totals under one lock from
 * both languages; every simple type, structures with char arrays and arrays, both ways;
 * objects made in Python attached here; locks that exclude each other across languages.
 * Skipped, with the reason, where python3, its module or the process context is missing.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import * as mp from '../src/index.js';
import {
  attachCode,
  PYTHON_INTEROP_MISSING,
  PythonError,
  peersKilledAfterEach,
} from './helpers/pythonPeers.js';

const encode = (text: string) => new TextEncoder().encode(text);
const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

describe('CPython and Node.js share objects', { skip: PYTHON_INTEROP_MISSING }, () => {
  const ctx = PYTHON_INTEROP_MISSING === undefined ? mp.getContext('process') : undefined!;
  const peer = peersKilledAfterEach();

  it('adds exactly from Node and 2 Python processes, 20,000 guarded increments each', async () => {
    const times = 20_000;
    const counter = ctx.Value('i', 0);
    // flags[0]: go; flags[1 + n]: Python process n is ready.
    const flags = ctx.RawArray('i', 3);
    const runs = [0, 1].map((index) =>
      peer().run<number>(`
shared = ${attachCode({ counter, flags })}
counter, flags = shared['counter'], shared['flags']
flags[${1 + index}] = 1
while flags[0] == 0:
    time.sleep(0.001)
for _ in range(${times}):
    with counter.get_lock():
        counter.value += 1
reply(True)`),
    );
    while (flags[1] === 0 || flags[2] === 0) await sleep(1);
    flags.store(0, 1);
    for (let index = 0; index < times; index++) {
      counter.withLock(() => {
        counter.value += 1;
      });
    }
    assert.deepEqual(await Promise.all(runs), [true, true]);
    assert.equal(counter.value, 3 * times);
  });

  it('reads and writes every simple type alike in both languages (C layouts of both)', async () => {
    const Packed = mp.Structure({ a: mp.c_byte, b: mp.c_int }, { name: 'Packed', pack: 1 });
    const All = mp.Structure(
      {
        c: mp.c_char,
        u: mp.c_wchar,
        b: mp.c_byte,
        B: mp.c_ubyte,
        h: mp.c_short,
        H: mp.c_ushort,
        i: mp.c_int,
        I: mp.c_uint,
        l: mp.c_long,
        L: mp.c_ulong,
        q: mp.c_longlong,
        Q: mp.c_ulonglong,
        f: mp.c_float,
        d: mp.c_double,
        flag: mp.c_bool,
        packed: Packed,
      },
      { name: 'All' },
    );
    const all = ctx.RawValue(All, {
      c: encode('A'),
      u: 'é',
      b: -128,
      B: 255,
      h: -32768,
      H: 65535,
      i: -(2 ** 31),
      I: 2 ** 32 - 1,
      l: -(2n ** 63n),
      L: 2n ** 64n - 1n,
      q: 2n ** 63n - 1n,
      Q: 1n,
      f: 0.1,
      d: Math.PI,
      flag: true,
      packed: { a: -1, b: 123456789 },
    });
    const python = peer();
    const seen = await python.run<Record<string, string>>(`
all = ${attachCode(all)}
reply({name: repr(getattr(all, name)) for name, _ in all._fields_ if name != 'packed'}
      | {'packed': [all.packed.a, all.packed.b, type(all).packed.offset, ctypes.sizeof(all)]})`);
    assert.deepEqual(seen, {
      c: "b'A'",
      u: "'é'",
      b: '-128',
      B: '255',
      h: '-32768',
      H: '65535',
      i: '-2147483648',
      I: '4294967295',
      l: '-9223372036854775808',
      L: '18446744073709551615',
      q: '9223372036854775807',
      Q: '1',
      f: '0.10000000149011612',
      d: '3.141592653589793',
      flag: 'True',
      packed: [-1, 123456789, All.fields.at(-1)!.offset, mp.sizeof(All)],
    });
    await python.run(`
all.c, all.u, all.b, all.H, all.L, all.f, all.d, all.flag = b'z', '😀', 127, 1, 2**63, 1e39, -0.0, False
all.packed.b = -5
reply(True)`);
    assert.deepEqual(
      [all.c, all.u, all.b, all.H, all.L, all.f, Object.is(all.d, -0), all.flag, all.packed.b],
      [encode('z'), '😀', 127, 1, 2n ** 63n, Number.POSITIVE_INFINITY, true, false, -5],
    );
  });

  it('shares a structure with a char array field, and arrays, both ways', async () => {
    const Tagged = mp.Structure(
      { id: mp.c_int, name: mp.arrayOf('c', 16), scores: mp.arrayOf(mp.c_double, 3) },
      { name: 'Tagged' },
    );
    const fromNode = {
      tagged: ctx.Value(Tagged, { id: 7, name: encode('node'), scores: [1, 2, 3] }),
      numbers: ctx.Array('i', [1, 2, 3, 4, 5]),
      text: ctx.Array('c', encode('hello')),
      wide: ctx.RawArray('u', 'héllo'),
    };
    const python = peer();
    const read = await python.run(`
shared = ${attachCode(fromNode)}
tagged, numbers, text, wide = (shared[key] for key in ('tagged', 'numbers', 'text', 'wide'))
reply([tagged.id, tagged.name.decode(), list(tagged.scores), numbers[::-1], text.value.decode(),
       text.raw.decode(), wide.value, len(numbers), type(tagged).__name__])
tagged.name = b'python'
tagged.scores[1] = 2.5
numbers[1:3] = [20, 30]
text.value = b'hi'
wide.value = 'wide'`);
    assert.deepEqual(read, [
      7,
      'node',
      [1, 2, 3],
      [5, 4, 3, 2, 1],
      'hello',
      'hello',
      'héllo',
      5,
      'SynchronizedTagged',
    ]);
    await python.run('reply(True)');
    assert.equal(decode(fromNode.tagged.name.value), 'python');
    assert.deepEqual([...fromNode.tagged.scores], [1, 2.5, 3]);
    assert.deepEqual(fromNode.numbers.slice(), [1, 20, 30, 4, 5]);
    assert.deepEqual([decode(fromNode.text.value), decode(fromNode.text.raw)], ['hi', 'hi\0lo']);
    assert.equal(fromNode.wide.value, 'wide');

    const handles = await python.run(`
class Tagged(ctypes.Structure):
    _fields_ = [('id', ctypes.c_int), ('name', ctypes.c_char * 16), ('scores', ctypes.c_double * 3)]
mine = {'tagged': sharedctypes.Value(Tagged, 8, b'py', (ctypes.c_double * 3)(4, 5, 6)),
        'numbers': sharedctypes.Array('i', range(5)), 'text': sharedctypes.Array('c', b'hey')}
reply({key: json.loads(sharedctypes.handle(value)) for key, value in mine.items()})`);
    const fromPython = mp.attach(handles) as {
      tagged: mp.SynchronizedFor<typeof Tagged>;
      numbers: mp.SynchronizedArrayOf<typeof mp.c_int>;
      text: mp.SynchronizedString;
    };
    assert.equal(
      String(fromPython.tagged),
      '<SynchronizedTagged wrapper for Tagged(id=8, name=c_char_Array_16, scores=c_double_Array_3)>',
    );
    assert.deepEqual(
      [
        decode(fromPython.tagged.name.value),
        [...fromPython.tagged.scores],
        [...fromPython.numbers],
      ],
      ['py', [4, 5, 6], [0, 1, 2, 3, 4]],
    );
    fromPython.tagged.withLock(() => {
      fromPython.tagged.name.value = encode('from node');
      fromPython.tagged.id += 1;
    });
    fromPython.numbers.setSlice(0, 2, [10, 11]);
    fromPython.text.value = encode('yo');
    assert.deepEqual(
      await python.run(`reply([mine['tagged'].id, mine['tagged'].name.decode(), mine['numbers'][:],
       mine['text'].value.decode()])`),
      [9, 'from node', [10, 11, 2, 3, 4], 'yo'],
    );
  });

  it('attaches objects made in Python as the objects Node makes', async () => {
    const handles = await peer().run(`
class Point(ctypes.Structure):
    _fields_ = [('x', ctypes.c_int), ('y', ctypes.c_double)]
class Path(ctypes.Structure):
    _fields_ = [('points', Point * 2), ('count', ctypes.c_ubyte)]
made = {'value': sharedctypes.Value('i', 5), 'raw': sharedctypes.RawValue('d', 1.5),
        'array': sharedctypes.Array('d', [0.5, 1.5]), 'raw_array': sharedctypes.RawArray('h', 3),
        'text': sharedctypes.Array('c', b'abc'), 'wide': sharedctypes.RawArray('u', 'ab'),
        'lock': sharedctypes.Lock(), 'rlock': sharedctypes.RLock(), 'big': sharedctypes.RawArray('q', 1000),
        'path': sharedctypes.Value(Path, ((1, 2.5), (3, 4.5)), 2)}
reply({key: json.loads(sharedctypes.handle(value)) for key, value in made.items()})`);
    const made = mp.attach(handles) as Record<string, unknown>;
    assert.deepEqual(
      Object.values(made).map((value) => String(value)),
      [
        '<Synchronized wrapper for c_int(5)>',
        'c_double(1.5)',
        '<SynchronizedArray wrapper for c_double_Array_2>',
        'c_short_Array_3',
        '<SynchronizedString wrapper for c_char_Array_3>',
        'c_wchar_Array_2',
        '<Lock(unlocked)>',
        '<RLock(None, 0)>',
        'c_longlong_Array_1000',
        '<SynchronizedPath wrapper for Path(points=Point_Array_2, count=2)>',
      ],
    );
    assert.ok(made.lock instanceof mp.Lock && made.rlock instanceof mp.RLock);
    const path = made.path as mp.SynchronizedBase<{ points: { get(i: number): { y: number } } }>;
    assert.equal(path.getObj().points.get(1).y, 4.5);
  });

  it('excludes the other language while a lock is held, and timeouts expire', async () => {
    const python = peer();
    const lock = ctx.Lock();
    const rlock = ctx.RLock();
    await python.run(`lock, rlock = ${attachCode([lock, rlock])}; reply(True)`);
    assert.equal(lock.acquire(), true);
    assert.equal(rlock.acquire(), true);
    assert.deepEqual(
      await python.run(
        'reply([lock.acquire(True, 0.05), lock.acquire(False), rlock.acquire(timeout=0.05)])',
      ),
      [false, false, false],
    );
    await assert.rejects(python.run('rlock.release()'), (error: unknown) => {
      return error instanceof PythonError && error.pythonClass === 'AssertionError';
    });
    await python.run('lock.release(); reply(True)'); // a Lock has no owner
    rlock.release();
    assert.deepEqual(
      await python.run('reply([lock.acquire(), rlock.acquire(), rlock.acquire()])'),
      [true, true, true],
    );
    assert.equal(lock.acquire(true, 0.05), false);
    assert.equal(rlock.acquire(false), false);
    assert.throws(() => rlock.release(), mp.LockError);
    await python.run('rlock.release(); rlock.release(); lock.release(); reply(True)');
    assert.equal(rlock.acquire(false), true);
    rlock.release();
  });
});
