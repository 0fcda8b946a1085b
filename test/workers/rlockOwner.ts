import { parentPort, workerData } from 'node:worker_threads';
import * as mp from '../../src/index.js';

const { lock } = mp.attach(workerData) as { lock: mp.SharedRLock };
let releaseError = '';
try {
  lock.release();
} catch (error) {
  releaseError = (error as Error).constructor.name;
}
const acquiredWhileHeldElsewhere = lock.acquire(true, 0.05);
parentPort?.postMessage({ releaseError, acquiredWhileHeldElsewhere });
