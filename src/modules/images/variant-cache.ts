/**
 * A least-recently-used cache bounded by the bytes it holds, in front of the image store: a
 * popular variant is served from memory, without a database round trip. Variants are immutable
 * (addressed by their content), so an entry is never stale; one is dropped when its set is removed
 * only to give the memory back.
 */
export class ByteLru {
  private readonly entries = new Map<string, { bytes: Buffer; type: string }>();
  private held = 0;

  /** `maxBytes` in all; an entry larger than an eighth of it is not kept (it would push out many). */
  constructor(private readonly maxBytes: number) {}

  get size(): { entries: number; bytes: number } {
    return { entries: this.entries.size, bytes: this.held };
  }

  get(key: string): { bytes: Buffer; type: string } | undefined {
    const hit = this.entries.get(key);
    if (hit) {
      // A Map iterates in insertion order: re-inserting makes it the most recently used.
      this.entries.delete(key);
      this.entries.set(key, hit);
    }
    return hit;
  }

  set(key: string, value: { bytes: Buffer; type: string }): void {
    if (value.bytes.length > this.maxBytes / 8) return;
    this.delete(key);
    this.entries.set(key, value);
    this.held += value.bytes.length;
    for (const [oldest, entry] of this.entries) {
      if (this.held <= this.maxBytes) break;
      this.entries.delete(oldest);
      this.held -= entry.bytes.length;
    }
  }

  delete(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.held -= entry.bytes.length;
  }
}
