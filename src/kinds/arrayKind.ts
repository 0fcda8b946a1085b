/**
 * The kind of array types (`type * length`): the array classes (`'c'` and `'u'` strings,
 * aligned numeric arrays with compiled accessors, and the general one), their wrappers,
 * array initializers and the `{ element, length }` description.
 */
import { rangeError } from '../errors.js';
import type { Arena } from '../memory/arena.js';
import { storeItems } from '../objects/bulkStores.js';
import { arrayItems } from '../objects/memoryAccess.js';
import {
  numericArrayClassFor,
  SharedArray,
  SharedCharArray,
  SharedIntegerArray,
  SharedWideCharArray,
} from '../objects/sharedArray.js';
import { nestedFieldAccessors } from '../objects/structFields.js';
import { type ArrayType, arrayTypeOf, checkLength, typeSerial } from '../types/compositeTypes.js';
import { typedArrayOver } from '../types/conversions.js';
import { SimpleType } from '../types/simpleTypes.js';
import { checkExactKeys, describeType } from '../types/typeDescription.js';
import {
  SynchronizedArray,
  SynchronizedIntegerArray,
  SynchronizedString,
  SynchronizedWideString,
} from '../wrappers/synchronizedArray.js';
import { type CompositeKind, createByPlan, planStore, replaceValue, viewOf } from './typeKind.js';

const ARRAY_KEYS = ['element', 'length'];

/** The array object of `type` over `arena` at byte `offset`: the class fits the element type. */
function arrayView(type: ArrayType, arena: Arena, offset: number): unknown {
  const element = type.element;
  if (element instanceof SimpleType) {
    if (element.storage === 'char') return new SharedCharArray(type as never, arena, offset);
    if (element.storage === 'wchar') {
      return new SharedWideCharArray(type as never, arena, offset);
    }
    if ((element.isInteger || element.storage.startsWith('float')) && offset % element.size === 0) {
      return new (numericArrayClassFor(element))(type, arena, offset);
    }
  }
  return new SharedArray(type, arena, offset);
}

/** Arrays: `length` elements of one type, read as live array objects. */
export const arrayKind: CompositeKind<ArrayType> = {
  composite: true,

  read: arrayView,

  write(type, arena, offset, value, name) {
    replaceValue(arena, type, offset, value, name);
  },

  planStore(type, init, offset, name, plan) {
    const items = arrayItems(type, init, name);
    // In order, as CPython does: a bad item before the end of the array fails first.
    const elementSize = type.element.size;
    const count = Math.min(items.length, type.length);
    for (let index = 0; index < count; index++) {
      planStore(
        type.element,
        items[index],
        offset + index * elementSize,
        `${name}[${index}]`,
        plan,
      );
    }
    if (items.length > type.length) {
      throw rangeError(name, `at most ${type.length} items for ${type.name}`, init);
    }
  },

  create(type, init, name, backend) {
    // As for `RawArray`, a string is a sequence of characters here; nested, only a `'u'`
    // array takes one (see `arrayItems`).
    const items = arrayItems(type, typeof init === 'string' ? Array.from(init) : init, name);
    const element = type.element;
    if (element instanceof SimpleType && items.length <= type.length) {
      const { arena, offset } = backend.allocate(type.size);
      // Blocks are 16-byte aligned, so a typed view of any element type fits.
      const view = typedArrayOver(element.storage, arena.buffer, offset, items.length);
      storeItems(element, view, 0, 1, items, name, true);
      return viewOf(type, arena, offset);
    }
    // The items read once: the plan must not iterate `init` a second time.
    return createByPlan(type, items, name, backend);
  },

  view: arrayView,

  wrap(raw, _type, lock) {
    if (raw instanceof SharedCharArray) return new SynchronizedString(raw, lock);
    if (raw instanceof SharedWideCharArray) return new SynchronizedWideString(raw, lock);
    if (raw instanceof SharedIntegerArray) return new SynchronizedIntegerArray(raw, lock);
    return new SynchronizedArray(raw as SharedArray, lock);
  },

  fieldAccessors: (field, slot) => nestedFieldAccessors(field, slot, viewOf, replaceValue),

  show(_type, value) {
    return String(value);
  },

  describe(type) {
    return Object.freeze({ element: describeType(type.element), length: type.length });
  },

  cacheKey: typeSerial,

  readDescription(description, name) {
    checkExactKeys(description, ARRAY_KEYS, name);
    const { element, length } = description as { readonly element?: unknown; length?: unknown };
    return {
      parts: [element],
      build: ([built], where) =>
        arrayTypeOf(built, checkLength(length, built.size, `${where}.length`)),
    };
  },
};
