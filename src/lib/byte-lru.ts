/**
 * A least-recently-used map bounded by an estimate of the bytes its values hold, not by their
 * number: a cache of answers whose size depends on what users stored (a listing of recipes
 * with thousands of lines each is tens of MB) must not grow with that size. Storing past the
 * budget drops the entries used longest ago; a value larger than `maxEntryBytes` (by default an
 * eighth of the budget) is refused, so one huge value never flushes everything else and the
 * cache always holds several entries.
 *
 * Sizes are estimates given by the owner (`sizeOf`); stringBytes is the usual one for text.
 */
export interface ByteLruStats {
  hits: number;
  misses: number;
  /** Entries dropped to make room for newer ones. */
  evictions: number;
  /** Values not stored because they were larger than maxEntryBytes. */
  refused: number;
}

/** What a cache shows of itself (for /metrics). */
export interface ByteBudgeted {
  readonly bytes: number;
  readonly maxBytes: number;
  readonly size: number;
  readonly stats: Readonly<ByteLruStats>;
}

/**
 * What a string may occupy in V8: two bytes per UTF-16 code unit (V8 keeps Latin-1 text in one,
 * so this is an upper bound), plus the object header.
 */
export const stringBytes = (s: string): number => 2 * s.length + 16;

/** Bookkeeping per entry (the Map's slot and the entry record), added to every value's size. */
const ENTRY_OVERHEAD = 64;

export class ByteLru<K, V> implements ByteBudgeted {
  private readonly entries = new Map<K, { value: V; bytes: number }>();
  private held = 0;
  readonly stats: ByteLruStats = { hits: 0, misses: 0, evictions: 0, refused: 0 };
  readonly maxEntryBytes: number;

  /**
   * `maxBytes` 0 keeps nothing. `sizeOf` estimates a value's bytes (its key's are added with
   * keySize, strings by default).
   */
  constructor(
    readonly maxBytes: number,
    private readonly sizeOf: (value: V) => number,
    maxEntryBytes?: number,
    private readonly keySize: (key: K) => number = (key) => (typeof key === 'string' ? stringBytes(key) : 8),
  ) {
    this.maxEntryBytes = Math.min(maxBytes, maxEntryBytes ?? Math.floor(maxBytes / 8));
  }

  /** The estimated bytes held now (always at most maxBytes). */
  get bytes(): number {
    return this.held;
  }

  get size(): number {
    return this.entries.size;
  }

  /** The value, made the most recently used. */
  get(key: K): V | undefined {
    const e = this.entries.get(key);
    if (e === undefined) {
      this.stats.misses++;
      return undefined;
    }
    this.stats.hits++;
    // Re-inserting moves it to the newest end (a Map iterates in insertion order).
    this.entries.delete(key);
    this.entries.set(key, e);
    return e.value;
  }

  /** The value without counting a hit or changing its recency. */
  peek(key: K): V | undefined {
    return this.entries.get(key)?.value;
  }

  has(key: K): boolean {
    return this.entries.has(key);
  }

  /** Stores the value (replacing the key's old one); false when it is too large to keep (the old one is dropped then too). */
  set(key: K, value: V): boolean {
    this.delete(key);
    const bytes = this.sizeOf(value) + this.keySize(key) + ENTRY_OVERHEAD;
    if (bytes > this.maxEntryBytes) {
      this.stats.refused++;
      return false;
    }
    while (this.held + bytes > this.maxBytes) {
      const oldest = this.entries.keys().next();
      if (oldest.done) break;
      this.delete(oldest.value);
      this.stats.evictions++;
    }
    this.entries.set(key, { value, bytes });
    this.held += bytes;
    return true;
  }

  delete(key: K): boolean {
    const e = this.entries.get(key);
    if (e === undefined) return false;
    this.entries.delete(key);
    this.held -= e.bytes;
    return true;
  }

  clear(): void {
    this.entries.clear();
    this.held = 0;
  }
}
