/**
 * The object for a value of any type at a place in shared memory: a scalar, an array (with
 * `.value` for `'c'` and `'u'`) or a structure.
 */
import type { Allocation } from '../memory/heap.js';
import type { CType } from '../types/compositeTypes.js';
import {
  numericArrayClassFor,
  SharedArray,
  SharedCharArray,
  SharedWideCharArray,
} from './sharedArray.js';
import { scalarClassFor } from './sharedScalar.js';
import { structClassFor } from './sharedStruct.js';

/** The raw object of `type` over `allocation` at byte `offset`. */
export function viewOf(type: CType, allocation: Allocation, offset: number): unknown {
  switch (type.category) {
    case 'simple':
      return new (scalarClassFor(type))(type, allocation, offset);
    case 'array': {
      const element = type.element;
      if (element.category === 'simple' && element.storage === 'char') {
        return new SharedCharArray(type as never, allocation, offset);
      }
      if (element.category === 'simple' && element.storage === 'wchar') {
        return new SharedWideCharArray(type as never, allocation, offset);
      }
      if (
        element.category === 'simple' &&
        (element.isInteger || element.storage.startsWith('float'))
      ) {
        if (offset % element.size === 0)
          return new (numericArrayClassFor(element))(type, allocation, offset);
      }
      return new SharedArray(type, allocation, offset);
    }
    default:
      return new (structClassFor(type))(type, allocation, offset);
  }
}
