import { parentPort, workerData } from 'node:worker_threads';
import * as mp from '../../src/index.js';
import { contextLabelled } from '../helpers/contexts.js';

const Point = mp.Structure(
  { x: mp.c_int, y: mp.c_double, name: mp.arrayOf(mp.c_char, 8) },
  { name: 'Point' },
);
const { context, ...shared } = workerData as { context: string };
const ctx = contextLabelled(context);
const { scalar, doubles, point, text } = ctx.attach(shared) as {
  scalar: mp.SharedScalar<number, number>;
  doubles: mp.SharedArray<typeof mp.c_double>;
  point: mp.StructView<typeof Point.fieldTypes>;
  text: mp.SharedWideCharArray;
};
scalar.value = 42;
doubles.set(-1, 2.5);
doubles[0] = 1.25;
point.x = 7;
point.y = -3.5;
point.name.value = new TextEncoder().encode('worker');
text.value = 'héllo';
const created = ctx.Value('i', 99);
parentPort?.postMessage({ created, sum: doubles.slice().reduce((a, b) => a + b, 0) });
