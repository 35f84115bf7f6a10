import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SseParser, type SseEvent, type SseOversize } from './sse-parser.js';
import { sseEvent } from './sse-writer.js';

function parse(chunks: readonly Buffer[], max?: number): { events: SseEvent[]; over: SseOversize[] } {
  const events: SseEvent[] = [];
  const over: SseOversize[] = [];
  const p = new SseParser({ event: (e) => events.push(e), oversize: (o) => over.push(o) }, max);
  for (const c of chunks) p.push(c);
  p.end();
  return { events, over };
}

/** The bytes cut at the given points. */
function cut(bytes: Buffer, points: readonly number[]): Buffer[] {
  const at = [...new Set(points.map((p) => p % (bytes.length + 1)))].sort((a, b) => a - b);
  const out: Buffer[] = [];
  let last = 0;
  for (const p of at) {
    out.push(bytes.subarray(last, p));
    last = p;
  }
  out.push(bytes.subarray(last));
  return out;
}

describe('SseParser', () => {
  it('reads the event stream format: multi-line data, comments, every line ending, a BOM, ids and retry', () => {
    const text = '\uFEFF: comment\r\nevent: message\rid: 7\ndata: {"a":\r\ndata:  1}\n\nretry: 1500\nid: prime\n\ndata\n\n';
    const { events } = parse([Buffer.from(text)]);
    expect(events).toEqual([
      { data: '{"a":\n 1}', hasData: true, event: 'message', id: '7', retry: undefined },
      { data: '', hasData: false, event: undefined, id: 'prime', retry: 1500 },
      { data: '', hasData: true, event: undefined, id: undefined, retry: undefined },
    ]);
  });

  it('ignores an id holding NUL, a retry that is not digits, unknown fields and an event cut off by the end', () => {
    const { events } = parse([Buffer.from('id: a\0b\nretry: 1x\nfoo: bar\ndata: x\n\ndata: unfinished\n')]);
    expect(events).toEqual([{ data: 'x', hasData: true, event: undefined, id: undefined, retry: undefined }]);
  });

  it('counts a CRLF split across chunks as one line ending', () => {
    const { events } = parse([Buffer.from('data: a\r'), Buffer.from('\ndata: b\r'), Buffer.from('\n\r\n')]);
    expect(events.map((e) => e.data)).toEqual(['a\nb']);
  });

  it('reports an event past the limit as oversize with its head and tail, and reads the next one', () => {
    const big = `data: {"id":5,"x":"${'y'.repeat(20_000)}"}\n\ndata: next\n\n`;
    const { events, over } = parse(cut(Buffer.from(big), [100, 7_000, 15_000]), 10_000);
    expect(over).toHaveLength(1);
    expect(over[0]!.bytes).toBeGreaterThan(10_000);
    expect(over[0]!.head.toString()).toMatch(/^data: \{"id":5/);
    expect(over[0]!.tail.toString()).toMatch(/y"\}$/);
    expect(events.map((e) => e.data)).toEqual(['next']);
  });

  it('gives the same events however the bytes are split into chunks (fuzz)', () => {
    const piece = fc.constantFrom('data: ', 'data:', 'id: ', 'event: ', 'retry: 10', ': c', '\r', '\n', '\r\n', 'x', '{"a":1}', '\uFEFF', 'é', '\0');
    fc.assert(fc.property(fc.array(piece, { maxLength: 60 }), fc.array(fc.nat(), { maxLength: 8 }), (pieces, points) => {
      const bytes = Buffer.from(pieces.join(''));
      expect(parse(cut(bytes, points))).toEqual(parse([bytes]));
    }), { numRuns: 500 });
  });

  it('never throws on arbitrary bytes, with or without a small limit (fuzz)', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 400 }), fc.array(fc.nat(), { maxLength: 6 }), fc.integer({ min: 1, max: 64 }), (raw, points, max) => {
      const bytes = Buffer.from(raw);
      expect(() => parse(cut(bytes, points), max)).not.toThrow();
    }), { numRuns: 500 });
  });

  it('reads back exactly what the writer wrote, whatever the text holds (fuzz)', () => {
    const text = fc.string({ unit: fc.constantFrom('a', ' ', '\n', '\r', ':', 'é', '"', '\\', '\u2028'), maxLength: 40 });
    const ev = fc.record({ data: text, id: fc.option(fc.string({ maxLength: 10 }), { nil: undefined }), event: fc.option(fc.constantFrom('message', 'x', 'endpoint'), { nil: undefined }) });
    fc.assert(fc.property(fc.array(ev, { maxLength: 5 }), fc.array(fc.nat(), { maxLength: 6 }), (events, points) => {
      const bytes = Buffer.from(events.map((e) => sseEvent(e.data, e)).join(''));
      const got = parse(cut(bytes, points)).events;
      expect(got.map((e) => e.data)).toEqual(events.map((e) => e.data.replace(/\r\n|\r/g, '\n')));
      expect(got.map((e) => e.id)).toEqual(events.map((e) => (e.id === undefined ? undefined : e.id.replace(/[\r\n\0]/g, ''))));
      expect(got.map((e) => e.event ?? 'message')).toEqual(events.map((e) => e.event ?? 'message'));
    }), { numRuns: 300 });
  });
});
