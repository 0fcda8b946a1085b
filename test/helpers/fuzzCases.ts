/**
 * Random cases for the differential fuzzer (test/fuzz.test.ts), as JSON that
 * test/fixtures/ctypesOracle.py runs through CPython: array initializers, slice
 * assignments, `'c'` `.value`/`.raw` stores, `'u'` `.value` stores, structure initializers
 * and `pack`s.
 */
import fc from 'fast-check';
import * as mp from '../../src/index.js';
import { CODES, numberTag, scalarFor, type Tagged, type TypeJson, valueFor } from './fuzzValues.js';

/** One case: what to build, from what. */
export type Case =
  | ['array', TypeJson, Tagged]
  | ['setslice', TypeJson, number, (Tagged | null)[], Tagged]
  | ['bytes', number, ['raw' | 'value', Tagged][]]
  | ['text', number, Tagged[]]
  | ['struct', TypeJson, Tagged]
  | ['pack', [string, TypeJson][], Tagged];

const simpleType = fc.constantFrom(...CODES).map((code): TypeJson => ['simple', code]);
const arrayOfSimple = fc
  .tuple(simpleType, fc.integer({ min: 0, max: 3 }))
  .map(([element, length]): TypeJson => ['array', element, length]);
const packs = fc.constantFrom(0, 0, 1, 2, 4, 8);

const { struct: anyStruct } = fc.letrec<{ field: TypeJson; struct: TypeJson }>((tie) => ({
  field: fc.oneof(
    { maxDepth: 2, depthSize: 'small' },
    simpleType,
    arrayOfSimple,
    tie('struct'),
    fc
      .tuple(tie('struct'), fc.integer({ min: 1, max: 2 }))
      .map(([struct, length]): TypeJson => ['array', struct, length]),
  ),
  struct: fc
    .tuple(fc.array(tie('field'), { minLength: 1, maxLength: 4 }), packs)
    .map(
      ([types, pack]): TypeJson => [
        'struct',
        'S',
        types.map((type, index): [string, TypeJson] => [`f${index}`, type]),
        pack,
      ],
    ),
}));

/** Gives every structure in `type` its own name, S0, S1, … in pre-order. */
function named(type: TypeJson, counter = { next: 0 }): TypeJson {
  if (type[0] === 'simple') return type;
  if (type[0] === 'array') return ['array', named(type[1], counter), type[2]];
  const name = `S${counter.next++}`;
  return [
    'struct',
    name,
    type[2].map(([field, fieldType]) => [field, named(fieldType, counter)]),
    type[3],
  ];
}

const INTEGER_ARRAYS = [
  'Int8Array',
  'Uint8Array',
  'Uint8ClampedArray',
  'Int16Array',
  'Uint16Array',
  'Int32Array',
  'Uint32Array',
] as const;
const FLOAT_ARRAYS = ['Float32Array', 'Float64Array'] as const;
const BIGINT_ARRAYS = ['BigInt64Array', 'BigUint64Array'] as const;

/** A typed array of `length` (or up to 4) random elements, as the values it holds. */
function typedTag(length?: number): fc.Arbitrary<Tagged> {
  const size = length === undefined ? { maxLength: 4 } : { minLength: length, maxLength: length };
  const numbers = (
    kinds: readonly (typeof INTEGER_ARRAYS | typeof FLOAT_ARRAYS)[number][],
    element: fc.Arbitrary<number>,
  ) =>
    fc.tuple(fc.constantFrom(...kinds), fc.array(element, size)).map(([kind, values]): Tagged => {
      const typed: Iterable<number> = new globalThis[kind](values);
      return ['typed', kind, Array.from(typed, numberTag)];
    });
  const bigints = fc
    .tuple(
      fc.constantFrom(...BIGINT_ARRAYS),
      fc.array(fc.bigInt({ min: -(2n ** 64n), max: 2n ** 64n }), size),
    )
    .map(([kind, values]): Tagged => {
      const typed: Iterable<bigint> = new globalThis[kind](values);
      return ['typed', kind, Array.from(typed, (item): Tagged => ['big', String(item)])];
    });
  return fc.oneof(
    numbers(INTEGER_ARRAYS, fc.integer({ min: -70000, max: 70000 })),
    numbers(FLOAT_ARRAYS, fc.double()),
    bigints,
  );
}

