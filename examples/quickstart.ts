import { isMainThread } from 'node:worker_threads';
import * as mp from 'sharedctypes';

/** Runs in each worker; Process attaches the args: the same shared memory, the same lock. */
export default function work(
  counter: mp.SynchronizedFor<'i'>,
  seen: mp.SynchronizedArray<typeof mp.c_double>,
  id: number,
): void {
  for (let i = 0; i < 1000; i++) {
    counter.withLock(() => {
      counter.value += 1; // read-modify-write under the lock: no lost updates
    });
  }
  seen[id] = id * 1.5;
}

if (isMainThread) {
  const counter = mp.Value('i', 0); // an int with its own RLock, in shared memory
  const seen = mp.Array('d', 4); // four doubles, same lock semantics
  const workers = [0, 1, 2, 3].map(
    (id) => new mp.Process({ target: new URL(import.meta.url), args: [counter, seen, id] }),
  );
  for (const worker of workers) worker.start();
  await Promise.all(workers.map((worker) => worker.join()));
  if (workers.some((worker) => worker.exitCode !== 0)) throw new Error('a worker failed');
  console.log(counter.value, seen.slice()); // 4000 [ 0, 1.5, 3, 4.5 ]
}
