/**
 * A separate OS process for the process-context tests, started with `child_process.fork`.
 * `increment`: attaches the counter it is sent (as JSON text or as the object, by either
 * serialization) and adds to it under its lock. `create`: makes a `Value` of its own, sends
 * its handle, and waits to be killed. `named`: opens the named objects `<prefix>-counter`,
 * `<prefix>-lock` and `<prefix>-total` (creating whichever does not exist yet) and adds to
 * them, the counter under its own lock and the raw total under the named lock; it opens
 * them only once the parent lets it through `<prefix>-start`, so that the peers race.
 */
import * as mp from '../../src/index.js';

const [role, times] = [process.argv[2], Number(process.argv[3])];
const send = (message: unknown) => new Promise((resolve) => process.send?.(message, resolve));

if (role === 'increment') {
  process.once('message', async (message) => {
    const data = typeof message === 'string' ? JSON.parse(message) : message;
    const { counter } = mp.attach(data) as { counter: mp.SynchronizedValue<number, number> };
    for (let index = 0; index < times; index++) {
      counter.withLock(() => {
        counter.value += 1;
      });
    }
    await send('done');
    process.exit(0);
  });
} else if (role === 'named') {
  const ctx = mp.getContext('process');
  const prefix = process.argv[4];
  // A barrier: all peers arrive, then the parent lets them race to create the objects.
  const start = ctx.RawValue('i', 0, { name: `${prefix}-start` });
  start.add(1);
  while (start.load() < 100) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1);
  const counter = ctx.Value('i', 0, { name: `${prefix}-counter` });
  const lock = ctx.Lock({ name: `${prefix}-lock` });
  const total = ctx.RawValue('q', 0n, { name: `${prefix}-total` });
  for (let index = 0; index < times; index++) {
    counter.withLock(() => {
      counter.value += 1;
    });
    lock.withLock(() => {
      total.value += 1n;
    });
  }
  await send('done');
  process.exit(0);
} else if (role === 'create') {
  const own = mp.getContext('process').Value('i', 41);
  await send(JSON.stringify(own));
  setInterval(() => {}, 1000);
}
