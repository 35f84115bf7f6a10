import fc from 'fast-check';
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

  it('keeps the order and contents of a plain least-recently-used list, whatever is done to it', () => {
    type Op = { op: 'get' | 'set' | 'delete' | 'getOrCreate'; key: number; value: number };
    const op = fc.record({ op: fc.constantFrom('get', 'set', 'delete', 'getOrCreate'), key: fc.integer({ min: 0, max: 4 }), value: fc.integer() }) as fc.Arbitrary<Op>;
    fc.assert(fc.property(fc.integer({ min: 1, max: 4 }), fc.array(op, { maxLength: 60 }), (capacity, ops) => {
      const lru = new LruMap<number, number>(capacity);
      // The model: least recently used first.
      let model: [number, number][] = [];
      const touch = (key: number, value: number): void => {
        model = [...model.filter(([k]) => k !== key), [key, value]];
        if (model.length > capacity) model = model.slice(model.length - capacity);
      };
      for (const { op: name, key, value } of ops) {
        const found = model.find(([k]) => k === key);
        if (name === 'get') {
          expect(lru.get(key)).toBe(found?.[1]);
          if (found) touch(key, found[1]);
        } else if (name === 'set') {
          lru.set(key, value);
          touch(key, value);
        } else if (name === 'delete') {
          expect(lru.delete(key)).toBe(found !== undefined);
          model = model.filter(([k]) => k !== key);
        } else {
          expect(lru.getOrCreate(key, () => value)).toBe(found ? found[1] : value);
          touch(key, found ? found[1] : value);
        }
        expect([...lru.entries()]).toEqual(model);
      }
    }));
  });
});
