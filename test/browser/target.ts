/**
 * The target of the browser tests' workers, started by `Process` or with `new Worker`
 * (`plainWorker.ts`): its default export runs the task named by its first argument.
 */
import * as mp from '../../dist/browser.js';

/** The structure that workers write and the page reads. */
export const Point = mp.Structure(
  { x: mp.c_int, y: mp.c_double, tag: mp.arrayOf('c', 8) },
  { name: 'Point' },
);

/** Sets cell 0 of `flag` to `step` and wakes whoever waits on it. */
function signal(flag: Int32Array, step: number): void {
  Atomics.store(flag, 0, step);
  Atomics.notify(flag, 0);
}

/** A promise that never settles: the worker lives until terminated or until it fails. */
function forever(): Promise<never> {
  return new Promise(() => {});
}

const tasks = {
  /** `times` guarded increments of `counter`. */
  increments(counter: mp.SynchronizedFor<'i'>, times: number): void {
    if (!(counter instanceof mp.SynchronizedValue)) throw new TypeError('counter is unattached');
    for (let index = 0; index < times; index++) {
      counter.withLock(() => {
        counter.value += 1;
      });
    }
  },

  /** Holds `locks`: flag 1 once held; waits for the page's 2; sets 3, then releases them. */
  holdLocks(locks: readonly mp.AnyLock[], flag: Int32Array): void {
    for (const lock of locks) lock.acquire();
    signal(flag, 1);
    while (Atomics.load(flag, 0) !== 2) Atomics.wait(flag, 0, 1);
    signal(flag, 3);
    for (const lock of locks) lock.release();
  },

  /** Writes every field of `point` under its lock. */
  writePoint(point: mp.SynchronizedFor<typeof Point>): void {
    point.withLock(() => {
      point.x = 7;
      point.y = 2.5;
      point.tag.value = new TextEncoder().encode('worker');
    });
  },

  /** A point made in this worker, for the page: `point` mirrored, its `y` halved. */
  mirrorPoint(point: mp.SynchronizedFor<typeof Point>): mp.SynchronizedFor<typeof Point> {
    return mp.Value(Point, { x: -point.x, y: point.y / 2, tag: point.tag.value });
  },

  /** `array[index] = 3 * index` for `start <= index < end`. */
  fillRange(array: mp.SharedIntegerArray<typeof mp.c_int>, start: number, end: number): void {
    for (let index = start; index < end; index++) array[index] = 3 * index;
  },

  /**
   * Stores the owner that an `RLock` held by this agent shows (its identity) in
   * `owners[slot]`; with `nestedSlot`, first starts a `Process` that does the same there.
   */
  async ownIdentity(
    owners: mp.SharedIntegerArray<typeof mp.c_int>,
    slot: number,
    nestedSlot?: number,
  ): Promise<void> {
    if (nestedSlot !== undefined) {
      const nested = new mp.Process({
        target: new URL(import.meta.url),
        args: ['ownIdentity', owners, nestedSlot],
      });
      nested.start();
      await nested.join();
      if (nested.exitCode !== 0) throw new Error(`nested process ended with ${nested.exitCode}`);
    }
    const lock = mp.RLock();
    lock.acquire();
    owners[slot] = Number(/owner=(\d+)/.exec(String(lock))?.[1]);
    lock.release();
  },

  fail(): void {
    throw new RangeError('target failed on purpose');
  },

  /** Throws from a timer, after the target's own code returned to the event loop. */
  failLater(): Promise<never> {
    setTimeout(() => {
      throw new Error('uncaught on purpose');
    }, 0);
    return forever();
  },

  rejectLater(): Promise<never> {
    void Promise.reject(new Error('rejected on purpose'));
    return forever();
  },

  /** Sets `flag` to 1 and never ends. */
  hang(flag: Int32Array): Promise<never> {
    signal(flag, 1);
    return forever();
  },
};

/** The name of a task of this module. */
export type Task = keyof typeof tasks;

export default function run(task: Task, ...args: unknown[]): unknown {
  return (tasks[task] as (...taskArgs: unknown[]) => unknown)(...args);
}
