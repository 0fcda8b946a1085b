/**
 * A Process target that acquires a lock, says so through `held`, and then ends holding it
 * the way `mode` says: it waits to be terminated or killed (`wait`), throws (`throw`), or
 * exits (`exit`).
 */
import type * as mp from '../../src/index.js';

export type HolderMode = 'wait' | 'throw' | 'exit';

export default async function abandoningHolder(
  lock: mp.AnyLock,
  held: mp.SharedIntegerScalar<number>,
  mode: HolderMode,
): Promise<void> {
  lock.acquire();
  held.store(1);
  if (mode === 'throw') throw new Error('holder failed on purpose, holding the lock');
  if (mode === 'exit') process.exit(0);
  await new Promise(() => setInterval(() => {}, 1000));
}
