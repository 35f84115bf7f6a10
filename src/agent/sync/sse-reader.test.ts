import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SseParser } from './sse-reader.js';

const all = (chunks: readonly string[], max?: number) => {
  const p = new SseParser(max);
  return chunks.flatMap((c) => p.push(c));
};

describe('SseParser', () => {
  it('reads events, joins data lines, skips comments and events without data', () => {
    const text = ': ping\n\nevent: policy\ndata: {"etag":"a"}\n\ndata: one\ndata: two\nid: 7\n\nevent: empty\n\n';
    expect(all([text])).toEqual([
      { event: 'policy', data: '{"etag":"a"}' },
      { event: 'message', data: 'one\ntwo', id: '7' },
    ]);
  });

  it('takes \\r\\n, \\r and \\n line ends, also a \\r\\n split across chunks', () => {
    expect(all(['event: a\r', '\ndata: x\r', '\n\r', '\n'])).toEqual([{ event: 'a', data: 'x' }]);
    expect(all(['data: x\r\rdata: y\n\n'])).toEqual([{ event: 'message', data: 'x' }, { event: 'message', data: 'y' }]);
  });

  it('ends with an error on an event over the limit instead of growing without bound', () => {
    expect(() => all(['data: ', 'x'.repeat(2000)], 1000)).toThrow(/over 1000/);
    expect(() => all([`data: ${'x'.repeat(600)}\ndata: ${'y'.repeat(600)}\n`], 1000)).toThrow(/over 1000/);
  });

  it('gives the same events however the stream is cut into chunks', () => {
    const line = fc.oneof(
      fc.constantFrom('', ': ping', 'event: policy', 'data:', 'retry: 10'),
      fc.string({ maxLength: 20 }).map((s) => `data: ${s.replace(/[\r\n]/g, '')}`),
      fc.string({ maxLength: 10 }).map((s) => `id: ${s.replace(/[\r\n]/g, '')}`),
    );
    const eol = fc.constantFrom('\n', '\r\n', '\r');
    fc.assert(
      fc.property(fc.array(fc.tuple(line, eol), { maxLength: 30 }), fc.array(fc.nat(), { maxLength: 10 }), (lines, cuts) => {
        const text = lines.map(([l, e]) => l + e).join('');
        const points = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
        const chunks: string[] = [];
        let at = 0;
        for (const p of points) {
          chunks.push(text.slice(at, p));
          at = p;
        }
        chunks.push(text.slice(at));
        expect(all(chunks)).toEqual(all([text]));
      }),
    );
  });
});
