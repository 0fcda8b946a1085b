import { parentPort, workerData } from 'node:worker_threads';
import * as mp from '../../src/index.js';

const { counter, array, total, plain, iterations } = mp.attach(workerData) as {
  counter: mp.SynchronizedValue<number, number>;
  array: mp.SynchronizedArray<typeof mp.c_longlong>;
  total: mp.SynchronizedValue<bigint, bigint>;
  plain: mp.SynchronizedValue<number, number>;
  iterations: number;
};
if (array.getLock() !== total.getLock())
  throw new Error('objects that shared a lock must share one after attach');
for (let index = 0; index < iterations; index++) {
  const lock = counter.getLock();
  lock.acquire();
  counter.value += 1;
  lock.release();
  using _ = array.hold();
  array.set(1, array.get(1) + 1n);
  total.value += 2n;
  const plainLock = plain.getLock();
  plainLock.acquire();
  plain.getObj().value += 1;
  plainLock.release();
}
parentPort?.postMessage('done');
