/**
 * `arr[i]` and `arr[i] = v` with Python semantics, without slowing the methods: a `Proxy` is
 * placed in the prototype chain behind the class prototype. Own fields and class methods
 * are found before it, so `get`/`set` run at full speed; only keys found nowhere else, such
 * as `"3"`, reach its traps, which call `get`/`set`. Writing a numeric key never creates a
 * plain property: it goes to shared memory or throws.
 *
 * The price is the platform's: V8 handles a lookup that reaches a proxy in the runtime, about
 * 100 ns per access on Node 20 with a trap that does nothing, against about 1 ns for `get`/`set`
 * and `typed`. Hot loops should use those.
 */
import { typeError } from '../errors.js';

/** What the traps call: the indexing methods of arrays and array wrappers. */
export interface Indexable {
  readonly length: number;
  get(index: number): unknown;
  set(index: number, value: never): void;
}

const INTEGER_KEY = /^-?(?:0|[1-9][0-9]*)$/;

/** Whether `key` reads as a number (`"3"`, `"-1"`, `"1.5"`, `"NaN"`): such keys index. */
function isNumericKey(key: string): boolean {
  return INTEGER_KEY.test(key) || String(Number(key)) === key;
}

function indexOf(key: string): number {
  if (!INTEGER_KEY.test(key)) throw typeError('index', 'an integer', key);
  return Number(key);
}

/**
 * Copies the members `prototype` inherits (below `Object.prototype`) onto it, so that they
 * too are found before the trap: a lookup that reaches a proxy costs ~100× a plain one.
 */
function flattenInheritedMembers(prototype: object): void {
  let ancestor = Object.getPrototypeOf(prototype) as object | null;
  while (ancestor !== null && ancestor !== Object.prototype) {
    for (const key of Reflect.ownKeys(ancestor)) {
      if (key !== 'constructor' && !Object.hasOwn(prototype, key)) {
        Object.defineProperty(prototype, key, Object.getOwnPropertyDescriptor(ancestor, key)!);
      }
    }
    ancestor = Object.getPrototypeOf(ancestor) as object | null;
  }
}

/**
 * Inserts the index trap between `prototype` and its parent, so that instances answer
 * numeric keys through `get`/`set`. Inherited members are copied onto `prototype` first.
 */
export function installIndexSyntax(prototype: object): void {
  flattenInheritedMembers(prototype);
  const parent = Object.getPrototypeOf(prototype) as object;
  const trap = new Proxy(Object.create(parent) as object, {
    get(target, key, receiver) {
      if (typeof key === 'string') {
        // The common key, a canonical array index, costs one conversion and one comparison.
        const index = +key;
        if (index >>> 0 === index && `${index}` === key) return (receiver as Indexable).get(index);
        if (isNumericKey(key)) return (receiver as Indexable).get(indexOf(key));
      }
      return Reflect.get(target, key, receiver);
    },
    set(target, key, value, receiver) {
      if (typeof key === 'string') {
        const index = +key;
        if (index >>> 0 === index && `${index}` === key) {
          (receiver as Indexable).set(index, value as never);
          return true;
        }
        if (isNumericKey(key)) {
          (receiver as Indexable).set(indexOf(key), value as never);
          return true;
        }
      }
      return Reflect.set(target, key, value, receiver);
    },
  });
  Object.setPrototypeOf(prototype, trap);
}
