/**
 * What the browser tests run on a page (`page.html` loads this module): each export is a
 * scenario that returns plain data for the test to check.
 */
import * as mp from '../../dist/browser.js';
import { badInputClasses } from './badInput.js';
import {
  classThrown,
  ends,
  inPlainWorker,
  newFlag,
  reached,
  signal,
  started,
  thrown,
} from './onPage.js';
import { Point } from './target.js';

declare const crossOriginIsolated: boolean;

/** How a lock refused to wait: its class, whether it is `mp.LockError`, what it names. */
function refusal(call: () => unknown) {
  const error = thrown(call);
  return (
    error && {
      name: error.constructor.name,
      isLockError: error instanceof mp.LockError,
      namesAcquireAsync: error.message.includes('acquireAsync'),
    }
  );
}

/** The names this entry exports. */
export function exportNames(): string[] {
  return Object.keys(mp).sort();
}

/** `getContext` in a browser: the thread context; the process context needs Node.js. */
export function contexts(): unknown {
  const ctx = mp.getContext('thread');
  return {
    name: ctx.name,
    topLevel: ctx.Value === mp.Value && ctx.Process === mp.Process,
    process: classThrown(() => mp.getContext('process')),
    unknown: classThrown(() => mp.getContext('fork' as never)),
    unlink: classThrown(() => ctx.unlink('counter')),
    named: classThrown(() => mp.Value('i', 0, { name: 'counter' } as never)),
  };
}

/** The classes of what bad input throws on the page, by case (see `badInput.ts`). */
export function badInput(): Record<string, string> {
  return badInputClasses(mp);
}

/**
 * `times` guarded increments of one `Value` in each of four module workers, two started by
 * `Process` and two with `new Worker`, while the page adds `onPage` with `withLockAsync`.
 */
export async function counter(times: number, onPage: number): Promise<unknown> {
  const value = mp.Value('i', 0);
  const processes = [started('increments', value, times), started('increments', value, times)];
  const workers = [
    inPlainWorker('increments', value, times),
    inPlainWorker('increments', value, times),
  ];
  for (let index = 0; index < onPage; index++) {
    await value.withLockAsync(() => {
      value.value += 1;
    });
  }
  await Promise.all(workers);
  return { exitCodes: await ends(processes), value: value.value };
}

/** A structure written in a worker and read on the page, and one made in a worker. */
export async function structures(): Promise<unknown> {
  const point = mp.Value(Point);
  const exitCodes = await ends([started('writePoint', point)]);
  const read = { x: point.x, y: point.y, tag: new TextDecoder().decode(point.tag.value) };
  const mirrored = (await inPlainWorker('mirrorPoint', point)) as typeof point;
  return {
    exitCodes,
    read,
    mirrored: {
      isWrapper: mirrored instanceof mp.SynchronizedStruct,
      x: mirrored.x,
      y: mirrored.y,
      tag: new TextDecoder().decode(mirrored.tag.value),
    },
  };
}

/** A `RawArray` of `length` filled in halves by two workers. */
export async function halves(length: number): Promise<unknown> {
  const array = mp.RawArray('i', length);
  const half = length / 2;
  const exitCodes = await ends([
    started('fillRange', array, 0, half),
    started('fillRange', array, half, length),
  ]);
  const wrong = [...array].filter((item, index) => item !== 3 * index).length;
  return { exitCodes, length: array.length, wrong, last: array[-1] };
}

/**
 * The page acquires `kind` with `acquireAsync` (or `withLockAsync`) while a worker holds it:
 * pending until the worker releases it, then `true`. Without `Atomics.waitAsync`
 * (`withoutWaitAsync`), the page's waiting falls back to timers.
 */
export async function acquireAsync(
  kind: 'Lock' | 'RLock',
  way: 'acquireAsync' | 'withLockAsync',
  withoutWaitAsync: boolean,
): Promise<unknown> {
  const lock = kind === 'Lock' ? mp.Lock() : mp.RLock();
  const flag = newFlag();
  const holder = started('holdLocks', [lock], flag);
  await reached(flag, 1);
  const waitAsync = Object.getOwnPropertyDescriptor(Atomics, 'waitAsync');
  if (withoutWaitAsync) Reflect.deleteProperty(Atomics, 'waitAsync');
  try {
    let stepWhenAcquired = 0;
    const acquired =
      way === 'acquireAsync'
        ? lock.acquireAsync().then((result) => {
            stepWhenAcquired = Atomics.load(flag, 0);
            lock.release();
            return result;
          })
        : lock.withLockAsync(() => {
            stepWhenAcquired = Atomics.load(flag, 0);
            return true;
          });
    const beforeRelease = await Promise.race([
      acquired.then(() => 'settled'),
      new Promise((resolve) => setTimeout(() => resolve('pending'), 0)),
    ]);
    signal(flag, 2);
    const result = await acquired;
    return {
      hadWaitAsync: typeof Atomics.waitAsync === 'function',
      beforeRelease,
      result,
      stepWhenAcquired,
      exitCodes: await ends([holder]),
      freeAfterwards: lock.acquire(false),
    };
  } finally {
    if (waitAsync !== undefined) Object.defineProperty(Atomics, 'waitAsync', waitAsync);
  }
}

