/** Guarded updates to a two-field struct that must stay consistent: `left + right === 0`. */
import { parentPort, workerData } from 'node:worker_threads';
import * as mp from '../../src/index.js';

const { pair, times } = mp.attach(workerData) as {
  pair: mp.SynchronizedStruct & { left: number; right: number; count: bigint };
  times: number;
};
for (let index = 0; index < times; index++) {
  const lock = pair.getLock();
  lock.acquire();
  pair.left += 3;
  pair.right -= 3;
  pair.count += 1n;
  lock.release();
}
parentPort?.postMessage('done');
