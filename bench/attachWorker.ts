/** Receives one message of many shared objects, attaches it, reports time and heap growth. */
import { parentPort } from 'node:worker_threads';
import * as mp from '../src/index.js';

parentPort?.once('message', (message: { objects: unknown[] }) => {
  const heapBefore = process.memoryUsage().heapUsed;
  const start = performance.now();
  const live = mp.attach(message) as { objects: mp.SynchronizedValue<number, number>[] };
  const attachMs = performance.now() - start;
  const heapBytes = process.memoryUsage().heapUsed - heapBefore;
  let sum = 0;
  for (const object of live.objects) sum += object.value;
  parentPort?.postMessage({
    attachMs,
    heapBytes,
    sum,
    sharedLock: live.objects[0].getLock() === live.objects[1].getLock(),
  });
});
