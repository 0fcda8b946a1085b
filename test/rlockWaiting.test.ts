/**
 * The owned mutex of RLock (the owner in the state cell, a waiting flag beside it): threads
 * that wait for it sleep and are woken by the owner's last release, blocking or not.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { forEachContext } from './helpers/contexts.js';
import { newFlag, startWorker, whenSet } from './helpers/workers.js';

forEachContext((ctx) => {
  const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  /** A worker's one reply, and its flag set: both reject if the worker fails first. */
  function watch<Message>(worker: ReturnType<typeof startWorker>, flag: Int32Array) {
    const failed = new Promise<never>((_, reject) => {
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`worker exited with code ${code}`)));
    });
    failed.catch(() => {});
    const reply = new Promise<Message>((resolve) => worker.once('message', resolve));
    return {
      reply: Promise.race([reply, failed]),
      flagged: Promise.race([whenSet(flag), failed]),
      exited: new Promise((resolve) => worker.once('exit', resolve)),
    };
  }

  describe('RLock waiting', () => {
    it('wakes a blocked thread at the last release of a nested hold, not before', async () => {
      const lock = ctx.RLock();
      const started = newFlag();
      lock.acquire();
      lock.acquire();
      const here = /owner=(\d+)/.exec(String(lock))?.[1];
      const worker = watch<{ acquired: boolean; shown: string; owned: boolean }>(
        startWorker('rlockWaiter', { lock, started }),
        started,
      );
      await worker.flagged;
      await pause(50);
      lock.release();
      await pause(50);
      assert.match(String(lock), /count=1/, 'still held here after the first release');
      lock.release();
      const { acquired, shown, owned } = await worker.reply;
      assert.deepEqual([acquired, owned], [true, true]);
      const there = /^<RLock\(owner=(\d+), count=1\)>$/.exec(shown)?.[1];
      assert.ok(here !== undefined && there !== undefined && here !== there, `${here} ${shown}`);
      await worker.exited;
      assert.equal(String(lock), '<RLock(None, 0)>');
      assert.equal(lock.acquire(false), true, 'free again, with no waiting flag left behind');
      lock.release();
    });

    it('resolves an acquireAsync of another thread when the owner releases it', async () => {
      const lock = ctx.RLock();
      const idle = newFlag();
      lock.acquire();
      const worker = watch<{ acquired: boolean }>(
        startWorker('asyncAcquire', { lock, idle }),
        idle,
      );
      await worker.flagged;
      assert.equal(lock.isOwnedByCurrentThread(), true);
      lock.release();
      assert.deepEqual(await worker.reply, { acquired: true });
      await worker.exited;
      assert.equal(lock.acquire(false), true);
      lock.release();
    });
  });
});
