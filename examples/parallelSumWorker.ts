/** Process target: sums one slice of the shared array into its slot of `partials`. */
import type * as mp from 'sharedctypes';

export default function sumSlice(
  data: mp.SynchronizedArray<typeof mp.c_double>,
  partials: mp.SynchronizedArray<typeof mp.c_double>,
  part: number,
  parts: number,
): void {
  const values = data.getObj().typed; // read-only bulk access at native speed, no lock needed
  const size = Math.ceil(values.length / parts);
  let sum = 0;
  for (let index = part * size; index < Math.min(values.length, (part + 1) * size); index++) {
    sum += values[index];
  }
  partials.set(part, sum);
}
