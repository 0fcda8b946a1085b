/**
 * A separate OS process for the process-context tests, started with `child_process.fork`.
 * `increment`: attaches the counter it is sent (as JSON text or as the object, by either
 * serialization) and adds to it under its lock. `create`: makes a `Value` of its own, sends
 * its handle, and waits to be killed.
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
} else if (role === 'create') {
  const own = mp.getContext('process').Value('i', 41);
  await send(JSON.stringify(own));
  setInterval(() => {}, 1000);
}
