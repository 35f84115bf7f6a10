import { describe, expect, it } from 'vitest';
import { LruMap } from './lru.js';

describe('LruMap', () => {
  it('forgets the least recently used entry past its capacity', () => {
    const lru = new LruMap<string, number>(2);
    lru.set('a', 1);
    lru.set('b', 2);
    lru.get('a');
    lru.set('c', 3);
    expect(lru.get('b')).toBeUndefined();
    expect(lru.get('a')).toBe(1);
    expect(lru.get('c')).toBe(3);
    expect(lru.size).toBe(2);
  });

  it('creates missing entries once', () => {
    const lru = new LruMap<string, number[]>(4);
    lru.getOrCreate('k', () => []).push(1);
    lru.getOrCreate('k', () => []).push(2);
    expect(lru.get('k')).toEqual([1, 2]);
  });

  it('refuses a capacity that would hold nothing', () => {
    expect(() => new LruMap(0)).toThrow(RangeError);
  });
});
