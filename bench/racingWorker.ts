/** One racing worker: waits for the start signal, then does guarded increments. */
import { parentPort, threadId, workerData } from 'node:worker_threads';
import * as mp from '../src/index.js';
import { AtomicsMutex, HandWrittenRLock, HandWrittenValue } from './baseline.js';

interface RacingData {
  kind: 'sharedctypes' | 'baseline' | 'floor';
  iterations: number;
  signal: Int32Array;
  value: unknown;
  baseline: Int32Array;
  floor: Int32Array;
}

const { kind, iterations, signal, value, baseline, floor } = workerData as RacingData;
Atomics.add(signal, 0, 1);
Atomics.notify(signal, 0);
Atomics.wait(signal, 1, 0);
if (kind === 'sharedctypes') {
  const counter = mp.attach(value) as mp.SynchronizedValue<number, number>;
  const lock = counter.getLock();
  for (let index = 0; index < iterations; index++) {
    lock.acquire();
    counter.value += 1;
    lock.release();
  }
} else if (kind === 'floor') {
  const lock = new HandWrittenRLock(floor, 0, threadId);
  const counter = new HandWrittenValue(lock, floor, 0, threadId, 2);
  for (let index = 0; index < iterations; index++) {
    lock.acquire();
    counter.value += 1;
    lock.release();
  }
} else {
  const mutex = new AtomicsMutex(baseline, 0);
  for (let index = 0; index < iterations; index++) {
    mutex.acquire();
    baseline[1]++;
    mutex.release();
  }
}
parentPort?.postMessage(performance.timeOrigin + performance.now());
