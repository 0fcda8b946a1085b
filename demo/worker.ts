/** A demo worker (a `Process` target): updates the shared objects it is given, as told. */
import type { DemoData } from './main.js';

export default function update(data: DemoData): void {
  const { mode, counter, stats, label, iterations, id, signal } = data;
  Atomics.add(signal, 0, 1);
  Atomics.wait(signal, 1, 0);
  const raw = counter.getObj(); // the bare shared int, which no lock guards by itself
  const lock = counter.getLock();
  const start = performance.now();
  if (mode === 'unguarded') {
    for (let index = 0; index < iterations; index++) raw.value += 1;
  } else if (mode === 'locked') {
    for (let index = 0; index < iterations; index++) {
      lock.acquire();
      raw.value += 1;
      lock.release();
    }
  } else {
    for (let index = 0; index < iterations; index++) counter.add(1);
  }
  const elapsed = performance.now() - start;
  stats.withLock(() => {
    stats.workers += 1;
    stats.slowestMs = Math.max(stats.slowestMs, Math.round(elapsed));
  });
  label.value = new TextEncoder().encode(`worker ${id} (${mode})`);
}
