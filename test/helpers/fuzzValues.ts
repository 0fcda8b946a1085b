/**
 * The vocabulary of the differential fuzzer (test/fuzz.test.ts): types and values as
 * tagged JSON that both sides read, test/fixtures/ctypesOracle.py in CPython and the
 * functions here in JavaScript, and the generators of random ones.
 */
import fc from 'fast-check';
import * as mp from '../../src/index.js';
import { valueRepr } from '../../src/objects/repr.js';

/** Typecodes, with `?` for `c_bool`. */
export const CODES = ['c', 'u', '?', 'b', 'B', 'h', 'H', 'i', 'I', 'l', 'L', 'q', 'Q', 'f', 'd'];
const INTEGER_CODES = new Set(['b', 'B', 'h', 'H', 'i', 'I', 'l', 'L', 'q', 'Q']);

/** A type as data: a simple type, an array type, or a structure with its name and pack. */
export type TypeJson =
  | ['simple', string]
  | ['array', TypeJson, number]
  | ['struct', string, [string, TypeJson][], number];

/** A value as data, tagged with the JavaScript spelling it stands for. */
export type Tagged =
  | ['n', string]
  | ['big', string]
  | ['b', boolean]
  | ['s', string]
  | ['null']
  | ['bytes', number[], 'Uint8Array' | 'Buffer']
  | ['list', Tagged[]]
  | ['iter', Tagged[]]
  | ['typed', string, Tagged[]]
  | ['obj', Record<string, Tagged>]
  | ['view', string, number[]];

/** The sharedctypes type a {@link TypeJson} describes. */
export function buildType(spec: TypeJson): mp.CType {
  if (spec[0] === 'simple') return spec[1] === '?' ? mp.c_bool : mp.TYPECODES[spec[1] as 'i'];
  if (spec[0] === 'array') return mp.arrayOf(buildType(spec[1]), spec[2]);
  const fields = Object.fromEntries(spec[2].map(([name, type]) => [name, buildType(type)]));
  return mp.Structure(fields, { name: spec[1], pack: spec[3] });
}

function byteView(kind: string, bytes: number[]): ArrayBufferView {
  const buffer = new ArrayBuffer(bytes.length + 2);
  new Uint8Array(buffer, 1).set(bytes);
  if (kind === 'DataView') return new DataView(buffer, 1, bytes.length);
  const copy = Uint8Array.from(bytes).buffer;
  const View = globalThis[kind as 'Uint16Array'];
  return new View(copy);
}

/** The JavaScript value a {@link Tagged} stands for. */
export function decode(spec: Tagged): unknown {
  switch (spec[0]) {
    case 'n':
      return Number(spec[1]);
    case 'big':
      return BigInt(spec[1]);
    case 'b':
    case 's':
      return spec[1];
    case 'null':
      return null;
    case 'bytes':
      return spec[2] === 'Buffer' ? Buffer.from(spec[1]) : Uint8Array.from(spec[1]);
    case 'list':
      return spec[1].map(decode);
    case 'iter':
      return spec[1].map(decode).values();
    case 'typed': {
      const Typed = globalThis[spec[1] as 'Float64Array'];
      return new Typed(spec[2].map(decode) as number[]);
    }
    case 'obj':
      return Object.fromEntries(
        Object.entries(spec[1]).map(([key, value]) => [key, decode(value)]),
      );
    default:
      return byteView(spec[1], spec[2]);
  }
}

/** Plain JSON data for a shared object, the same shape as `dump` in ctypesOracle.py. */
export function dumpShared(value: unknown, type: mp.CType): unknown {
  if (type instanceof mp.ArrayType) {
    const array = value as { get(index: number): unknown };
    return Array.from({ length: type.length }, (_, index) =>
      dumpShared(array.get(index), type.element),
    );
  }
  if (type instanceof mp.StructType) {
    const record = value as Record<string, unknown>;
    return type.fields.map((field) => dumpShared(record[field.name], field.type));
  }
  const simple = type as mp.SimpleType;
  switch (simple.storage) {
    case 'char':
      return (value as Uint8Array)[0];
    case 'wchar':
      return (value as string).codePointAt(0);
    case 'bool':
      return value;
    case 'float32':
    case 'float64':
      return valueRepr(simple as never, value);
    default:
      return String(value);
  }
}

/** A JavaScript number as a tagged value (`-0` spelt so that it survives JSON). */
export function numberTag(value: number): Tagged {
  return ['n', Object.is(value, -0) ? '-0' : String(value)];
}

