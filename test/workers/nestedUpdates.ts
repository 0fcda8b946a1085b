/** Guarded updates through nested views of a struct, one view kept for the whole loop. */
import { parentPort, workerData } from 'node:worker_threads';
import * as mp from '../../src/index.js';

interface Point {
  x: number;
  y: number;
}
type Line = mp.SynchronizedStruct & { a: Point; b: Point };

const { line, times } = mp.attach(workerData) as { line: Line; times: number };
const raw = line.getObj() as unknown as { b: Point; tags: mp.SharedArray<typeof mp.c_int> };
const kept = raw.b;
const first = line.a;
for (let index = 0; index < times; index++) {
  line.withLock(() => {
    line.a.x += 1;
    kept.x += 2;
    raw.tags.set(1, raw.tags.get(1) + 1);
  });
}
parentPort?.postMessage(line.a === first && raw.b === kept);
