/**
 * The rows of a `Value('i')` and its lock: `.value` read and written outside the lock, then
 * the guarded increment. Each is measured three ways in the same turns: sharedctypes, the
 * bare `Atomics` mutex, and its floor (the same steps written by hand). They run in this
 * order, so that the floor's accesses are used outside the lock before the guarded
 * increment, as the `Value`'s are.
 */
import * as mp from '../src/index.js';
import { AtomicsMutex, HandWrittenRLock, HandWrittenValue } from './baseline.js';
import { BATCH, consume } from './common.js';

/** One such row: its name, its note and its three bodies. */
export interface ValueRow {
  operation: string;
  note: string;
  bodies: readonly [ours: () => void, mutexed: () => void, floor: () => void];
}

/** The value, the mutex and the mutex's cells that the rows use (later rows use them too), and the rows. */
export function valueRows(): {
  value: mp.SynchronizedIntegerValue<number, number>;
  mutex: AtomicsMutex;
  cells: Int32Array;
  rows: readonly ValueRow[];
} {
  const value = mp.Value('i', 0);
  const lock = value.getLock();
  const cells = new Int32Array(new SharedArrayBuffer(8));
  const mutex = new AtomicsMutex(cells, 0);
  const floorCells = new Int32Array(new SharedArrayBuffer(16));
  const floorLock = new HandWrittenRLock(floorCells, 0, 1);
  const floorValue = new HandWrittenValue(floorLock, floorCells, 0, 1, 2);
  const rows: ValueRow[] = [
    {
      operation: 'Value.value read',
      note: 'baseline: Atomics mutex around an Int32Array read',
      bodies: [
        () => {
          for (let index = 0; index < BATCH; index++) consume(value.value);
        },
        () => {
          for (let index = 0; index < BATCH; index++) {
            mutex.acquire();
            consume(cells[1]);
            mutex.release();
          }
        },
        () => {
          for (let index = 0; index < BATCH; index++) consume(floorValue.value);
        },
      ],
    },
    {
      operation: 'Value.value write',
      note: 'baseline: the same mutex around a write',
      bodies: [
        () => {
          for (let index = 0; index < BATCH; index++) value.value = index;
        },
        () => {
          for (let index = 0; index < BATCH; index++) {
            mutex.acquire();
            cells[1] = index;
            mutex.release();
          }
        },
        () => {
          for (let index = 0; index < BATCH; index++) floorValue.value = index;
        },
      ],
    },
    {
      operation: 'guarded increment',
      note: 'default RLock; baseline: Atomics mutex',
      bodies: [
        () => {
          for (let index = 0; index < BATCH; index++) {
            lock.acquire();
            value.value += 1;
            lock.release();
          }
        },
        () => {
          for (let index = 0; index < BATCH; index++) {
            mutex.acquire();
            cells[1]++;
            mutex.release();
          }
        },
        () => {
          for (let index = 0; index < BATCH; index++) {
            floorLock.acquire();
            floorValue.value += 1;
            floorLock.release();
          }
        },
      ],
    },
  ];
  return { value, mutex, cells, rows };
}
