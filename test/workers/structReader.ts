/** Reads the struct under its lock, at least once, until told to stop; reports broken invariants. */
import { parentPort, workerData } from 'node:worker_threads';
import * as mp from '../../src/index.js';
import { setFlag } from '../helpers/workers.js';

const { pair, stop, reading } = mp.attach(workerData) as {
  pair: mp.SynchronizedStruct & { left: number; right: number; count: bigint };
  stop: mp.SharedIntegerScalar<number, number>;
  reading: Int32Array;
};
setFlag(reading);
let reads = 0;
let broken = 0;
do {
  pair.withLock(() => {
    if (pair.left + pair.right !== 0 || BigInt(pair.left) !== 3n * pair.count) broken++;
  });
  reads++;
} while (stop.load() === 0);
parentPort?.postMessage({ reads, broken });
