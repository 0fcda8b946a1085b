/**
 * The process context between real OS processes: objects and locks shared by handles sent
 * as JSON text or over `child_process` IPC in both serializations, exact totals under
 * racing, refusal of handles whose memory is gone or differs, and no segment left behind
 * by a process killed with SIGKILL. Skipped, with the reason, where the native part is
 * missing.
 */
import assert from 'node:assert/strict';
import { fork, spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { describe, it } from 'node:test';
import * as mp from '../src/index.js';
import { PROCESS_CONTEXT_MISSING } from './helpers/contexts.js';

const peer = new URL('./workers/processPeer.js', import.meta.url);

function startPeer(role: string, times = 0, serialization: 'json' | 'advanced' = 'json') {
  const child = fork(peer, [role, String(times)], { serialization });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const firstMessage = new Promise<unknown>((resolve, reject) => {
    child.once('message', resolve);
    child.once('exit', (code) => reject(new Error(`peer ${role} exited with ${code} first`)));
  });
  firstMessage.catch(() => {});
  return { child, exited, firstMessage };
}

/** The file under /dev/shm of a process-context object record's memory. */
function segmentFile(record: { memory: { id: string } }): string {
  return `/dev/shm${record.memory.id}`;
}

describe('process context between processes', { skip: PROCESS_CONTEXT_MISSING }, () => {
  it('gives exact totals with this process and 3 children racing under one lock', async () => {
    const ctx = mp.getContext('process');
    const counter = ctx.Value('i', 0);
    const times = 20_000;
    const peers = [
      startPeer('increment', times, 'json'),
      startPeer('increment', times, 'advanced'),
      startPeer('increment', times, 'json'),
    ];
    // As JSON text, as the object itself over 'advanced' IPC, and over 'json' IPC.
    peers[0].child.send(JSON.stringify({ counter }));
    peers[1].child.send({ counter });
    peers[2].child.send({ counter });
    for (let index = 0; index < times; index++) {
      counter.withLock(() => {
        counter.value += 1;
      });
    }
    assert.deepEqual(await Promise.all(peers.map((one) => one.firstMessage)), [
      'done',
      'done',
      'done',
    ]);
    assert.deepEqual(await Promise.all(peers.map((one) => one.exited)), [0, 0, 0]);
    assert.equal(counter.value, 4 * times);
  });

  it('serves 1,000 pending acquireAsync waiters of one process, one at a time', async () => {
    const ctx = mp.getContext('process');
    const lock = ctx.Lock();
    const inside = ctx.RawValue('i', 0);
    let served = 0;
    lock.acquire();
    const waiters = Array.from({ length: 1_000 }, () =>
      lock.acquireAsync().then((acquired) => {
        assert.equal(acquired, true);
        assert.equal(inside.add(1), 0, 'alone in the critical section');
        served++;
        inside.sub(1);
        lock.release();
      }),
    );
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(served, 0, 'none got the held lock');
    lock.release();
    await Promise.all(waiters);
    assert.equal(served, 1_000);
    assert.equal(lock.acquire(false), true);
    lock.release();
  });

  it('refuses with TypeError handles whose memory is gone or of another size', () => {
    const ctx = mp.getContext('process');
    const value = ctx.Value('i', 7);
    const record = JSON.parse(JSON.stringify(value)).__sharedctypes__;
    const gone = structuredClone(record);
    gone.memory.id = `/sharedctypes-${process.pid}-${'0'.repeat(32)}`;
    assert.throws(() => mp.attach({ __sharedctypes__: gone }), TypeError);
    const resized = structuredClone(record);
    resized.memory.byteLength += 8;
    assert.throws(() => mp.attach({ __sharedctypes__: resized }), TypeError);
    for (const id of ['/etc/passwd', '/sharedctypes-1-x', 'sharedctypes', 7]) {
      const bad = structuredClone(record);
      bad.lockMemory.id = id;
      assert.throws(() => mp.attach({ __sharedctypes__: bad }), TypeError, String(id));
    }
    assert.equal(mp.attach(JSON.parse(JSON.stringify(value))).value, 7);
  });

  it('leaves no segment of a child killed with SIGKILL once another process starts', async (t) => {
    const { child, exited, firstMessage } = startPeer('create');
    t.after(() => child.kill('SIGKILL'));
    const handle = mp.attach(JSON.parse((await firstMessage) as string)) as mp.SynchronizedValue<
      number,
      number
    >;
    assert.equal(handle.value, 41);
    const file = segmentFile(JSON.parse(JSON.stringify(handle)).__sharedctypes__);
    assert.ok(existsSync(file), `${file} exists while its creator runs`);
    child.kill('SIGKILL');
    await exited;
    assert.ok(existsSync(file), 'a killed process cannot remove its names itself');
    const starter = spawnSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `await import(${JSON.stringify(new URL('../src/index.js', import.meta.url).href)}).then((mp) => mp.getContext('process'))`,
      ],
      { encoding: 'utf8' },
    );
    assert.equal(starter.status, 0, starter.stderr);
    assert.equal(existsSync(file), false, 'the next process to start removed it');
    assert.equal(handle.value, 41, 'memory stays while this process maps it');
  });

  it('removes the names of a Process child ended by SIGTERM or SIGKILL as it ends', async () => {
    const ctx = mp.getContext('process');
    for (const end of ['terminate', 'kill'] as const) {
      const made = ctx.RawValue('i', 0);
      const child = new ctx.Process({
        target: new URL('./workers/segmentMaker.js', import.meta.url),
        args: [made],
      });
      child.start();
      while (made.load() === 0) await new Promise((resolve) => setTimeout(resolve, 5));
      const prefix = `sharedctypes-${child.pid}-`;
      assert.equal(readdirSync('/dev/shm').filter((file) => file.startsWith(prefix)).length, 1);
      await child[end]();
      assert.equal(child.exitCode, end === 'kill' ? -9 : -15);
      assert.deepEqual(
        readdirSync('/dev/shm').filter((file) => file.startsWith(prefix)),
        [],
        end,
      );
    }
  });

  it("removes this process's segment names when it exits", () => {
    // One segment made by the main thread, one by a worker thread that has ended: the
    // worker's name stays until the process exits, so its handle still opens.
    const index = JSON.stringify(new URL('../src/index.js', import.meta.url).href);
    const script = `const mp = await import(${index});
      const { Worker } = await import('node:worker_threads');
      const v = mp.getContext('process').Value('i', 1);
      const worker = new Worker(\`const mp = await import(${index});
        const { parentPort } = await import('node:worker_threads');
        parentPort.postMessage(JSON.stringify(mp.getContext('process').Value('i', 2)));\`, { eval: true });
      const fromWorker = await new Promise((resolve) => worker.once('message', resolve));
      await new Promise((resolve) => worker.once('exit', resolve));
      if (mp.attach(JSON.parse(fromWorker)).value !== 2) process.exit(5);
      console.log(JSON.stringify([v, JSON.parse(fromWorker)]));`;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      encoding: 'utf8',
    });
    assert.equal(run.status, 0, run.stderr);
    const handles = JSON.parse(run.stdout) as { __sharedctypes__: never }[];
    assert.equal(handles.length, 2);
    for (const handle of handles) {
      assert.equal(existsSync(segmentFile(handle.__sharedctypes__)), false);
    }
  });
});
