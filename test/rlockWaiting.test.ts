/**
 * The owned mutex of RLock (the owner in the state cell, a waiting flag beside it): threads
 * that wait for it sleep and are woken by the owner's last release, blocking or not.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as mp from '../src/index.js';
import { startWorker } from './helpers/workers.js';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function reply<Message>(worker: ReturnType<typeof startWorker>): Promise<Message> {
  return new Promise((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
}

describe('RLock waiting', () => {
  it('wakes a blocked thread at the last release of a nested hold, not before', async () => {
    const lock = mp.RLock();
    const started = mp.RawValue('i');
    lock.acquire();
    lock.acquire();
    const here = /owner=(\d+)/.exec(String(lock))?.[1];
    const worker = startWorker('rlockWaiter', { lock, started });
    const answer = reply<{ acquired: boolean; shown: string; owned: boolean }>(worker);
    while (started.load() === 0) await pause(5);
    await pause(50);
    lock.release();
    await pause(50);
    assert.match(String(lock), /count=1/, 'still held here after the first release');
    lock.release();
    const { acquired, shown, owned } = await answer;
    assert.deepEqual([acquired, owned], [true, true]);
    const there = /^<RLock\(owner=(\d+), count=1\)>$/.exec(shown)?.[1];
    assert.ok(here !== undefined && there !== undefined && here !== there, `${here} ${shown}`);
    await new Promise((resolve) => worker.once('exit', resolve));
    assert.equal(String(lock), '<RLock(None, 0)>');
    assert.equal(lock.acquire(false), true, 'free again, with no waiting flag left behind');
    lock.release();
  });

  it('resolves an acquireAsync of another thread when the owner releases it', async () => {
    const lock = mp.RLock();
    const flag = mp.RawValue('i');
    lock.acquire();
    const worker = startWorker('asyncAcquire', { lock, flag });
    const answer = reply<{ acquired: boolean }>(worker);
    while (flag.load() === 0) await pause(5);
    await pause(50);
    assert.equal(lock.isOwnedByCurrentThread(), true);
    lock.release();
    assert.deepEqual(await answer, { acquired: true });
    await new Promise((resolve) => worker.once('exit', resolve));
    assert.equal(lock.acquire(false), true);
    lock.release();
  });
});
