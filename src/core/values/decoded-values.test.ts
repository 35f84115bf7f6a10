import { describe, expect, it } from 'vitest';
import { decodedValues } from './decoded-values.js';

const texts = (root: unknown) => decodedValues(root).values.map((v) => v.value);

describe('decodedValues', () => {
  it('yields every scalar with its key and path', () => {
    const { values, truncated } = decodedValues({ a: 'x', b: { c: 2, d: [true, 'y'] }, e: null });
    expect(truncated).toBe(false);
    expect(values).toEqual([
      { path: ['a'], key: 'a', value: 'x' },
      { path: ['b', 'c'], key: 'c', value: '2' },
      { path: ['b', 'd', '0'], key: 'd', value: 'true' },
      { path: ['b', 'd', '1'], key: 'd', value: 'y' },
    ]);
  });

  it('walks JSON held in strings, keys included', () => {
    const { values } = decodedValues({ body: '{"cmd": ["rm", "-rf /"]}' });
    expect(values).toContainEqual({ path: ['body', 'cmd', '1'], key: 'cmd', value: '-rf /' });
  });

  it('decodes a quoted JSON string full of escapes', () => {
    expect(texts({ p: '"\\u002fetc\\u002fpasswd"' })).toContain('/etc/passwd');
  });

  it('leaves text that only looks like JSON as it is', () => {
    expect(texts({ p: '{not json}' })).toEqual(['{not json}']);
    expect(texts({ p: '"plain quoted"' })).toEqual(['"plain quoted"']);
  });

  it('yields URL-escaped text both as written and decoded, through every layer', () => {
    expect(texts({ u: 'a%2520b' })).toEqual(['a%2520b', 'a%20b', 'a b']);
  });

  it('decodes the valid escapes of a string with malformed ones', () => {
    expect(texts({ u: '%2e%2e%2f%zz%' })).toEqual(['%2e%2e%2f%zz%', '../%zz%']);
    expect(texts({ u: '%ff%2e' })).toContain('\u00ff.');
  });

  it('a bare scalar at the root is a value with an empty key', () => {
    expect(decodedValues('hi').values).toEqual([{ path: [], key: '', value: 'hi' }]);
    expect(decodedValues(undefined).values).toEqual([]);
  });

  describe('limits', () => {
    it('stops at the depth limit and says it was truncated', () => {
      const within = { a: { b: { c: 'deep' } } };
      expect(decodedValues(within, { maxDepth: 3, maxValues: 100 })).toEqual({ values: [{ path: ['a', 'b', 'c'], key: 'c', value: 'deep' }], truncated: false });
      const beyond = decodedValues({ a: { b: { c: { d: 'deeper' } } } }, { maxDepth: 3, maxValues: 100 });
      expect(beyond.truncated).toBe(true);
      expect(beyond.values.map((v) => v.value)).not.toContain('deeper');
    });

    it('JSON inside a string counts towards the depth', () => {
      const r = decodedValues({ a: '{"b": {"c": "x"}}' }, { maxDepth: 2, maxValues: 100 });
      expect(r.truncated).toBe(true);
    });

    it('stops at the value limit and says it was truncated', () => {
      const many = Array.from({ length: 50 }, (_, i) => `v${i}`);
      const r = decodedValues({ many }, { maxDepth: 10, maxValues: 20 });
      expect(r.values).toHaveLength(20);
      expect(r.truncated).toBe(true);
      expect(decodedValues({ many }, { maxDepth: 10, maxValues: 50 }).truncated).toBe(false);
    });

    it('the default limits handle hostile nesting without overflowing the stack', () => {
      let deep: unknown = 'bottom';
      for (let i = 0; i < 100_000; i++) deep = [deep];
      const r = decodedValues(deep);
      expect(r.truncated).toBe(true);
      expect(r.values).toEqual([]);
    });

    it('the default limits leave ordinary arguments whole', () => {
      const args = { files: Array.from({ length: 1000 }, (_, i) => ({ path: `/src/f${i}.ts`, content: 'x'.repeat(100) })) };
      const r = decodedValues(args);
      expect(r.truncated).toBe(false);
      expect(r.values).toHaveLength(2000);
    });
  });
});
