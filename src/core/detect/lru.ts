// A map that forgets its least recently used entries past a fixed size, so per-agent and
// per-session state stays bounded however many agents and sessions a process sees.

export class LruMap<K, V> {
  private readonly map = new Map<K, V>();
  /**
   * The most recently used key, while it is in the map. Most lookups ask for it again (one agent,
   * one session): it is already last in order, so moving it there (a delete and a set, each
   * leaving the map more to rehash) is skipped.
   */
  private newest: K | undefined;
  private hasNewest = false;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`LRU capacity must be a positive integer, got ${capacity}`);
  }

  get size(): number {
    return this.map.size;
  }

  /** The value, now marked as most recently used. */
  get(key: K): V | undefined {
    const value = this.map.get(key);
    if (value === undefined) return undefined;
    if (this.hasNewest && Object.is(this.newest, key)) return value;
    this.map.delete(key);
    this.map.set(key, value);
    this.newest = key;
    this.hasNewest = true;
    return value;
  }

  set(key: K, value: V): void {
    this.map.delete(key);
    this.map.set(key, value);
    this.newest = key;
    this.hasNewest = true;
    while (this.map.size > this.capacity) {
      const oldest = this.map.keys().next();
      if (oldest.done) break;
      this.map.delete(oldest.value);
    }
  }

  /** The value for key, created with `make` when absent. */
  getOrCreate(key: K, make: () => V): V {
    const found = this.get(key);
    if (found !== undefined) return found;
    const value = make();
    this.set(key, value);
    return value;
  }

  delete(key: K): boolean {
    if (this.hasNewest && Object.is(this.newest, key)) {
      this.newest = undefined;
      this.hasNewest = false;
    }
    return this.map.delete(key);
  }

  entries(): IterableIterator<[K, V]> {
    return this.map.entries();
  }
}
