import { parentPort, workerData } from 'node:worker_threads';
import * as mp from '../../src/index.js';

// Nothing but the pending acquireAsync keeps this worker alive while the main thread holds the lock.
const { lock, flag } = mp.attach(workerData) as {
  lock: mp.SharedLock;
  flag: mp.SharedIntegerScalar<number, number>;
};
flag.store(1);
lock.acquireAsync().then((acquired) => {
  parentPort?.postMessage({ acquired });
  lock.release();
});
