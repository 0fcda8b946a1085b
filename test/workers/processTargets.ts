/** Targets for the Process tests: each default export is a Process target. */
import * as mp from '../../src/index.js';

export default async function incrementTarget(
  counter: mp.SynchronizedValue<number, number>,
  times: number,
  mode: 'ok' | 'throw' | 'async-throw' | 'hang',
): Promise<void> {
  if (!(counter instanceof mp.SynchronizedValue)) throw new TypeError('counter arrived unattached');
  for (let index = 0; index < times; index++)
    counter.withLock(() => {
      counter.value += 1;
    });
  if (mode === 'throw') throw new RangeError('target failed on purpose');
  if (mode === 'async-throw') {
    await new Promise((resolve) => setTimeout(resolve, 10));
    throw new Error('async target failed on purpose');
  }
  if (mode === 'hang') await new Promise(() => setInterval(() => {}, 1000));
}
