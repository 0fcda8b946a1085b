/** Waits (blocking) for an RLock held elsewhere, reports what it saw, releases it. */
import { parentPort, workerData } from 'node:worker_threads';
import * as mp from '../../src/index.js';
import { setFlag } from '../helpers/workers.js';

const { lock, started } = mp.attach(workerData) as { lock: mp.SharedRLock; started: Int32Array };
setFlag(started);
const acquired = lock.acquire(true, 30);
const shown = String(lock);
const owned = lock.isOwnedByCurrentThread();
lock.release();
parentPort?.postMessage({ acquired, shown, owned });
