/** Real worker_threads racing on the same shared memory; totals must be exact. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as mp from '../src/index.js';
import { forEachContext } from './helpers/contexts.js';
import { runWorker } from './helpers/workers.js';

forEachContext((ctx, label) => {
  describe('raw objects shared with a worker', () => {
    it('are written there and read back here, and a worker can send new objects back', async () => {
      const Point = mp.Structure(
        { x: mp.c_int, y: mp.c_double, name: mp.arrayOf(mp.c_char, 8) },
        { name: 'Point' },
      );
      const scalar = ctx.RawValue('i');
      const doubles = ctx.RawArray('d', 4);
      const point = ctx.RawValue(Point);
      const text = ctx.RawArray('u', 8);
      const reply = await runWorker<{ created: unknown; sum: number }>('writeRaw', {
        context: label,
        scalar,
        doubles,
        point,
        text,
      });
      assert.equal(scalar.value, 42);
      assert.deepEqual(doubles.slice(), [1.25, 0, 0, 2.5]);
      assert.equal(point.x, 7);
      assert.equal(point.y, -3.5);
      assert.equal(new TextDecoder().decode(point.name.value), 'worker');
      assert.equal(text.value, 'héllo');
      assert.equal(reply.sum, 3.75);
      const created = ctx.attach(reply.created) as mp.SynchronizedValue<number, number>;
      assert.ok(created instanceof mp.SynchronizedValue);
      assert.equal(created.value, 99);
    });
  });

  describe("a Value's own .value accesses racing the holders of its lock in 4 workers", () => {
    for (const kind of ['its own RLock', 'a Lock given to it'] as const) {
      it(`exclude each other, with ${kind}`, async () => {
        const iterations = 20_000;
        const guarded =
          kind === 'its own RLock' ? ctx.Value('i', 0) : ctx.Value('i', 0, { lock: ctx.Lock() });
        const neighbour = ctx.Value('i', 0, { lock: guarded.getLock() });
        const violations = await Promise.all(
          (['holder', 'accessor', 'holder', 'accessor'] as const).map((role) =>
            runWorker<number>('valueAccesses', { role, guarded, neighbour, iterations }),
          ),
        );
        assert.deepEqual(violations, [0, 0, 0, 0]);
        assert.equal(guarded.value, 2 * 2 * iterations);
        assert.equal(neighbour.value, iterations - 1);
      });
    }
  });

  describe('guarded increments from 4 workers', () => {
    it('give exact totals, for a Value and for an Array element sharing one lock with a Value', async () => {
      const iterations = 100_000;
      const workers = 4;
      const counter = ctx.Value('i', 0);
      const shared = ctx.RLock();
      const array = ctx.Array('q', 3, { lock: shared });
      const total = ctx.Value('q', 0n, { lock: shared });
      const plain = ctx.Value('i', 0, { lock: ctx.Lock() });
      await Promise.all(
        Array.from({ length: workers }, () =>
          runWorker('guardedIncrements', { counter, array, total, plain, iterations }),
        ),
      );
      assert.equal(plain.value, workers * iterations);
      assert.equal(counter.value, workers * iterations);
      assert.equal(array.get(1), BigInt(workers * iterations));
      assert.equal(total.value, BigInt(2 * workers * iterations));
      assert.deepEqual([array.get(0), array.get(2)], [0n, 0n]);
    });
  });
});
