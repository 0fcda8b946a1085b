/** attach: live objects back from clones; clear TypeErrors for anything else. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as mp from '../src/index.js';

describe('attach', () => {
  it('rebuilds nested objects over the same memory with shared locks', () => {
    const lock = mp.RLock();
    const value = mp.Value('i', 1, { lock });
    const array = mp.Array('d', 2, { lock });
    const data = {
      list: [value, array] as [typeof value, typeof array],
      raw: mp.RawValue('q', 5n),
      lock,
      n: 3,
    };
    const clone = structuredClone(data);
    assert.equal(
      (clone.raw as unknown as { value?: unknown }).value,
      undefined,
      'inert data has no .value',
    );
    const live = mp.attach(clone);
    assert.equal(live.n, 3);
    assert.equal(live.list[0].getLock(), live.lock);
    assert.equal(live.list[1].getLock(), live.lock);
    live.list[0].value = 10;
    assert.equal(data.list[0].value, 10);
    assert.equal(live.raw.value, 5n);
    const again = mp.attach(structuredClone(data.list[0]));
    assert.equal(again.value, 10);
  });

  it('rejects non-shared, tampered, truncated and foreign-version data with TypeError', () => {
    const clone = structuredClone(mp.Value('i', 1)) as unknown as {
      __sharedctypes__: Record<string, unknown>;
    };
    const tamper = (change: (record: Record<string, unknown>) => void) => {
      const copy = structuredClone(clone);
      change(copy.__sharedctypes__);
      return copy;
    };
    const bad: unknown[] = [
      5,
      'x',
      { a: 1 },
      [],
      { __sharedctypes__: null },
      tamper((record) => {
        record.version = 99;
      }),
      tamper((record) => {
        record.kind = 'other';
      }),
      tamper((record) => {
        (record.object as Record<string, unknown>).offset = 1e9;
      }),
      tamper((record) => {
        (record.object as Record<string, unknown>).type = 'c_nothing';
      }),
      tamper((record) => {
        delete (record.object as Record<string, unknown>).memory;
      }),
      tamper((record) => {
        delete record.lock;
      }),
    ];
    for (const value of bad)
      assert.throws(
        () => mp.attach(value),
        TypeError,
        JSON.stringify(value, (_, v) => (typeof v === 'bigint' ? String(v) : v)),
      );
  });
});
