/**
 * Type tests for the CPython conformance edges, checked by `tsc --noEmit` in `npm test`:
 * what runs must type-check, what always throws must not.
 */
import * as mp from '../../src/index.js';

mp.RawArray(mp.c_bool, 'ab');
mp.Array(mp.c_bool, 'ab').setSlice(0, 2, 'xy');
mp.RawArray('u', 'ab').setSlice(0, 2, 'xy');
mp.RawArray('i', 2).setSlice(0, 2, new Int32Array(2));
mp.RawArray('c', 2).setSlice(0, 2, Uint8Array.of(1, 2));
// @ts-expect-error a string is a sequence of strings, which c_int elements do not take
mp.RawArray('i', 'ab');
// @ts-expect-error c_char elements take bytes, not strings
mp.RawArray('c', 'ab');
// @ts-expect-error a string is a sequence of strings, which c_double elements do not take
mp.RawArray('d', 2).setSlice(0, 2, 'ab');
// @ts-expect-error c_wchar elements take strings, not bytes
mp.RawArray('u', 2).setSlice(0, 2, Uint8Array.of(97, 98));
// @ts-expect-error an array-like that is not iterable is not a sequence
mp.RawArray('i', 2).setSlice(0, 2, { length: 2, 0: 1, 1: 2 });

const bytes = mp.RawArray('c', 8);
bytes.raw = new DataView(new ArrayBuffer(2));
bytes.value = Uint16Array.of(1);
const synchronizedBytes = mp.Array('c', 8);
synchronizedBytes.raw = Buffer.from('hi');
synchronizedBytes.value = new DataView(new ArrayBuffer(2));
// @ts-expect-error bytes, not a string
bytes.value = 'hi';
// @ts-expect-error an ArrayBuffer is memory, not a view of it
synchronizedBytes.raw = new ArrayBuffer(2);

const fieldKey = Symbol('x');
// @ts-expect-error field keys are names, not symbols
mp.Structure({ x: mp.c_int, [fieldKey]: mp.c_int });
mp.Structure({ x: mp.c_int }, { pack: true });
// @ts-expect-error pack is an integer
mp.Structure({ x: mp.c_int }, { pack: '1' });
const Frozen = mp.Structure({ x: mp.c_int });
// @ts-expect-error field layouts are read-only
Frozen.fields[0].offset = 4;
// @ts-expect-error the list of fields is read-only
Frozen.fields.push(Frozen.fields[0]);

mp.RawValue('c', true);
mp.RawArray('c', [65n, 66]);
// @ts-expect-error c_char takes bytes or integers, not strings
mp.RawValue('c', 'a');
