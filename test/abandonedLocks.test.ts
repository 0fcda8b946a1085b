/**
 * Abandoned locks: a holder that ends while holding a `Lock` or `RLock` (a worker or child
 * process terminated, killed, crashed or exited) leaves no waiter stranded. The next
 * acquirer gets the lock and an `AbandonedLockError`; scope guards release it and never
 * run their body; later acquisitions are ordinary. Runs in every context: in the thread
 * context the holder is a worker thread, in the process context a child process.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import * as mp from '../src/index.js';
import { forEachContext } from './helpers/contexts.js';
import type { HolderMode } from './workers/abandoningHolder.js';

const holderTarget = new URL('./workers/abandoningHolder.js', import.meta.url);
const KINDS = ['Lock', 'RLock'] as const;
/** Every holder started, ended when the file's tests end (even when one failed). */
const holders: mp.Process[] = [];
after(() => Promise.all(holders.map((holder) => holder.kill())));

/** Starts a Process that acquires `lock` and ends as `mode` says; resolves once it holds it. */
async function holderOf(ctx: mp.Context, lock: mp.AnyLock, mode: HolderMode) {
  const held = ctx.RawValue('i', 0);
  const holder = new ctx.Process({ target: holderTarget, args: [lock, held, mode] });
  holders.push(holder);
  holder.start();
  while (held.load() === 0 && holder.isAlive()) await sleep(5);
  assert.equal(held.load(), 1, 'the holder took the lock');
  return holder;
}

/** Asserts that the lock is held by someone: a non-blocking acquire from here fails. */
function assertHeld(lock: mp.AnyLock): void {
  if (lock instanceof mp.RLock) {
    assert.equal(lock.isOwnedByCurrentThread(), true);
  } else {
    assert.equal(lock.acquire(false), false);
  }
}

forEachContext((ctx) => {
  for (const kind of KINDS) {
    describe(`an abandoned ${kind}`, () => {
      it('is acquired by the next acquire, which throws AbandonedLockError', async () => {
        const lock = ctx[kind]();
        const holder = await holderOf(ctx, lock, 'wait');
        await holder.terminate();
        assert.throws(
          () => lock.acquire(),
          (error: unknown) => error instanceof mp.AbandonedLockError && error.lock === lock,
        );
        assertHeld(lock);
        lock.release();
        assert.equal(lock.acquire(false), true, 'later acquisitions are ordinary');
        lock.release();
      });

      it('stays held, without AbandonedLockError, while its holder lives', async () => {
        const lock = ctx[kind]();
        const holder = await holderOf(ctx, lock, 'wait');
        // Several wait slices, and so several looks at whether the holder ended.
        assert.equal(lock.acquire(true, 0.3), false);
        assert.equal(lock.acquire(false), false);
        assert.equal(await lock.acquireAsync(0.2), false);
        await holder.terminate();
        assert.throws(() => lock.acquire(), mp.AbandonedLockError);
        lock.release();
      });

      it('is reported to a waiter that was already waiting when the holder ended', async () => {
        const lock = ctx[kind]();
        const holder = await holderOf(ctx, lock, 'wait');
        // Listened to at once: it may reject while the holder is still being terminated.
        const waiting = assert.rejects(lock.acquireAsync(), mp.AbandonedLockError);
        await sleep(20);
        await holder.terminate();
        await waiting;
        assertHeld(lock);
        lock.release();
      });

      it('is reported once a holder that crashed or exited has ended', async () => {
        for (const mode of ['throw', 'exit'] as const) {
          const lock = ctx[kind]();
          const holder = await holderOf(ctx, lock, mode);
          await holder.join();
          assert.throws(() => lock.acquire(true, 30), mp.AbandonedLockError, mode);
          lock.release();
        }
      });

      it('is reported to a non-blocking acquire, which then holds it', async () => {
        const lock = ctx[kind]();
        await (await holderOf(ctx, lock, 'wait')).terminate();
        assert.throws(() => lock.acquire(false), mp.AbandonedLockError);
        assertHeld(lock);
        lock.release();
      });

      it('makes withLock, hold and withLockAsync release it without running their body', async () => {
        const lock = ctx[kind]();
        let ran = 0;
        await (await holderOf(ctx, lock, 'wait')).terminate();
        assert.throws(() => lock.withLock(() => ran++), mp.AbandonedLockError);
        assert.equal(lock.acquire(false), true, 'withLock released it');
        lock.release();

        await (await holderOf(ctx, lock, 'wait')).terminate();
        assert.throws(() => lock.hold(), mp.AbandonedLockError);
        assert.equal(lock.acquire(false), true, 'hold released it');
        lock.release();

        await (await holderOf(ctx, lock, 'wait')).terminate();
        await assert.rejects(
          lock.withLockAsync(async () => ran++),
          mp.AbandonedLockError,
        );
        assert.equal(lock.acquire(false), true, 'withLockAsync released it');
        lock.release();
        assert.equal(ran, 0);
      });
    });
  }

  describe("a wrapper's own critical sections", () => {
    it('release an abandoned lock and throw, and work again afterwards', async () => {
      const counter = ctx.Value('i', 5);
      const array = ctx.Array('i', 3, { lock: counter.getLock() });
      await (await holderOf(ctx, counter.getLock(), 'wait')).terminate();
      assert.throws(() => counter.value, mp.AbandonedLockError);
      assert.equal(counter.value, 5);
      await (await holderOf(ctx, counter.getLock(), 'wait')).terminate();
      assert.throws(() => array.set(1, 9), mp.AbandonedLockError);
      assert.equal(array.get(1), 0, 'the store did not run');
      array.set(1, 9);
      assert.equal(array.get(1), 9);
    });
  });
});

describe('abandoned locks in the process context', () => {
  it('are reported after the holder process was killed with SIGKILL', async (t) => {
    let ctx: mp.Context;
    try {
      ctx = mp.getContext('process');
    } catch (error) {
      t.skip((error as Error).message);
      return;
    }
    for (const kind of KINDS) {
      const lock = ctx[kind]();
      const holder = await holderOf(ctx, lock, 'wait');
      await holder.kill();
      assert.equal(holder.exitCode, -9);
      assert.throws(() => lock.acquire(), mp.AbandonedLockError, kind);
      lock.release();
    }
  });
});
