/** Sharing at scale: a real worker pool, many writers with a concurrent reader, big messages. */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { describe, it } from 'node:test';
import { Piscina } from 'piscina';
import * as mp from '../src/index.js';
import { forEachContext } from './helpers/contexts.js';
import { newFlag, runWorker, startWorker, whenSet } from './helpers/workers.js';

forEachContext((ctx) => {
  describe('a piscina worker pool', () => {
    it('runs tasks that attach shared objects and update them under their locks, with exact totals', async () => {
      const pool = new Piscina({
        filename: new URL('./workers/poolTask.js', import.meta.url).href,
        maxThreads: 4,
      });
      const counter = ctx.Value('i', 0);
      const totals = ctx.Array('q', 2);
      const tasks = 40;
      const times = 2_500;
      const done = await Promise.all(
        Array.from({ length: tasks }, () => pool.run({ counter, totals, times })),
      );
      await pool.destroy();
      assert.equal(
        done.reduce((sum: number, value: number) => sum + value, 0),
        tasks * times,
      );
      assert.equal(counter.value, tasks * times);
      assert.deepEqual(totals.slice(), [BigInt(tasks * times), BigInt(2 * tasks * times)]);
    });
  });

  describe('8 writers and a reader on one struct', () => {
    it('keep the two fields consistent at every read and the totals exact', async () => {
      const Pair = mp.Structure(
        { left: mp.c_int, right: mp.c_int, count: mp.c_longlong },
        { name: 'Pair' },
      );
      const pair = ctx.Value(Pair);
      const stop = ctx.RawValue('i');
      const reading = newFlag();
      const reader = startWorker('structReader', { pair, stop, reading });
      const readerReport = new Promise<{ reads: number; broken: number }>((resolve) =>
        reader.once('message', resolve),
      );
      await whenSet(reading);
      const writers = 8;
      const times = 50_000;
      await Promise.all(
        Array.from({ length: writers }, () => runWorker('structUpdates', { pair, times })),
      );
      stop.store(1);
      const { reads, broken } = await readerReport;
      assert.equal(broken, 0, `${broken} of ${reads} reads saw a half-done update`);
      assert.ok(reads > 0);
      assert.equal(pair.count, BigInt(writers * times));
      assert.equal(pair.left, 3 * writers * times);
      assert.equal(pair.right, -3 * writers * times);
    });
  });

  describe('Process with a TypeScript target', () => {
    it('runs it through tsx in the worker', async () => {
      const counter = ctx.Value('i', 0);
      const target = new URL('../../test/fixtures/typescriptTarget.ts', import.meta.url);
      const process = new ctx.Process({ target, args: [counter, 500] });
      process.start();
      await process.join();
      assert.equal(process.error, undefined);
      assert.equal(process.exitCode, 0);
      assert.equal(counter.value, 500);
    });

    it('runs the .ts source of a .js target that does not exist, as tsx resolves imports', async () => {
      const counter = ctx.Value('i', 0);
      const target = new URL('../../test/fixtures/typescriptTarget.js', import.meta.url);
      assert.equal(existsSync(target), false);
      const process = new ctx.Process({ target, args: [counter, 300] });
      process.start();
      await process.join();
      assert.equal(process.error, undefined);
      assert.equal(process.exitCode, 0);
      assert.equal(counter.value, 300);
    });
  });

  describe('a message of 10,000 shared objects', () => {
    it('arrives and attaches whole, sharing one lock', () => {
      const lock = ctx.RLock();
      const objects = Array.from({ length: 10_000 }, (_, index) => ctx.Value('i', index, { lock }));
      const live = ctx.attach(structuredClone({ objects }));
      assert.equal(live.objects.length, 10_000);
      assert.ok(
        live.objects.every(
          (object, index) =>
            object.value === index && object.getLock() === live.objects[0].getLock(),
        ),
      );
    });
  });
});