const LENGTHS = [0, -0, 1, 3, -1, -(2 ** 31), 1.5, Number.NaN, Number.POSITIVE_INFINITY];
// Only lengths that overflow for every element size: CPython would try to allocate 2 ** 62 bytes.
const HUGE_LENGTHS = [Number.NEGATIVE_INFINITY, 2 ** 63, 2 ** 64, 1e300];
const TEXTS = ['', 'ab', 'a\0', '😀x', 'abcd', '\0'];

const arrayCase: fc.Arbitrary<Case> = fc
  .oneof({ weight: 4, arbitrary: simpleType }, { weight: 1, arbitrary: arrayOfSimple })
  .chain((element) =>
    fc
      .oneof(
        {
          weight: 4,
          arbitrary: fc
            .array(valueFor(element, false), { maxLength: 4 })
            .chain((items) => fc.constantFrom<Tagged>(['list', items], ['iter', items])),
        },
        {
          // Nested arrays take strings in CPython as struct fields only.
          weight: element[0] === 'simple' ? 1 : 0,
          arbitrary: fc.constantFrom(...TEXTS).map((text): Tagged => ['s', text]),
        },
        {
          weight: 1,
          arbitrary: fc
            .array(fc.integer({ min: 0, max: 255 }), { maxLength: 4 })
            .map((bytes): Tagged => ['bytes', bytes, 'Buffer']),
        },
        { weight: 1, arbitrary: typedTag() },
        {
          weight: 1,
          arbitrary: fc
            .constantFrom(...LENGTHS, ...HUGE_LENGTHS, null)
            .map((length): Tagged => (length === null ? ['null'] : numberTag(length))),
        },
      )
      .map((init): Case => ['array', element, init]),
  );

const bound = fc.option(fc.oneof(fc.integer({ min: -8, max: 8 }), fc.constant(-0)).map(numberTag), {
  nil: null,
});
const step = fc.option(fc.constantFrom(1, 2, 3, -1, -2, -3, 0, -0).map(numberTag), { nil: null });

/** How many items `start:stop:step` selects in `length` items (1 where the step is 0). */
function sliceCount(length: number, bounds: (Tagged | null)[]): number {
  const [start, stop, stride] = bounds.map((item) => (item === null ? null : Number(item[1])));
  if (stride === 0) return 1;
  return mp.RawArray('i', length).slice(start, stop, stride).length;
}

const setSliceCase: fc.Arbitrary<Case> = fc
  .tuple(fc.constantFrom(...CODES), fc.integer({ min: 0, max: 6 }), bound, bound, step)
  .chain(([code, length, start, stop, stride]) => {
    const bounds = [start, stop, stride];
    const count = sliceCount(length, bounds);
    const sizes = fc.constantFrom(count, count, count, count + 1, Math.max(0, count - 1));
    const values = sizes.chain((size) =>
      fc.oneof(
        {
          weight: 3,
          arbitrary: fc
            .array(scalarFor(code), { minLength: size, maxLength: size })
            .map((items): Tagged => ['list', items]),
        },
        {
          weight: 1,
          arbitrary: fc
            .array(fc.constantFrom('a', '😀', '\0', 'é'), { minLength: size, maxLength: size })
            .map((characters): Tagged => ['s', characters.join('')]),
        },
        {
          weight: 1,
          arbitrary: fc
            .array(fc.integer({ min: 0, max: 255 }), { minLength: size, maxLength: size })
            .map((bytes): Tagged => ['bytes', bytes, 'Uint8Array']),
        },
        { weight: 1, arbitrary: typedTag(size) },
      ),
    );
    return values.map((tagged): Case => ['setslice', ['simple', code], length, bounds, tagged]);
  });

const VIEWS = ['Uint8Array', 'Buffer', 'DataView', 'Uint16Array', 'Int8Array', 'Float64Array'];

