/**
 * A differential fuzzer against CPython: random arrays, slices, `'c'` byte stores, `'u'`
 * text stores, structures and packs (strings, typed arrays, byte views, -0, bad values) run through
 * ctypes/multiprocessing (test/fixtures/ctypesOracle.py) and through sharedctypes, raw and
 * synchronized; results and error classes must agree. `FUZZ_SEED` picks other cases.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import * as mp from '../src/index.js';
import { type Case, sampleCases } from './helpers/fuzzCases.js';
import { buildType, decode, dumpShared, type TypeJson } from './helpers/fuzzValues.js';
import { errorClassOf, pythonMissing, runPython } from './helpers/python.js';

type Outcome = { ok: unknown } | { error: string; message?: string; chain?: string[] };

const ORACLE = readFileSync(
  new URL('../../test/fixtures/ctypesOracle.py', import.meta.url),
  'utf8',
);
const SEED = Number(process.env.FUZZ_SEED ?? 20251);

function attempt(run: () => unknown): Outcome {
  try {
    return { ok: run() };
  } catch (error) {
    return { error: (error as Error).constructor.name, message: (error as Error).message };
  }
}

type AnyArray = { length: number; setSlice(...args: unknown[]): void } & Record<string, unknown>;

function makeArray(synchronized: boolean, type: mp.CType, init: unknown): AnyArray {
  const factory = synchronized ? mp.Array : mp.RawArray;
  return (factory as unknown as (type: mp.CType, init: unknown) => AnyArray)(type, init);
}

function dumpArray(array: AnyArray, element: mp.CType): unknown {
  return dumpShared(array, mp.arrayOf(element, array.length));
}

/** Runs `kase` through sharedctypes: raw objects, or synchronized ones. */
function runCase(kase: Case, synchronized: boolean): Outcome {
  switch (kase[0]) {
    case 'array': {
      const element = buildType(kase[1]);
      return attempt(() => dumpArray(makeArray(synchronized, element, decode(kase[2])), element));
    }
    case 'setslice': {
      const [, elementSpec, length, bounds, values] = kase;
      const element = buildType(elementSpec);
      const array = makeArray(synchronized, element, length);
      const before = dumpArray(array, element);
      const [start, stop, step] = bounds.map((bound) => (bound === null ? null : decode(bound)));
      const outcome = attempt(() => {
        array.setSlice(start, stop, decode(values), step);
        return dumpArray(array, element);
      });
      if ('error' in outcome) {
        assert.deepEqual(dumpArray(array, element), before, 'a failed setSlice writes nothing');
      }
      return outcome;
    }
    case 'bytes': {
      const array = makeArray(synchronized, mp.c_char, kase[1]);
      const trace: unknown[] = [];
      for (const [attribute, data] of kase[2]) {
        const stored = attempt(() => {
          array[attribute] = decode(data);
        });
        trace.push(['ok' in stored ? 'ok' : stored.error, [...(array.raw as Uint8Array)]]);
      }
      return { ok: trace };
    }
    case 'text': {
      const array = makeArray(synchronized, mp.c_wchar, kase[1]);
      const trace: unknown[] = [];
      for (const data of kase[2]) {
        const stored = attempt(() => {
          array.value = decode(data);
        });
        const text = (array as unknown as { slice(): string }).slice();
        const codePoints = Array.from(text, (character) => character.codePointAt(0));
        trace.push(['ok' in stored ? 'ok' : stored.error, codePoints, array.value]);
      }
      return { ok: trace };
    }
    case 'struct': {
      const type = buildType(kase[1]);
      const factory = (synchronized ? mp.Value : mp.RawValue) as (
        t: mp.CType,
        i: unknown,
      ) => unknown;
      return attempt(() => dumpShared(factory(type, decode(kase[2])), type));
    }
    default: {
      const fields = Object.fromEntries(kase[1].map(([name, type]) => [name, buildType(type)]));
      return attempt(() => {
        const type = mp.Structure(fields, { pack: decode(kase[2]) as number });
        return [type.size, type.alignment, type.fields.map((field) => field.offset)];
      });
    }
  }
}

function structNames(type: TypeJson, names = new Set<string>()): Set<string> {
  if (type[0] === 'array') structNames(type[1], names);
  if (type[0] === 'struct') {
    names.add(type[1]);
    for (const [, field] of type[2]) structNames(field, names);
  }
  return names;
}

/** What sharedctypes must give where CPython gave `want`. */
function expectation(kase: Case, want: Outcome): Outcome {
  if ('ok' in want) {
    if (kase[0] !== 'bytes' && kase[0] !== 'text') return want;
    const steps = want.ok as [string, ...unknown[]][];
    return {
      ok: steps.map(([status, ...state]) => [
        status === 'ok' ? 'ok' : errorClassOf(status),
        ...state,
      ]),
    };
  }
  // CPython refuses a non-integer `_pack_` with ValueError; a value that is not even a
  // number is a TypeError here, as everywhere else.
  if (kase[0] === 'pack' && !['n', 'big', 'b'].includes(kase[2][0])) return { error: 'TypeError' };
  return { error: errorClassOf(want.error) };
}

/** The structure a failed structure initializer must name: CPython's innermost, else the outer one. */
function expectedName(type: TypeJson, chain: string[]): string {
  const names = structNames(type);
  return chain.filter((name) => names.has(name)).at(-1) ?? (type[1] as string);
}

describe('a differential fuzzer against CPython', { skip: pythonMissing }, () => {
  it(`agrees on arrays, slices, byte and text stores, structures and packs (seed ${SEED})`, () => {
    const cases = sampleCases(SEED, 300);
    const expected = runPython<Outcome[]>(ORACLE, cases);
    const counts: Record<string, number> = {};
    cases.forEach((kase, index) => {
      const want = expected[index];
      const wanted = expectation(kase, want);
      for (const synchronized of [false, true]) {
        const label = `${synchronized ? 'synchronized ' : ''}${JSON.stringify(kase)} → CPython ${JSON.stringify(want)}`;
        const got = runCase(kase, synchronized);
        if ('error' in wanted) {
          assert.ok('error' in got, `${label}: sharedctypes gave ${JSON.stringify(got)}`);
          assert.equal(got.error, wanted.error, `${label}: ${got.message}`);
          if (kase[0] === 'struct') {
            const name = expectedName(kase[1], (want as { chain: string[] }).chain);
            assert.ok(got.message?.startsWith(`(${name}) `), `${label}: ${got.message}`);
          }
        } else {
          assert.deepEqual(got, wanted, label);
        }
      }
      const key = `${kase[0]} ${'ok' in want ? 'ok' : 'error'}`;
      counts[key] = (counts[key] ?? 0) + 1;
    });
    for (const kind of ['array', 'setslice', 'struct', 'pack']) {
      assert.ok(counts[`${kind} ok`] > 20, `${kind}: ${JSON.stringify(counts)}`);
      assert.ok(counts[`${kind} error`] > 20, `${kind}: ${JSON.stringify(counts)}`);
    }
  });
});
