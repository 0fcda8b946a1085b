/**
 * The object for a value of any type at a place in shared memory: a scalar, an array (with
 * `.value` for `'c'` and `'u'`) or a structure, made by the type's kind (`kinds/`).
 */
export { viewOf } from '../kinds/index.js';