const byteStore: fc.Arbitrary<['raw' | 'value', Tagged]> = fc.tuple(
  fc.constantFrom('raw' as const, 'value' as const),
  fc.oneof(
    {
      weight: 5,
      arbitrary: fc
        .tuple(
          fc.constantFrom(...VIEWS),
          fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 9 }),
        )
        .map(([kind, bytes]): Tagged => {
          const width = kind === 'Uint16Array' ? 2 : kind === 'Float64Array' ? 8 : 1;
          const whole = bytes.slice(0, bytes.length - (bytes.length % width));
          return kind === 'Buffer' ? ['bytes', whole, 'Buffer'] : ['view', kind, whole];
        }),
    },
    {
      weight: 1,
      arbitrary: fc.oneof(stringOrList(), fc.integer({ min: 0, max: 255 }).map(numberTag)),
    },
  ),
);

function stringOrList(): fc.Arbitrary<Tagged> {
  return fc.oneof(
    fc.constantFrom(...TEXTS).map((text): Tagged => ['s', text]),
    fc
      .array(fc.integer({ min: 0, max: 255 }).map(numberTag), { maxLength: 3 })
      .map((items): Tagged => ['list', items]),
  );
}

const bytesCase: fc.Arbitrary<Case> = fc
  .tuple(fc.integer({ min: 0, max: 6 }), fc.array(byteStore, { minLength: 1, maxLength: 4 }))
  .map(([length, stores]): Case => ['bytes', length, stores]);

const textStore: fc.Arbitrary<Tagged> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc
      .array(fc.constantFrom('a', 'é', '😀', '\0', '\ud800', 'z'), { maxLength: 7 })
      .map((characters): Tagged => ['s', characters.join('')]),
  },
  { weight: 1, arbitrary: stringOrList() },
  {
    weight: 1,
    arbitrary: fc.constantFrom<Tagged>(['null'], ['n', '5'], ['bytes', [97], 'Buffer']),
  },
);

const textCase: fc.Arbitrary<Case> = fc
  .tuple(fc.integer({ min: 0, max: 6 }), fc.array(textStore, { minLength: 1, maxLength: 4 }))
  .map(([length, stores]): Case => ['text', length, stores]);

const structCase: fc.Arbitrary<Case> = anyStruct
  .map((type) => named(type))
  .chain((type) => {
    const fields = (type as ['struct', string, [string, TypeJson][], number])[2];
    const asObject = fc
      .tuple(...fields.map(([, field]) => fc.option(valueFor(field, true), { nil: undefined })))
      .map((values): Tagged => {
        const entries = fields.flatMap(([name], index) =>
          values[index] === undefined ? [] : [[name, values[index] as Tagged] as const],
        );
        return ['obj', Object.fromEntries(entries)];
      });
    return fc
      .oneof({ weight: 3, arbitrary: valueFor(type, true) }, { weight: 1, arbitrary: asObject })
      .map((init): Case => ['struct', type, init]);
  });

const PACK_NUMBERS = [
  2 ** 31 - 1,
  2 ** 31,
  2 ** 32,
  2 ** 53,
  1.5,
  -0,
  Number.NaN,
  Number.POSITIVE_INFINITY,
];
const packTag: fc.Arbitrary<Tagged> = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: -3, max: 20 }).map(numberTag) },
  { weight: 2, arbitrary: fc.constantFrom(...PACK_NUMBERS).map(numberTag) },
  {
    weight: 2,
    arbitrary: fc.constantFrom<Tagged>(
      ['big', '4'],
      ['big', '-1'],
      ['big', String(2n ** 63n)],
      ['b', true],
      ['b', false],
      ['s', '1'],
      ['null'],
    ),
  },
);

const packCase: fc.Arbitrary<Case> = fc
  .tuple(fc.array(fc.oneof(simpleType, arrayOfSimple), { minLength: 1, maxLength: 5 }), packTag)
  .map(
    ([types, pack]): Case => [
      'pack',
      types.map((type, index): [string, TypeJson] => [`f${index}`, type]),
      pack,
    ],
  );

/** `count` cases of every kind, reproducible from `seed`. */
export function sampleCases(seed: number, count: number): Case[] {
  const kinds: [fc.Arbitrary<Case>, number][] = [
    [arrayCase, count],
    [setSliceCase, count],
    [bytesCase, Math.ceil(count / 3)],
    [textCase, Math.ceil(count / 3)],
    [structCase, count],
    [packCase, Math.ceil(count / 2)],
  ];
  return kinds.flatMap(([arbitrary, runs], index) =>
    fc.sample(arbitrary, { numRuns: runs, seed: seed + index }),
  );
}
