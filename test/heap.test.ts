/** The shared heap: small objects share arenas; dropped memory is reused; exported memory is not. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setImmediate as nextTurn } from 'node:timers/promises';
import * as mp from '../src/index.js';

const gc = (globalThis as { gc?: () => void }).gc;

/** Runs full collections and lets the finalization callbacks run. */
async function settle(): Promise<void> {
  for (let round = 0; round < 3; round++) {
    gc?.();
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('heap', () => {
  it('packs small objects into shared arenas, at most 64 bytes each', () => {
    const before = mp.heapStatistics().arenaBytes;
    const objects = Array.from({ length: 10_000 }, () => mp.Value('i'));
    const used = mp.heapStatistics().arenaBytes - before;
    assert.ok(used <= 10_000 * 64, `${used} bytes for 10,000 Value('i') with their locks`);
    assert.equal(objects.length, 10_000);
  });

  it('reuses the memory of dropped objects once the garbage collector has found them', {
    skip: gc ? false : 'run with --expose-gc',
  }, async () => {
    for (let index = 0; index < 100_000; index++) mp.RawValue('i', index);
    await settle();
    const { arenas, freeBlocks } = mp.heapStatistics();
    assert.ok(freeBlocks >= 100_000, `${freeBlocks} free blocks after dropping 100,000 objects`);
    const kept = Array.from({ length: 100_000 }, () => mp.RawValue('i'));
    assert.equal(mp.heapStatistics().arenas, arenas, 'no new arena while free blocks remain');
    assert.ok(
      kept.every((value) => value.value === 0),
      'reused memory is zeroed',
    );
  });

  it('never reuses memory of an object that was sent to another thread', {
    skip: gc ? false : 'run with --expose-gc',
  }, async () => {
    const { port1, port2 } = new MessageChannel();
    let sent: mp.SharedScalar<number, number> | undefined = mp.RawValue('i', 1234);
    const received = new Promise<unknown>((resolve) => port2.once('message', resolve));
    port1.postMessage(sent);
    sent = undefined;
    const live = mp.attach(await received) as mp.SharedScalar<number, number>;
    await settle();
    const fresh = Array.from({ length: 1000 }, () => mp.RawValue('i', 7));
    assert.equal(live.value, 1234);
    assert.equal(fresh.length, 1000);
    port1.close();
  });
});
