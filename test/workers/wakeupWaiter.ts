/**
 * Waiters for the wake-up tests. `vanishing` behaves like a waiter of the mutex that is woken
 * and then dies before it can take the lock: it marks the cell as waiters do, sleeps on it, and
 * exits as soon as it is woken. `blocking` acquires for real, without a timeout. `mixed` has
 * an `acquireAsync` pending when it blocks in `acquire()` on the same lock.
 */
import { parentPort, workerData } from 'node:worker_threads';
import * as mp from '../../src/index.js';
import { WAITING } from '../../src/locks/mutex.js';

const { lock, role, ready } = mp.attach(workerData) as {
  lock: mp.SharedLock | mp.SharedRLock;
  role: 'vanishing' | 'blocking' | 'mixed';
  ready: mp.SharedIntegerScalar<number>;
};

if (role === 'vanishing') {
  const { arena, offset } = lock.allocation;
  const cells = arena.view('int32');
  const state = offset / 4;
  // As a waiter marks the cell: the holder's state gets the WAITING flag.
  const marked = Atomics.or(cells, state, WAITING) | WAITING;
  ready.store(1);
  // Sleeps as the lock's waiters do: with the waiting of the backend whose memory it is.
  while (Atomics.load(cells, state) === marked) {
    arena.backend.waiting.wait(cells, state, marked, Number.POSITIVE_INFINITY);
  }
  parentPort?.postMessage('woken');
} else if (role === 'blocking') {
  ready.store(1);
  lock.acquire();
  lock.release();
  parentPort?.postMessage('acquired');
} else {
  const pending = lock.acquireAsync();
  ready.store(1);
  lock.acquire();
  lock.release();
  pending.then((acquired) => {
    lock.release();
    parentPort?.postMessage(acquired ? 'acquired both' : 'async acquire failed');
  });
}
