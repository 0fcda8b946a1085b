/**
 * A piscina task: attach the shared counter and add to it under its lock. CommonJS:
 * piscina loads its task with `require`, and Node 20 can crash (`IsGraphAsync` fatal
 * error) when a pool ends while a worker is still loading an ES module that way.
 */
import mp = require('sharedctypes');

export = function addToCounter(data: {
  counter: mp.SynchronizedValue<number, number>;
  times: number;
}): void {
  const { counter, times } = mp.attach(data);
  for (let index = 0; index < times; index++) {
    counter.withLock(() => {
      counter.value += 1;
    });
  }
};
