/**
 * Rows measured across threads: workers racing on one guarded counter (against the
 * hand-written futex mutex and CPython's processes), and one message of many shared objects.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import { Worker } from 'node:worker_threads';
import * as mp from '../src/index.js';
import { median, quick, type Row } from './common.js';

/** The worker counts of the racing rows (CPython runs the same). */
export const WORKER_COUNTS = quick ? [1, 2, 4] : [1, 2, 4, 8];

function startRacer(data: unknown): Promise<number> {
  const worker = new Worker(new URL('./racingWorker.js', import.meta.url), { workerData: data });
  return new Promise((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
}

type RacingKind = 'sharedctypes' | 'baseline' | 'floor';
const RACING_KINDS: readonly RacingKind[] = ['sharedctypes', 'baseline', 'floor'];

/** ns per increment (total throughput) with `workers` threads racing, totals checked. */
async function racing(kind: RacingKind, workers: number): Promise<number> {
  const iterations = quick ? 500_000 : 2_000_000;
  const signal = new Int32Array(new SharedArrayBuffer(8));
  const value = mp.Value('i', 0);
  const baseline = new Int32Array(new SharedArrayBuffer(8));
  const floor = new Int32Array(new SharedArrayBuffer(16));
  const ends = Array.from({ length: workers }, () =>
    startRacer({ kind, iterations, signal, value, baseline, floor }),
  );
  while (Atomics.load(signal, 0) < workers) await nextTurn();
  const start = performance.timeOrigin + performance.now();
  Atomics.store(signal, 1, 1);
  Atomics.notify(signal, 1);
  const last = Math.max(...(await Promise.all(ends)));
  const total = kind === 'sharedctypes' ? value.value : kind === 'floor' ? floor[2] : baseline[1];
  if (total !== workers * iterations)
    throw new Error(`lost updates: ${total} != ${workers * iterations}`);
  return ((last - start) * 1e6) / (workers * iterations);
}

/** Runs of each kind per racing row: contention figures vary a lot from one run to the next. */
const RACING_ROUNDS = quick ? 3 : 5;

/**
 * The median of {@link RACING_ROUNDS} runs of each kind, the kinds taking turns, so that a
 * slow spell of the machine lands on all kinds.
 */
async function racingInTurns(workers: number): Promise<Record<RacingKind, number>> {
  const runs: Record<RacingKind, number[]> = { sharedctypes: [], baseline: [], floor: [] };
  for (let round = 0; round < RACING_ROUNDS; round++) {
    for (const kind of RACING_KINDS) runs[kind].push(await racing(kind, workers));
  }
  return {
    sharedctypes: median(runs.sharedctypes),
    baseline: median(runs.baseline),
    floor: median(runs.floor),
  };
}

export async function racingRows(cpython: Record<string, number> | undefined): Promise<Row[]> {
  const rows: Row[] = [];
  const floors: Row[] = [];
  for (const workers of WORKER_COUNTS) {
    const { sharedctypes, baseline, floor } = await racingInTurns(workers);
    rows.push({
      operation: `racing x${workers}`,
      sharedctypes,
      baseline,
      cpython: cpython?.[`racing x${workers}`],
      note: `ns per guarded increment of total throughput, median of ${RACING_ROUNDS} runs in turns with the baseline and the floor; totals checked`,
    });
    floors.push({
      operation: `racing x${workers} vs its floor`,
      sharedctypes,
      baseline: floor,
      cpython: undefined,
      note: 'the row above; baseline: the floor of "guarded increment vs its floor", racing',
    });
  }
  return [...rows, ...floors];
}

/** One message carrying 10,000 `Value`s that share a lock: send, attach in a worker, read back. */
export async function bigMessageRows(): Promise<Row[]> {
  const count = 10_000;
  const lock = mp.RLock();
  const objects = Array.from({ length: count }, (_, index) => mp.Value('i', index, { lock }));
  const worker = new Worker(new URL('./attachWorker.js', import.meta.url));
  await new Promise((resolve) => worker.once('online', resolve));
  const start = performance.now();
  const reply = new Promise<{
    attachMs: number;
    heapBytes: number;
    sum: number;
    sharedLock: boolean;
  }>((resolve) => worker.once('message', resolve));
  worker.postMessage({ objects });
  const { attachMs, heapBytes, sum, sharedLock } = await reply;
  const totalMs = performance.now() - start;
  await worker.terminate();
  if (sum !== (count * (count - 1)) / 2 || !sharedLock)
    throw new Error('the big message arrived wrong');
  return [
    {
      operation: 'send + attach 10,000 Values',
      sharedctypes: (totalMs * 1e6) / count,
      baseline: undefined,
      cpython: undefined,
      note: `one postMessage: ${totalMs.toFixed(0)} ms in all, attach ${attachMs.toFixed(0)} ms, worker heap +${(heapBytes / 2 ** 20).toFixed(1)} MiB; one lock object after attach`,
    },
  ];
}
