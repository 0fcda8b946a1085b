/**
 * A map whose values are held weakly: an entry lasts as long as its value is referenced
 * elsewhere, so caches of types cannot grow without bound.
 */
export class WeakValueCache<Key, Value extends object> {
  readonly #entries = new Map<Key, WeakRef<Value>>();
  /** Drops the entry of a collected value, unless a new value took its key since. */
  readonly #cleanup = new FinalizationRegistry<Key>((key) => {
    if (this.#entries.get(key)?.deref() === undefined) this.#entries.delete(key);
  });

  /** The value stored under `key`, if it is still alive. */
  get(key: Key): Value | undefined {
    return this.#entries.get(key)?.deref();
  }

  /** Stores `value` under `key`, until `value` is collected. */
  set(key: Key, value: Value): void {
    this.#entries.set(key, new WeakRef(value));
    this.#cleanup.register(value, key);
  }
}
