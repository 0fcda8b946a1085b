/**
 * The guarded increment measured in many fresh processes. Which code V8 compiles for each
 * body varies from process to process, and so does the ratio of two bodies measured in
 * turns (seen here: the same guarded increment from 0.9× to 1.5× its floor in separate
 * runs); the median process shows where it lies. Each process measures in turns as the
 * main run does, after the rows of `.value` outside the lock (warm) or with nothing before
 * it (cold).
 */
import { spawnSync } from 'node:child_process';
import { median, quick, type Row } from './common.js';

/** Fresh processes per state. */
const PROCESSES = quick ? 3 : 10;

interface GuardedTimes {
  ours: number;
  mutexed: number;
  floor: number;
}

function guardedRun(state: 'warm' | 'cold'): GuardedTimes {
  const script = new URL('./guardedProcess.js', import.meta.url).pathname;
  const args = quick ? [script, state, '--quick'] : [script, state];
  const result = spawnSync(process.execPath, args, { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`guarded ${state} run failed: ${result.stderr}`);
  return JSON.parse(result.stdout) as GuardedTimes;
}

/**
 * A row of the process whose ratio of `ours` to `baseline` is the median one (the upper of
 * an even count), so that the row's own ratio is that median; its note gives the range.
 */
function medianProcessRow(
  operation: string,
  runs: readonly GuardedTimes[],
  baseline: (run: GuardedTimes) => number,
  note: string,
): Row {
  const sorted = [...runs].sort((a, b) => a.ours / baseline(a) - b.ours / baseline(b));
  const middle = sorted[sorted.length >> 1];
  const ratios = sorted.map((run) => run.ours / baseline(run));
  return {
    operation,
    sharedctypes: middle.ours,
    baseline: baseline(middle),
    cpython: undefined,
    note: `${note}; the median of ${runs.length} fresh processes by this ratio (${range(ratios)}), each measuring in turns`,
  };
}

/** `lowest–highest×` of ascending `ratios`. */
function range(ratios: readonly number[]): string {
  return `${ratios[0].toFixed(2)}–${ratios[ratios.length - 1].toFixed(2)}×`;
}

/** The median and range over `runs` of the floor's time against the mutex's, as a note. */
function floorAgainstMutex(runs: readonly GuardedTimes[]): string {
  const ratios = runs.map((run) => run.floor / run.mutexed);
  const middle = median(ratios); // sorts `ratios`, as `range` needs
  return `the floor in the same processes: a median ${middle.toFixed(2)}× the mutex (${range(ratios)})`;
}

export function processRows(): Row[] {
  const rows: Row[] = [];
  const floors: Row[] = [];
  for (const state of ['warm', 'cold'] as const) {
    const runs = Array.from({ length: PROCESSES }, () => guardedRun(state));
    const operation = `guarded increment, ${state}, ${PROCESSES} processes`;
    const before =
      state === 'warm' ? 'after the rows of .value outside the lock' : 'nothing before it';
    const row = medianProcessRow(
      operation,
      runs,
      (run) => run.mutexed,
      `${before}; baseline: Atomics mutex`,
    );
    rows.push({ ...row, note: `${row.note}; ${floorAgainstMutex(runs)}` });
    floors.push(
      medianProcessRow(
        `${operation} vs its floor`,
        runs,
        (run) => run.floor,
        `${before}; baseline: the floor of "guarded increment vs its floor"`,
      ),
    );
  }
  return [...rows, ...floors];
}
