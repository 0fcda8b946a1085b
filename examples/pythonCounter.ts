/**
 * Node.js and CPython processes adding to one counter under one lock: this script makes a
 * `Value` of the process context and starts 2 Python processes running
 * `examples/pythonCounter.py` with its handle (plain JSON); all three add 10,000 under the
 * counter's lock, and the total is exact.
 *
 *   npx tsx examples/pythonCounter.ts     # needs python3 (3.9 or newer) and libatomic
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as mp from 'sharedctypes';

// The package's folder: its python/ folder is the Python module, examples/ has the script.
const packageRoot = dirname(createRequire(import.meta.url).resolve('sharedctypes/package.json'));

// The counter and its RLock live in OS shared memory; Python attaches them by their handle.
const counter = mp.getContext('process').Value('i', 0);
const pythons = [1, 2].map(() =>
  spawn('python3', [join(packageRoot, 'examples/pythonCounter.py'), JSON.stringify(counter)], {
    env: { ...process.env, PYTHONPATH: join(packageRoot, 'python') },
    stdio: 'inherit',
  }),
);
for (let i = 0; i < 10_000; i++) {
  counter.withLock(() => {
    counter.value += 1; // excludes the Python processes' `with counter.get_lock():`
  });
}
const codes = await Promise.all(pythons.map(async (python) => (await once(python, 'exit'))[0]));
if (codes.some((code) => code !== 0)) throw new Error(`python3 exited with ${codes.join(', ')}`);
console.log(`counter: ${counter.value} (10000 from Node, 20000 from 2 Python processes)`);
