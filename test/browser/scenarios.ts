/**
 * What the browser tests run on a page (`page.html` loads this module): each export is a
 * scenario that returns plain data for the test to check.
 */
import * as mp from '../../dist/browser.js';
import { Point, type Task } from './target.js';

/** A worker started with `new Worker`, as the page sees it. */
interface PlainWorker {
  postMessage(message: unknown): void;
  terminate(): void;
  addEventListener(type: 'message', listener: (event: { readonly data: unknown }) => void): void;
  addEventListener(type: 'error', listener: (event: { readonly message: string }) => void): void;
}

declare const Worker: new (url: URL, options: { readonly type: 'module' }) => PlainWorker;
declare const crossOriginIsolated: boolean;

const target = new URL('./target.js', import.meta.url);

/** A `Process` running `task` of `target.ts` with `args`, started. */
function started(task: Task, ...args: unknown[]): mp.Process {
  const process = new mp.Process({ target, args: [task, ...args] });
  process.start();
  return process;
}

/** Runs `task` in a worker of the page's own (not a `Process`); resolves with its result. */
function inPlainWorker(task: Task, ...args: unknown[]): Promise<unknown> {
  const worker = new Worker(new URL('./plainWorker.js', import.meta.url), { type: 'module' });
  return new Promise<unknown>((resolve, reject) => {
    worker.addEventListener('message', ({ data }) => {
      const { result } = data as { result: unknown };
      resolve(result === undefined ? undefined : mp.attach(result));
    });
    worker.addEventListener('error', ({ message }) => reject(new Error(message)));
    worker.postMessage([task, ...args]);
  }).finally(() => worker.terminate());
}

/** Exit codes and errors of `processes` once they all ended. */
async function ends(processes: readonly mp.Process[]): Promise<(number | null)[]> {
  await Promise.all(processes.map((process) => process.join()));
  return processes.map((process) => process.exitCode);
}

/** Resolves once cell 0 of `flag` is `step`, without blocking the page. */
async function reached(flag: Int32Array, step: number): Promise<void> {
  while (Atomics.load(flag, 0) !== step) await new Promise((resolve) => setTimeout(resolve, 1));
}

/** Sets cell 0 of `flag` to `step` and wakes the worker waiting on it. */
function signal(flag: Int32Array, step: number): void {
  Atomics.store(flag, 0, step);
  Atomics.notify(flag, 0);
}

/** A flag in shared memory, as a plain `Int32Array` (structured clone shares its memory). */
function newFlag(): Int32Array {
  return mp.RawArray('i', 1).typed;
}

/** What a call threw: its class, whether it is `mp.LockError`, and what its message names. */
function thrown(call: () => unknown): {
  name: string;
  isLockError: boolean;
  namesAcquireAsync: boolean;
} | null {
  try {
    call();
    return null;
  } catch (error) {
    const { name } = (error as Error).constructor;
    const { message } = error as Error;
    return {
      name,
      isLockError: error instanceof mp.LockError,
      namesAcquireAsync: message.includes('acquireAsync'),
    };
  }
}

/** The names this entry exports. */
export function exportNames(): string[] {
  return Object.keys(mp).sort();
}

/** `getContext` in a browser: the thread context; the process context needs Node.js. */
export function contexts(): unknown {
  const ctx = mp.getContext('thread');
  const classOf = (call: () => unknown) => {
    try {
      call();
      return null;
    } catch (error) {
      return (error as Error).constructor.name;
    }
  };
  return {
    name: ctx.name,
    topLevel: ctx.Value === mp.Value && ctx.Process === mp.Process,
    process: classOf(() => mp.getContext('process')),
    unknown: classOf(() => mp.getContext('fork' as never)),
    unlink: classOf(() => ctx.unlink('counter')),
    named: classOf(() => mp.Value('i', 0, { name: 'counter' } as never)),
  };
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
    'lock.acquire()': thrown(() => lock.acquire()),
    'lock.acquire(true, 1)': thrown(() => lock.acquire(true, 1)),
    'lock.hold()': thrown(() => lock.hold()),
    'rlock.acquire()': thrown(() => rlock.acquire()),
    'rlock.withLock(fn)': thrown(() => rlock.withLock(() => 0)),
    'value.value': thrown(() => value.value),
    'value.value = 6': thrown(() => {
      value.value = 6;
    }),
    'value.acquire()': thrown(() => value.acquire()),
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

  const ok = started('increments', mp.Value('i'), 10);
  const okAlive = ok.isAlive();
  await ok.join();
  const refused = [42, '', null, { href: 'x' }].map((given) =>
    thrown(() => new mp.Process({ target: given as never })),
  );
  // Arguments that structured clone cannot carry: start() throws, no worker is left.
  const uncloneable = thrown(() => started('increments', () => 0));
  return {
    ok: { aliveAfterStart: okAlive, exitCode: ok.exitCode, error: ok.error, alive: ok.isAlive() },
    failures: failures.map((process) => ({
      exitCode: process.exitCode,
      errorName: (process.error as Error | undefined)?.name,
      errorMessage: (process.error as Error | undefined)?.message,
    })),
    afterTimedJoin,
    terminated: [hanging, early].map((process) => [process.exitCode, process.isAlive()]),
    repr: String(hanging).replace(hanging.name, 'NAME'),
    refused: refused.map((error) => error?.name),
    uncloneable: uncloneable?.name,
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
    try {
      call();
      return null;
    } catch (error) {
      const { message } = error as Error;
      return {
        name: (error as Error).constructor.name,
        coop: message.includes('Cross-Origin-Opener-Policy: same-origin'),
        coep: message.includes('Cross-Origin-Embedder-Policy: require-corp'),
      };
    }
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
