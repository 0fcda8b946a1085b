/**
 * Bad input, one call per case, run both on a browser page (with `dist/browser.js`) and in
 * Node.js (with the Node entry): the test compares the classes of what each case throws.
 */
import type * as Api from '../../dist/browser.js';

/** The calls, by case name; each must throw. */
function badCalls(mp: typeof Api): Record<string, () => unknown> {
  const ints = mp.RawArray('i', 2);
  const Point = mp.Structure({ x: mp.c_int, y: mp.c_double });
  return {
    'an unknown typecode': () => mp.Value('x' as never),
    'a non-integer for c_int': () => mp.Value('i', 1.5),
    'a string for c_double': () => mp.RawValue('d', 'one' as never),
    'a bigint beyond the double range': () => mp.RawValue('d', 10n ** 400n),
    'a negative length': () => mp.RawArray('i', -1),
    'a non-integer length': () => mp.RawArray('i', 1.5),
    'an index out of range': () => ints.get(2),
    'index syntax out of range': () => {
      (ints as unknown as number[])[5] = 1;
    },
    'a non-integer index': () => ints.get(0.5),
    'a slice step of 0': () => ints.slice(0, 2, 0),
    'setSlice of the wrong length': () => ints.setSlice(0, 2, [1]),
    "a string for a 'c' array's value": () => {
      mp.RawArray('c', 3).value = 'ab' as never;
    },
    "bytes too long for a 'c' array": () => {
      mp.RawArray('c', 3).value = new Uint8Array(4);
    },
    "a string too long for a 'u' array": () => {
      mp.RawArray('u', 2).value = 'abc';
    },
    'too many structure fields': () => mp.RawValue(Point, [1, 2, 3] as never),
    'a lock option of the wrong type': () => mp.Value('i', 0, { lock: 5 as never }),
    'releasing a free Lock': () => mp.Lock().release(),
    'releasing an RLock not owned': () => mp.RLock().release(),
    'an options object as block': () => mp.Lock().acquire({ timeout: 1 } as never),
    'a string timeout': () => mp.Lock().acquire(true, '1' as never),
    'a misspelt property': () => {
      (mp.Value('i') as unknown as { vaule: number }).vaule = 3;
    },
    'attach of a forged handle': () =>
      mp.attach({ __sharedctypes__: { version: 3, kind: 'object' } }),
    'attach of a number': () => mp.attach(5),
    'synchronized of a plain object': () => mp.synchronized({} as never),
    'an atomic add on a double': () =>
      (mp.RawValue('d') as unknown as { add(n: number): number }).add(1),
    'withLock of an async body': () => mp.Lock().withLock((async () => 1) as never),
  };
}

/** The class name of what each case threw (`'nothing'` if it did not throw), by case. */
export function badInputClasses(mp: typeof Api): Record<string, string> {
  const classes: Record<string, string> = {};
  for (const [name, call] of Object.entries(badCalls(mp))) {
    try {
      call();
      classes[name] = 'nothing';
    } catch (error) {
      classes[name] = (error as Error).constructor.name;
    }
  }
  return classes;
}
