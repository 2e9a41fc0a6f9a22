/**
 * A Map that keeps at most `maxEntries`: storing a new key past the limit drops the entry stored
 * longest ago (a Map iterates in insertion order). Used by the in-process caches.
 */
export class BoundedMap<K, V> extends Map<K, V> {
  constructor(private readonly maxEntries: number) {
    super();
  }

  override set(key: K, value: V): this {
    // Re-inserting moves the key to the newest end.
    this.delete(key);
    if (this.size >= this.maxEntries) this.delete(this.keys().next().value!);
    return super.set(key, value);
  }
}
