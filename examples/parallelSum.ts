/** A parallel sum of a large shared Array('d'), split across Process workers. */
import * as mp from 'sharedctypes';

const length = 1_000_000;
const parts = 4;
const data = mp.Array('d', length);
data.typed.forEach((_, index, values) => {
  values[index] = index % 100;
});
const partials = mp.Array('d', parts);
const target = new URL('./parallelSumWorker.js', import.meta.url);
const workers = Array.from(
  { length: parts },
  (_, part) => new mp.Process({ target, args: [data, partials, part, parts] }),
);
for (const worker of workers) worker.start();
await Promise.all(workers.map((worker) => worker.join()));
const failed = workers.find((worker) => worker.exitCode !== 0);
if (failed) throw new Error(`${failed.name} failed with exit code ${failed.exitCode}`);
const total = partials.slice().reduce((sum, value) => sum + value, 0);
console.log(`sum of ${length} doubles in ${parts} workers: ${total}`); // 49500000
