/**
 * `npm start`: several workers update one shared counter three ways (on the raw int with no
 * lock, under the lock, atomic add), then the same with CPython's multiprocessing when
 * python3 is present.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import * as mp from 'sharedctypes';

const Stats = mp.Structure({ workers: mp.c_int, slowestMs: mp.c_double }, { name: 'Stats' });

/** What each demo worker receives. */
export interface DemoData {
  mode: 'unguarded' | 'locked' | 'atomic';
  counter: mp.SynchronizedIntegerValue<number, mp.IntegerInput>;
  stats: mp.SynchronizedFor<typeof Stats>;
  label: mp.SynchronizedString;
  iterations: number;
  id: number;
  signal: Int32Array;
}

const workers = Math.max(2, Math.min(4, availableParallelism()));
const iterations = 1_000_000;
const pythonIterations = 200_000;

async function phase(mode: DemoData['mode']) {
  const counter = mp.Value('i', 0);
  const stats = mp.Value(Stats);
  const label = mp.Array('c', 32);
  const signal = new Int32Array(new SharedArrayBuffer(8));
  const processes = Array.from({ length: workers }, (_, id) => {
    const data: DemoData = { mode, counter, stats, label, iterations, id, signal };
    return new mp.Process({ target: new URL('./worker.js', import.meta.url), args: [data] });
  });
  for (const process of processes) process.start();
  // Time the increments only: start them together once every worker is ready (or one ended).
  while (Atomics.load(signal, 0) < workers && processes.every((process) => process.isAlive()))
    await sleep(1);
  const start = performance.now();
  Atomics.store(signal, 1, 1);
  Atomics.notify(signal, 1);
  await Promise.all(processes.map((process) => process.join()));
  const elapsed = performance.now() - start;
  const failed = processes.find((process) => process.exitCode !== 0);
  if (failed) throw new Error(`${failed.name} (${mode}) failed with exit code ${failed.exitCode}`);
  process.stdout.write(`  ${mode} done in ${elapsed.toFixed(0)} ms\n`);
  return { counter: counter.value, elapsed, stats, label: new TextDecoder().decode(label.value) };
}

function printTable(rows: Record<string, string>[]): void {
  const columns = Object.keys(rows[0]);
  const widths = columns.map((column) =>
    Math.max(column.length, ...rows.map((row) => row[column].length)),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, index) =>
        index === 0 ? cell.padEnd(widths[index]) : cell.padStart(widths[index]),
      )
      .join('  ');
  console.log(`\n${line(columns)}`);
  console.log(widths.map((width) => '─'.repeat(width)).join('  '));
  for (const row of rows) console.log(line(columns.map((column) => row[column])));
  console.log();
}

function cpython(): Record<string, { count: number; ns: number }> | undefined {
  // Next to this file when run from source (tsx), two levels up when compiled to .build/demo.
  const script = ['./cpython.py', '../../demo/cpython.py']
    .map((path) => new URL(path, import.meta.url))
    .find((url) => existsSync(url));
  if (!script) return undefined;
  const result = spawnSync('python3', [fileURLToPath(script)], {
    input: JSON.stringify({ workers, iterations: pythonIterations }),
    encoding: 'utf8',
  });
  return result.status === 0 ? JSON.parse(result.stdout) : undefined;
}

console.log(
  `${workers} workers × ${iterations.toLocaleString()} increments of one shared mp.Value('i'):`,
);
const expected = workers * iterations;
const results = [];
for (const mode of ['unguarded', 'locked', 'atomic'] as const)
  results.push({ mode, ...(await phase(mode)) });
console.log(`  CPython: ${workers} processes × ${pythonIterations.toLocaleString()} increments…`);
const python = cpython();

const rows = results.map(({ mode, counter, elapsed }) => {
  const nanoseconds = (elapsed * 1e6) / expected;
  const reference = mode === 'atomic' ? undefined : python?.[mode];
  return <Record<string, string>>{
    way: {
      unguarded: 'raw.value += 1 (no lock)',
      locked: 'the same, lock held',
      atomic: 'v.add(1) (atomic)',
    }[mode],
    count: counter.toLocaleString(),
    lost: (expected - counter).toLocaleString(),
    'ns/op': nanoseconds.toFixed(1),
    'CPython ns/op': reference ? reference.ns.toFixed(0) : '—',
    'CPython lost': reference
      ? (workers * pythonIterations - reference.count).toLocaleString()
      : '—',
  };
});
printTable(rows);
if (!python) console.log('(python3 not found: no CPython comparison)');
const last = results[results.length - 1];
console.log(
  `shared struct, updated by every worker under its lock: ${String(last.stats.getObj())}`,
);
console.log(`shared 'c' string, last written by: "${last.label}"`);
