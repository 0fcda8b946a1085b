/**
 * Waiters for the wake-up tests. `vanishing` behaves like a waiter of the mutex that is woken
 * and then dies before it can take the lock: it marks the cell contended, sleeps on it, and
 * exits as soon as it is woken. `blocking` acquires for real, without a timeout. `mixed` has
 * an `acquireAsync` pending when it blocks in `acquire()` on the same lock.
 */
import { parentPort, workerData } from 'node:worker_threads';
import * as mp from '../../src/index.js';

const { lock, role, ready } = mp.attach(workerData) as {
  lock: mp.SharedLock | mp.SharedRLock;
  role: 'vanishing' | 'blocking' | 'mixed';
  ready: mp.SharedIntegerScalar<number>;
};

if (role === 'vanishing') {
  const { arena, offset } = lock.allocation;
  const cells = arena.view('int32');
  const state = offset / 4;
  const CONTENDED = 2;
  Atomics.exchange(cells, state, CONTENDED);
  ready.store(1);
  Atomics.wait(cells, state, CONTENDED);
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