const EDGE_INTEGERS = [0n, 1n, -1n, 127n, 128n, 255n, 256n, -129n, 2n ** 31n, 2n ** 32n];
const WIDE_INTEGERS = [2n ** 53n + 1n, 2n ** 63n, -(2n ** 63n) - 1n, 2n ** 64n, 2n ** 1100n];

const integerTag: fc.Arbitrary<Tagged> = fc
  .oneof(
    fc.constantFrom(...EDGE_INTEGERS),
    fc.bigInt({ min: -(2n ** 40n), max: 2n ** 40n }),
    fc.constantFrom(...WIDE_INTEGERS),
  )
  .chain((value) =>
    Number.isSafeInteger(Number(value))
      ? fc.constantFrom<Tagged>(['n', String(value)], ['big', String(value)])
      : fc.constant<Tagged>(['big', String(value)]),
  );
const fractionTag = fc
  .constantFrom(1.5, -0.25, Number.NaN, Number.POSITIVE_INFINITY, -0, 1e300, 0.1, 3.4e38)
  .map(numberTag);
const doubleTag = fc.double().map(numberTag);
const shortString = fc.constantFrom('', 'a', 'é', '😀', '\0', '\ud800', 'ab', 'a😀', '1');
const stringTag = shortString.map((text): Tagged => ['s', text]);
const byteList = (maxLength: number) => fc.array(fc.integer({ min: 0, max: 255 }), { maxLength });
const bytesTag = (maxLength: number) =>
  fc
    .tuple(byteList(maxLength), fc.constantFrom('Uint8Array' as const, 'Buffer' as const))
    .map(([bytes, kind]): Tagged => ['bytes', bytes, kind]);
const otherTag = fc.oneof(
  fc.boolean().map((flag): Tagged => ['b', flag]),
  fc.constant<Tagged>(['null']),
);

/** A value for one element or field of simple type `code`, mostly valid, some not. */
export function scalarFor(code: string): fc.Arbitrary<Tagged> {
  if (INTEGER_CODES.has(code)) {
    return fc.oneof(
      { weight: 6, arbitrary: integerTag },
      { weight: 2, arbitrary: fractionTag },
      { weight: 1, arbitrary: fc.oneof(stringTag, otherTag, bytesTag(1)) },
    );
  }
  if (code === 'f' || code === 'd') {
    return fc.oneof(
      { weight: 4, arbitrary: doubleTag },
      { weight: 2, arbitrary: fc.oneof(integerTag, fractionTag) },
      { weight: 1, arbitrary: fc.oneof(stringTag, otherTag) },
    );
  }
  if (code === '?') {
    // Values whose truthiness JavaScript and Python agree on (not NaN, empty containers).
    return fc.oneof(integerTag, fc.double({ noNaN: true }).map(numberTag), stringTag, otherTag);
  }
  if (code === 'c') {
    return fc.oneof(
      { weight: 4, arbitrary: bytesTag(2) },
      { weight: 2, arbitrary: fc.integer({ min: -1, max: 256 }).map(numberTag) },
      { weight: 1, arbitrary: fc.oneof(stringTag, otherTag, integerTag) },
    );
  }
  return fc.oneof(
    { weight: 4, arbitrary: stringTag },
    { weight: 1, arbitrary: fc.oneof(integerTag, otherTag, bytesTag(1)) },
  );
}

/**
 * A value for a `type` element or field. `asField`: in a structure field, where CPython
 * takes bytes for a `c_char` array and a string for a `c_wchar` array, and no tuple (spelt
 * as an array here) as it does elsewhere; sharedctypes takes both everywhere. A string for
 * any other array fails in both.
 */
export function valueFor(type: TypeJson, asField: boolean): fc.Arbitrary<Tagged> {
  if (type[0] === 'simple') return scalarFor(type[1]);
  if (type[0] === 'array') {
    const [, element, length] = type;
    const items = fc
      .array(valueFor(element, false), { maxLength: length + 1 })
      .map((values): Tagged => ['list', values]);
    if (!asField) return items;
    if (element[0] === 'simple' && element[1] === 'c') {
      return fc.oneof({ weight: 4, arbitrary: bytesTag(length + 1) }, stringTag);
    }
    if (element[0] === 'simple' && element[1] === 'u') return stringTag;
    return fc.oneof({ weight: 4, arbitrary: items }, stringTag);
  }
  const fields = type[2];
  return fc
    .tuple(
      fc.tuple(...fields.map(([, field]) => valueFor(field, true))),
      fc.nat(fields.length),
      fc.option(scalarFor('i'), { nil: undefined }),
    )
    .map(([values, count, extra]): Tagged => {
      const items: Tagged[] = values.slice(0, count);
      if (count === fields.length && extra !== undefined) items.push(extra);
      return ['list', items];
    });
}
