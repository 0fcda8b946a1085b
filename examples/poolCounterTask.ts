/** A piscina task: attach the shared counter and add to it under its lock. */
import * as mp from 'sharedctypes';

export default function addToCounter(data: {
  counter: mp.SynchronizedValue<number, number>;
  times: number;
}): void {
  const { counter, times } = mp.attach(data);
  for (let index = 0; index < times; index++) {
    counter.withLock(() => {
      counter.value += 1;
    });
  }
}
