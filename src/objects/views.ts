/**
 * The object for a value of any type at a place in shared memory: a scalar, an array (with
 * `.value` for `'c'` and `'u'`) or a structure.
 */
import type { Arena } from '../memory/arena.js';
import type { CType } from '../types/compositeTypes.js';
import {
  numericArrayClassFor,
  SharedArray,
  SharedCharArray,
  SharedWideCharArray,
} from './sharedArray.js';
import { scalarClassFor } from './sharedScalar.js';
import { structClassFor } from './sharedStruct.js';

/** The raw object of `type` over `arena` at byte `offset`. */
export function viewOf(type: CType, arena: Arena, offset: number): unknown {
  switch (type.category) {
    case 'simple':
      return new (scalarClassFor(type))(type, arena, offset);
    case 'array': {
      const element = type.element;
      if (element.category === 'simple' && element.storage === 'char') {
        return new SharedCharArray(type as never, arena, offset);
      }
      if (element.category === 'simple' && element.storage === 'wchar') {
        return new SharedWideCharArray(type as never, arena, offset);
      }
      if (
        element.category === 'simple' &&
        (element.isInteger || element.storage.startsWith('float'))
      ) {
        if (offset % element.size === 0)
          return new (numericArrayClassFor(element))(type, arena, offset);
      }
      return new SharedArray(type, arena, offset);
    }
    default:
      return new (structClassFor(type, viewOf))(type, arena, offset);
  }
}
