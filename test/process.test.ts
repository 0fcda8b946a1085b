/** Process: Python-style workers with attached arguments, exit codes and errors. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { forEachContext } from './helpers/contexts.js';
import { untilSet } from './helpers/workers.js';

forEachContext((ctx) => {
  const target = new URL('./workers/processTargets.js', import.meta.url);

  describe('Process', () => {
    it('runs the target with attached args and reports exit code 0', async () => {
      const counter = ctx.Value('i', 0);
      const processes = Array.from(
        { length: 3 },
        () => new ctx.Process({ target, args: [counter, 1000, 'ok'] }),
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
        const process = new ctx.Process({
          target: target.href,
          args: [ctx.Value('i'), 1, mode],
          name: `failing-${mode}`,
        });
        process.start();
        await process.join();
        assert.equal(process.exitCode, 1, mode);
        assert.ok(process.error instanceof Error, mode);
        assert.match(String((process.error as Error).stack), /failed on purpose/);
      }
    });

    it('reports exit code -15 when terminated before its worker started, as Python does', async () => {
      for (let round = 0; round < 3; round++) {
        const process = new ctx.Process({ target, args: [ctx.Value('i'), 0, 'hang'] });
        process.start();
        await process.terminate();
        await process.join();
        assert.equal(process.isAlive(), false);
        assert.equal(process.exitCode, -15);
        assert.equal(String(process), `<Process name="${process.name}" stopped exitcode=-15>`);
      }
    });

    it('reports -15 when terminated while running; join returns, with or without a timeout', async () => {
      const running = ctx.RawValue('i');
      const process = new ctx.Process({ target, args: [ctx.Value('i'), 0, 'hang', running] });
      process.start();
      await untilSet(running);
      await process.join(0.05);
      assert.equal(process.isAlive(), true, 'join with a timeout returns while it runs');
      assert.equal(process.exitCode, null);
      const terminated = process.terminate();
      await process.join(0.01);
      await terminated;
      await process.join();
      await process.join(5);
      assert.equal(process.isAlive(), false);
      assert.equal(process.exitCode, -15);
    });

    it('waits for the end on a timeout beyond what a timer holds, or an infinite one', async () => {
      for (const timeout of [Number.POSITIVE_INFINITY, 3e6]) {
        const running = ctx.RawValue('i');
        const process = new ctx.Process({ target, args: [ctx.Value('i'), 0, 'hang', running] });
        process.start();
        await untilSet(running);
        let joined = false;
        const join = process.join(timeout).then(() => {
          joined = true;
        });
        // A timer that overflowed would have fired by the time the worker is told to stop.
        await new Promise((resolve) => setTimeout(resolve, 20));
        assert.equal(joined, false, `join(${timeout}) waits while the process runs`);
        await process.terminate();
        await join;
        assert.equal(process.exitCode, -15);
      }
    });

    it('keeps the exit code of a process that ended on its own before terminate', async () => {
      const cases = [
        ['ok', 0],
        ['throw', 1],
        ['exit-3', 3],
      ] as const;
      for (const [mode, code] of cases) {
        const process = new ctx.Process({ target, args: [ctx.Value('i'), 1, mode] });
        process.start();
        await process.join();
        await process.terminate();
        await process.join();
        assert.equal(process.exitCode, code, mode);
      }
    });

    it('keeps the exit code when terminate comes while the worker exits on its own', async () => {
      const exiting = ctx.RawValue('i');
      const process = new ctx.Process({
        target,
        args: [ctx.Value('i'), 1, 'exit-slowly', exiting],
      });
      process.start();
      await untilSet(exiting);
      await process.terminate();
      await process.join();
      // A worker that ended its target keeps its code; a child process still running its
      // exit listeners is ended by the signal, as Python reports it.
      assert.equal(process.exitCode, ctx.name === 'process' ? -15 : 0);
    });

    it('never leaves join hanging when terminate races with the end of the target', async () => {
      const missing = new URL('./workers/doesNotExist.js', import.meta.url);
      const cases = [
        { target, mode: 'ok', code: 0, waitUntilRunning: false },
        { target, mode: 'ok', code: 0, waitUntilRunning: true },
        { target, mode: 'throw', code: 1, waitUntilRunning: true },
        { target: missing, mode: 'ok', code: 1, waitUntilRunning: false },
      ] as const;
      for (const { target, mode, code, waitUntilRunning } of cases) {
        const running = ctx.RawValue('i');
        const process = new ctx.Process({ target, args: [ctx.Value('i'), 10, mode, running] });
        process.start();
        if (waitUntilRunning) await untilSet(running);
        await process.terminate();
        await process.join();
        assert.equal(process.isAlive(), false);
        assert.ok(
          process.exitCode === code || process.exitCode === -15,
          `${mode}: exit code ${process.exitCode}, expected ${code} or -15`,
        );
      }
    });

    it('does nothing on terminate before start', async () => {
      const process = new ctx.Process({ target, args: [ctx.Value('i'), 0, 'ok'] });
      await process.terminate();
      assert.equal(process.exitCode, null);
      assert.equal(String(process), `<Process name="${process.name}" initial>`);
      process.start();
      await process.join();
      assert.equal(process.exitCode, 0);
    });

    it('rejects bad targets, args and misuse', async () => {
      assert.throws(() => new ctx.Process({ target: 'relative/path.js' }), TypeError);
      assert.throws(() => new ctx.Process({ target: 5 as never }), TypeError);
      assert.throws(() => new ctx.Process({ target, args: 'x' as never }), TypeError);
      const process = new ctx.Process({ target, args: [ctx.Value('i'), 0, 'ok'] });
      assert.throws(() => process.join(), Error);
      process.start();
      assert.throws(() => process.start(), Error);
      await process.join();
      const missing = new ctx.Process({
        target: new URL('./workers/doesNotExist.js', import.meta.url),
      });
      missing.start();
      await missing.join();
      assert.equal(missing.exitCode, 1);
    });
  });
});
