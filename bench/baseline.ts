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

/** Added to a {@link HandWrittenRLock}'s state when agents may be waiting. */
const WAITING = 1 << 30;

/** How many times a contended {@link HandWrittenRLock} reads its state before it sleeps. */
const SPINS = 200;

/**
 * The floor of a guarded `Value` of this design, written by hand with `Atomics`: an `RLock`
 * whose state cell holds its owner's identity (0 when free) beside a cell counting nested
 * acquisitions, taken uncontended with one compare-and-swap; contended, it reads the state
 * up to {@link SPINS} times for a release while no one sleeps on it, then sleeps as the
 * three-state mutex does. No argument checks, no ended-holder detection: the steps `Value`
 * cannot do without, and nothing else.
 */
export class HandWrittenRLock {
  constructor(
    private readonly cells: Int32Array,
    private readonly index: number,
    private readonly owner: number,
  ) {}

  acquire(): void {
    const { cells, index, owner } = this;
    let state = Atomics.compareExchange(cells, index, 0, owner);
    if (state === 0) return;
    if ((state & ~WAITING) === owner) {
      cells[index + 1]++;
      return;
    }
    for (let spin = 0; spin < SPINS && (state & WAITING) === 0; spin++) {
      state = Atomics.load(cells, index);
      if (state === 0) {
        state = Atomics.compareExchange(cells, index, 0, owner);
        if (state === 0) return;
      }
    }
    for (;;) {
      const marked = state | WAITING;
      if (state === marked || Atomics.compareExchange(cells, index, state, marked) === state) {
        Atomics.wait(cells, index, marked);
      }
      state = Atomics.compareExchange(cells, index, 0, owner | WAITING);
      if (state === 0) return;
    }
  }

  release(): void {
    const { cells, index, owner } = this;
    const depth = cells[index + 1];
    if (depth > 0) {
      cells[index + 1] = depth - 1;
    } else if (Atomics.compareExchange(cells, index, owner, 0) !== owner) {
      Atomics.store(cells, index, 0);
      Atomics.notify(cells, index, 1);
    }
  }
}

/**
 * The value of that floor: an `Int32Array` element whose every read and write first tests
 * whether the caller owns the lock. If it does, the access is direct; if not, the access
 * takes the lock around itself, as a `Value` access does. A write checks that it stores an
 * integer first, so that nothing is left to release when it throws.
 *
 * Both branches are live once the value has been used outside the lock, as the bench's
 * unlocked rows use it before the guarded increment, and as a `Value`'s are: optimized code
 * that inlines an access then keeps the branch that locks, not only the owner's fast path.
 */
export class HandWrittenValue {
  constructor(
    private readonly lock: HandWrittenRLock,
    private readonly cells: Int32Array,
    private readonly lockIndex: number,
    private readonly owner: number,
    private readonly index: number,
  ) {}

  get value(): number {
    if ((this.cells[this.lockIndex] & ~WAITING) === this.owner) return this.cells[this.index];
    return this.readLocked();
  }

  set value(value: number) {
    if ((this.cells[this.lockIndex] & ~WAITING) === this.owner) {
      if (!Number.isInteger(value)) throw new TypeError('not an integer');
      this.cells[this.index] = value;
    } else {
      this.writeLocked(value);
    }
  }

  private readLocked(): number {
    this.lock.acquire();
    const value = this.cells[this.index];
    this.lock.release();
    return value;
  }

  private writeLocked(value: number): void {
    if (!Number.isInteger(value)) throw new TypeError('not an integer');
    this.lock.acquire();
    this.cells[this.index] = value;
    this.lock.release();
  }
}
