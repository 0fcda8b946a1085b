/**
 * One racer on a `Value` whose own `.value` accesses must exclude the holders of its lock:
 * a holder makes the value odd and back to even inside its critical section, and checks
 * that a second value guarded by the same lock does not change under it; an accessor reads
 * the first value (never odd) and writes the second with `.value`, without holding the lock.
 */
import { parentPort, workerData } from 'node:worker_threads';
import * as mp from '../../src/index.js';

const { role, guarded, neighbour, iterations } = mp.attach(workerData) as {
  role: 'holder' | 'accessor';
  guarded: mp.SynchronizedValue<number, number>;
  neighbour: mp.SynchronizedValue<number, number>;
  iterations: number;
};
let violations = 0;
if (role === 'holder') {
  const lock = guarded.getLock();
  const raw = guarded.getObj();
  const neighbourRaw = neighbour.getObj();
  for (let index = 0; index < iterations; index++) {
    lock.acquire();
    raw.value += 1;
    const seen = neighbourRaw.value;
    for (let spin = 0; spin < 20; spin++) if (neighbourRaw.value !== seen) violations++;
    raw.value += 1;
    lock.release();
  }
} else {
  for (let index = 0; index < iterations; index++) {
    if (guarded.value % 2 !== 0) violations++;
    neighbour.value = index;
  }
}
parentPort?.postMessage(violations);
