/**
 * Code specialized per type at run time, for the hot paths.
 *
 * V8 optimizes a property or element access for the kinds of objects it has seen at that
 * place in the code. One shared accessor that has served `Float64Array`s, `Int32Array`s and
 * `Uint8Array`s becomes generic and about six times slower, and so would copies made by a
 * class factory, because V8 shares what it learns between closures of one source function.
 * So each type gets its own copy of an accessor's source, compiled with `new Function`,
 * whose accesses stay specialized to one kind.
 *
 * Where code generation is refused (a Content-Security-Policy without `unsafe-eval`), the
 * shared original is used: same behaviour, lower speed.
 */
import type { AnySimpleType } from './memoryAccess.js';

function compile<Factory>(factory: Factory): Factory {
  return new Function(`return (${String(factory)});`)() as Factory;
}

/** Whether each factory's source compiles and works apart from its module. */
const verdicts = new WeakMap<object, boolean>();

/**
 * A fresh copy of `factory` compiled from its source, if a first copy passed `works`; else
 * the original (code generation refused, or the source transformed by a loader). The
 * source may refer only to the factory's parameters and globals. The probe runs on a copy
 * of its own, so that what V8 learns from it does not slow down the copies in use.
 */
export function freshCopy<Factory extends (...args: never[]) => unknown>(
  factory: Factory,
  works: (copy: Factory) => boolean,
): Factory {
  let usable = verdicts.get(factory);
  if (usable === undefined) {
    try {
      usable = works(compile(factory));
    } catch {
      // Code generation refused (CSP) or the source was transformed: use the original.
      usable = false;
    }
    verdicts.set(factory, usable);
  }
  return usable ? compile(factory) : factory;
}

const isNumber = (value: unknown): boolean => typeof value === 'number';
const isIntegerNumber = (value: unknown): boolean =>
  typeof value === 'number' && Number.isInteger(value);
const isBigInt = (value: unknown): boolean => typeof value === 'bigint';
const isByte = (value: unknown): boolean => typeof value === 'number' && (value & 255) === value;
/** For the types whose every value needs its conversion. */
export const never = (): boolean => false;

/**
 * Which values a typed array of `type` stores as they are, with the same result as
 * `toStorage` followed by the store: for those the conversion can be skipped.
 */
export function directStoreTest(type: AnySimpleType): (value: unknown) => boolean {
  switch (type.storage) {
    case 'float32':
    case 'float64':
      return isNumber;
    case 'int64':
    case 'uint64':
      return isBigInt;
    case 'char':
      return isByte;
    case 'bool':
    case 'wchar':
      return never;
    default:
      return isIntegerNumber;
  }
}
