/**
 * The paths users hit first: array initializers and slice stores, index syntax, structure
 * fields (flat, nested, synchronized), `'u'` strings and `String()` of a `Value`. Each
 * against the bare platform (or the floor of the technique, where that is the limit) and
 * CPython in the same run.
 */
import * as mp from '../src/index.js';
import {
  BATCH,
  consume,
  measureTogether,
  medianPerCallAfterCollection,
  type Row,
  repeated,
} from './common.js';

const LENGTH = 1000;
/** Initializers are measured where their cost per element dominates. */
const INIT_LENGTH = 1_000_000;
/** `setSlice` calls per measured body: each is µs-scale. */
const SLICE_CALLS = 100;
const TEXT = 'hello wörld, shared 🌍';

/** A hand-written checked store: what a careful user writes without the library. */
function checkedStore(target: Float64Array, values: readonly unknown[]): void {
  for (let index = 0; index < values.length; index++) {
    const value = values[index];
    if (typeof value !== 'number') throw new TypeError(`not a number at ${index}`);
    target[index] = value;
  }
}

/** The same, checking every value before writing any, as a store into live memory must. */
function checkedThenStored(target: Float64Array, values: readonly unknown[]): void {
  for (let index = 0; index < values.length; index++) {
    if (typeof values[index] !== 'number') throw new TypeError(`not a number at ${index}`);
  }
  for (let index = 0; index < values.length; index++) target[index] = values[index] as number;
}

interface Indexed {
  get(index: number): number;
  set(index: number, value: number): void;
}

/**
 * The floor of index syntax through a `Proxy` behind the class prototype: a trap that only
 * forwards to `get`/`set`, with no key checks at all.
 */
function floorIndexed(elements: Float64Array): Indexed & { [index: number]: number } {
  class Floor {
    get(index: number): number {
      return elements[index];
    }
    set(index: number, value: number): void {
      elements[index] = value;
    }
  }
  const parent = Object.getPrototypeOf(Floor.prototype) as object;
  const trap = new Proxy(Object.create(parent) as object, {
    get: (target, key, receiver) =>
      typeof key === 'symbol'
        ? Reflect.get(target, key, receiver)
        : (receiver as Indexed).get(Number(key)),
    set: (target, key, value, receiver) => {
      if (typeof key === 'symbol') return Reflect.set(target, key, value, receiver);
      (receiver as Indexed).set(Number(key), value as number);
      return true;
    },
  });
  Object.setPrototypeOf(Floor.prototype, trap);
  return new Floor() as Indexed & { [index: number]: number };
}

/** `text` as UTF-32 with a NUL after it, by hand: the floor of a `'u'` store. */
function storeCodePoints(target: Uint32Array, text: string): void {
  let position = 0;
  for (let index = 0; index < text.length; index++) {
    const codePoint = text.codePointAt(index)!;
    if (codePoint > 0xffff) index++;
    target[position++] = codePoint;
  }
  if (position < target.length) target[position] = 0;
}

