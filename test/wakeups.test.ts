/**
 * No waiter is stranded while the lock is free: a wake-up whose receiver cannot use it (it
 * died right after being woken, or its thread is blocked in `acquire` behind its own pending
 * `acquireAsync`) still lets the other waiters take the lock. The waiters wait without a
 * timeout, so a stranded one shows as a test that does not finish.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Worker } from 'node:worker_threads';
import type * as mp from '../src/index.js';
import { forEachContext } from './helpers/contexts.js';
import { startWorker, untilSet } from './helpers/workers.js';

forEachContext((ctx) => {
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  /** Ends a test that a stranded waiter would never end. */
  const NOT_STRANDED = { timeout: 60_000 };

  /** The first message of `worker`, and its exit code, both listened to from its start. */
  function watch(worker: Worker): { message: Promise<unknown>; exit: Promise<number> } {
    return {
      message: new Promise((resolve, reject) => {
        worker.once('message', resolve);
        worker.once('error', reject);
      }),
      exit: new Promise((resolve) => worker.once('exit', resolve)),
    };
  }

  /** Starts a waiter of `role` and resolves once it is about to wait (and 50 ms more). */
  async function startWaiter(lock: mp.AnyLock, role: string) {
    const ready = ctx.RawValue('i');
    const waiter = watch(startWorker('wakeupWaiter', { lock, role, ready }));
    await untilSet(ready);
    // Lets the waiter fall asleep, so that the order of waiters is the one the test means.
    await sleep(50);
    return waiter;
  }

  for (const [name, makeLock] of [
    ['Lock', () => ctx.Lock()],
    ['RLock', () => ctx.RLock()],
  ] as const) {
    describe(`${name} wake-ups`, () => {
      it(
        'reach the next waiter when the woken one dies before taking the lock',
        NOT_STRANDED,
        async () => {
          const lock = makeLock();
          lock.acquire();
          const vanishing = await startWaiter(lock, 'vanishing');
          const blocking = await startWaiter(lock, 'blocking');
          lock.release();
          assert.equal(await vanishing.message, 'woken');
          assert.equal(await blocking.message, 'acquired');
          assert.deepEqual(await Promise.all([vanishing.exit, blocking.exit]), [0, 0]);
          assert.equal(lock.acquire(false), true);
          lock.release();
        },
      );

      it(
        'reach a blocking acquire of a thread whose acquireAsync is pending',
        NOT_STRANDED,
        async () => {
          const lock = makeLock();
          lock.acquire();
          const mixed = await startWaiter(lock, 'mixed');
          lock.release();
          assert.equal(await mixed.message, 'acquired both');
          assert.equal(await mixed.exit, 0);
          assert.equal(lock.acquire(false), true);
          lock.release();
        },
      );
    });
  }
});
