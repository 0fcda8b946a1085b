/**
 * Retained allocation as a program meets it: 100,000 objects made and kept in a fresh
 * process, cold, with the JS heap bytes each one costs (the shared memory is apart).
 */
import { spawnSync } from 'node:child_process';
import { quick, type Row } from './common.js';

const COUNT = 100_000;

interface FreshResult {
  nsPerObject: number;
  heapBytesPerObject: number;
}

function freshRun(kind: string): FreshResult {
  const script = new URL('./freshAllocation.js', import.meta.url).pathname;
  const result = spawnSync(process.execPath, ['--expose-gc', script, kind, String(COUNT)], {
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`fresh ${kind} run failed: ${result.stderr}`);
  return JSON.parse(result.stdout) as FreshResult;
}

/** The run with the median time of three fresh processes (one with --quick). */
function medianRun(kind: string): FreshResult {
  const runs = Array.from({ length: quick ? 1 : 3 }, () => freshRun(kind));
  runs.sort((a, b) => a.nsPerObject - b.nsPerObject);
  return runs[Math.floor(runs.length / 2)];
}

export function freshRows(cpython: Record<string, number> | undefined): Row[] {
  const platform = medianRun('SharedArrayBuffer');
  const graph = medianRun('ObjectGraph');
  const rows: Row[] = [];
  for (const kind of ['RawValue', 'Value']) {
    const ours = medianRun(kind);
    rows.push({
      operation: `retained ${kind}('i'), fresh process`,
      sharedctypes: ours.nsPerObject,
      baseline: kind === 'RawValue' ? platform.nsPerObject : graph.nsPerObject,
      cpython: cpython?.[`retained ${kind}`],
      note: `100,000 made and kept, cold, median of ${quick ? 1 : 3} processes; ${ours.heapBytesPerObject.toFixed(0)} B of JS heap each${kind === 'RawValue' ? ` (an Int32Array over its own SharedArrayBuffer: ${platform.heapBytesPerObject.toFixed(0)} B)` : `; baseline: its two objects (the wrapper and its flat handle record) as plain objects, ${graph.heapBytesPerObject.toFixed(0)} B; CPython: 10,000 (its semaphores run out before 100,000)`}`,
    });
  }
  return rows;
}
