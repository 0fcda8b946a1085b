import { parentPort, workerData } from 'node:worker_threads';
import * as mp from '../../src/index.js';
import { setFlag } from '../helpers/workers.js';

// Nothing but the pending acquireAsync keeps this worker alive while the main thread holds the lock.
const { lock, idle } = mp.attach(workerData) as { lock: mp.SharedLock; idle: Int32Array };
lock.acquireAsync().then((acquired) => {
  parentPort?.postMessage({ acquired });
  lock.release();
});
// Runs once nothing but the pending acquire is left: a worker that the acquire did not keep
// alive exits right after this callback, without a message.
setImmediate(() => setFlag(idle));
