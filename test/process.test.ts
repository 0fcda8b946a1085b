/** Process: Python-style workers with attached arguments, exit codes and errors. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as mp from '../src/index.js';

const target = new URL('./workers/processTargets.js', import.meta.url);

describe('Process', () => {
  it('runs the target with attached args and reports exit code 0', async () => {
    const counter = mp.Value('i', 0);
    const processes = Array.from(
      { length: 3 },
      () => new mp.Process({ target, args: [counter, 1000, 'ok'] }),
    );
    for (const process of processes) process.start();
    assert.ok(processes.every((process) => process.isAlive()));
    await Promise.all(processes.map((process) => process.join()));
    assert.deepEqual(
      processes.map((process) => process.exitCode),
      [0, 0, 0],
    );
    assert.equal(counter.value, 3000);
    assert.ok(processes.every((process) => !process.isAlive() && process.error === undefined));
  });

  it('keeps an exception thrown in the target, sync or async, with exit code 1', async () => {
    for (const mode of ['throw', 'async-throw'] as const) {
      const process = new mp.Process({
        target: target.href,
        args: [mp.Value('i'), 1, mode],
        name: `failing-${mode}`,
      });
      process.start();
      await process.join();
      assert.equal(process.exitCode, 1, mode);
      assert.ok(process.error instanceof Error, mode);
      assert.match(String((process.error as Error).stack), /failed on purpose/);
    }
  });

  it('does not leave join hanging when the worker is terminated', async () => {
    const process = new mp.Process({ target: target.pathname, args: [mp.Value('i'), 0, 'hang'] });
    process.start();
    await process.join(0.05);
    assert.equal(process.isAlive(), true, 'join with a timeout returns while it runs');
    await process.terminate();
    await process.join();
    assert.equal(process.isAlive(), false);
    assert.notEqual(process.exitCode, 0);
  });

  it('rejects bad targets, args and misuse', async () => {
    assert.throws(() => new mp.Process({ target: 'relative/path.js' }), TypeError);
    assert.throws(() => new mp.Process({ target: 5 as never }), TypeError);
    assert.throws(() => new mp.Process({ target, args: 'x' as never }), TypeError);
    const process = new mp.Process({ target, args: [mp.Value('i'), 0, 'ok'] });
    assert.throws(() => process.join(), Error);
    process.start();
    assert.throws(() => process.start(), Error);
    await process.join();
    const missing = new mp.Process({
      target: new URL('./workers/doesNotExist.js', import.meta.url),
    });
    missing.start();
    await missing.join();
    assert.equal(missing.exitCode, 1);
  });
});
