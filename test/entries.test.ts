/**
 * The package's two entries, `import` (dist/) and `require` (dist/cjs/), loaded in one
 * process: objects made by either attach in the other, in one thread and through the
 * `Process` workers of both.
 */
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { describe, it } from 'node:test';
import * as esm from 'sharedctypes';

/** Both entries have one API; the CommonJS typings are checked in package.test.ts. */
type Entry = typeof esm;
const cjs = createRequire(import.meta.url)('sharedctypes') as Entry;

const pairs: readonly (readonly [string, Entry, Entry])[] = [
  ['require to import', cjs, esm],
  ['import to require', esm, cjs],
];

const targets = new Map<Entry, URL>([
  [cjs, new URL('./workers/cjsEntryTarget.cjs', import.meta.url)],
  [esm, new URL('./workers/esmEntryTarget.js', import.meta.url)],
]);

describe('CommonJS and ES module entries', () => {
  it('are two separate copies of the classes', () => {
    assert.notEqual(cjs.SynchronizedValue, esm.SynchronizedValue);
    assert.equal(cjs.Value('i', 1) instanceof esm.SynchronizedValue, false);
  });

  for (const [direction, from, to] of pairs) {
    it(`attach objects of the other entry in one thread (${direction})`, () => {
      const lock = from.Lock();
      const made = from.Value('i', 5, { lock });
      const live = to.attach(made);
      assert.ok(live instanceof to.SynchronizedValue);
      live.value = 7;
      assert.equal(made.value, 7);
      lock.acquire();
      assert.equal(live.getLock().acquire(false), false, 'the attached lock is the same lock');
      lock.release();
      assert.equal(live.getLock().acquire(false), true);
      live.getLock().release();

      const Point = from.Structure({ x: from.c_int, tag: from.arrayOf('c', 4) });
      const points = from.RawArray(Point, 2);
      points[1].x = 3;
      const { list } = to.attach({ list: [points] });
      assert.ok(list[0] instanceof to.SharedArray);
      assert.equal(list[0][1].x, 3);
      list[0][0].x = 9;
      assert.equal(points[0].x, 9);
      assert.ok(to.synchronized(list[0]) instanceof to.SynchronizedArray);
    });

    it(`run Process targets of the starting entry with its objects (${direction})`, async () => {
      const counter = from.Value('i', 0);
      const processes = [0, 1].map(
        () => new to.Process({ target: targets.get(to)!, args: [counter, 1000, 'count'] }),
      );
      for (const process of processes) process.start();
      for (let index = 0; index < 1000; index++) {
        counter.withLock(() => {
          counter.value += 1;
        });
      }
      await Promise.all(processes.map((process) => process.join()));
      assert.deepEqual(
        processes.map((process) => [process.exitCode, process.error]),
        [
          [0, undefined],
          [0, undefined],
        ],
      );
      assert.equal(counter.value, 3000);
    });
  }

  it('end a Process whose target can never settle with exit code 13, in both entries', async () => {
    for (const entry of [cjs, esm]) {
      const process = new entry.Process({
        target: targets.get(entry)!,
        args: [entry.Value('i'), 1, 'never-settles'],
      });
      process.start();
      await process.join();
      assert.equal(process.exitCode, 13);
    }
  });
});
