import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeLine } from './decode-line.js';
import { classify, recoverId } from './json-rpc.js';
import { hasDuplicateKeys, scanJson } from './json-scan.js';

const decode = (text: string) => decodeLine(Buffer.from(`${text}\n`));

describe('decodeLine', () => {
  it('decodes escapes before anyone judges: "write\\u005ffile" is write_file', () => {
    const d = decode('{"jsonrpc":"2.0","id":1,"method":"tools\\/call","params":{"name":"write\\u005ffile"}}');
    expect(d.kind).toBe('single');
    const m = classify(d.kind === 'single' ? d.value : null);
    expect(m).toMatchObject({ kind: 'request', method: 'tools/call', params: { name: 'write_file' } });
    expect(d.kind === 'single' && d.plain).toBe(true);
  });

  it('marks duplicate keys, at any depth and however the key is spelt, as not plain', () => {
    for (const text of [
      '{"method":"ping","method":"tools/call"}',
      '{"params":{"name":"read_file","n\\u0061me":"write_file"}}',
      '[{"id":1},{"a":{"b":1,"b":2}}]',
    ]) {
      const d = decode(text);
      expect(d.kind === 'invalid' ? null : d.plain, text).toBe(false);
    }
    expect((decode('{"a":{"x":1},"b":{"x":1}}') as { plain: boolean }).plain).toBe(true);
  });

  it('JSON.parse keeps the last of duplicate keys (what the proxy judges and forwards)', () => {
    const d = decode('{"method":"ping","method":"tools/call"}');
    expect(d.kind === 'single' && (d.value as { method: string }).method).toBe('tools/call');
  });

  it('bytes that are not UTF-8 are not plain', () => {
    const raw = Buffer.concat([Buffer.from('{"method":"tools/call","params":{"name":"write_'), Buffer.from([0xff]), Buffer.from('file"}}\n')]);
    const d = decodeLine(raw);
    expect(d.kind === 'single' && d.plain).toBe(false);
  });

  it('keeps the text of each batch element as written', () => {
    const d = decode('[ {"id":1, "method":"a"} ,{"id":2,"method":"b"},3,"x,]" ]');
    expect(d.kind).toBe('batch');
    if (d.kind === 'batch') expect(d.texts).toEqual(['{"id":1, "method":"a"}', '{"id":2,"method":"b"}', '3', '"x,]"']);
  });

  it('recovers the id of a broken request when there is exactly one', () => {
    expect(recoverId('{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{')).toBe(7);
    expect(recoverId('{"id":"a\\"b", "method"')).toBe('a"b');
    expect(recoverId('{"id":1,"x":{"id":2}')).toBeUndefined();
    expect(recoverId('nothing here')).toBeUndefined();
    const d = decode('{"id":9,"method":"tools/call"');
    expect(d).toMatchObject({ kind: 'invalid', id: 9 });
  });

  it('scanJson element spans match JSON.parse for any array (property)', () => {
    fc.assert(fc.property(fc.array(fc.jsonValue()), (items) => {
      const text = JSON.stringify(items, null, 1);
      const scan = scanJson(text);
      expect(scan.elements.map(([s, e]) => JSON.parse(text.slice(s, e)) as unknown)).toEqual(JSON.parse(text));
      expect(scan.duplicateKeys).toBe(false);
    }));
  });

  it('hasDuplicateKeys says what scanJson says, for any text with or without duplicate keys (property)', () => {
    // Objects written key by key, so a key may come twice, spelt the same or with escapes.
    const spell = fc.constantFrom((k: string) => JSON.stringify(k), (k: string) => `"${[...k].map((ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`).join('')}"`);
    const text = fc.letrec<{ node: string }>((tie) => ({
      node: fc.oneof(
        { depthSize: 'small' },
        fc.jsonValue({ maxDepth: 1 }).map((v) => JSON.stringify(v)),
        fc.array(tie('node'), { maxLength: 4 }).map((items) => `[${items.join(',')}]`),
        fc.array(fc.tuple(fc.constantFrom('a', 'b', 'n:ame', '"q"', '__proto__', ''), spell, tie('node')), { maxLength: 4 })
          .map((members) => `{${members.map(([k, w, v]) => `${w(k)} : ${v}`).join(',')}}`),
      ),
    })).node;
    fc.assert(fc.property(text, (t) => {
      const value = JSON.parse(t) as unknown;
      expect(hasDuplicateKeys(t, value)).toBe(scanJson(t).duplicateKeys);
    }), { numRuns: 3_000 });
    expect(hasDuplicateKeys('{"a":{"b":[{"c":1,"\\u0063":2}]}}', JSON.parse('{"a":{"b":[{"c":1,"\\u0063":2}]}}'))).toBe(true);
    const deep = `${'['.repeat(100_000)}{"a":1,"a":2}${']'.repeat(100_000)}`;
    expect(hasDuplicateKeys(deep, JSON.parse(deep))).toBe(true);
  });

  it('never throws on any text (property)', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (s) => {
      expect(() => decode(s)).not.toThrow();
    }));
  });
});
