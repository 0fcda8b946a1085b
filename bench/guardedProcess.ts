/**
 * Run in a fresh `node` process by the benchmark: the guarded increment against the bare
 * mutex and its floor, measured in turns. `warm` first runs the rows of `.value` outside the
 * lock, as the main run does before its guarded increment; `cold` does not. Prints the three
 * times (ns per increment) as JSON.
 */
import { measureTogether } from './common.js';
import { valueRows } from './valueRows.js';

const state = process.argv[2];
if (state !== 'warm' && state !== 'cold') throw new Error(`expected warm or cold, got ${state}`);
const rows = valueRows().rows;
const guarded = rows.find((row) => row.operation === 'guarded increment');
if (guarded === undefined) throw new Error('no guarded increment row');
if (state === 'warm') {
  for (const row of rows) if (row !== guarded) await measureTogether(row.bodies);
}
const [ours, mutexed, floor] = await measureTogether(guarded.bodies);
console.log(JSON.stringify({ ours, mutexed, floor }));
