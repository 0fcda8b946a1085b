/**
 * The atomic operations (docs/semantics.md, "Atomic operations"), defined once for integer
 * scalars, arrays and their wrappers: operands are integers wrapped like any store, bigints
 * for 64-bit types; and the refusals installed where a type has no atomics.
 */
import { typeError } from '../errors.js';
import type { Stored } from '../types/conversions.js';
import { ELEMENTS, INDEX } from './elementAccessors.js';
import type { AnySimpleType } from './memoryAccess.js';
import { resolveIndex } from './slices.js';
import { freshCopy } from './specialize.js';

/**
 * An integer typed array of any element type (`Int8Array` … `BigUint64Array`), typed as
 * `Int32Array` so that one call site fits the overloads of `Atomics`: at run time `Atomics`
 * accepts every one of them.
 */
export type IntegerTypedArray = Int32Array;

/** The symbol under which scalars and arrays answer their simple (element) type. */
export const SIMPLE_TYPE: unique symbol = Symbol('sharedctypes.simpleType');

/** The names of the atomic operations, as on `Atomics`. */
export const ATOMIC_METHOD_NAMES = [
  'add',
  'sub',
  'and',
  'or',
  'xor',
  'exchange',
  'compareExchange',
  'load',
  'store',
] as const;

interface TypedSubject {
  readonly [SIMPLE_TYPE]?: { readonly name: string };
  getObj?(): TypedSubject;
}

/** The name of the (element) type of a raw object or of a wrapper's raw object. */
function typeName(subject: TypedSubject): string {
  const raw = typeof subject.getObj === 'function' ? subject.getObj() : subject;
  return raw[SIMPLE_TYPE]?.name ?? 'unknown';
}

/**
 * Defines the atomic method names on `prototype` as methods that throw `TypeError`, for
 * objects whose values are not integers (or not aligned): at run time a JavaScript caller
 * gets a clear error; in TypeScript these methods do not exist on such objects.
 */
export function installAtomicRefusals(prototype: object): void {
  for (const name of ATOMIC_METHOD_NAMES) {
    Object.defineProperty(prototype, name, {
      value: function refuseAtomic(this: object): never {
        throw typeError('type', 'an aligned integer type for atomic operations', typeName(this));
      },
      writable: true,
      configurable: true,
    });
  }
}

/** `value` converted for an atomic operation on `type`: fast for in-range numbers. */
export function atomicOperand(type: AnySimpleType, value: unknown, name: string): Stored {
  if (typeof value === 'number' && type.size <= 4 && Number.isInteger(value)) return value;
  return type.toStorage(value, name, type.name);
}

/** The name of one atomic operation. */
export type AtomicMethodName = (typeof ATOMIC_METHOD_NAMES)[number];

/** One atomic operation on element `position` of `target`, whose elements are of `type`. */
type Operation = (
  target: IntegerTypedArray,
  position: number,
  type: AnySimpleType,
  first: unknown,
  second: unknown,
) => Stored;

/** The operations, each written once; the methods of every integer object call these. */
const OPERATIONS: Readonly<Record<AtomicMethodName, Operation>> = {
  add: (target, position, type, value) =>
    Atomics.add(target, position, atomicOperand(type, value, 'value') as number),
  sub: (target, position, type, value) =>
    Atomics.sub(target, position, atomicOperand(type, value, 'value') as number),
  and: (target, position, type, value) =>
    Atomics.and(target, position, atomicOperand(type, value, 'value') as number),
  or: (target, position, type, value) =>
    Atomics.or(target, position, atomicOperand(type, value, 'value') as number),
  xor: (target, position, type, value) =>
    Atomics.xor(target, position, atomicOperand(type, value, 'value') as number),
  exchange: (target, position, type, value) =>
    Atomics.exchange(target, position, atomicOperand(type, value, 'value') as number),
  compareExchange: (target, position, type, expected, replacement) => {
    const expectedOperand = atomicOperand(type, expected, 'expected') as number;
    const replacementOperand = atomicOperand(type, replacement, 'replacement') as number;
    return Atomics.compareExchange(target, position, expectedOperand, replacementOperand);
  },
  load: (target, position) => Atomics.load(target, position),
  store: (target, position, type, value) =>
    Atomics.store(target, position, atomicOperand(type, value, 'value') as number),
};

/** How many operands each operation takes, for the methods' `length` (an array's adds the index). */
const OPERAND_COUNTS: Readonly<Record<AtomicMethodName, number>> = {
  add: 1,
  sub: 1,
  and: 1,
  or: 1,
  xor: 1,
  exchange: 1,
  compareExchange: 2,
  load: 0,
  store: 1,
};

