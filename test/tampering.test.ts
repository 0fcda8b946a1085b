/**
 * Tampered handles: real workers attaching handles whose buffer was swapped or whose id
 * names other memory, and a property-based test mutating real handles of every kind. Every
 * outcome must be a TypeError or RangeError, or a live object that reads and writes only the
 * memory its handle names, checked with canary bytes around it.
 */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { after, describe, it } from 'node:test';
import type { Worker } from 'node:worker_threads';
import fc from 'fast-check';
import * as mp from '../src/index.js';
import type { ArenaDescription } from '../src/memory/arena.js';
import type { BufferMemoryRecord } from '../src/memory/bufferMemory.js';
import type { Allocation } from '../src/memory/heap.js';
import { LOCATE, type Locatable } from '../src/objects/sharedObject.js';
import { LOCK_BYTES, type LockRecord, type ObjectRecord } from '../src/sharing/handleCodec.js';
import { TEST_CONTEXTS } from './helpers/contexts.js';
import { startWorker } from './helpers/workers.js';
import type { AttachReport, AttachStep } from './workers/attachSteps.js';

// Handles of the thread context carry their buffers, which these tests swap and spoil.
for (const { label, ctx } of TEST_CONTEXTS.filter((entry) => entry.ctx.name === 'thread')) {
  describe(label, () => {
    /** The buffer a memory record of the thread context carries. */
    function bufferOf(memory: ArenaDescription): SharedArrayBuffer {
      return (memory as BufferMemoryRecord).buffer;
    }

    const CANARY = 0xa5;

    /** A worker that attaches, one message at a time, what it is sent. */
    class AttachingWorker {
      readonly #worker: Worker = startWorker('attachSteps', undefined);

      async step(handle: unknown, values?: readonly number[]): Promise<AttachReport> {
        const reply = once(this.#worker, 'message');
        this.#worker.postMessage({ handle, values } satisfies AttachStep);
        const [report] = (await reply) as [AttachReport];
        return report;
      }

      async close(): Promise<void> {
        await this.#worker.terminate();
      }
    }

    const workers: AttachingWorker[] = [];
    function attachingWorker(): AttachingWorker {
      const worker = new AttachingWorker();
      workers.push(worker);
      return worker;
    }
    after(() => Promise.all(workers.map((worker) => worker.close())));

    /** A buffer of `bytes` canary bytes. */
    function decoyBuffer(bytes: number): SharedArrayBuffer {
      const buffer = new SharedArrayBuffer(bytes);
      new Uint8Array(buffer).fill(CANARY);
      return buffer;
    }

    /** An array of 4 ints with canaries before and after it, and the bytes of its slab now. */
    function victimArray(): { victim: mp.SharedArray<typeof mp.c_int>; slab: Uint8Array } {
      ctx.RawArray('B', 16).typed.fill(CANARY);
      const victim = ctx.RawArray('i', 4);
      ctx.RawArray('B', 16).typed.fill(CANARY);
      return { victim, slab: victim[LOCATE]().allocation.arena.bytes };
    }

    /** The handle of `object` with its memory swapped for `buffer`, keeping its id. */
    function swapped(
      object: { __sharedctypes__: ObjectRecord | LockRecord },
      buffer: SharedArrayBuffer,
      offset: number,
    ) {
      const record = object.__sharedctypes__;
      return {
        __sharedctypes__: {
          ...record,
          memory: { context: 'thread', buffer, id: record.memory.id },
          offset,
        },
      };
    }

    /** Asserts that `after` equals `before` except in bytes [start, end). */
    function assertUnchangedOutside(
      before: Uint8Array,
      after: Uint8Array,
      start: number,
      end: number,
    ) {
      for (let index = 0; index < before.length; index++) {
        if ((index < start || index >= end) && before[index] !== after[index]) {
          assert.fail(
            `byte ${index} changed outside [${start}, ${end}): ${before[index]} → ${after[index]}`,
          );
        }
      }
    }

    describe('a worker attaching a handle whose buffer was swapped', () => {
      it('writes into the buffer the handle carries, not into the memory its id names', async () => {
        const { victim, slab } = victimArray();
        const { offset } = victim[LOCATE]();
        const decoy = decoyBuffer(64);
        const worker = attachingWorker();
        assert.deepEqual(await worker.step(victim, [1, 2, 3, 4]), { outcome: 'attached' });
        const slabBefore = slab.slice();
        assert.deepEqual(await worker.step(swapped(victim, decoy, 16), [9, 9, 9, 9]), {
          outcome: 'attached',
        });
        assert.deepEqual(victim.slice(), [1, 2, 3, 4]);
        assertUnchangedOutside(slabBefore, slab.slice(), offset, offset);
        assert.deepEqual([...new Int32Array(decoy, 16, 4)], [9, 9, 9, 9]);
        assertUnchangedOutside(new Uint8Array(64).fill(CANARY), new Uint8Array(decoy), 16, 32);
        assert.deepEqual(await worker.step(victim, [5, 6, 7, 8]), { outcome: 'attached' });
        assert.deepEqual(victim.slice(), [5, 6, 7, 8]);
        assert.deepEqual([...new Int32Array(decoy, 16, 4)], [9, 9, 9, 9]);
      });

      it('seen first, leaves the next untouched handle of that id to its own memory', async () => {
        const { victim, slab } = victimArray();
        const { offset } = victim[LOCATE]();
        const decoy = decoyBuffer(64);
        const worker = attachingWorker();
        const slabBefore = slab.slice();
        assert.deepEqual(await worker.step(swapped(victim, decoy, 0), [9, 9, 9, 9]), {
          outcome: 'attached',
        });
        assert.deepEqual(await worker.step(victim, [5, 6, 7, 8]), { outcome: 'attached' });
        assert.deepEqual(victim.slice(), [5, 6, 7, 8]);
        assertUnchangedOutside(slabBefore, slab.slice(), offset, offset + 16);
        assert.deepEqual([...new Int32Array(decoy, 0, 4)], [9, 9, 9, 9]);
        assertUnchangedOutside(new Uint8Array(64).fill(CANARY), new Uint8Array(decoy), 0, 16);
      });

      it('refused, leaves no trace: the untouched handle after it attaches to its own memory', async () => {
        const { victim } = victimArray();
        const worker = attachingWorker();
        const tooSmall = swapped(victim, decoyBuffer(8), 0);
        assert.deepEqual(await worker.step(tooSmall, [9]), {
          outcome: 'refused',
          error: 'TypeError',
        });
        assert.deepEqual(await worker.step(victim, [3, 1, 4, 1]), { outcome: 'attached' });
        assert.deepEqual(victim.slice(), [3, 1, 4, 1]);
      });

      it('locks the cells in the buffer the handle carries, and the real lock only for its own handle', async () => {
        for (const realFirst of [true, false]) {
          const lock = ctx.Lock();
          const decoy = new SharedArrayBuffer(16);
          const fake = swapped(lock, decoy, 0);
          const worker = attachingWorker();
          const steps = realFirst ? [lock, fake] : [fake, lock];
          for (const handle of steps) {
            assert.deepEqual(await worker.step(handle), { outcome: 'attached', acquired: true });
          }
          assert.equal(lock.acquire(false), false, 'the worker holds the real lock');
          assert.notEqual(new Int32Array(decoy)[0], 0, 'and the fake one, in the decoy buffer');
        }
      });
    });

    // ---------------------------------------------------------------------------------------
    // Property-based: mutated real handles of every kind.

    const Point = mp.Structure(
      { x: mp.c_short, y: mp.c_double, tag: mp.arrayOf(mp.c_char, 3) },
      { name: 'Point' },
    );
    const Packed = mp.Structure(
      { c: mp.c_char, point: Point, wide: mp.arrayOf(mp.c_wchar, 2) },
      { name: 'Packed', pack: 1 },
    );
    const Grid = mp.arrayOf(mp.arrayOf(mp.c_int, 2), 2);

    /** Makers of a real object of every kind: scalars, arrays, structures, views, locks, wrappers. */
    const MAKERS: Record<string, () => object> = {
      int: () => ctx.RawValue('i'),
      double: () => ctx.RawValue('d'),
      longlong: () => ctx.RawValue('q'),
      ubyte: () => ctx.RawValue('B'),
      bool: () => ctx.RawValue(mp.c_bool),
      char: () => ctx.RawValue('c'),
      wchar: () => ctx.RawValue('u'),
      ints: () => ctx.RawArray('i', 3),
      chars: () => ctx.RawArray('c', 5),
      wides: () => ctx.RawArray('u', 3),
      grid: () => ctx.RawValue(Grid),
      point: () => ctx.RawValue(Point),
      packed: () => ctx.RawValue(Packed),
      unalignedView: () => ctx.RawValue(Packed).point,
      lock: () => ctx.Lock(),
      rlock: () => ctx.RLock(),
      value: () => ctx.Value('i'),
      doubles: () => ctx.Array('d', 2),
      string: () => ctx.Array('c', 4),
      struct: () => ctx.Value(Point),
    };

    type Json = Record<string, unknown>;

    /** A copy of a handle record: plain objects and arrays copied, buffers kept by identity. */
    function copyRecord(value: unknown): unknown {
      if (Array.isArray(value)) return value.map(copyRecord);
      if (typeof value !== 'object' || value === null || value instanceof SharedArrayBuffer) {
        return value;
      }
      return Object.fromEntries(
        Object.entries(value).map(([key, part]) => [key, copyRecord(part)]),
      );
    }

    /** Everything a mutation may use: other real memory, ids and types, and decoy buffers. */
    interface Materials {
      readonly decoys: readonly SharedArrayBuffer[];
      readonly other: ObjectRecord;
      readonly types: readonly unknown[];
    }

    type Mutation = (record: Json, materials: Materials) => Json;

    const FIELD_NAMES = [
      'x',
      'y',
      'getLock',
      'withLock',
      'getObj',
      '__sharedctypes__',
      'toString',
      'value',
      'then',
      'constructor',
      '__proto__',
      'hasOwnProperty',
      '1st',
      '',
    ];

    function nested(depth: number, inner: unknown): unknown {
      let description = inner;
      for (let level = 0; level < depth; level++) description = { element: description, length: 1 };
      return description;
    }

    const junk = fc.oneof(
      fc.constantFrom(undefined, null, 0, -1, 1.5, Number.NaN, '', '1', 'object', true, 2n ** 64n),
      fc.constant({}),
      fc.constant([]),
    );

    const offsetValue = fc.oneof(
      fc.integer({ min: -64, max: 8256 }),
      fc.constantFrom(1, 2, 3, 4, 6, 12, 8184, 8188, 8192, 2 ** 31, 2 ** 53, -0, 0.5, Number.NaN),
      junk,
    );

    const simpleName = fc.constantFrom(
      'c_int',
      'c_double',
      'c_char',
      'c_wchar',
      'c_bool',
      'c_uint64',
      'c_nothing',
      'toString',
      '__proto__',
    );

    const lengthValue = fc.oneof(
      fc.integer({ min: -2, max: 3000 }),
      fc.constantFrom(2 ** 31, 2 ** 53, 1.5, Number.NaN, '3', -0),
    );

    type Made = readonly [shown: unknown, make: (materials: Materials) => unknown];

    const typeDescription: fc.Arbitrary<Made> = fc.oneof(
      fc
        .nat(20)
        .map(
          (index): Made => [
            `real type ${index}`,
            (materials) => materials.types[index % materials.types.length],
          ],
        ),
      simpleName.map((name): Made => [name, () => name]),
      fc
        .tuple(simpleName, lengthValue)
        .map(([element, length]): Made => [{ element, length }, () => ({ element, length })]),
      fc
        .tuple(
          fc.array(fc.tuple(fc.constantFrom(...FIELD_NAMES), simpleName), { maxLength: 4 }),
          fc.oneof(fc.constantFrom(0, 1, 2, 8), fc.constantFrom(-1, 1.5, '1', 2 ** 40)),
          fc.constantFrom('S', 'Point', '', '1S', 'toString'),
        )
        .map(
          ([fields, pack, name]): Made => [{ name, pack, fields }, () => ({ name, pack, fields })],
        ),
      fc
        .constantFrom(1, 127, 128, 129, 5000)
        .map((depth): Made => [`${depth} nested arrays`, () => nested(depth, 'c_int')]),
      fc.constant<Made>([
        'a circular array type',
        () => {
          const circular: Json = { length: 1 };
          circular.element = circular;
          return circular;
        },
      ]),
      fc.constant<Made>([
        'an array type with an extra key',
        () => ({ element: 'c_int', length: 2, extra: true }),
      ]),
      fc.constant<Made>([
        'an array type with an own key __proto__',
        () => JSON.parse('{"__proto__": {}, "element": "c_int", "length": 2}'),
      ]),
      fc.constant<Made>([
        'an inherited array type',
        () => Object.create({ element: 'c_int', length: 2 }),
      ]),
      fc.constant<Made>([
        'a field of three',
        () => ({ name: 'S', pack: 0, fields: [['x', 'c_int', 'extra']] }),
      ]),
      fc.constant<Made>([
        'a hole in the fields',
        () => {
          const fields: unknown[] = [];
          fields[1] = ['x', 'c_int'];
          return { name: 'S', pack: 0, fields };
        },
      ]),
    );

    const bufferValue: fc.Arbitrary<Made> = fc.oneof(
      fc
        .nat(10)
        .map(
          (index): Made => [
            `decoy ${index}`,
            (materials) => materials.decoys[index % materials.decoys.length],
          ],
        ),
      fc.constant<Made>(['the other buffer', (materials) => bufferOf(materials.other.memory)]),
      fc.constant<Made>(['an ArrayBuffer', () => new ArrayBuffer(8192)]),
      fc.constant<Made>(['a Uint8Array', () => new Uint8Array(new SharedArrayBuffer(8192))]),
      fc.constant<Made>(['a proxy', () => new Proxy(new SharedArrayBuffer(8192), {})]),
      fc.constant<Made>([
        'a growable buffer',
        () => new SharedArrayBuffer(16, { maxByteLength: 8192 }),
      ]),
      fc.constant<Made>([
        'a buffer claiming 8192 bytes',
        () => {
          const spoofed = new SharedArrayBuffer(16);
          Object.defineProperty(spoofed, 'byteLength', { value: 8192 });
          return spoofed;
        },
      ]),
      junk.map((value): Made => [value, () => value]),
    );

    /** `change`, shown as `text` in counterexamples. */
    function named(text: string, change: Mutation): Mutation {
      return Object.assign(change, { [fc.toStringMethod]: () => text });
    }

    /** A wrapper record's lock fields, and the keys of a lock record they stand for. */
    const LOCK_FIELDS: Record<string, string> = {
      lockKind: 'kind',
      lockMemory: 'memory',
      lockOffset: 'offset',
    };

    /**
     * Where in a record a mutation applies: the record, or a wrapper's lock fields, changed
     * as the lock record they stand for (its `kind`, `memory` and `offset`).
     */
    function at(part: 'record' | 'lock', change: Mutation): Mutation {
      return named(`${part}: ${fc.stringify(change)}`, (record, materials) => {
        if (part === 'record' || !('lockMemory' in record)) return change(record, materials);
        const rest: Json = {};
        const lock: Json = { version: record.version };
        for (const [key, value] of Object.entries(record)) {
          if (key in LOCK_FIELDS) lock[LOCK_FIELDS[key]] = value;
          else rest[key] = value;
        }
        const changed = change(lock, materials);
        const toField = Object.fromEntries(
          Object.entries(LOCK_FIELDS).map(([field, key]) => [key, field]),
        );
        for (const [key, value] of Object.entries(changed)) {
          if (key !== 'version') rest[toField[key] ?? key] = value;
        }
        return rest;
      });
    }

    function memoryOf(record: Json): Json {
      const memory = record.memory;
      return typeof memory === 'object' && memory !== null ? (memory as Json) : {};
    }

    const RECORD_KEYS = [
      'version',
      'kind',
      'memory',
      'offset',
      'type',
      'lockKind',
      'lockMemory',
      'lockOffset',
    ];

    /** A mutation setting `key` to a value made from the materials, shown as `shown`. */
    function setting(
      key: string,
      shown: unknown,
      make: (materials: Materials) => unknown,
    ): Mutation {
      return named(`${key} = ${fc.stringify(shown)}`, (record, materials) => ({
        ...record,
        [key]: make(materials),
      }));
    }

    /** A mutation setting `memory.key`. */
    function settingMemory(key: string, shown: unknown, make: (materials: Materials) => unknown) {
      return named(`memory.${key} = ${fc.stringify(shown)}`, (record, materials) => ({
        ...record,
        memory: { ...memoryOf(record), [key]: make(materials) },
      }));
    }

    const mutation: fc.Arbitrary<Mutation> = fc
      .tuple(
        fc.constantFrom('record', 'lock') as fc.Arbitrary<'record' | 'lock'>,
        fc.oneof(
          fc
            .constantFrom(0, 1, 3, '2', 1.5, null)
            .map((version) => setting('version', version, () => version)),
          fc
            .constantFrom('object', 'lock', 'rlock', 'synchronized', 'other', 1)
            .map((kind) => setting('kind', kind, () => kind)),
          offsetValue.map((offset) => setting('offset', offset, () => offset)),
          typeDescription.map(([shown, type]) => setting('type', shown, type)),
          bufferValue.map(([shown, buffer]) => settingMemory('buffer', shown, buffer)),
          fc
            .oneof(fc.string({ maxLength: 8 }), junk)
            .map((id) => settingMemory('id', id, () => id)),
          fc
            .oneof(fc.constantFrom('process', 'Thread', 'toString', '__proto__', ''), junk)
            .map((context) => settingMemory('context', context, () => context)),
          fc.constant(
            settingMemory('id', 'the other id', (materials) => materials.other.memory.id),
          ),
          fc.constant(
            named('memory = the other memory', (record, materials) => ({
              ...record,
              memory: { ...materials.other.memory },
            })),
          ),
          fc.constant(settingMemory('extra', 1, () => 1)),
          fc
            .tuple(fc.constantFrom('extra', 'constructor', 'toString'), junk)
            .map(([key, value]) => setting(key, value, () => value)),
          fc.constantFrom(...RECORD_KEYS).map((key) =>
            named(`delete ${key}`, (record) => {
              const { [key]: _, ...rest } = record;
              return rest;
            }),
          ),
          fc.constant(named('fields inherited only', (record) => Object.create(record) as Json)),
          fc.constant(
            named('own key __proto__', (record) =>
              Object.defineProperty({ ...record }, '__proto__', { value: {}, enumerable: true }),
            ),
          ),
          fc.constant(
            named('merged with the other record', (record, materials) => ({
              ...(copyRecord(materials.other) as Json),
              ...record,
            })),
          ),
          fc.constant(
            named('the other record', (_record, materials) => copyRecord(materials.other) as Json),
          ),
        ),
      )
      .map(([part, change]) => at(part, change));

    /** A value with all bits set, or close, for a simple type: stores that miss show. */
    function loudValue(type: mp.SimpleType<unknown, unknown>): unknown {
      switch (type.storage) {
        case 'int8':
        case 'int16':
        case 'int32':
          return -1;
        case 'uint8':
        case 'char':
          return 0xff;
        case 'uint16':
          return 0xffff;
        case 'uint32':
          return 2 ** 32 - 1;
        case 'int64':
          return -1n;
        case 'uint64':
          return 2n ** 64n - 1n;
        case 'bool':
          return true;
        case 'wchar':
          return '\u{10ffff}';
        default:
          return -1.5;
      }
    }

    /** Writes a loud value into every element and field of a raw object, and reads it all. */
    function fill(raw: unknown): void {
      const { type } = (raw as Locatable)[LOCATE]();
      if (type.category === 'simple') {
        (raw as { value: unknown }).value = loudValue(type);
      } else if (type.category === 'array') {
        const array = raw as mp.SharedArray;
        for (let index = 0; index < type.length; index++) {
          if (type.element.category === 'simple')
            array.set(index, loudValue(type.element) as never);
          else fill(array.get(index));
        }
        if (raw instanceof mp.SharedCharArray) raw.raw = new Uint8Array(type.length).fill(0xff);
        if (raw instanceof mp.SharedWideCharArray) raw.value = 'Ω'.repeat(type.length);
      } else {
        const struct = raw as Record<string, unknown>;
        for (const field of type.fields) {
          if (field.type.category === 'simple') struct[field.name] = loudValue(field.type);
          else fill(struct[field.name]);
        }
      }
      String(raw);
    }

    /** The memory a live object may touch: buffer, offset and size of its object and lock. */
    interface Region {
      readonly buffer: SharedArrayBuffer;
      readonly offset: number;
      readonly size: number;
    }

    /** Checks that `live` lies where `record` says, within its buffer; returns its regions. */
    function regionsOf(live: unknown, record: Json): Region[] {
      const check = (allocation: Allocation, offset: number, size: number, part: Json): Region => {
        const memory = part.memory as BufferMemoryRecord;
        assert.equal(allocation.arena.buffer, memory.buffer, 'attached over the buffer it carries');
        assert.ok(offset === part.offset, 'at the offset it names');
        assert.ok(
          offset >= 0 && offset + size <= new Uint8Array(memory.buffer).length,
          'inside it',
        );
        return { buffer: memory.buffer, offset, size };
      };
      if (live instanceof mp.SharedLock || live instanceof mp.SharedRLock) {
        return [check(live.allocation, live.allocation.offset, LOCK_BYTES, record)];
      }
      if (live instanceof mp.SynchronizedBase) {
        return [
          ...regionsOf(live.getObj(), record),
          ...regionsOf(live.getLock(), { memory: record.lockMemory, offset: record.lockOffset }),
        ];
      }
      const { allocation, offset, type } = (live as Locatable)[LOCATE]();
      return [check(allocation, offset, type.size, record)];
    }

    /**
     * Tries a lock that may lie over any bytes: taken (never waited for), or seen abandoned
     * (its bytes name no live holder), and then held.
     */
    function tryLock(lock: { acquire(block: boolean): boolean }): boolean {
      try {
        return lock.acquire(false);
      } catch (error) {
        if (error instanceof mp.AbandonedLockError) return true;
        throw error;
      }
    }

    /** Reads and writes everything a live object offers. */
    function exercise(live: unknown): void {
      if (live instanceof mp.SharedLock || live instanceof mp.SharedRLock) {
        if (tryLock(live)) live.release();
        String(live);
      } else if (live instanceof mp.SynchronizedBase) {
        // The lock is released before the fill: a handle may lay the object over its own
        // lock's cells, which the fill then overwrites.
        if (tryLock(live)) live.release();
        fill(live.getObj());
      } else {
        fill(live);
      }
    }

    function isStackOverflow(error: unknown): boolean {
      return error instanceof RangeError && /call stack/.test(error.message);
    }

    const DECOY_BYTES = [0, 8, 12, 16, 24, 64, 8192, 8200, 1 << 16];

    /** The type descriptions of every kind of object, and a deepest one. */
    const TYPES = [
      ...Object.values(MAKERS).map((make) => {
        const record = (make() as { __sharedctypes__: Json }).__sharedctypes__;
        return record.type ?? 'c_int';
      }),
      nested(128, 'c_int'),
    ];

    describe('attach of mutated real handles', () => {
      it('throws TypeError or RangeError, or gives an object that stays inside its memory', () => {
        const kinds = Object.keys(MAKERS);
        const outcomes = { attached: 0, refused: 0 };
        fc.assert(
          fc.property(
            fc.constantFrom(...kinds),
            fc.array(mutation, { minLength: 1, maxLength: 3 }),
            fc.nat(20),
            (kind, mutations, decoySeed) => {
              const before = ctx.RawArray('B', 32);
              const object = MAKERS[kind]() as { __sharedctypes__: Json };
              const afterCanary = ctx.RawArray('B', 32);
              before.typed.fill(CANARY);
              afterCanary.typed.fill(CANARY);
              const other = ctx.RawArray('d', 4 + (decoySeed % 5));
              const materials: Materials = {
                decoys: DECOY_BYTES.map(decoyBuffer),
                other: other.__sharedctypes__,
                types: TYPES,
              };
              const original = object.__sharedctypes__;
              let record = copyRecord(original) as Json;
              for (const change of mutations) record = change(record, materials);
              const watched = [
                ...new Set<SharedArrayBuffer>([
                  ...materials.decoys,
                  bufferOf(other.__sharedctypes__.memory),
                  bufferOf(before.__sharedctypes__.memory),
                  bufferOf(afterCanary.__sharedctypes__.memory),
                  ...regionsOf(object, original).map((region) => region.buffer),
                ]),
              ];
              const snapshots = watched.map((buffer) => new Uint8Array(buffer).slice());
              let live: unknown;
              try {
                live = ctx.attach({ __sharedctypes__: record });
              } catch (error) {
                assert.ok(!isStackOverflow(error), 'no stack overflow');
                assert.ok(error instanceof TypeError || error instanceof RangeError, String(error));
                watched.forEach((buffer, index) => {
                  assert.deepEqual(new Uint8Array(buffer), snapshots[index], 'nothing written');
                });
                // No trace: the untouched handle attaches to exactly its own memory.
                const untouched = ctx.attach({ __sharedctypes__: copyRecord(original) });
                regionsOf(untouched, original);
                outcomes.refused++;
                return;
              }
              const regions = regionsOf(live, record);
              exercise(live);
              outcomes.attached++;
              watched.forEach((buffer, index) => {
                const now = new Uint8Array(buffer);
                const mine = regions.filter((region) => region.buffer === buffer);
                for (let byte = 0; byte < now.length; byte++) {
                  if (now[byte] === snapshots[index][byte]) continue;
                  const allowed = mine.some(
                    (region) => byte >= region.offset && byte < region.offset + region.size,
                  );
                  assert.ok(allowed, `byte ${byte} of a ${now.length}-byte buffer written outside`);
                }
              });
            },
          ),
          { numRuns: 400, includeErrorInReport: true },
        );
        // Both outcomes must occur, or the property held for nothing.
        assert.ok(outcomes.attached > 20 && outcomes.refused > 20, JSON.stringify(outcomes));
      });
    });
  });
}
