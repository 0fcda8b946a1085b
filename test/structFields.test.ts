/**
 * Structure fields compiled per field: every simple type, nested views made once and kept
 * (also across a reassignment of the whole field), unaligned fields of packed structures,
 * and synchronized fields read directly by the thread that holds the lock.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as mp from '../src/index.js';
import { LOCATE } from '../src/objects/sharedObject.js';
import { runWorker } from './helpers/workers.js';

const Point = mp.Structure({ x: mp.c_int, y: mp.c_double }, { name: 'Point' });
const Line = mp.Structure({ a: Point, b: Point, tags: mp.arrayOf(mp.c_int, 4) }, { name: 'Line' });

describe('structure fields', () => {
  it('store and read every simple type as a scalar of that type does', () => {
    const codes = ['b', 'B', 'h', 'H', 'i', 'I', 'q', 'Q', 'f', 'd', 'c', 'u'] as const;
    const All = mp.Structure(Object.fromEntries(codes.map((code) => [`f${code}`, code])));
    const inputs: Record<string, unknown[]> = {
      b: [200, -1, true, 3n],
      B: [256, -1],
      h: [70000, -2],
      H: [-1],
      i: [2 ** 31, 5n],
      I: [-1],
      q: [5, 2n ** 63n],
      Q: [-1n, 1],
      f: [0.1, 1e39, 2n],
      d: [0.1, -0, true],
      c: [65, Uint8Array.of(66)],
      u: ['😀', 'é'],
    };
    const all = mp.RawValue(All) as unknown as Record<string, unknown>;
    for (const code of codes) {
      for (const input of inputs[code]) {
        all[`f${code}`] = input;
        assert.deepEqual(
          all[`f${code}`],
          mp.RawValue(code, input as never).value,
          `${code} ${input}`,
        );
      }
      for (const bad of code === 'u' ? ['ab', null, 5] : ['1', null, {}]) {
        const before = all[`f${code}`];
        assert.throws(() => {
          all[`f${code}`] = bad;
        }, TypeError);
        assert.deepEqual(all[`f${code}`], before, 'a failed store writes nothing');
      }
    }
    const flags = mp.RawValue(mp.Structure({ on: mp.c_bool }));
    flags.on = 'yes' as never;
    assert.equal(flags.on, true);
  });

  it('keep one view per structure or array field, valid after the field is replaced', () => {
    const line = mp.RawValue(Line, { a: { x: 1 }, tags: [1, 2] });
    const a = line.a;
    assert.equal(line.a, a);
    assert.equal(line.tags, line.tags);
    line.a = { y: 2.5 } as never;
    assert.equal(line.a, a);
    assert.deepEqual([a.x, a.y], [0, 2.5]);
    line.tags = [9] as never;
    assert.deepEqual(line.tags.slice(), [9, 0, 0, 0]);
    a.x = 7;
    assert.equal(mp.copy(line).a.x, 7);
    assert.notEqual(mp.RawValue(Line).a, a, 'each structure object has its own views');
    const Outer = mp.Structure({ line: Line }, { name: 'Outer' });
    const outer = mp.RawValue(Outer);
    assert.equal(outer.line.b, outer.line.b);
  });

  it('read and write unaligned fields of nested structures in packed ones', () => {
    const Packed = mp.Structure({ tag: mp.c_char, point: Point, count: mp.c_short }, { pack: 1 });
    const packed = mp.RawValue(Packed);
    packed.point.x = -5;
    packed.point.y = 1.25;
    packed.count = 300;
    const { allocation, offset } = packed[LOCATE]();
    const view = new DataView(allocation.arena.buffer, offset);
    assert.equal(view.getInt32(1, true), -5);
    assert.equal(view.getFloat64(1 + 8, true), 1.25);
    assert.equal(view.getInt16(1 + 16, true), 300);
    assert.deepEqual([packed.point.x, packed.point.y, packed.count], [-5, 1.25, 300]);
  });

  it("hold 'u' strings at unaligned offsets like aligned 'u' arrays", () => {
    const Packed = mp.Structure({ tag: mp.c_char, text: mp.arrayOf('u', 4) }, { pack: 1 });
    const packed = mp.RawValue(Packed);
    const aligned = mp.RawArray('u', 4);
    for (const text of ['😀ab', 'a\u0000b', '\ud800', '😀😀😀😀', 'xy']) {
      packed.text.value = text;
      aligned.value = text;
      assert.equal(packed.text.value, aligned.value, JSON.stringify(text));
      assert.deepEqual([...packed.text], [...aligned]);
    }
    assert.throws(() => {
      packed.text.value = '😀😀😀😀😀';
    }, RangeError);
    assert.equal(packed.text.value, 'xy');
  });

  it('are read directly under an owned RLock and under the lock otherwise', () => {
    const line = mp.Value(Line);
    line.withLock(() => {
      line.a.x += 1;
      assert.equal(line.a.x, 1);
    });
    const point = mp.Value(Point, { x: 1 }, { lock: mp.Lock() });
    point.x += 1;
    assert.equal(point.x, 2);
    assert.throws(() => {
      point.y = 'x' as never;
    }, TypeError);
    assert.equal(point.getLock().acquire(false), true, 'a failed store released the lock');
    point.getLock().release();
  });

  it('update through kept nested views from racing workers, totals exact', async () => {
    const line = mp.Value(Line);
    const kept = line.getObj().b;
    line.getObj().b = { y: 1.5 } as never;
    const workers = 3;
    const times = 20_000;
    const same = await Promise.all(
      Array.from({ length: workers }, () => runWorker<boolean>('nestedUpdates', { line, times })),
    );
    assert.deepEqual(same, [true, true, true], 'views are kept in the workers too');
    assert.equal(line.a.x, workers * times);
    assert.equal(kept.x, 2 * workers * times);
    assert.equal(kept.y, 1.5);
    assert.equal(line.getObj().tags.get(1), workers * times);
  });
});