/**
 * Blocking calls on the page: uncontended ones succeed; while a worker holds the locks, each
 * one that would have to wait throws, and the non-blocking ones return `false`.
 */
export async function blockingOnPage(): Promise<unknown> {
  const lock = mp.Lock();
  const rlock = mp.RLock();
  const value = mp.Value('i', 5);
  const uncontended = [lock.acquire()];
  lock.release();
  uncontended.push(rlock.acquire(), rlock.acquire(true, 1));
  rlock.release();
  rlock.release();
  uncontended.push(
    value.value === 5,
    value.withLock(() => true),
  );
  const flag = newFlag();
  const holder = started('holdLocks', [lock, rlock, value.getLock()], flag);
  await reached(flag, 1);
  const whileHeld = {
    'lock.acquire()': refusal(() => lock.acquire()),
    'lock.acquire(true, 1)': refusal(() => lock.acquire(true, 1)),
    'lock.hold()': refusal(() => lock.hold()),
    'rlock.acquire()': refusal(() => rlock.acquire()),
    'rlock.withLock(fn)': refusal(() => rlock.withLock(() => 0)),
    'value.value': refusal(() => value.value),
    'value.value = 6': refusal(() => {
      value.value = 6;
    }),
    'value.acquire()': refusal(() => value.acquire()),
  };
  const notWaiting = [lock.acquire(false), lock.acquire(true, 0), rlock.acquire(false)];
  signal(flag, 2);
  const exitCodes = await ends([holder]);
  const afterRelease = [lock.acquire(), rlock.acquire(), value.value];
  return { uncontended, whileHeld, notWaiting, exitCodes, afterRelease };
}

/** `Process`: exit codes, kept errors, `terminate`, `join` with a timeout, refused targets. */
export async function processes(): Promise<unknown> {
  const failing = (['fail', 'failLater', 'rejectLater'] as const).map((task) => started(task));
  const missing = new mp.Process({ target: new URL('./missing.js', import.meta.url) });
  const notAFunction = new mp.Process({ target: new URL('./notAFunction.js', import.meta.url) });
  missing.start();
  notAFunction.start();
  const failures = [...failing, missing, notAFunction];
  await ends(failures);

  const flag = newFlag();
  const hanging = started('hang', flag);
  await reached(flag, 1);
  await hanging.join(0.01);
  const afterTimedJoin = { alive: hanging.isAlive(), exitCode: hanging.exitCode };
  await hanging.terminate();
  const early = started('hang', newFlag());
  await early.terminate();
  const killed = started('hang', flag);
  await killed.kill();

  const ok = started('increments', mp.Value('i'), 10);
  const okAlive = ok.isAlive();
  await ok.join();
  const refused = [42, '', null, { href: 'x' }].map((given) =>
    classThrown(() => new mp.Process({ target: given as never })),
  );
  // Arguments that structured clone cannot carry: start() throws, no worker is left.
  const uncloneable = classThrown(() => started('increments', () => 0));
  return {
    ok: {
      aliveAfterStart: okAlive,
      exitCode: ok.exitCode,
      error: ok.error,
      alive: ok.isAlive(),
      pid: ok.pid,
    },
    failures: failures.map((process) => ({
      exitCode: process.exitCode,
      errorName: (process.error as Error | undefined)?.name,
      errorMessage: (process.error as Error | undefined)?.message,
    })),
    afterTimedJoin,
    terminated: [hanging, early, killed].map((process) => [process.exitCode, process.isAlive()]),
    repr: String(hanging).replace(hanging.name, 'NAME'),
    refused,
    uncloneable,
  };
}

/** The owners that an `RLock` shows in each agent: the page, `Process` workers, own workers. */
export async function identities(): Promise<number[]> {
  const owners = mp.RawArray('i', 7);
  const lock = mp.RLock();
  lock.acquire();
  owners[0] = Number(/owner=(\d+)/.exec(String(lock))?.[1]);
  lock.release();
  const exitCodes = await ends([
    started('ownIdentity', owners, 1),
    started('ownIdentity', owners, 2),
    started('ownIdentity', owners, 3, 4),
  ]);
  await Promise.all([
    inPlainWorker('ownIdentity', owners, 5),
    inPlainWorker('ownIdentity', owners, 6),
  ]);
  if (exitCodes.some((code) => code !== 0)) throw new Error(`exit codes ${exitCodes.join(' ')}`);
  return [...owners];
}

/** On a page that is not cross-origin isolated: what allocating and starting throw. */
export function notIsolated(): unknown {
  const headersNamed = (call: () => unknown) => {
    const error = thrown(call);
    return (
      error && {
        name: error.constructor.name,
        coop: error.message.includes('Cross-Origin-Opener-Policy: same-origin'),
        coep: error.message.includes('Cross-Origin-Embedder-Policy: require-corp'),
      }
    );
  };
  return {
    crossOriginIsolated,
    sharedArrayBuffer: typeof SharedArrayBuffer,
    context: mp.getContext('thread').name,
    errors: [
      headersNamed(() => mp.Value('i')),
      headersNamed(() => mp.RawArray('d', 3)),
      headersNamed(() => mp.Lock()),
      headersNamed(() => started('increments')),
    ],
  };
}
