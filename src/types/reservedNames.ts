/**
 * The names a structure field may not have, because the objects built from a structure
 * already have members of those names: a field `getLock` would shadow the wrapper's method
 * (and recurse forever when read), a field `__sharedctypes__` would shadow the handle.
 *
 * The names come from the classes themselves: the raw structure class and the structure
 * wrapper class each register here when they are defined, with the own fields their
 * instances carry, and every name on their prototype chains (up to `Object.prototype`) is
 * reserved. A member added to those classes is reserved with no list to update. The
 * package entry defines both classes before any code can call `Structure`.
 */

/**
 * Names looked up on any object by the language or by JSON, reserved so that `await x`,
 * `Promise.resolve(x)` or `JSON.stringify(x)` never read a field (and take a wrapper's
 * lock to do it); and `value`, which is what every other shared object reads and writes.
 */
const PROTOCOL_NAMES = ['then', 'toJSON', 'value'];

const classes: { readonly prototype: object; readonly ownFields: readonly string[] }[] = [];
let reserved: ReadonlySet<string> | undefined;

/**
 * Reserves the names of every member of `memberClass`'s instances: those on its prototype
 * chain, and `ownFields`, the own properties its constructor creates.
 */
export function reserveMemberNames(
  memberClass: abstract new (...args: never[]) => object,
  ownFields: readonly string[],
): void {
  classes.push({ prototype: memberClass.prototype as object, ownFields });
  reserved = undefined;
}

/** Whether a field may not be called `name`. */
export function isReservedFieldName(name: string): boolean {
  if (reserved === undefined) {
    const names = new Set(PROTOCOL_NAMES);
    for (const { prototype, ownFields } of classes) {
      for (const field of ownFields) names.add(field);
      for (let level: object | null = prototype; level !== null; ) {
        for (const key of Object.getOwnPropertyNames(level)) names.add(key);
        level = Object.getPrototypeOf(level) as object | null;
      }
    }
    reserved = names;
  }
  return reserved.has(name);
}
