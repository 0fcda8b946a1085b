/** Process target loaded by the ES module entry's worker: expects objects of that entry. */
import * as mp from 'sharedctypes';

export default function esmEntryTarget(
  counter: mp.SynchronizedValue<number, number>,
  times: number,
  mode: 'count' | 'never-settles',
): Promise<void> | undefined {
  if (!(counter instanceof mp.SynchronizedValue)) {
    throw new TypeError('counter arrived as an object of the other entry');
  }
  for (let index = 0; index < times; index++) {
    counter.withLock(() => {
      counter.value += 1;
    });
  }
  return mode === 'never-settles' ? new Promise(() => {}) : undefined;
}
