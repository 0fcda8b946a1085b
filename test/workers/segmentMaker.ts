/** A Process target of the process context that makes a segment of its own, says so, and waits to be ended. */
import * as mp from '../../src/index.js';

export default async function segmentMaker(made: mp.SharedIntegerScalar<number>): Promise<void> {
  const own = mp.getContext('process').Value('i', 1);
  made.store(own.value);
  await new Promise(() => setInterval(() => {}, 1000));
}
