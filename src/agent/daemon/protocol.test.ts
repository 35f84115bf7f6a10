import { describe, expect, it } from 'vitest';
import { decodeAnswer, encodeAnswer, MAX_BODY_BYTES, MAX_HEADER_BYTES, parseHead, RequestReader } from './protocol.js';

const feed = (...chunks: (string | Buffer)[]) => {
  const reader = new RequestReader();
  const states = chunks.map((c) => reader.push(typeof c === 'string' ? Buffer.from(c) : c));
  return { reader, states };
};

describe('requests', () => {
  it('reads the head and the body, however the bytes are split', () => {
    const { reader, states } = feed('HO', 'OK claude-', 'code\n{"a":', '"é"}');
    expect(states.map((s) => s.kind)).toEqual(['more', 'more', 'head', 'more']);
    expect(reader.head).toEqual({ kind: 'hook', agent: 'claude-code' });
    expect(reader.body().toString('utf8')).toBe('{"a":"é"}');
  });

  it('knows STATUS, and names what it does not know', () => {
    expect(parseHead('STATUS')).toEqual({ kind: 'status' });
    expect(parseHead('HOOK vim')).toMatchObject({ kind: 'bad', reason: expect.stringContaining('no hook for "vim"') as unknown });
    expect(parseHead('GET / HTTP/1.1')).toMatchObject({ kind: 'bad', reason: expect.stringContaining('not a Warden daemon request') as unknown });
    expect(parseHead('HOOK claude-code ')).toMatchObject({ kind: 'bad' });
  });

  it('takes a request id after the agent, and refuses one that is not an id', () => {
    expect(parseHead('HOOK cursor 0123456789abcdef0123456789abcdef')).toEqual({ kind: 'hook', agent: 'cursor', requestId: '0123456789abcdef0123456789abcdef' });
    expect(parseHead('HOOK cursor short')).toMatchObject({ kind: 'bad', reason: expect.stringContaining('not a request id') as unknown });
    expect(parseHead('HOOK cursor ../../etc/passwd-0123456789')).toMatchObject({ kind: 'bad' });
    expect(parseHead('HOOK cursor 0123456789abcdef 0123456789abcdef')).toMatchObject({ kind: 'bad' });
  });

  it('refuses a request line longer than the protocol allows, without waiting for its end', () => {
    const { reader, states } = feed('HOOK ' + 'x'.repeat(MAX_HEADER_BYTES));
    expect(states[0]?.kind).toBe('head');
    expect(reader.head).toMatchObject({ kind: 'bad', reason: expect.stringContaining(`longer than ${MAX_HEADER_BYTES} bytes`) as unknown });
  });

  it('stops keeping a body past the payload limit', () => {
    const big = Buffer.alloc(1024 * 1024, 0x61);
    const reader = new RequestReader();
    reader.push(Buffer.from('HOOK gemini\n'));
    let last = '';
    for (let sent = 0; sent <= MAX_BODY_BYTES; sent += big.length) last = reader.push(big).kind;
    expect(last).toBe('too_large');
    expect(reader.body().length).toBe(0);
  });
});

describe('answers', () => {
  it('round-trips exit code, stdout and stderr by byte length', () => {
    const answer = { exitCode: 0, stdout: '{"reason":"naïve ✓"}', stderr: 'line\n' };
    const bytes = encodeAnswer(answer);
    expect(bytes.subarray(0, bytes.indexOf(0x0a)).toString()).toBe(`0 ${Buffer.byteLength(answer.stdout)} 5`);
    expect(decodeAnswer(bytes, true)).toEqual({ kind: 'answer', answer });
    expect(decodeAnswer(bytes.subarray(0, bytes.length - 2), false)).toEqual({ kind: 'more' });
  });

  it('calls a truncated, malformed or overlong answer bad', () => {
    const bytes = encodeAnswer({ exitCode: 0, stdout: 'abc', stderr: '' });
    expect(decodeAnswer(bytes.subarray(0, bytes.length - 1), true)).toMatchObject({ kind: 'bad', reason: 'a truncated answer' });
    expect(decodeAnswer(Buffer.from('zero 1 2\nabc'), true)).toMatchObject({ kind: 'bad' });
    expect(decodeAnswer(Buffer.concat([bytes, Buffer.from('x')]), true)).toMatchObject({ kind: 'bad' });
    expect(decodeAnswer(Buffer.alloc(0), true)).toMatchObject({ kind: 'bad', reason: 'the daemon closed before answering' });
  });
});
