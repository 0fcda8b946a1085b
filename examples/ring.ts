/** The ring buffer struct shared by the producer/consumer example and its workers. */
import * as mp from 'sharedctypes';

export const Ring = mp.Structure(
  { head: mp.c_int, tail: mp.c_int, items: mp.arrayOf(mp.c_int, 16) },
  { name: 'Ring' },
);

/** What `mp.Value(Ring)` returns: field properties under the lock. */
export type SharedRing = mp.SynchronizedFor<typeof Ring>;
