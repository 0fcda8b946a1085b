import { isMainThread, Worker, workerData } from 'node:worker_threads';
import * as mp from 'sharedctypes';

if (isMainThread) {
  const counter = mp.Value('i', 0); // an int with its own RLock, in shared memory
  const seen = mp.Array('d', 4); // four doubles, same lock semantics
  const workers = [0, 1, 2, 3].map(
    (id) => new Worker(new URL(import.meta.url), { workerData: { counter, seen, id } }),
  );
  await Promise.all(workers.map((worker) => new Promise((done) => worker.on('exit', done))));
  console.log(counter.value, seen.slice()); // 4000 [ 0, 1.5, 3, 4.5 ]
} else {
  const { counter, seen, id } = mp.attach(workerData); // always attach what you receive
  for (let i = 0; i < 1000; i++) {
    counter.withLock(() => {
      counter.value += 1; // read-modify-write under the lock: no lost updates
    });
  }
  seen[id] = id * 1.5;
}
