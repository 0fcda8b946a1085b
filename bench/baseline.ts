/**
 * The bare-platform baseline: a hand-written futex mutex with `Atomics` around plain typed
 * arrays, what a careful user would write without sharedctypes.
 */

/** A three-state `Atomics` mutex on `cells[index]`. */
export class AtomicsMutex {
  constructor(
    private readonly cells: Int32Array,
    private readonly index: number,
  ) {}

  acquire(): void {
    const { cells, index } = this;
    if (Atomics.compareExchange(cells, index, 0, 1) === 0) return;
    while (Atomics.exchange(cells, index, 2) !== 0) Atomics.wait(cells, index, 2);
  }

  release(): void {
    const { cells, index } = this;
    if (Atomics.sub(cells, index, 1) !== 1) {
      Atomics.store(cells, index, 0);
      Atomics.notify(cells, index, 1);
    }
  }
}
