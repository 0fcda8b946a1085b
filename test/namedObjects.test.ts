/**
 * Named objects of the process context: unrelated processes that start at once meet at
 * one object (created once, with its initial value, race-free); a name taken by another
 * type or lock kind is a TypeError naming both; `unlink` removes the name and leaves
 * opened objects valid. The thread context has no named objects.
 */
import assert from 'node:assert/strict';
import { fork } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { after, describe, it } from 'node:test';
import * as mp from '../src/index.js';
import { PROCESS_CONTEXT_MISSING } from './helpers/contexts.js';

const peer = new URL('./workers/processPeer.js', import.meta.url);
const prefix = `test${process.pid}`;
const made: string[] = [];

/** A fresh name for this run; unlinked when the file's tests end. */
function fresh(name: string): string {
  made.push(`${prefix}-${name}`);
  return `${prefix}-${name}`;
}

describe('named objects', { skip: PROCESS_CONTEXT_MISSING }, () => {
  const ctx = PROCESS_CONTEXT_MISSING === undefined ? mp.getContext('process') : undefined;
  after(() => {
    for (const name of made) ctx?.unlink(name);
  });

  it('are met at by 4 processes that start at once, created once, totals exact', async (t) => {
    const run = fresh('race');
    for (const name of ['start', 'counter', 'lock', 'total']) made.push(`${run}-${name}`);
    const times = 5_000;
    const start = ctx!.RawValue('i', 0, { name: `${run}-start` });
    const children = Array.from({ length: 4 }, () =>
      fork(peer, ['named', String(times), run], { stdio: 'inherit' }),
    );
    t.after(() => {
      for (const child of children) child.kill('SIGKILL');
    });
    while (start.load() < 4) await new Promise((resolve) => setTimeout(resolve, 2));
    start.store(100);
    const codes = await Promise.all(
      children.map((child) => new Promise((resolve) => child.once('exit', resolve))),
    );
    assert.deepEqual(codes, [0, 0, 0, 0]);
    const counter = ctx!.Value('i', 0, { name: `${run}-counter` });
    const total = ctx!.RawValue('q', 0n, { name: `${run}-total` });
    assert.equal(counter.value, 4 * times);
    assert.equal(total.value, BigInt(4 * times));
  });

  it('keep the first initial value; later ones are ignored', () => {
    const name = fresh('first');
    const first = ctx!.Value('d', 2.5, { name });
    const second = ctx!.Value('d', 9, { name });
    assert.equal(second.value, 2.5);
    second.value = 4;
    assert.equal(first.value, 4);
    const array = ctx!.Array('i', [1, 2, 3], { name: fresh('array') });
    assert.deepEqual(ctx!.Array('i', [7, 7, 7], { name: made.at(-1)! }).slice(), [1, 2, 3]);
    assert.deepEqual(array.slice(), [1, 2, 3]);
  });

  it('attach from JSON to the same memory and the same lock', () => {
    const name = fresh('json');
    const value = ctx!.Value('i', 3, { name });
    const attached = mp.attach(JSON.parse(JSON.stringify(value))) as typeof value;
    value.getLock().acquire();
    assert.equal(attached.getLock().isOwnedByCurrentThread(), true, 'the same RLock');
    value.getLock().release();
    assert.equal(attached.getLock().isOwnedByCurrentThread(), false);
    attached.value = 8;
    assert.equal(value.value, 8);
  });

  it('refuse a name taken by another type or lock kind with TypeError', () => {
    const name = fresh('typed');
    ctx!.Value('i', 0, { name });
    assert.throws(() => ctx!.Value('d', 0, { name }), TypeError);
    assert.throws(() => ctx!.RawValue('i', 0, { name }), TypeError, 'no lock against a lock');
    assert.throws(() => ctx!.Array('i', 1, { name }), TypeError);
    assert.throws(() => ctx!.Lock({ name }), TypeError);
    const lockName = fresh('lockKind');
    ctx!.Lock({ name: lockName });
    assert.throws(() => ctx!.RLock({ name: lockName }), TypeError);
    const Point = mp.Structure({ x: mp.c_int, y: mp.c_int });
    const Other = mp.Structure({ x: mp.c_int, z: mp.c_int }, { name: 'Point' });
    const structName = fresh('struct');
    ctx!.RawValue(Point, [1, 2], { name: structName });
    assert.throws(() => ctx!.RawValue(Other, [1, 2], { name: structName }), TypeError);
    assert.equal(ctx!.RawValue(Point, undefined, { name: structName }).y, 2);
  });

  it('refuse bad names, lock objects and options with TypeError', () => {
    for (const name of ['', 'a b', 'x/y', '..\u0000', 'é', 'a'.repeat(65), 7, null]) {
      assert.throws(() => ctx!.Value('i', 0, { name: name as string }), TypeError, String(name));
      assert.throws(() => ctx!.Lock({ name: name as string }), TypeError, String(name));
      if (typeof name === 'string') assert.throws(() => ctx!.unlink(name), TypeError);
    }
    assert.throws(
      () => ctx!.Value('i', 0, { name: fresh('lockObject'), lock: mp.Lock() }),
      TypeError,
    );
    assert.throws(() => ctx!.RawValue('i', 0, 'options' as never), TypeError);
    assert.throws(() => ctx!.Lock('jobs' as never), TypeError);
  });

  it('refuse, with Error, a region of that name that nobody finishes', () => {
    const name = fresh('zeroed');
    writeFileSync(`/dev/shm/sharedctypes_${name}`, new Uint8Array(64), { mode: 0o600 });
    assert.throws(
      () => ctx!.Value('i', 0, { name }),
      (error: unknown) => error instanceof Error && !(error instanceof TypeError),
    );
  });

  it('leave nothing behind when the initial value is refused', () => {
    const name = fresh('refused');
    assert.throws(() => ctx!.Value('i', 1.5, { name }), TypeError);
    assert.equal(existsSync(`/dev/shm/sharedctypes_${name}`), false);
    assert.equal(ctx!.Value('i', 4, { name }).value, 4);
  });

  it('stay valid once opened after unlink, and the next to ask creates anew', () => {
    const name = fresh('unlinked');
    const old = ctx!.Value('i', 1, { name });
    assert.ok(existsSync(`/dev/shm/sharedctypes_${name}`));
    assert.equal(ctx!.unlink(name), true);
    assert.equal(ctx!.unlink(name), false);
    assert.equal(existsSync(`/dev/shm/sharedctypes_${name}`), false);
    old.value = 2;
    assert.equal(old.value, 2);
    const renewed = ctx!.Value('i', 10, { name });
    assert.equal(renewed.value, 10);
    assert.equal(old.value, 2);
  });
});

describe('the thread context', () => {
  it('has no named objects: a name is a TypeError, unlink an Error', () => {
    assert.throws(() => mp.Value('i', 0, { name: 'hits' }), TypeError);
    assert.throws(() => mp.RawArray('i', 2, { name: 'hits' }), TypeError);
    assert.throws(() => mp.Lock({ name: 'hits' }), TypeError);
    assert.throws(
      () => mp.getContext('thread').unlink('hits'),
      (error: unknown) => {
        return error instanceof Error && !(error instanceof TypeError);
      },
    );
  });
});
