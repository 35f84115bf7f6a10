// Reads a whole HTTP body up to a limit. Past the limit it stops keeping bytes and reports the size
// so far with the head and tail (for reading a request id back); a declared Content-Length over the
// limit is refused before anything is read.
import type { IncomingMessage } from 'node:http';

export type Body =
  | { readonly kind: 'body'; readonly bytes: Buffer }
  | { readonly kind: 'too_large'; readonly bytes: number; readonly head: Buffer; readonly tail: Buffer; readonly declared: boolean }
  | { readonly kind: 'aborted'; readonly error: string };

const KEEP = 4096;

export function readBody(stream: IncomingMessage, limit: number): Promise<Body> {
  const declared = Number(stream.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    stream.resume();
    return Promise.resolve({ kind: 'too_large', bytes: declared, head: Buffer.alloc(0), tail: Buffer.alloc(0), declared: true });
  }
  return new Promise((resolve) => {
    const parts: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (b: Body): void => {
      if (done) return;
      done = true;
      stream.off('data', onData);
      resolve(b);
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > limit) {
        const all = Buffer.concat(parts);
        finish({ kind: 'too_large', bytes: size, head: all.subarray(0, KEEP), tail: chunk.subarray(-KEEP), declared: false });
        stream.resume();
        return;
      }
      parts.push(chunk);
    };
    stream.on('data', onData);
    stream.once('end', () => finish({ kind: 'body', bytes: parts.length === 1 ? parts[0]! : Buffer.concat(parts, size) }));
    stream.once('error', (e) => finish({ kind: 'aborted', error: e.message }));
    stream.once('close', () => finish({ kind: 'aborted', error: 'the connection closed before the body ended' }));
  });
}