export async function bulkRows(cpython: Record<string, number> | undefined): Promise<Row[]> {
  const rows: Row[] = [];
  const add = async (
    operation: string,
    ours: () => void,
    baseline: (() => void) | undefined,
    note?: string,
    cpythonKey = operation,
    operations = BATCH,
  ) => {
    const [sharedctypes, platform] = await measureTogether(
      baseline ? [ours, baseline] : [ours],
      operations,
    );
    rows.push({
      operation,
      sharedctypes,
      baseline: platform,
      cpython: cpython?.[cpythonKey],
      note,
    });
  };
  const doubles = Float64Array.from({ length: INIT_LENGTH }, (_, index) => index * 0.5);
  const plainInit = Array.from(doubles);
  const plain = plainInit.slice(0, LENGTH);
  let kept: unknown;

  const filled = (fill: (target: Float64Array) => void) => {
    const target = new Float64Array(new SharedArrayBuffer(INIT_LENGTH * 8));
    fill(target);
    return target;
  };
  const initializers: [string, () => unknown, () => unknown, string][] = [
    [
      "RawArray('d', Float64Array(1e6))",
      () => mp.RawArray('d', doubles),
      () => filled((target) => target.set(doubles)),
      'ns per initializer, the median call after a full collection; baseline: a new SharedArrayBuffer and TypedArray.prototype.set; CPython: array.array',
    ],
    [
      "Array('d', Float64Array(1e6))",
      () => mp.Array('d', doubles),
      () => filled((target) => target.set(doubles)),
      'the same with its RLock',
    ],
    [
      "RawArray('d', array of 1e6)",
      () => mp.RawArray('d', plainInit),
      () => filled((target) => checkedStore(target, plainInit)),
      'baseline: a new SharedArrayBuffer filled by a checked loop; CPython: a list',
    ],
  ];
  for (const [operation, ours, baseline, note] of initializers) {
    const [sharedctypes, platform] = medianPerCallAfterCollection([
      () => (kept = ours()),
      () => (kept = baseline()),
    ]);
    rows.push({ operation, sharedctypes, baseline: platform, cpython: cpython?.[operation], note });
  }
  const target = mp.RawArray('d', LENGTH);
  const targetTyped = new Float64Array(new SharedArrayBuffer(LENGTH * 8));
  await add(
    'setSlice 1000 doubles from an array',
    repeated(() => target.setSlice(0, LENGTH, plain), SLICE_CALLS),
    repeated(() => checkedThenStored(targetTyped, plain), SLICE_CALLS),
    'baseline: a loop checking every value, then one storing them',
    'slice write 1000',
    SLICE_CALLS,
  );

  const indexed = mp.RawArray('d', LENGTH);
  const floor = floorIndexed(new Float64Array(new SharedArrayBuffer(LENGTH * 8)));
  await add(
    'arr[i] = arr[i] + 1',
    () => {
      for (let index = 0; index < BATCH; index++) indexed[index] = indexed[index] + 1;
    },
    () => {
      for (let index = 0; index < BATCH; index++) floor[index] = floor[index] + 1;
    },
    'index syntax; baseline: the floor, a Proxy behind the prototype that only forwards; CPython: RawArray element',
    'raw d get+set',
  );

  const Point = mp.Structure({ x: mp.c_int, y: mp.c_double }, { name: 'Point' });
  const Line = mp.Structure({ a: Point, b: Point }, { name: 'Line' });
  const point = mp.RawValue(Point);
  const line = mp.RawValue(Line);
  const synchronizedPoint = mp.Value(Point);
  const cells = new Int32Array(new SharedArrayBuffer(8));
  const typedIncrement = () => {
    for (let index = 0; index < BATCH; index++) cells[0] += 1;
  };
  await add(
    'struct p.x += 1',
    () => {
      for (let index = 0; index < BATCH; index++) point.x += 1;
    },
    typedIncrement,
    'baseline: an Int32Array element',
  );
  await add(
    'nested struct line.a.x += 1',
    () => {
      for (let index = 0; index < BATCH; index++) line.a.x += 1;
    },
    typedIncrement,
  );
  await add(
    'synchronized p.x += 1 under withLock',
    () =>
      synchronizedPoint.withLock(() => {
        for (let index = 0; index < BATCH; index++) synchronizedPoint.x += 1;
      }),
    () => {
      for (let index = 0; index < BATCH; index++) point.x += 1;
    },
    'one withLock around 1000 increments; baseline: the raw structure; CPython: inside `with lock:`',
  );

  const wide = mp.RawArray('u', 32);
  const wideTyped = new Uint32Array(new SharedArrayBuffer(32 * 4));
  await add(
    "'u' .value = string",
    () => {
      for (let index = 0; index < BATCH; index++) wide.value = TEXT;
    },
    () => {
      for (let index = 0; index < BATCH; index++) storeCodePoints(wideTyped, TEXT);
    },
    `${[...TEXT].length} code points, one astral; baseline: codePointAt into a Uint32Array`,
  );
  await add(
    "'u' .value read",
    () => {
      for (let index = 0; index < BATCH; index++) consume(wide.value.length);
    },
    undefined,
  );
  const double = mp.Value('d', 1234.5678);
  const number = 1234.5678;
  await add(
    "String(Value('d'))",
    () => {
      for (let index = 0; index < BATCH; index++) consume(String(double).length);
    },
    () => {
      for (let index = 0; index < BATCH; index++) consume(String(number).length);
    },
    'baseline: String of a number; CPython: repr',
  );
  if (kept === undefined) throw new Error('nothing was allocated');
  return rows;
}
