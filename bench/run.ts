/**
 * `npm run bench [-- [--quick] [--write]]`: every operation measured three ways in one run,
 * sharedctypes, the bare platform (typed arrays and a hand-written `Atomics` mutex) and
 * CPython's multiprocessing, reported as ratios because these machines are shared and noisy.
 * Prints a table; with `--write`, also writes it to bench/RESULTS.md.
 *
 * It runs compiled (`tsc -p bench`, then plain `node`), as users run the library: under a
 * development loader such as tsx, every inner function creation pays for a `__name` helper
 * and the figures would describe the loader, not the library.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { heapStatistics } from '../src/backends/thread/threadBackend.js';
import * as mp from '../src/index.js';
import { bulkRows } from './bulkRows.js';
import { BATCH, consume, consumed, measureTogether, quick, type Row, repeated } from './common.js';
import { freshRows } from './freshRows.js';
import { processRows } from './processRows.js';
import { bigMessageRows, racingRows, WORKER_COUNTS } from './threadRows.js';
import { valueRows } from './valueRows.js';

const write = process.argv.includes('--write');

function runCPython(): Record<string, number> | undefined {
  const script = new URL('../../bench/cpython.py', import.meta.url).pathname;
  const result = spawnSync('python3', [script], {
    input: JSON.stringify({ quick, workers: WORKER_COUNTS }),
    encoding: 'utf8',
  });
  if (result.status !== 0) {
    console.warn(`CPython baseline skipped: ${result.error?.message ?? result.stderr}`);
    return undefined;
  }
  return JSON.parse(result.stdout) as Record<string, number>;
}

async function singleThreadRows(cpython: Record<string, number> | undefined): Promise<Row[]> {
  const rows: Row[] = [];
  const add = async (operation: string, ours: () => void, baseline?: () => void, note?: string) => {
    const [sharedctypes, platform] = await measureTogether(baseline ? [ours, baseline] : [ours]);
    rows.push({ operation, sharedctypes, baseline: platform, cpython: cpython?.[operation], note });
  };
  const keep: unknown[] = new Array(BATCH);
  const { value, mutex, cells, rows: withFloors } = valueRows();
  // Each of these rows has a second row against its floor, measured in the same turns.
  const floorRows: Row[] = [];
  for (const { operation, note, bodies } of withFloors) {
    const [sharedctypes, mutexed, floor] = await measureTogether(bodies);
    rows.push({ operation, sharedctypes, baseline: mutexed, cpython: cpython?.[operation], note });
    floorRows.push({
      operation: `${operation} vs its floor`,
      sharedctypes,
      baseline: floor,
      cpython: undefined,
      note: `the row "${operation}"; baseline: its steps written by hand (an RLock with owner and nested count; each access tests the owner and locks when not held)`,
    });
  }
  rows.push(...floorRows);
  await add(
    'atomic add',
    () => {
      for (let index = 0; index < BATCH; index++) value.add(1);
    },
    () => {
      for (let index = 0; index < BATCH; index++) Atomics.add(cells, 1, 1);
    },
    'baseline: bare Atomics.add',
  );

  const rawDoubles = mp.RawArray('d', 1000);
  const syncDoubles = mp.Array('d', 1000);
  const plainDoubles = new Float64Array(new SharedArrayBuffer(8000));
  await add(
    'raw d get+set',
    () => {
      for (let index = 0; index < BATCH; index++) rawDoubles.set(index, rawDoubles.get(index) + 1);
    },
    () => {
      for (let index = 0; index < BATCH; index++) plainDoubles[index] = plainDoubles[index] + 1;
    },
    'baseline: Float64Array',
  );
  const typed = rawDoubles.typed;
  await add(
    'typed view get+set',
    () => {
      for (let index = 0; index < BATCH; index++) typed[index] = typed[index] + 1;
    },
    () => {
      for (let index = 0; index < BATCH; index++) plainDoubles[index] = plainDoubles[index] + 1;
    },
    'CPython column: RawArray element',
  );
  rows[rows.length - 1].cpython = cpython?.['raw d get+set'];
  await add(
    'sync d get+set',
    () => {
      for (let index = 0; index < BATCH; index++)
        syncDoubles.set(index, syncDoubles.get(index) + 1);
    },
    () => {
      for (let index = 0; index < BATCH; index++) {
        mutex.acquire();
        const current = plainDoubles[index];
        mutex.release();
        mutex.acquire();
        plainDoubles[index] = current + 1;
        mutex.release();
      }
    },
    'baseline: two Atomics-mutex sections',
  );
  const values = Array.from({ length: 1000 }, (_, index) => index);
  const perSlice = async (operation: string, body: () => void, baseline: () => void) => {
    const calls = BATCH / 100;
    const [sharedctypes, platform] = await measureTogether(
      [repeated(body, calls), repeated(baseline, calls)],
      calls,
    );
    rows.push({ operation, sharedctypes, baseline: platform, cpython: cpython?.[operation] });
  };
  await perSlice(
    'slice read 1000',
    () => {
      consume(rawDoubles.slice(0, 1000).length);
    },
    () => {
      const copy: number[] = new Array(1000);
      for (let index = 0; index < 1000; index++) copy[index] = plainDoubles[index];
      consume(copy.length);
    },
  );
  await perSlice(
    'slice write 1000',
    () => rawDoubles.setSlice(0, 1000, values),
    () => plainDoubles.set(values),
  );
  const chars = mp.RawArray('c', Buffer.from('hello world, shared'));
  const plainChars = new Uint8Array(new SharedArrayBuffer(19));
  plainChars.set(Buffer.from('hello world, shared'));
  await add(
    "'c' .value",
    () => {
      for (let index = 0; index < BATCH; index++) consume(chars.value.length);
    },
    () => {
      for (let index = 0; index < BATCH; index++) {
        const end = plainChars.indexOf(0);
        consume(plainChars.slice(0, end === -1 ? plainChars.length : end).length);
      }
    },
  );
  for (const [operation, made] of [
    ['Lock acquire+release', mp.Lock()],
    ['RLock acquire+release', mp.RLock()],
  ] as const) {
    await add(
      operation,
      () => {
        for (let index = 0; index < BATCH; index++) {
          made.acquire();
          made.release();
        }
      },
      () => {
        for (let index = 0; index < BATCH; index++) {
          mutex.acquire();
          mutex.release();
        }
      },
    );
  }
  const asyncLock = mp.Lock();
  const asyncStart = performance.now();
  const asyncRounds = quick ? 20_000 : 100_000;
  for (let index = 0; index < asyncRounds; index++) {
    await asyncLock.acquireAsync();
    asyncLock.release();
  }
  rows.push({
    operation: 'Lock acquireAsync+release',
    sharedctypes: ((performance.now() - asyncStart) * 1e6) / asyncRounds,
    baseline: undefined,
    cpython: undefined,
    note: 'uncontended; includes one await',
  });
  await add(
    'alloc RawValue',
    () => {
      for (let index = 0; index < BATCH; index++) keep[index] = mp.RawValue('i');
    },
    () => {
      for (let index = 0; index < BATCH; index++)
        keep[index] = new Int32Array(new SharedArrayBuffer(4));
    },
    'baseline: one SharedArrayBuffer each',
  );
  await add('alloc Value', () => {
    for (let index = 0; index < BATCH; index++) keep[index] = mp.Value('i');
  });
  await add('alloc Array(d, 100)', () => {
    for (let index = 0; index < BATCH; index++) keep[index] = mp.Array('d', 100);
  });

  const handle = structuredClone(mp.Value('i', 1));
  await add(
    'attach a Value',
    () => {
      for (let index = 0; index < BATCH; index++) keep[index] = mp.attach(handle);
    },
    undefined,
    'rebuilding from a received clone: each call checks the handle and builds its arena and lock object',
  );
  return rows;
}

async function memoryRows(): Promise<Row[]> {
  const before = heapStatistics().bytesAllocated;
  const kept = Array.from({ length: 100_000 }, () => mp.Value('i'));
  const bytesPerValue = (heapStatistics().bytesAllocated - before) / kept.length;
  const total = quick ? 1_000_000 : 10_000_000;
  let peak = 0;
  const start = performance.now();
  for (let done = 0; done < total; done += 100_000) {
    for (let index = 0; index < 100_000; index++) mp.RawValue('i', index);
    await nextTurn();
    peak = Math.max(peak, process.memoryUsage().arrayBuffers);
  }
  const elapsed = performance.now() - start;
  return [
    {
      operation: "shared bytes per Value('i')",
      sharedctypes: bytesPerValue,
      baseline: undefined,
      cpython: undefined,
      note: 'bytes, not ns: the value and its RLock in shared slabs',
    },
    {
      operation: `churn ${total / 1e6}M RawValue`,
      sharedctypes: (elapsed * 1e6) / total,
      baseline: undefined,
      cpython: undefined,
      note: `allocate and drop; ${(total * 16) / 2 ** 20} MiB handed out, peak live array buffers ${(peak / 2 ** 20).toFixed(1)} MiB, RSS ${Math.round(process.memoryUsage().rss / 2 ** 20)} MiB`,
    },
  ];
}

function format(value: number | undefined): string {
  if (value === undefined) return '—';
  return value >= 100 ? value.toFixed(0) : value.toFixed(1);
}

function ratio(numerator: number | undefined, denominator: number | undefined): string {
  if (numerator === undefined || denominator === undefined) return '—';
  return `${(numerator / denominator).toFixed(2)}×`;
}

function report(rows: Row[]): string {
  const python =
    spawnSync('python3', ['--version'], { encoding: 'utf8' }).stdout.trim() || 'no python3';
  const header = [
    '| operation | sharedctypes ns | baseline ns | CPython ns | vs baseline | CPython ÷ sharedctypes | note |',
    '|---|---:|---:|---:|---:|---:|---|',
  ];
  const lines = rows.map(
    (row) =>
      `| ${row.operation} | ${format(row.sharedctypes)} | ${format(row.baseline)} | ${format(row.cpython)} | ${ratio(row.sharedctypes, row.baseline)} | ${ratio(row.cpython, row.sharedctypes)} | ${row.note ?? ''} |`,
  );
  return [
    '# Benchmark results',
    '',
    `Measured by \`npm run bench -- ${quick ? '--quick ' : ''}--write\` on ${new Date().toISOString().slice(0, 10)}: ${availableParallelism()} CPUs, Node ${process.version}, ${python}.`,
    'Times are ns per operation (lower is better). "vs baseline" is sharedctypes ÷ bare platform (1× = as fast);',
    '"CPython ÷ sharedctypes" is how many times faster than CPython multiprocessing (higher is better).',
    "A row's columns are measured in turns (five short runs each, the median counts), so that a slow spell",
    'of the shared machine lands on both; the 1e6-element initializers as the median call after a full collection.',
    '',
    ...header,
    ...lines,
    '',
  ].join('\n');
}

const cpython = runCPython();
// The bulk rows run after the churn: the large buffers they leave for the collector would
// count in its peak of live array buffers.
const rows = [
  ...(await singleThreadRows(cpython)),
  ...processRows(),
  ...(await racingRows(cpython)),
  ...(await bigMessageRows()),
  ...(await memoryRows()),
  ...(await bulkRows(cpython)),
  ...freshRows(cpython),
];
const text = report(rows);
console.log(text);
if (consumed()) console.log('consumed');
if (write) writeFileSync(new URL('../../bench/RESULTS.md', import.meta.url), text);
else console.log('(not written to bench/RESULTS.md: run with --write to record these figures)');
