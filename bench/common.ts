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

/** ns per operation of `body`, which performs `operations` operations per call. */
export async function measure(body: () => void, operations = BATCH): Promise<number> {
  const bench = new Bench({ time: quick ? 150 : 1000, warmupTime: quick ? 50 : 200 });
  bench.add('task', body);
  await bench.run();
  const result = bench.tasks[0].result as { period?: number };
  if (result.period === undefined) throw new Error('benchmark failed');
  return (result.period * 1e6) / operations;
}

/** ns per call of `fn`, measured over `calls` calls per timed body (for µs-scale calls). */
export function perCall(fn: () => void, calls = 10): Promise<number> {
  return measure(() => {
    for (let index = 0; index < calls; index++) fn();
  }, calls);
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
  return samples.map((times) => times.sort((a, b) => a - b)[times.length >> 1]);
}
