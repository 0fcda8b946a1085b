/** Targets for the Process tests: each default export is a Process target. */
import * as mp from '../../src/index.js';

/** What the target does after its increments. */
export type TargetMode = 'ok' | 'throw' | 'async-throw' | 'hang' | 'exit-3' | 'exit-slowly';

export default async function incrementTarget(
  counter: mp.SynchronizedValue<number, number>,
  times: number,
  mode: TargetMode,
  running?: mp.SharedIntegerScalar<number>,
): Promise<void> {
  if (!(counter instanceof mp.SynchronizedValue)) throw new TypeError('counter arrived unattached');
  for (let index = 0; index < times; index++)
    counter.withLock(() => {
      counter.value += 1;
    });
  if (mode === 'exit-slowly' && running) {
    // Ends normally, then lingers in an exit listener (after the entry's), flag set.
    process.once('exit', () => {
      running.store(1);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10_000);
    });
    return;
  }
  if (running) running.store(1);
  if (mode === 'throw') throw new RangeError('target failed on purpose');
  if (mode === 'async-throw') {
    await new Promise((resolve) => setTimeout(resolve, 10));
    throw new Error('async target failed on purpose');
  }
  if (mode === 'exit-3') process.exit(3);
  if (mode === 'hang') await new Promise(() => setInterval(() => {}, 1000));
}
