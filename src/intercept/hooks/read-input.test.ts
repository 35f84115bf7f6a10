// Reading a payload: all of it when the writer closes the pipe; a clear error, and no waiting
// past the limits, when it sends too much or never closes.
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readHookInput } from './read-input.js';

describe('readHookInput', () => {
  it('reads everything up to the end, across chunks and multi-byte characters', async () => {
    const stream = new PassThrough();
    const reading = readHookInput(stream, { maxBytes: 1000, timeoutMs: 5000 });
    const bytes = Buffer.from('{"command":"echo héllo"}');
    stream.write(bytes.subarray(0, 20));
    stream.end(bytes.subarray(20));
    expect(await reading).toEqual({ kind: 'text', text: '{"command":"echo héllo"}' });
  });

  it('refuses more than maxBytes without waiting for the rest, and stops reading', async () => {
    const stream = new PassThrough();
    const reading = readHookInput(stream, { maxBytes: 10, timeoutMs: 5000 });
    stream.write('0123456789');
    stream.write('x');
    expect(await reading).toMatchObject({ kind: 'error', code: 'too_large', message: 'the hook payload is larger than 10 bytes' });
    expect(stream.destroyed).toBe(true);
  });

  it('gives up on a writer that never closes the pipe', async () => {
    const stream = new PassThrough();
    const started = Date.now();
    stream.write('{"partial":');
    const result = await readHookInput(stream, { maxBytes: 1000, timeoutMs: 100 });
    expect(result).toMatchObject({ kind: 'error', code: 'unreadable', message: 'no complete hook payload on stdin after 100 ms' });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('reports a stream error', async () => {
    const stream = new PassThrough();
    const reading = readHookInput(stream, { maxBytes: 1000, timeoutMs: 5000 });
    stream.destroy(new Error('EIO'));
    expect(await reading).toMatchObject({ kind: 'error', code: 'unreadable', message: 'cannot read the hook payload: EIO' });
  });

  it('an empty stdin is empty text, for the adapter to refuse', async () => {
    const stream = new PassThrough();
    stream.end();
    expect(await readHookInput(stream, { maxBytes: 1000, timeoutMs: 5000 })).toEqual({ kind: 'text', text: '' });
  });
});
