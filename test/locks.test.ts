/** Lock and RLock semantics, in one thread and across workers. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as mp from '../src/index.js';
import { forEachContext, PROCESS_CONTEXT_MISSING } from './helpers/contexts.js';
import { newFlag, runWorker, startWorker, whenSet } from './helpers/workers.js';

forEachContext((ctx) => {
  describe('Lock', () => {
    it('is not recursive, has no owner, and throws LockError on a release when free', () => {
      const lock = ctx.Lock();
      assert.ok(lock instanceof mp.Lock);
      assert.equal(lock.acquire(), true);
      assert.equal(lock.acquire(false), false);
      assert.equal(lock.acquire(true, 0), false);
      assert.equal(lock.acquire(true, -1), false);
      lock.release();
      assert.throws(() => lock.release(), mp.LockError);
      assert.equal(lock.acquire(false), true);
      lock.release();
    });

    it('times out with false, not before the timeout has passed', async () => {
      const lock = ctx.Lock();
      lock.acquire();
      for (const acquire of [() => lock.acquire(true, 0.1), () => lock.acquireAsync(0.1)]) {
        const start = performance.now();
        assert.equal(await acquire(), false);
        const waited = performance.now() - start;
        // The deadline is taken on the same monotonic clock; only rounding may shave off a hair.
        assert.ok(waited >= 100 - 1e-6, `gave up after ${waited} ms`);
      }
      lock.release();
    });

    it('rejects a timeout that is not a number', () => {
      const lock = ctx.Lock();
      for (const bad of ['1', {}, Number.NaN, 1n]) {
        assert.throws(() => lock.acquire(true, bad as never), TypeError);
        assert.throws(() => lock.acquireAsync(bad as never), TypeError);
      }
      assert.equal(lock.acquire(true, null), true);
      lock.release();
    });

    it('is released by another thread, and acquireAsync keeps a worker alive until it settles', async () => {
      const lock = ctx.Lock();
      const idle = newFlag();
      lock.acquire();
      const worker = startWorker('asyncAcquire', { lock, idle });
      const exited = new Promise((resolve) => worker.once('exit', resolve));
      const reply = new Promise((resolve) => worker.once('message', resolve));
      await whenSet(idle);
      lock.release();
      const first = await Promise.race([reply, exited.then(() => 'exited without a reply')]);
      assert.deepEqual(first, { acquired: true });
      await exited;
      assert.equal(lock.acquire(false), true, 'the worker released it');
    });

    it('may be released by another thread than the one that acquired it', async () => {
      const lock = ctx.Lock();
      lock.acquire();
      assert.equal(await runWorker('lockHolder', { lock, action: 'release' }), 'released');
      assert.equal(lock.acquire(false), true);
      lock.release();
    });

    it('is abandoned when the worker holding it is terminated (held for good without the native part)', async () => {
      for (const lock of [ctx.Lock(), ctx.RLock()]) {
        const worker = startWorker('lockHolder', { lock, action: 'acquire-and-stay' });
        await new Promise((resolve) => worker.once('message', resolve));
        await worker.terminate();
        if (PROCESS_CONTEXT_MISSING === undefined) {
          assert.throws(() => lock.acquire(true, 30), mp.AbandonedLockError, String(lock));
          lock.release();
        } else {
          assert.equal(lock.acquire(true, 0.05), false, `${String(lock)} stays held`);
        }
      }
    });

    it('acquireAsync times out with false', async () => {
      const lock = ctx.Lock();
      lock.acquire();
      assert.equal(await lock.acquireAsync(0.05), false);
      lock.release();
      assert.equal(await lock.acquireAsync(0.05), true);
    });
  });

  describe('RLock', () => {
    it('is recursive with a count and owned by its thread', async () => {
      const lock = ctx.RLock();
      for (let depth = 0; depth < 100; depth++) assert.equal(lock.acquire(), true);
      const reply = await runWorker<{ releaseError: string; acquiredWhileHeldElsewhere: boolean }>(
        'rlockOwner',
        { lock },
      );
      assert.deepEqual(reply, { releaseError: 'LockError', acquiredWhileHeldElsewhere: false });
      for (let depth = 0; depth < 100; depth++) lock.release();
      assert.throws(() => lock.release(), mp.LockError);
      assert.equal(await lock.acquireAsync(), true);
      lock.release();
    });

    it('works as a scope guard: using, withLock, release on throw, dispose twice is harmless', () => {
      const lock = ctx.RLock();
      {
        using guard = lock.hold();
        assert.match(String(lock), /count=1/);
        guard.release();
        guard.release();
      }
      assert.equal(String(lock), '<RLock(None, 0)>');
      assert.throws(() =>
        lock.withLock(() => {
          throw new Error('inside');
        }),
      );
      assert.equal(lock.acquire(false), true);
      lock.release();
      assert.equal(
        lock.withLock(() => 42),
        42,
      );
    });
  });
});