/** What the methods of a scalar read: its arena-wide typed array, index and type. */
interface ScalarCell {
  readonly [ELEMENTS]: unknown;
  readonly [INDEX]: number;
  readonly [SIMPLE_TYPE]: AnySimpleType;
}

/** What the methods of an array read: the typed array over its elements, and their type. */
interface ElementCells {
  readonly [ELEMENTS]: unknown;
  readonly [SIMPLE_TYPE]: AnySimpleType;
}

/** How a method finds the raw object: itself, or a wrapper's `getObj()`. */
type Subject<Cells> = (self: never) => Cells;

type AtomicMethod = (this: unknown, ...operands: unknown[]) => unknown;

type ScalarMethodFactory = (
  operation: Operation,
  subject: Subject<ScalarCell>,
  elements: typeof ELEMENTS,
  indexKey: typeof INDEX,
  typeKey: typeof SIMPLE_TYPE,
) => AtomicMethod;

/** The source of a scalar's atomic method; copied per operation (see `specialize.ts`). */
const makeScalarMethod: ScalarMethodFactory = function makeScalarMethod(
  operation,
  subject,
  elements,
  indexKey,
  typeKey,
) {
  return function atomic(this: never, first: unknown, second: unknown): unknown {
    const raw = subject(this);
    return operation(
      raw[elements] as IntegerTypedArray,
      raw[indexKey],
      raw[typeKey],
      first,
      second,
    );
  } as AtomicMethod;
};

type ElementMethodFactory = (
  operation: Operation,
  subject: Subject<ElementCells>,
  elements: typeof ELEMENTS,
  typeKey: typeof SIMPLE_TYPE,
  resolve: typeof resolveIndex,
) => AtomicMethod;

/** The source of an array's atomic method, index first; copied per operation. */
const makeElementMethod: ElementMethodFactory = function makeElementMethod(
  operation,
  subject,
  elements,
  typeKey,
  resolve,
) {
  return function atomic(this: never, index: number, first: unknown, second: unknown): unknown {
    const raw = subject(this);
    const target = raw[elements] as IntegerTypedArray;
    let position = index;
    if (!(position >>> 0 === position && position < target.length)) {
      position = resolve(index, target.length);
    }
    return operation(target, position, raw[typeKey], first, second);
  } as AtomicMethod;
};

const itself = <Cells>(self: Cells): Cells => self;
const wrapped = <Cells>(self: { getObj(): Cells }): Cells => self.getObj();

function scalarCopyWorks(copy: ScalarMethodFactory): boolean {
  const cell = {
    [ELEMENTS]: new Int32Array(2),
    [INDEX]: 1,
    [SIMPLE_TYPE]: { size: 4 } as AnySimpleType,
  };
  const add = copy(OPERATIONS.add, itself, ELEMENTS, INDEX, SIMPLE_TYPE);
  return add.call(cell, 2) === 0 && cell[ELEMENTS][1] === 2;
}

function elementCopyWorks(copy: ElementMethodFactory): boolean {
  const cells = { [ELEMENTS]: new Int32Array(2), [SIMPLE_TYPE]: { size: 4 } as AnySimpleType };
  const add = copy(OPERATIONS.add, itself, ELEMENTS, SIMPLE_TYPE, resolveIndex);
  return add.call(cells, -1, 3) === 0 && cells[ELEMENTS][1] === 3;
}

/**
 * Installs the nine atomic methods on `prototype`, each compiled for its operation alone:
 * `'scalar'` methods act on the object's one value (`add(value)`), `'element'` methods on
 * the element at their first argument (`add(index, value)`, negative from the end).
 * `through` says where the value lives: in the object itself (`'raw'`), or in the raw
 * object of a wrapper (`'wrapper'`), which the methods reach without its lock.
 */
export function installAtomicMethods(
  prototype: object,
  shape: 'scalar' | 'element',
  through: 'raw' | 'wrapper',
): void {
  const subject = through === 'raw' ? itself : wrapped;
  for (const name of ATOMIC_METHOD_NAMES) {
    const method =
      shape === 'scalar'
        ? freshCopy(makeScalarMethod, scalarCopyWorks)(
            OPERATIONS[name],
            subject as Subject<ScalarCell>,
            ELEMENTS,
            INDEX,
            SIMPLE_TYPE,
          )
        : freshCopy(makeElementMethod, elementCopyWorks)(
            OPERATIONS[name],
            subject as Subject<ElementCells>,
            ELEMENTS,
            SIMPLE_TYPE,
            resolveIndex,
          );
    const length = OPERAND_COUNTS[name] + (shape === 'element' ? 1 : 0);
    Object.defineProperties(method, { name: { value: name }, length: { value: length } });
    Object.defineProperty(prototype, name, { value: method, writable: true, configurable: true });
  }
}
