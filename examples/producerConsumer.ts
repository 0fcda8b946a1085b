/** A producer and a consumer sharing a ring buffer struct guarded by its RLock. */
import * as mp from 'sharedctypes';
import { Ring } from './ring.js';

const ring = mp.Value(Ring);
const target = new URL('./producerConsumerWorker.js', import.meta.url);
const count = 10_000;
const producer = new mp.Process({ target, args: ['producer', ring, count], name: 'producer' });
const consumer = new mp.Process({ target, args: ['consumer', ring, count], name: 'consumer' });
producer.start();
consumer.start();
await Promise.all([producer.join(), consumer.join()]);
console.log(
  `exit codes ${producer.exitCode} ${consumer.exitCode}; passed ${ring.head} items in order`,
); // 0 0; 10000
