/** A producer and a consumer sharing a ring buffer struct guarded by its RLock. */
import * as mp from 'sharedctypes';
import { Ring } from './ring.js';

const ring = mp.Value(Ring);
const target = new URL('./producerConsumerWorker.js', import.meta.url);
const count = 10_000;
const producer = new mp.Process({ target, args: ['producer', ring, count], name: 'producer' });
const consumer = new mp.Process({ target, args: ['consumer', ring, count], name: 'consumer' });
const workers = [producer, consumer];
for (const worker of workers) worker.start();
// Each waits for the other: when one fails, stop the other instead of waiting forever.
const stopAllIfFailed = async (worker: mp.Process) => {
  await worker.join();
  if (worker.exitCode !== 0) await Promise.all(workers.map((other) => other.terminate()));
};
await Promise.all(workers.map(stopAllIfFailed));
const codes = workers.map((worker) => worker.exitCode);
if (codes.some((code) => code !== 0))
  throw new Error(`a worker failed: exit codes ${codes.join(' ')}`);
console.log(`exit codes ${codes.join(' ')}; passed ${ring.head} items in order`); // 0 0; 10000
