/** attach: live objects back from clones; clear TypeErrors for anything else. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as mp from '../src/index.js';
import { LOCATE, type Locatable } from '../src/objects/sharedObject.js';
import { forEachContext } from './helpers/contexts.js';

forEachContext((ctx) => {
  describe('attach', () => {
    it('rebuilds nested objects over the same memory with shared locks', () => {
      const lock = ctx.RLock();
      const value = ctx.Value('i', 1, { lock });
      const array = ctx.Array('d', 2, { lock });
      const data = {
        list: [value, array] as [typeof value, typeof array],
        raw: ctx.RawValue('q', 5n),
        lock,
        n: 3,
      };
      const clone = structuredClone(data);
      assert.equal(
        (clone.raw as unknown as { value?: unknown }).value,
        undefined,
        'inert data has no .value',
      );
      const live = ctx.attach(clone);
      assert.equal(live.n, 3);
      assert.equal(live.list[0].getLock(), live.lock);
      assert.equal(live.list[1].getLock(), live.lock);
      live.list[0].value = 10;
      assert.equal(data.list[0].value, 10);
      assert.equal(live.raw.value, 5n);
      const again = ctx.attach(structuredClone(data.list[0]));
      assert.equal(again.value, 10);
    });

    it('rejects non-shared, tampered, truncated and foreign-version data with TypeError', () => {
      const clone = structuredClone(ctx.Value('i', 1)) as unknown as {
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
          record.offset = 1e9;
        }),
        tamper((record) => {
          record.type = 'c_nothing';
        }),
        tamper((record) => {
          delete record.memory;
        }),
        tamper((record) => {
          delete record.lockMemory;
        }),
        tamper((record) => {
          record.lockOffset = 1e9;
        }),
        tamper((record) => {
          record.lockKind = 'object';
        }),
      ];
      for (const value of bad)
        assert.throws(
          () => ctx.attach(value),
          TypeError,
          JSON.stringify(value, (_, v) => (typeof v === 'bigint' ? String(v) : v)),
        );
    });
  });

  /** The record of a raw `int` object, copied so that it can be changed. */
  function intRecord(): Record<string, unknown> {
    return { ...ctx.RawValue('i').__sharedctypes__ };
  }

  /** A handle for `type` (a description) at the memory of a fresh raw `int`. */
  function handleWithType(type: unknown): { __sharedctypes__: Record<string, unknown> } {
    return { __sharedctypes__: { ...intRecord(), type } };
  }

  /** A description of `depth` nested one-element arrays of `c_int`. */
  function nestedArrays(depth: number): unknown {
    let description: unknown = 'c_int';
    for (let level = 0; level < depth; level++) description = { element: description, length: 1 };
    return description;
  }

  describe('attach copies the data around shared objects', () => {
    it('keeps exactly the own keys of plain objects, a key __proto__ included', () => {
      const value = ctx.Value('i', 5);
      const data = JSON.parse('{"__proto__": {"x": 1}, "inner": {"__proto__": 2}, "n": 3}');
      data.value = value;
      const live = ctx.attach(data);
      assert.deepEqual(Object.keys(live), ['__proto__', 'inner', 'n', 'value']);
      assert.equal(Object.getPrototypeOf(live), Object.prototype);
      assert.ok(Object.hasOwn(live, '__proto__'));
      assert.deepEqual(Object.getOwnPropertyDescriptor(live, '__proto__')?.value, { x: 1 });
      assert.deepEqual(Object.keys(live.inner), ['__proto__']);
      assert.equal(Object.getPrototypeOf(live.inner), Object.prototype);
      assert.equal(live.value.value, 5);
    });

    it('keeps null prototypes, holes, and shared and circular references', () => {
      const bare = Object.assign(Object.create(null) as Record<string, unknown>, {
        value: ctx.RawValue('i', 4),
      });
      // biome-ignore lint/suspicious/noSparseArray: the hole is what is tested.
      const list: unknown[] = [1, , bare];
      const data: Record<string, unknown> = { list, again: bare };
      data.self = data;
      const live = ctx.attach(data) as typeof data;
      const liveList = live.list as unknown[];
      const liveBare = liveList[2] as Record<string, mp.SharedScalar<number>>;
      assert.equal(Object.getPrototypeOf(liveBare), null);
      assert.equal(liveBare.value.value, 4);
      assert.equal(liveList.length, 3);
      assert.ok(!Object.hasOwn(liveList, 1));
      assert.equal(live.again, liveBare);
      assert.equal(live.self, live);
      assert.notEqual(live, data);
    });
  });

  describe('attach checks struct types by the rules of Structure', () => {
    const membersOf = (prototype: object | null): string[] =>
      prototype === null
        ? []
        : [
            ...Object.getOwnPropertyNames(prototype),
            ...membersOf(Object.getPrototypeOf(prototype)),
          ];

    it('refuses, in Structure and in a handle, every member of the raw and wrapper classes', () => {
      const raw = ctx.RawValue(mp.Structure({ x: mp.c_int }));
      const members = new Set([
        ...membersOf(mp.SharedStruct.prototype),
        ...membersOf(mp.SynchronizedStruct.prototype),
        ...Object.keys(raw),
        'then',
        'toJSON',
        'value',
      ]);
      for (const name of ['getLock', 'withLock', '__sharedctypes__', 'acquire', 'hold']) {
        assert.ok(members.has(name), name);
      }
      for (const name of members) {
        assert.throws(() => mp.Structure({ [name]: mp.c_int }), TypeError, name);
        const fields = [[name, 'c_int']];
        assert.throws(
          () => ctx.attach(handleWithType({ name: 'S', pack: 0, fields })),
          TypeError,
          name,
        );
      }
    });

    it('refuses names, packs and fields that Structure refuses, and repeated fields', () => {
      const refused: [unknown, unknown, unknown][] = [
        ['not an identifier', 0, [['x', 'c_int']]],
        ['S', -1, [['x', 'c_int']]],
        ['S', 1.5, [['x', 'c_int']]],
        ['S', '1', [['x', 'c_int']]],
        ['S', 0, [['1x', 'c_int']]],
        [
          'S',
          0,
          [
            ['x', 'c_int'],
            ['x', 'c_int'],
          ],
        ],
        ['S', 0, [['x', 'c_int', 'extra']]],
        ['S', 0, [[5, 'c_int']]],
      ];
      for (const [name, pack, fields] of refused) {
        assert.throws(
          () => ctx.attach(handleWithType({ name, pack, fields })),
          (error) => error instanceof TypeError || error instanceof RangeError,
          JSON.stringify([name, pack, fields]),
        );
      }
      const live = ctx.attach(handleWithType({ name: 'S', pack: 0, fields: [['x', 'c_int']] }));
      assert.equal((live as unknown as { x: number }).x, 0);
    });
  });

  describe('nesting depth', () => {
    it('is at most 128, for arrayOf, Structure and attach alike', () => {
      let type: mp.CType = mp.c_int;
      for (let level = 0; level < 128; level++) type = mp.arrayOf(type, 1);
      assert.throws(() => mp.arrayOf(type, 1), RangeError);
      assert.throws(() => mp.Structure({ deep: type }), RangeError);
      const deepest = ctx.RawValue(type);
      const innermost = (outer: unknown): mp.SharedArray<typeof mp.c_int> => {
        let view = outer;
        for (let level = 0; level < 127; level++) view = (view as mp.SharedArray).get(0);
        return view as mp.SharedArray<typeof mp.c_int>;
      };
      innermost(ctx.attach(structuredClone(deepest))).set(0, 42);
      assert.equal(innermost(deepest).get(0), 42);
      assert.throws(() => ctx.attach(handleWithType(nestedArrays(129))), RangeError);
    });

    it('is checked without recursion, also for descriptions far deeper or circular', () => {
      assert.throws(() => ctx.attach(handleWithType(nestedArrays(100_000))), RangeError);
      const circular: Record<string, unknown> = { length: 1 };
      circular.element = circular;
      assert.throws(() => ctx.attach(handleWithType(circular)), RangeError);
    });

    it('builds a part that several fields share once, not once per path', () => {
      // 2^45 paths through 45 levels of two fields each; the type is too large for the memory.
      let part: unknown = 'c_int';
      for (let level = 0; level < 45; level++) {
        part = {
          name: 'Twice',
          pack: 0,
          fields: [
            ['a', part],
            ['b', part],
          ],
        };
      }
      assert.throws(() => ctx.attach(handleWithType(part)), TypeError);
    });
  });

  describe('the types attach rebuilds', () => {
    it('are one type per description while in use, and are collected once unused', async (t) => {
      const gc = globalThis.gc;
      if (gc === undefined) {
        t.skip('needs node --expose-gc');
        return;
      }
      const description = { name: 'Collected', pack: 0, fields: [['x', 'c_int']] };
      const first = ctx.attach(handleWithType(description)) as unknown as Locatable;
      const second = ctx.attach(handleWithType(description)) as unknown as Locatable;
      assert.equal(first[LOCATE]().type, second[LOCATE]().type);
      const collected = new WeakRef(first[LOCATE]().type);
      await new Promise((resolve) => setImmediate(resolve));
      gc();
      assert.ok(collected.deref() !== undefined, 'in use');
      const refs = Array.from({ length: 100 }, (_, index) => {
        const fields = [[`field${index}`, 'c_int']];
        const live = ctx.attach(handleWithType({ name: 'Dropped', pack: 0, fields }));
        return new WeakRef((live as unknown as Locatable)[LOCATE]().type);
      });
      await new Promise((resolve) => setImmediate(resolve));
      gc();
      assert.equal(refs.filter((ref) => ref.deref() !== undefined).length, 0);
    });
  });

  type IntArray = mp.SharedArray<typeof mp.c_int>;

  /** Attaches a handle made by hand as the array of ints it stands for. */
  function attachInts(handle: object): IntArray {
    return ctx.attach(handle) as IntArray;
  }

  describe('attach uses exactly the memory it checked', () => {
    it('writes through a handle whose buffer was swapped into that buffer only', () => {
      const victim = ctx.RawArray('i', 4);
      const victimHandle = { __sharedctypes__: { ...victim.__sharedctypes__ } };
      attachInts(victimHandle).set(0, 1);
      const decoy = new SharedArrayBuffer(64);
      const swapped = {
        __sharedctypes__: {
          ...victim.__sharedctypes__,
          memory: { context: 'thread', buffer: decoy, id: victim.__sharedctypes__.memory.id },
          offset: 16,
        },
      };
      const live = attachInts(swapped);
      live.set(0, 99);
      assert.equal(live[LOCATE]().allocation.arena.buffer, decoy);
      assert.deepEqual(victim.slice(), [1, 0, 0, 0]);
      assert.equal(new Int32Array(decoy)[4], 99);
      attachInts(victimHandle).set(1, 2);
      assert.deepEqual(victim.slice(), [1, 2, 0, 0]);
      assert.equal(new Int32Array(decoy)[5], 0);
    });

    it('leaves nothing behind for a handle it refuses', () => {
      const victim = ctx.RawArray('i', 4);
      const { id } = victim.__sharedctypes__.memory;
      const tooSmall = {
        __sharedctypes__: {
          ...victim.__sharedctypes__,
          memory: { context: 'thread', buffer: new SharedArrayBuffer(8), id },
        },
      };
      assert.throws(() => ctx.attach(tooSmall), TypeError);
      attachInts({ __sharedctypes__: { ...victim.__sharedctypes__ } }).set(3, 7);
      assert.deepEqual(victim.slice(), [0, 0, 0, 7]);
    });

    it('refuses what is not a fixed-length SharedArrayBuffer, whatever it claims', () => {
      const real = ctx.RawValue('d');
      const record = real.__sharedctypes__;
      const spoofed = new SharedArrayBuffer(8);
      Object.defineProperty(spoofed, 'byteLength', { value: 1 << 20 });
      const buffers: unknown[] = [
        new ArrayBuffer(8192),
        new Uint8Array(new SharedArrayBuffer(8192)),
        new Proxy(new SharedArrayBuffer(8192), {}),
        new SharedArrayBuffer(8, { maxByteLength: 8192 }),
        new SharedArrayBuffer(12),
        null,
      ];
      for (const buffer of buffers) {
        const memory = { context: 'thread', buffer, id: record.memory.id };
        assert.throws(() => ctx.attach({ __sharedctypes__: { ...record, memory } }), TypeError);
      }
      const memory = { context: 'thread', buffer: spoofed, id: record.memory.id };
      assert.throws(
        () => ctx.attach({ __sharedctypes__: { ...record, memory, offset: 1024 } }),
        TypeError,
      );
    });
  });
});
