/**
 * Error helpers shared by every module: one message shape,
 * ``Expected `name` to be …, got … (type)``, and the exported {@link LockError}.
 */

/**
 * Thrown when a lock is misused: releasing a `Lock` that is not held, or releasing an
 * `RLock` that the calling thread does not own. Python raises `ValueError` or
 * `AssertionError` in these cases.
 *
 * @example
 * ```ts
 * import * as mp from 'sharedctypes';
 * try {
 *   mp.Lock().release();
 * } catch (error) {
 *   console.log(error instanceof mp.LockError); // true
 * }
 * ```
 * @group Locks
 */
export class LockError extends Error {
  /**
   * @param message - What went wrong, e.g. that the lock is released too many times.
   */
  constructor(message: string) {
    super(message);
    this.name = 'LockError';
  }
}

const MAX_SHOWN_LENGTH = 40;

/** The type word shown in parentheses: `number`, `null`, `array`, or a class name. */
function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value !== 'object') return typeof value;
  if (Array.isArray(value)) return 'array';
  const prototype = Object.getPrototypeOf(value) as { constructor?: { name?: string } } | null;
  return prototype?.constructor?.name || 'object';
}

/** A short rendering of a value for an error message. */
function shortForm(value: unknown): string {
  switch (typeof value) {
    case 'string': {
      const quoted = JSON.stringify(value);
      return quoted.length > MAX_SHOWN_LENGTH ? `${quoted.slice(0, MAX_SHOWN_LENGTH)}…"` : quoted;
    }
    case 'bigint':
      return `${value}n`;
    case 'function':
      return `[function ${value.name || 'anonymous'}]`;
    case 'symbol':
      return value.toString();
    case 'object': {
      if (value === null) return 'null';
      if (Array.isArray(value)) return `[array of length ${value.length}]`;
      if (ArrayBuffer.isView(value) && 'length' in value) {
        return `[${typeName(value)} of length ${(value as { length: number }).length}]`;
      }
      return `[${typeName(value)}]`;
    }
    default:
      return String(value);
  }
}

/** Renders `value` as `shortForm (type)` for the end of an error message. */
export function describe(value: unknown): string {
  return `${shortForm(value)} (${typeName(value)})`;
}

/** The one message shape: ``Expected `name` to be expectation, got value (type)``. */
export function expected(name: string, expectation: string, value: unknown): string {
  return `Expected \`${name}\` to be ${expectation}, got ${describe(value)}`;
}

/** A `TypeError` in the one message shape. */
export function typeError(name: string, expectation: string, value: unknown): TypeError {
  return new TypeError(expected(name, expectation, value));
}

/** A `RangeError` in the one message shape. */
export function rangeError(name: string, expectation: string, value: unknown): RangeError {
  return new RangeError(expected(name, expectation, value));
}

const namedErrors = new WeakSet<Error>();

/**
 * Starts the message of an error met while initializing a structure with `(Name) `, once:
 * the innermost structure names it, as CPython's "(Phone) TypeError: …" does. The error
 * keeps its class.
 */
export function namedAfterStructure(error: unknown, structureName: string): unknown {
  if (error instanceof Error && !namedErrors.has(error)) {
    error.message = `(${structureName}) ${error.message}`;
    namedErrors.add(error);
  }
  return error;
}
