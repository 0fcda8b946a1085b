/**
 * Named objects and memory lifetime across languages, and the Python module's own unit
 * tests: Node and Python processes that start at once meet at the same named objects (exact
 * totals); a named object made in one language opens in the other, with the same refusal of
 * another type; the segments a Python process made lose their names when it exits, and
 * Node removes the names a killed one left.
 */
import assert from 'node:assert/strict';
import { fork, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { after, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { removeNamesOfDeadProcesses } from '../src/backends/process/segmentMemory.js';
import * as mp from '../src/index.js';
import {
  PYTHON_INTEROP_MISSING,
  PythonError,
  PythonPeer,
  peersKilledAfterEach,
  pythonEnvironment,
  ROOT,
} from './helpers/pythonPeers.js';

const nodePeer = new URL('./workers/processPeer.js', import.meta.url);
const prefix = `pyinterop${process.pid}`;

describe('named objects between CPython and Node.js', { skip: PYTHON_INTEROP_MISSING }, () => {
  const ctx = PYTHON_INTEROP_MISSING === undefined ? mp.getContext('process') : undefined!;
  const made: string[] = [];
  const fresh = (name: string) => {
    made.push(`${prefix}-${name}`);
    return made[made.length - 1];
  };
  after(() => {
    for (const name of made) ctx.unlink(name);
  });
  const peer = peersKilledAfterEach();

  it('are met at by Node and Python processes that start at once, totals exact', async (t) => {
    const run = fresh('race');
    for (const name of ['counter', 'lock', 'total', 'start']) made.push(`${run}-${name}`);
    const times = 2_000;
    // A barrier: the Node peers count themselves in, and everyone starts once it is 100.
    const start = ctx.RawValue('i', 0, { name: `${run}-start` });
    const nodes = [0, 1].map(() => fork(nodePeer, ['named', String(times), run]));
    t.after(() => {
      for (const child of nodes) child.kill('SIGKILL');
    });
    const pythons = [0, 1].map(() =>
      peer().run(`
start = sharedctypes.RawValue('i', name='${run}-start')
while start.value < 100:
    time.sleep(0.001)
counter = sharedctypes.Value('i', 0, name='${run}-counter')
lock = sharedctypes.Lock(name='${run}-lock')
total = sharedctypes.RawValue('q', 0, name='${run}-total')
for _ in range(${times}):
    with counter.get_lock():
        counter.value += 1
    with lock:
        total.value += 1
reply(True)`),
    );
    const exits = nodes.map((child) => new Promise((resolve) => child.once('exit', resolve)));
    while (start.load() < 2) await sleep(2);
    start.store(100);
    const codes = await Promise.all(exits);
    assert.deepEqual(
      [codes, await Promise.all(pythons)],
      [
        [0, 0],
        [true, true],
      ],
    );
    assert.equal(ctx.Value('i', 0, { name: `${run}-counter` }).value, 4 * times);
    assert.equal(ctx.RawValue('q', 0n, { name: `${run}-total` }).value, BigInt(4 * times));
  });

  it('made in one language open in the other, same memory and lock', async () => {
    const python = peer();
    const Tagged = mp.Structure({ id: mp.c_int, tag: mp.arrayOf('c', 8) }, { name: 'Tagged' });
    const tagged = ctx.Value(
      Tagged,
      { id: 3, tag: new TextEncoder().encode('node') },
      {
        name: fresh('tagged'),
      },
    );
    const fromNode = await python.run(`
class Tagged(ctypes.Structure):
    _fields_ = [('id', ctypes.c_int), ('tag', ctypes.c_char * 8)]
tagged = sharedctypes.Value(Tagged, 99, b'ignored', name='${made.at(-1)}')
with tagged.get_lock():
    tagged.id += 1
reply([tagged.id, tagged.tag.decode()])`);
    assert.deepEqual(fromNode, [4, 'node']);
    assert.equal(tagged.id, 4);

    await python.run(`
doubles = sharedctypes.RawArray('d', [1.5, 2.5], name='${fresh('doubles')}')
held = sharedctypes.Lock(name='${fresh('held')}')
held.acquire()
reply(True)`);
    assert.deepEqual(ctx.RawArray('d', [9, 9], { name: made.at(-2)! }).slice(), [1.5, 2.5]);
    assert.equal(ctx.Lock({ name: made.at(-1)! }).acquire(false), false);
  });

  it('refuse another type or lock kind in both languages, with the same message', async () => {
    const python = peer();
    const name = fresh('typed');
    ctx.Value('i', 1, { name });
    const inNode = (() => {
      try {
        ctx.Value('d', 0, { name });
      } catch (error) {
        return error;
      }
    })();
    assert.ok(inNode instanceof TypeError);
    await assert.rejects(python.run(`sharedctypes.Value('d', name='${name}')`), (error) => {
      assert.ok(error instanceof PythonError);
      assert.deepEqual(
        [error.pythonClass, error.message],
        ['TypeError', `TypeError: ${inNode.message}`],
      );
      return true;
    });
    const lockName = fresh('lockkind');
    await python.run(`sharedctypes.Lock(name='${lockName}'); reply(True)`);
    assert.throws(() => ctx.RLock({ name: lockName }), TypeError);
  });
});

describe('memory that Python processes make', { skip: PYTHON_INTEROP_MISSING }, () => {
  const ctx = PYTHON_INTEROP_MISSING === undefined ? mp.getContext('process') : undefined!;
  const MAKE = `
made = [sharedctypes.Value('i', 41), sharedctypes.RawArray('d', 500)]
reply([json.loads(sharedctypes.handle(value)) for value in made])`;
  const segmentOf = (handle: unknown): string => {
    const { __sharedctypes__: record } = handle as {
      __sharedctypes__: { memory?: { id: string }; object?: { memory: { id: string } } };
    };
    return `/dev/shm${(record.memory ?? record.object?.memory)!.id}`;
  };

  it('loses its names when the process exits, and outlives them where mapped', async () => {
    const python = new PythonPeer();
    const handles = await python.run<unknown[]>(MAKE);
    const [value] = mp.attach(handles) as [mp.SynchronizedValue<number, number>];
    assert.ok(handles.map(segmentOf).every((file) => existsSync(file)));
    assert.equal(await python.close(), 0);
    assert.ok(handles.map(segmentOf).every((file) => !existsSync(file)));
    value.value += 1;
    assert.equal(value.value, 42, 'the memory lives while this process maps it');
    assert.throws(() => ctx.attach(handles[0]), TypeError);
  });

  it("of a killed process is swept by Node's next process context, by the pid in the names", async () => {
    const python = new PythonPeer();
    const handles = await python.run<unknown[]>(MAKE);
    await python.kill();
    assert.ok(handles.map(segmentOf).every((file) => existsSync(file)));
    assert.ok(removeNamesOfDeadProcesses() >= 2);
    assert.ok(handles.map(segmentOf).every((file) => !existsSync(file)));
  });
});

describe('the Python module', { skip: PYTHON_INTEROP_MISSING }, () => {
  it('passes its own unit tests (python3 -m unittest over python/tests)', () => {
    const result = spawnSync('python3', ['-m', 'unittest', 'discover', '-s', 'python/tests'], {
      cwd: fileURLToPath(ROOT),
      env: pythonEnvironment(),
      encoding: 'utf8',
      timeout: 300_000,
    });
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stderr, /^Ran \d+ tests in .*\n\nOK$/m);
  });
});
