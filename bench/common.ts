/** What every benchmark module shares: the options, the row format and the timer. */
import { Bench } from 'tinybench';

/** `--quick`: shorter runs and fewer workers, for checks during development. */
export const quick = process.argv.includes('--quick');
/** Operations per measured call: the timer's own overhead is spread over them. */
export const BATCH = 1000;

/** One line of the results table; times in ns per operation. */
export interface Row {
  operation: string;
  sharedctypes: number;
  baseline: number | undefined;
  cpython: number | undefined;
  note?: string;
}

let sink = 0;

/** Keeps `value` observable, so that the compiler cannot drop the work that made it. */
export function consume(value: number): void {
  sink += value;
}

/** Whether anything was consumed: printed by nobody, read so that `sink` stays live. */
export function consumed(): boolean {
  return sink === Number.MIN_VALUE;
}

/** Runs per body in {@link measureTogether}, and the time of each. */
const ROUNDS = quick ? 3 : 5;
const ROUND_MS = quick ? 50 : 200;

/** One tinybench run of `body`: ns per operation. */
async function timeOnce(body: () => void, operations: number, warmupTime: number): Promise<number> {
  const bench = new Bench({ time: ROUND_MS, warmupTime });
  bench.add('task', body);
  await bench.run();
  const result = bench.tasks[0].result as { period?: number };
  if (result.period === undefined) throw new Error('benchmark failed');
  return (result.period * 1e6) / operations;
}

/** The median of `samples` (sorted in place; the upper one of an even count). */
export function median(samples: number[]): number {
  return samples.sort((a, b) => a - b)[samples.length >> 1];
}

/**
 * ns per operation of each of `bodies`, each performing `operations` operations per call.
 * The bodies take turns for a few short runs and each one's median counts, so that a slow
 * spell of a shared machine lands on all of them, not on whichever ran then: the ratios
 * of a row are only worth something if its columns were measured alike.
 */
export async function measureTogether(
  bodies: readonly (() => void)[],
  operations = BATCH,
): Promise<number[]> {
  const samples = bodies.map((): number[] => []);
  for (let round = 0; round < ROUNDS; round++) {
    for (const [index, body] of bodies.entries()) {
      const warmup = round === 0 ? (quick ? 50 : 200) : ROUND_MS / 10;
      samples[index].push(await timeOnce(body, operations, warmup));
    }
  }
  return samples.map(median);
}

/** A body calling `fn` `calls` times, to measure µs-scale calls with `calls` as operations. */
export function repeated(fn: () => void, calls: number): () => void {
  return () => {
    for (let index = 0; index < calls; index++) fn();
  };
}

const collect = (globalThis as { gc?: () => void }).gc;

/**
 * ns per call of each of `bodies`, for calls that allocate megabytes. A mean over such calls
 * measures whichever of them happened to pay for fresh pages or a full collection; here the
 * bodies take turns, every call starts right after a full collection, and the median counts.
 */
export function medianPerCallAfterCollection(
  bodies: readonly (() => void)[],
  rounds = 40,
): number[] {
  if (collect === undefined)
    throw new Error('run the benchmarks with node --expose-gc (npm run bench does)');
  const warmup = quick ? 2 : 5;
  const samples = bodies.map((): number[] => []);
  for (let round = 0; round < warmup + (quick ? rounds / 4 : rounds); round++) {
    bodies.forEach((body, index) => {
      collect();
      const start = process.hrtime.bigint();
      body();
      const elapsed = Number(process.hrtime.bigint() - start);
      if (round >= warmup) samples[index].push(elapsed);
    });
  }
  return samples.map(median);
}
