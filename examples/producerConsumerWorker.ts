/** Process target: produces or consumes items through a shared ring buffer struct. */
import type { SharedRing } from './ring.js';

export default function run(role: 'producer' | 'consumer', ring: SharedRing, count: number): void {
  const lock = ring.getLock(); // an RLock: field reads inside re-enter it
  const capacity = ring.getObj().items.length;
  for (let done = 0; done < count; ) {
    lock.withLock(() => {
      const size = ring.tail - ring.head;
      if (role === 'producer' && size < capacity) {
        ring.items.set(ring.tail % capacity, done + 1);
        ring.tail += 1;
        done++;
      } else if (role === 'consumer' && size > 0) {
        const item = ring.items.get(ring.head % capacity);
        ring.head += 1;
        done++;
        if (item !== done) throw new Error(`expected item ${done}, got ${item}`);
      }
    });
  }
}
