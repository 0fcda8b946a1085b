/** Reads the struct under its lock until told to stop; reports broken invariants. */
import { parentPort, workerData } from 'node:worker_threads';
import * as mp from '../../src/index.js';

const { pair, stop } = mp.attach(workerData) as {
  pair: mp.SynchronizedStruct & { left: number; right: number; count: bigint };
  stop: mp.SharedIntegerScalar<number, number>;
};
let reads = 0;
let broken = 0;
while (stop.load() === 0) {
  pair.withLock(() => {
    if (pair.left + pair.right !== 0 || BigInt(pair.left) !== 3n * pair.count) broken++;
  });
  reads++;
}
parentPort?.postMessage({ reads, broken });
