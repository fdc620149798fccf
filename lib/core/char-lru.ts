// The one bounded store of the API's read caches (lib/server/read-cache.ts: responses by database snapshot;
// lib/db/json-cache.ts: row JSON by row version): least recently used out first once the values' characters
// pass the bound, and a value above a hundredth of the bound is not kept at all.

export class CharBoundedLru<V> {
  private entries = new Map<string, { value: V; chars: number }>();
  private total = 0;

  constructor(readonly maxChars: number) {}

  /** The value, now the most recently used. */
  get(key: string): V | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    this.entries.delete(key);
    this.entries.set(key, e);
    return e.value;
  }

  /** Stores a value of `chars` characters (0 while not known yet: see `resize`); false when too big to keep. */
  set(key: string, value: V, chars = 0): boolean {
    this.delete(key);
    if (chars > this.maxChars / 100) return false;
    this.entries.set(key, { value, chars });
    this.total += chars;
    this.evict();
    return true;
  }

  /** Once the size of the value stored under `key` is known (nothing when another value replaced it). */
  resize(key: string, value: V, chars: number): void {
    const e = this.entries.get(key);
    if (!e || e.value !== value) return;
    if (chars > this.maxChars / 100) return void this.delete(key);
    this.total += chars - e.chars;
    e.chars = chars;
    this.evict();
  }

  /** Removes the value under `key` (only if it is `value`, when given). */
  delete(key: string, value?: V): void {
    const e = this.entries.get(key);
    if (!e || (value !== undefined && e.value !== value)) return;
    this.entries.delete(key);
    this.total -= e.chars;
  }

  get size(): number {
    return this.entries.size;
  }

  get chars(): number {
    return this.total;
  }

  private evict() {
    for (const [k, e] of this.entries) {
      if (this.total <= this.maxChars) break;
      this.entries.delete(k);
      this.total -= e.chars;
    }
  }
}
