/** The shared heap: small objects share slabs; memory of dropped objects is given back; memory still seen elsewhere is not. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { heapStatistics } from '../src/backends/thread/threadBackend.js';
import * as mp from '../src/index.js';

const gc = (globalThis as { gc?: () => void }).gc;

describe('heap', () => {
  it('packs small objects into shared slabs, at most 64 bytes each', () => {
    const before = heapStatistics();
    const objects = Array.from({ length: 10_000 }, () => mp.Value('i'));
    const after = heapStatistics();
    const perObject = (after.bytesAllocated - before.bytesAllocated) / objects.length;
    assert.ok(perObject <= 64, `${perObject} bytes per Value('i') with its lock`);
    assert.ok(
      after.slabs - before.slabs <= Math.ceil((10_000 * perObject) / 8192) + 1,
      'slabs are shared',
    );
    assert.equal(after.largeObjects, before.largeObjects);
  });

  it('keeps shared memory bounded while 2,000,000 small objects are allocated and dropped', async () => {
    let peak = 0;
    const before = heapStatistics().bytesAllocated;
    for (let round = 0; round < 20; round++) {
      for (let index = 0; index < 100_000; index++) mp.RawValue('i', index);
      await nextTurn();
      peak = Math.max(peak, process.memoryUsage().arrayBuffers);
    }
    const handedOut = heapStatistics().bytesAllocated - before;
    assert.equal(handedOut, 2_000_000 * 16);
    assert.ok(
      peak < handedOut / 4,
      `peak ${peak} bytes of array buffers for ${handedOut} bytes handed out`,
    );
  });

  it('keeps the memory of an object sent to another thread after the sender dropped it', {
    skip: gc ? false : 'run with --expose-gc',
  }, async () => {
    const { port1, port2 } = new MessageChannel();
    let sent: mp.SharedScalar<number, number> | undefined = mp.RawValue('i', 1234);
    const received = new Promise<unknown>((resolve) => port2.once('message', resolve));
    port1.postMessage(sent);
    sent = undefined;
    const inert = await received;
    for (let round = 0; round < 3; round++) {
      gc?.();
      await nextTurn();
    }
    const fresh = Array.from({ length: 10_000 }, () => mp.RawValue('i', 7));
    const live = mp.attach(inert) as mp.SharedScalar<number, number>;
    assert.equal(live.value, 1234);
    assert.ok(fresh.every((value) => value.value === 7));
    port1.close();
  });
});
