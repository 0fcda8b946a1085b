/**
 * CPython as the oracle: generated cases run through python3's multiprocessing/ctypes and
 * through sharedctypes; results and error classes must agree.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import * as mp from '../src/index.js';
import { valueRepr } from '../src/objects/repr.js';
import { errorClassOf, pythonMissing, runPython } from './helpers/python.js';

type Outcome = { ok: string } | { error: string };

const CODES = ['b', 'B', 'h', 'H', 'i', 'I', 'l', 'L', 'q', 'Q', 'f', 'd'] as const;

type Input =
  | { kind: 'int'; value: string }
  | { kind: 'float'; value: string }
  | { kind: 'bool'; value: boolean }
  | { kind: 'str'; value: string }
  | { kind: 'none' };

const CONVERSION_SCRIPT = `
import sys, json
from multiprocessing import RawValue
import ctypes
cases = json.load(sys.stdin)
out = []
for code, inp in cases:
    k = inp['kind']
    v = int(inp['value']) if k == 'int' else float(inp['value']) if k == 'float' else inp.get('value')
    try:
        t = ctypes.c_bool if code == '?' else code
        r = RawValue(t, v).value
        out.append({'ok': repr(r) if isinstance(r, (float, bool)) else str(r)})
    except Exception as e:
        out.append({'error': type(e).__name__})
print(json.dumps(out))
`;

function jsInputs(input: Input): unknown[] {
  switch (input.kind) {
    case 'int': {
      const big = BigInt(input.value);
      const asNumber = Number(big);
      return Number.isSafeInteger(asNumber) ? [asNumber, big] : [big];
    }
    case 'float':
      return [Number(input.value)];
    case 'bool':
      return [input.value];
    case 'str':
      return [input.value];
    default:
      return [null];
  }
}

function jsOutcome(code: string, value: unknown): Outcome {
  try {
    const type = code === '?' ? mp.c_bool : (code as mp.Typecode);
    const result = mp.RawValue(type as mp.Typecode, value as never).value as unknown;
    if (typeof result === 'number' && (code === 'f' || code === 'd')) {
      return { ok: valueRepr(mp.c_double as never, result) };
    }
    if (typeof result === 'boolean') return { ok: result ? 'True' : 'False' };
    return { ok: String(result) };
  } catch (error) {
    return { error: (error as Error).constructor.name };
  }
}

const edgeIntegers = [
  0n,
  1n,
  -1n,
  127n,
  128n,
  -129n,
  255n,
  256n,
  2n ** 15n,
  2n ** 16n,
  2n ** 31n,
  -(2n ** 31n) - 1n,
  2n ** 32n,
  2n ** 63n,
  -(2n ** 63n) - 1n,
  2n ** 64n,
  2n ** 100n,
];

describe('conversions agree with CPython', { skip: pythonMissing }, () => {
  it('for integers, floats, booleans and bad values at every width', () => {
    const inputs = fc.sample(
      fc.oneof(
        fc
          .constantFrom(...edgeIntegers)
          .map((value): Input => ({ kind: 'int', value: String(value) })),
        fc
          .bigInt({ min: -(2n ** 70n), max: 2n ** 70n })
          .map((value): Input => ({ kind: 'int', value: String(value) })),
        fc
          .double({ noNaN: false })
          .map((value): Input => ({ kind: 'float', value: String(value) })),
        fc
          .constantFrom(0.1, 1e39, -1e39, 1.5, 3.4028235e38, 1e-46)
          .map((value): Input => ({ kind: 'float', value: String(value) })),
        fc.boolean().map((value): Input => ({ kind: 'bool', value })),
        fc.constantFrom<Input>({ kind: 'str', value: '1' }, { kind: 'none' }),
      ),
      { numRuns: 150, seed: 42 },
    );
    const cases: [string, Input][] = [];
    for (const code of [...CODES, '?']) for (const input of inputs) cases.push([code, input]);
    const expected = runPython<Outcome[]>(CONVERSION_SCRIPT, cases);
    let compared = 0;
    cases.forEach(([code, input], index) => {
      const want = expected[index];
      if (
        input.kind === 'float' &&
        'error' in want &&
        code !== 'f' &&
        code !== 'd' &&
        code !== '?'
      ) {
        // Python rejects every float for integer types; JS does the same for non-integers
        // only, and accepts integral numbers (1.0 === 1 in JavaScript).
        if (Number.isInteger(Number(input.value))) return;
      }
      if (input.kind === 'str' && code === '?') return; // c_bool: truthiness in both, repr differs
      if (input.kind === 'none' && code === '?') return;
      for (const value of jsInputs(input)) {
        const got = jsOutcome(code, value);
        const wantNormalized = 'error' in want ? { error: errorClassOf(want.error) } : want;
        assert.deepEqual(got, wantNormalized, `RawValue('${code}', ${String(value)})`);
        compared++;
      }
    });
    assert.ok(compared > 1500, `compared ${compared} cases`);
  });
});

const LAYOUT_SCRIPT = `
import sys, json, ctypes
names = {'c_char': ctypes.c_char, 'c_int': ctypes.c_int, 'c_double': ctypes.c_double, 'c_short': ctypes.c_short, 'c_longlong': ctypes.c_longlong, 'c_bool': ctypes.c_bool, 'c_float': ctypes.c_float}
out = []
for fields, pack in json.load(sys.stdin):
    ns = {'_fields_': [(n, names[t] if isinstance(t, str) else names[t[0]] * t[1]) for n, t in fields]}
    if pack: ns['_pack_'] = pack
    S = type('S', (ctypes.Structure,), ns)
    out.append([ctypes.sizeof(S), ctypes.alignment(S), [getattr(S, n).offset for n, _ in fields]])
print(json.dumps(out))
`;

const SIMPLE_TYPES = {
  c_char: mp.c_char,
  c_int: mp.c_int,
  c_double: mp.c_double,
  c_short: mp.c_short,
  c_longlong: mp.c_longlong,
  c_bool: mp.c_bool,
  c_float: mp.c_float,
};

describe('structure layout agrees with CPython', { skip: pythonMissing }, () => {
  it('for generated field lists with and without pack', () => {
    const typeNames = [
      'c_char',
      'c_int',
      'c_double',
      'c_short',
      'c_longlong',
      'c_bool',
      'c_float',
    ] as const;
    const fieldArbitrary = fc.oneof(
      fc.constantFrom(...typeNames),
      fc.tuple(fc.constantFrom(...typeNames), fc.integer({ min: 0, max: 4 })),
    );
    const cases = fc
      .sample(
        fc.tuple(
          fc.array(fieldArbitrary, { minLength: 0, maxLength: 6 }),
          fc.constantFrom(0, 1, 2, 4, 8),
        ),
        { numRuns: 200, seed: 7 },
      )
      .map(
        ([types, pack]) =>
          [types.map((type, index) => [`f${index}`, type] as const), pack] as const,
      );
    const expected = runPython<[number, number, number[]][]>(LAYOUT_SCRIPT, cases);
    cases.forEach(([fields, pack], index) => {
      const definition: Record<string, mp.CType> = {};
      for (const [name, type] of fields) {
        const lookup = (typeName: string) =>
          SIMPLE_TYPES[typeName as (typeof typeNames)[number]] as mp.CType;
        definition[name] =
          typeof type === 'string' ? lookup(type) : mp.arrayOf(lookup(type[0]), type[1]);
      }
      const struct = mp.Structure(definition, { pack });
      const got = [struct.size, struct.alignment, struct.fields.map((field) => field.offset)];
      assert.deepEqual(got, expected[index], JSON.stringify(fields));
    });
  });
});

const SLICE_SCRIPT = `
import sys, json
from multiprocessing import RawArray
out = []
for n, start, stop, step, values in json.load(sys.stdin):
    a = RawArray('i', list(range(n)))
    s = slice(start, stop, step)
    try:
        got = a[s]
    except Exception as e:
        out.append([{'error': type(e).__name__}, None]); continue
    try:
        a[s] = values
        after = {'ok': list(a)}
    except Exception as e:
        after = {'error': type(e).__name__}
    out.append([{'ok': got}, after])
print(json.dumps(out))
`;

describe('slices agree with CPython', { skip: pythonMissing }, () => {
  it('for random start, stop and step, reading and assigning', () => {
    const bound = fc.option(fc.integer({ min: -15, max: 15 }), { nil: null });
    const cases = fc.sample(
      fc.tuple(
        fc.integer({ min: 0, max: 12 }),
        bound,
        bound,
        fc.option(fc.integer({ min: -4, max: 4 }), { nil: null }),
        fc.array(fc.integer({ min: -100, max: 100 }), { maxLength: 8 }),
      ),
      { numRuns: 400, seed: 3 },
    );
    const expected = runPython<
      [Outcome | { ok: number[] }, { ok: number[] } | { error: string } | null][]
    >(SLICE_SCRIPT, cases);
    cases.forEach(([length, start, stop, step, values], index) => {
      const [wantRead, wantWrite] = expected[index];
      const array = mp.RawArray(
        'i',
        Array.from({ length }, (_, item) => item),
      );
      const label = `[${start}:${stop}:${step}] of ${length}`;
      if ('error' in wantRead) {
        assert.throws(
          () => array.slice(start, stop, step),
          globalThis[errorClassOf(wantRead.error) as 'RangeError'],
          label,
        );
        return;
      }
      assert.deepEqual(array.slice(start, stop, step), wantRead.ok, label);
      const before = array.slice();
      if (wantWrite !== null && 'error' in wantWrite) {
        assert.throws(() => array.setSlice(start, stop, values, step), RangeError, label);
        assert.deepEqual(array.slice(), before, `${label}: a failed assignment writes nothing`);
      } else {
        array.setSlice(start, stop, values, step);
        assert.deepEqual(array.slice(), wantWrite?.ok, label);
      }
    });
  });
});

const CHARS_SCRIPT = `
import sys, json
from multiprocessing import RawArray
out = []
for n, ops in json.load(sys.stdin):
    a = RawArray('c', n)
    trace = []
    for attr, data in ops:
        try:
            setattr(a, attr, bytes(data)); trace.append('ok')
        except Exception as e:
            trace.append(type(e).__name__)
        trace.append([list(a.value), list(a.raw)])
    out.append(trace)
print(json.dumps(out))
`;

describe("'c' array value/raw sequences agree with CPython", { skip: pythonMissing }, () => {
  it('for random sequences of .value and .raw stores', () => {
    const cases = fc.sample(
      fc.tuple(
        fc.integer({ min: 0, max: 8 }),
        fc.array(
          fc.tuple(
            fc.constantFrom('value', 'raw'),
            fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 10 }),
          ),
          {
            maxLength: 6,
          },
        ),
      ),
      { numRuns: 200, seed: 11 },
    );
    const expected = runPython<unknown[][]>(CHARS_SCRIPT, cases);
    cases.forEach(([length, operations], index) => {
      const array = mp.RawArray('c', length);
      const trace: unknown[] = [];
      for (const [attribute, data] of operations) {
        try {
          array[attribute as 'value'] = Uint8Array.from(data);
          trace.push('ok');
        } catch (error) {
          trace.push(
            error instanceof RangeError ? 'ValueError' : (error as Error).constructor.name,
          );
        }
        trace.push([Array.from(array.value), Array.from(array.raw)]);
      }
      assert.deepEqual(trace, expected[index]);
    });
  });
});
