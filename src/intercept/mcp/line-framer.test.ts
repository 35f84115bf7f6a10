import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LineFramer, type OversizeLine } from './line-framer.js';

function frame(chunks: readonly Buffer[], max?: number): { lines: string[]; over: OversizeLine[] } {
  const lines: string[] = [];
  const over: OversizeLine[] = [];
  const f = new LineFramer({ line: (b) => lines.push(b.toString('utf8')), oversize: (o) => over.push(o) }, max);
  for (const c of chunks) f.push(c);
  f.end();
  return { lines, over };
}

describe('LineFramer', () => {
  it('splits lines, keeps each one with its newline, and skips blank ones', () => {
    const { lines } = frame([Buffer.from('{"a":1}\n\n  \r\n{"b":2}\r\n{"c"'), Buffer.from(':3}')]);
    expect(lines).toEqual(['{"a":1}\n', '{"b":2}\r\n', '{"c":3}\n']);
  });

  it('joins a line split across many chunks, even inside a multi-byte character', () => {
    const text = '{"t":"é漢字🙂"}\n';
    const bytes = Buffer.from(text);
    const { lines } = frame([...bytes].map((b) => Buffer.from([b])));
    expect(lines).toEqual([text]);
  });

  it('passes a 12 MB line whole', () => {
    const big = `{"x":"${'a'.repeat(12 * 1024 * 1024)}"}\n`;
    const buf = Buffer.from(big);
    const chunks: Buffer[] = [];
    for (let i = 0; i < buf.length; i += 65_536) chunks.push(buf.subarray(i, i + 65_536));
    const { lines, over } = frame(chunks);
    expect(over).toEqual([]);
    expect(lines).toHaveLength(1);
    expect(lines[0]!.length).toBe(big.length);
  });

  it('drops a line past the limit without holding it, keeping its head and tail, and goes on', () => {
    const long = `{"jsonrpc":"2.0","id":42,"method":"tools/call","params":{"x":"${'z'.repeat(50_000)}"}}`;
    const f = new LineFramer({ line: (b) => lines.push(b.toString()), oversize: (o) => over.push(o) }, 1_000);
    const lines: string[] = [];
    const over: OversizeLine[] = [];
    for (let i = 0; i < long.length; i += 300) {
      f.push(Buffer.from(long.slice(i, i + 300)));
      expect(f.buffered).toBeLessThanOrEqual(1_000);
    }
    f.push(Buffer.from('\n{"ok":1}\n'));
    expect(over).toHaveLength(1);
    expect(over[0]!.bytes).toBe(long.length);
    expect(over[0]!.head.toString()).toMatch(/^\{"jsonrpc":"2.0","id":42/);
    expect(over[0]!.tail.toString()).toMatch(/z"}}$/);
    expect(lines).toEqual(['{"ok":1}\n']);
  });

  it('in pass mode streams a line past the limit on, byte for byte, never holding it whole', () => {
    const long = `{"id":1,"x":"${'q'.repeat(20_000)}"}`;
    const pieces: Buffer[] = [];
    const lines: string[] = [];
    const over: OversizeLine[] = [];
    const f = new LineFramer({ line: (b) => lines.push(b.toString()), oversize: (o) => over.push(o), raw: (p) => pieces.push(Buffer.from(p)) }, 1_000, true);
    f.push(Buffer.from('{"a":1}\n'));
    for (let i = 0; i < long.length; i += 700) {
      f.push(Buffer.from(long.slice(i, i + 700)));
      expect(f.buffered).toBeLessThanOrEqual(1_000);
    }
    f.push(Buffer.from('\n{"b":2}\n'));
    expect(Buffer.concat(pieces).toString()).toBe(`${long}\n`);
    expect(over).toHaveLength(1);
    expect(lines).toEqual(['{"a":1}\n', '{"b":2}\n']);
  });

  it('any split of any input gives the same lines as one whole chunk (property)', () => {
    fc.assert(fc.property(
      fc.array(fc.oneof(fc.string({ unit: 'binary' }), fc.constantFrom('\n', '\r\n', '{"id":1}')), { maxLength: 30 }),
      fc.array(fc.nat({ max: 50 }), { maxLength: 20 }),
      (pieces, cuts) => {
        const bytes = Buffer.from(pieces.join(''));
        const whole = frame([bytes]);
        const chunks: Buffer[] = [];
        let at = 0;
        for (const c of cuts) { chunks.push(bytes.subarray(at, at + c)); at += c; }
        chunks.push(bytes.subarray(at));
        const split = frame(chunks);
        expect(split.lines).toEqual(whole.lines);
        for (const l of whole.lines) expect(l.endsWith('\n')).toBe(true);
      },
    ));
  });
});
