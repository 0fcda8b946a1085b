/**
 * The guarded increment measured in many fresh processes. Within one process, which code V8
 * compiles for each body varies from process to process, and so does the ratio of two bodies
 * (seen here: the same guarded increment from 0.9× to 1.5× its floor in separate runs);
 * the median over processes shows where it lies. Each process measures in turns as the main
 * run does, once after the rows of `.value` outside the lock (warm) and once without (cold).
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

export function processRows(): Row[] {
  const rows: Row[] = [];
  const floors: Row[] = [];
  for (const state of ['warm', 'cold'] as const) {
    const runs = Array.from({ length: PROCESSES }, () => guardedRun(state));
    const ours = median(runs.map((run) => run.ours));
    const operation = `guarded increment, ${state}, ${PROCESSES} processes`;
    // The times' medians make the columns; the ratios within each process say more.
    const ratios = (of: (run: GuardedTimes) => number) => {
      const sorted = runs.map((run) => run.ours / of(run)).sort((a, b) => a - b);
      const range = `${sorted[0].toFixed(2)}–${sorted[sorted.length - 1].toFixed(2)}`;
      return `per process a median ${median(sorted).toFixed(2)}× (${range}×)`;
    };
    rows.push({
      operation,
      sharedctypes: ours,
      baseline: median(runs.map((run) => run.mutexed)),
      cpython: undefined,
      note: `${state === 'warm' ? 'after the rows of .value outside the lock' : 'nothing before it'}; medians of ${PROCESSES} fresh processes, each in turns; ${ratios((run) => run.mutexed)} the mutex`,
    });
    floors.push({
      operation: `${operation} vs its floor`,
      sharedctypes: ours,
      baseline: median(runs.map((run) => run.floor)),
      cpython: undefined,
      note: `the row above; baseline: the floor of "guarded increment vs its floor"; ${ratios((run) => run.floor)} the floor`,
    });
  }
  return [...rows, ...floors];
}
