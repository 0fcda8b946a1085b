/**
 * Abandoned locks across languages: a Python process killed while holding a lock makes
 * Node's next acquirer (or a waiter already waiting) get the lock and AbandonedLockError,
 * and a Node process killed while holding one does the same to Python's, whose `with`
 * blocks and wrapper accessors release it again without running.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import * as mp from '../src/index.js';
import { attachCode, PYTHON_INTEROP_MISSING, peersKilledAfterEach } from './helpers/pythonPeers.js';

const holderTarget = new URL('./workers/abandoningHolder.js', import.meta.url);
const KINDS = ['Lock', 'RLock'] as const;

/**
 * What a Python acquire of `name` came to, and whether the error's lock is that lock;
 * the reply comes after the release, so Node may acquire as soon as it has it.
 */
const ACQUIRE_IN_PYTHON = (name: string) => `
try:
    ${name}.acquire()
    outcome = 'acquired'
except sharedctypes.AbandonedLockError as error:
    outcome = ['abandoned', error.lock is ${name}]
${name}.release()
reply(outcome)`;

describe('abandoned locks between CPython and Node.js', { skip: PYTHON_INTEROP_MISSING }, () => {
  const ctx = PYTHON_INTEROP_MISSING === undefined ? mp.getContext('process') : undefined!;
  const peer = peersKilledAfterEach();

  /** A Node child process that acquires `lock` and waits; resolves once it holds it. */
  async function nodeHolderOf(lock: mp.AnyLock) {
    const held = ctx.RawValue('i', 0);
    const holder = new ctx.Process({ target: holderTarget, args: [lock, held, 'wait'] });
    holder.start();
    while (held.load() === 0 && holder.isAlive()) await sleep(5);
    assert.equal(held.load(), 1, 'the holder took the lock');
    return holder;
  }

  for (const kind of KINDS) {
    it(`${kind === 'Lock' ? 'a' : 'an'} ${kind} held by a killed Python process is Node's, with AbandonedLockError`, async () => {
      const lock = ctx[kind]();
      const holder = peer();
      await holder.run(`lock = ${attachCode(lock)}; lock.acquire(); reply(True)`);
      assert.equal(lock.acquire(false), false);
      await holder.kill();
      assert.throws(
        () => lock.acquire(),
        (error: unknown) => error instanceof mp.AbandonedLockError && error.lock === lock,
      );
      lock.release();
      assert.equal(lock.acquire(false), true, 'later acquisitions are ordinary');
      lock.release();

      const second = peer();
      await second.run(`lock = ${attachCode(lock)}; lock.acquire(); reply(True)`);
      const waiting = lock.acquireAsync();
      await sleep(20);
      await second.kill();
      await assert.rejects(waiting, mp.AbandonedLockError);
      lock.release();
    });

    it(`${kind === 'Lock' ? 'a' : 'an'} ${kind} held by a killed Node process is Python's, with AbandonedLockError`, async () => {
      const lock = ctx[kind]();
      const python = peer();
      await python.run(`lock = ${attachCode(lock)}; reply(True)`);
      await (await nodeHolderOf(lock)).kill();
      assert.deepEqual(await python.run(ACQUIRE_IN_PYTHON('lock')), ['abandoned', true]);
      assert.equal(await python.run(ACQUIRE_IN_PYTHON('lock')), 'acquired');

      const holder = await nodeHolderOf(lock);
      const waiting = python.run(ACQUIRE_IN_PYTHON('lock'));
      await sleep(20);
      await holder.kill();
      assert.deepEqual(await waiting, ['abandoned', true]);
      assert.equal(lock.acquire(false), true);
      lock.release();
    });
  }

  it("makes Python's with blocks and wrapper accessors release it without running", async () => {
    const counter = ctx.Value('i', 5);
    const python = peer();
    await python.run(`counter = ${attachCode(counter)}; ran = []; reply(True)`);
    const outcomes: unknown[] = [];
    for (const action of [
      'with counter:\n    ran.append(1)',
      'counter.value = 9',
      'counter.value',
    ]) {
      await (await nodeHolderOf(counter.getLock())).kill();
      outcomes.push(
        await python.run(`
try:
    ${action.replaceAll('\n', '\n    ')}
    reply('ran')
except sharedctypes.AbandonedLockError:
    reply('abandoned')`),
      );
    }
    assert.deepEqual(outcomes, ['abandoned', 'abandoned', 'abandoned']);
    assert.deepEqual(await python.run('reply([ran, counter.value])'), [[], 5]);
    assert.equal(counter.getLock().acquire(false), true, 'released again');
    counter.getLock().release();
  });
});
