/**
 * Python's slice arithmetic (`PySlice_AdjustIndices`): which indices `start:stop:step`
 * selects in a sequence of a given length.
 */
import { rangeError, typeError } from '../errors.js';

/** The indices a slice selects: `start`, `start + step`, … (`count` of them). */
export interface SliceIndices {
  readonly start: number;
  readonly step: number;
  readonly count: number;
}

function sliceBound(value: unknown, name: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'bigint') return Number(value);
  throw typeError(name, 'an integer, undefined or null', value);
}

/** Python's clamping of one slice bound (`None` is `undefined`). */
function clamp(
  bound: number | undefined,
  length: number,
  backwards: boolean,
  whenNone: number,
): number {
  if (bound === undefined) return whenNone;
  if (bound < 0) {
    const fromEnd = bound + length;
    return fromEnd < 0 ? (backwards ? -1 : 0) : fromEnd;
  }
  return bound >= length ? (backwards ? length - 1 : length) : bound;
}

/**
 * Resolves `start:stop:step` against `length` with Python's rules: `undefined`/`null` mean
 * `None`, negative bounds count from the end, out-of-range bounds are clamped.
 * @throws TypeError for a bound that is not an integer, `undefined` or `null`.
 * @throws RangeError for a step of 0.
 */
export function sliceIndices(
  length: number,
  start: unknown,
  stop: unknown,
  step: unknown,
): SliceIndices {
  const stepValue = sliceBound(step, 'step') ?? 1;
  if (stepValue === 0) throw rangeError('step', 'a non-zero integer', step);
  const backwards = stepValue < 0;
  const first = clamp(sliceBound(start, 'start'), length, backwards, backwards ? length - 1 : 0);
  const end = clamp(sliceBound(stop, 'stop'), length, backwards, backwards ? -1 : length);
  let count = 0;
  if (backwards) {
    if (end < first) count = Math.floor((first - end - 1) / -stepValue) + 1;
  } else if (first < end) {
    count = Math.floor((end - first - 1) / stepValue) + 1;
  }
  return { start: first, step: stepValue, count };
}

/**
 * Resolves a Python index against `length`: negative counts from the end.
 * @throws TypeError for a non-integer; RangeError when out of range.
 */
export function resolveIndex(index: unknown, length: number): number {
  if (typeof index !== 'number' || !Number.isInteger(index)) {
    throw typeError('index', 'an integer', index);
  }
  const resolved = index < 0 ? index + length : index;
  if (resolved < 0 || resolved >= length) {
    throw rangeError('index', `an integer in [${-length}, ${length})`, index);
  }
  return resolved;
}
