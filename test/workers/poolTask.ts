/** A piscina task: attach the shared objects it receives and update them under their locks. */
import * as mp from '../../src/index.js';

interface PoolData {
  counter: mp.SynchronizedValue<number, number>;
  totals: mp.SynchronizedArray<typeof mp.c_longlong>;
  times: number;
}

export default function poolTask(data: PoolData): number {
  const { counter, totals, times } = mp.attach(data);
  for (let index = 0; index < times; index++) {
    counter.withLock(() => {
      counter.value += 1;
    });
    using _ = totals.hold();
    totals.set(0, totals.get(0) + 1n);
    totals.set(1, totals.get(1) + 2n);
  }
  return times;
}
