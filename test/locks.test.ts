/** Lock and RLock semantics, in one thread and across workers. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as mp from '../src/index.js';
import { runWorker, startWorker } from './helpers/workers.js';

describe('Lock', () => {
  it('is not recursive, has no owner, and throws LockError on a release when free', () => {
    const lock = mp.Lock();
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

  it('times out after about the requested time', () => {
    const lock = mp.Lock();
    lock.acquire();
    const start = performance.now();
    assert.equal(lock.acquire(true, 0.1), false);
    const waited = performance.now() - start;
    assert.ok(waited >= 95 && waited < 2000, `waited ${waited} ms`);
    lock.release();
  });

  it('rejects a timeout that is not a number', () => {
    const lock = mp.Lock();
    for (const bad of ['1', {}, Number.NaN, 1n]) {
      assert.throws(() => lock.acquire(true, bad as never), TypeError);
      assert.throws(() => lock.acquireAsync(bad as never), TypeError);
    }
    assert.equal(lock.acquire(true, null), true);
    lock.release();
  });

  it('is released by another thread, and acquireAsync keeps a worker alive until it settles', async () => {
    const lock = mp.Lock();
    const flag = mp.RawValue('i');
    lock.acquire();
    const worker = startWorker('asyncAcquire', { lock, flag });
    const reply = new Promise((resolve) => worker.once('message', resolve));
    while (flag.load() === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    await new Promise((resolve) => setTimeout(resolve, 100));
    lock.release();
    assert.deepEqual(await reply, { acquired: true });
    await new Promise((resolve) => worker.once('exit', resolve));
    assert.equal(lock.acquire(false), true, 'the worker released it');
  });

  it('may be released by another thread than the one that acquired it', async () => {
    const lock = mp.Lock();
    lock.acquire();
    assert.equal(await runWorker('lockHolder', { lock, action: 'release' }), 'released');
    assert.equal(lock.acquire(false), true);
    lock.release();
  });

  it('stays held when the worker holding it is terminated (dead owners are not detected yet)', async () => {
    for (const lock of [mp.Lock(), mp.RLock()]) {
      const worker = startWorker('lockHolder', { lock, action: 'acquire-and-stay' });
      await new Promise((resolve) => worker.once('message', resolve));
      await worker.terminate();
      assert.equal(
        lock.acquire(true, 0.05),
        false,
        `${String(lock)} is still held by the dead worker`,
      );
    }
  });

  it('acquireAsync times out with false', async () => {
    const lock = mp.Lock();
    lock.acquire();
    assert.equal(await lock.acquireAsync(0.05), false);
    lock.release();
    assert.equal(await lock.acquireAsync(0.05), true);
  });
});

describe('RLock', () => {
  it('is recursive with a count and owned by its thread', async () => {
    const lock = mp.RLock();
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
    const lock = mp.RLock();
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
