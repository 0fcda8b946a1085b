/** `getContext`: the thread context is the top-level API; unknown names are refused. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as mp from '../src/index.js';
import { TEST_CONTEXTS } from './helpers/contexts.js';

/** Each member of a context with the top-level function of the same name. */
const TOP_LEVEL = {
  Value: mp.Value,
  Array: mp.Array,
  RawValue: mp.RawValue,
  RawArray: mp.RawArray,
  Lock: mp.Lock,
  RLock: mp.RLock,
  synchronized: mp.synchronized,
  copy: mp.copy,
  attach: mp.attach,
  Process: mp.Process,
};

describe('getContext', () => {
  it("returns for 'thread' the top-level functions themselves, the same object each time", () => {
    const ctx = mp.getContext('thread');
    assert.equal(ctx, mp.getContext('thread'));
    assert.equal(ctx.name, 'thread');
    for (const [member, topLevel] of Object.entries(TOP_LEVEL)) {
      assert.equal(ctx[member as keyof typeof TOP_LEVEL], topLevel, member);
    }
    assert.ok(Object.isFrozen(ctx));
  });

  it('refuses every other name with TypeError', () => {
    for (const name of ['Process', 'Thread', 'fork', '', 'toString', '__proto__', 1, null]) {
      assert.throws(() => mp.getContext(name as never), TypeError, String(name));
    }
  });

  it('has no named objects in the thread context: unlink throws Error there', () => {
    for (const { ctx } of TEST_CONTEXTS) {
      if (ctx.name === 'thread') assert.throws(() => ctx.unlink('counter'), Error);
      else assert.equal(ctx.unlink(`never-made-${process.pid}`), false);
    }
  });
});

describe('every context', () => {
  for (const { label, ctx } of TEST_CONTEXTS) {
    it(`${label}: makes objects of the same classes as the top level, attachable anywhere`, () => {
      const value = ctx.Value('i', 1);
      const array = ctx.Array('d', [1, 2]);
      const raw = ctx.RawValue('q', 5n);
      const rawArray = ctx.RawArray('c', 3);
      const lock = ctx.Lock();
      const rlock = ctx.RLock();
      assert.ok(value instanceof mp.SynchronizedIntegerValue);
      assert.ok(array instanceof mp.SynchronizedArray);
      assert.ok(raw instanceof mp.SharedIntegerScalar);
      assert.ok(rawArray instanceof mp.SharedCharArray);
      assert.ok(lock instanceof mp.Lock && lock instanceof ctx.Lock);
      assert.ok(rlock instanceof mp.RLock && rlock instanceof ctx.RLock);
      assert.ok(value.getLock() instanceof mp.RLock);
      const guarded = ctx.synchronized(ctx.RawValue('i', 3));
      assert.ok(guarded.getLock() instanceof mp.RLock);
      const copied = ctx.copy(value);
      assert.equal(copied.value, 1);
      assert.equal(mp.attach(structuredClone(value)).value, 1);
      assert.equal(ctx.attach(structuredClone(value)).value, 1);
      assert.ok(new ctx.Process({ target: '/nowhere.js' }) instanceof mp.Process);
    });
  }
});
