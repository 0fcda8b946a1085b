/**
 * CPython as the oracle for text: the repr of floats (`String(Value('d'))`) and sequences
 * of `.value` stores on `'u'` arrays, with astral code points, lone surrogates and NULs.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import * as mp from '../src/index.js';
import { pythonMissing, runPython } from './helpers/python.js';

const REPR_SCRIPT = `
import sys, json, ctypes
print(json.dumps([[repr(ctypes.c_double(float(v))), repr(ctypes.c_float(float(v)))] for v in json.load(sys.stdin)]))
`;

const boundaries = [
  0,
  -0,
  1,
  -1,
  0.5,
  1e-4,
  9.999999999999999e-5,
  1.0000000000000002e-4,
  1e16,
  9999999999999998,
  1e16 + 2,
  1e15 + 0.5,
  123456789012345.67,
  5e-324,
  1.7976931348623157e308,
  1e21,
  1e-7,
  0.1,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  3.4028235e38,
  1e39,
];

describe('float repr agrees with CPython', { skip: pythonMissing }, () => {
  it('for c_double and c_float, around the bounds of exponent notation', () => {
    const values = [
      ...boundaries,
      ...fc.sample(
        fc.oneof(
          fc.double(),
          fc.double({ min: 1e-6, max: 1e18 }),
          fc.double({ min: -1e18, max: -1e-6 }),
          fc.integer({ min: -(2 ** 53), max: 2 ** 53 }),
          fc.integer({ min: -1000, max: 1000 }).map((value) => value / 8),
        ),
        { numRuns: 600, seed: 21 },
      ),
    ];
    const texts = values.map((value) => (Object.is(value, -0) ? '-0' : String(value)));
    const expected = runPython<[string, string][]>(REPR_SCRIPT, texts);
    values.forEach((value, index) => {
      const got = [String(mp.RawValue('d', value)), String(mp.RawValue('f', value))];
      assert.deepEqual(got, expected[index], String(value));
    });
  });
});

const WIDE_SCRIPT = `
import sys, json
from multiprocessing import RawArray
out = []
for length, texts in json.load(sys.stdin):
    a = RawArray('u', length)
    trace = []
    for text in texts:
        try:
            a.value = text
            trace.append('ok')
        except Exception as e:
            trace.append(type(e).__name__)
        trace.append([a.value, [ord(c) for c in a[:]]])
    out.append(trace)
print(json.dumps(out))
`;

const pieces = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 4 }),
  fc.constantFrom('😀', '🌍x', '\ud800', '\udc00', 'a\u0000b', 'é', '\u{10ffff}'),
);

describe("'u' array value sequences agree with CPython", { skip: pythonMissing }, () => {
  it('for random strings with astral code points, lone surrogates and NULs', () => {
    const cases = fc.sample(
      fc.tuple(
        fc.integer({ min: 0, max: 6 }),
        fc.array(
          fc.array(pieces, { maxLength: 4 }).map((parts) => parts.join('')),
          { maxLength: 6 },
        ),
      ),
      { numRuns: 300, seed: 22 },
    );
    const expected = runPython<unknown[][]>(WIDE_SCRIPT, cases);
    cases.forEach(([length, texts], index) => {
      const array = mp.RawArray('u', length);
      const trace: unknown[] = [];
      for (const text of texts) {
        try {
          array.value = text;
          trace.push('ok');
        } catch (error) {
          trace.push(
            error instanceof RangeError ? 'ValueError' : (error as Error).constructor.name,
          );
        }
        trace.push([array.value, Array.from(array.typed)]);
      }
      assert.deepEqual(trace, expected[index], JSON.stringify([length, texts]));
    });
  });
});
