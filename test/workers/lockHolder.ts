/** Acquires or releases the lock it is given, as told, then reports and waits. */
import { parentPort, workerData } from 'node:worker_threads';
import * as mp from '../../src/index.js';

const { lock, action } = mp.attach(workerData) as {
  lock: mp.AnyLock;
  action: 'release' | 'acquire-and-stay';
};
if (action === 'release') {
  lock.release();
  parentPort?.postMessage('released');
} else {
  lock.acquire();
  parentPort?.postMessage('holding');
  setInterval(() => {}, 1000);
}
