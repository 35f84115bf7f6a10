// Reading a hook payload from stdin, bounded in size and in time: a writer that sends too much or
// never closes the pipe gets an answer before the agent's own hook timeout, not a hung process.
import type { Readable } from 'node:stream';
import { MAX_PAYLOAD_CHARS } from './payload.js';

export interface ReadLimits {
  /** Bytes read at most; one more and the payload is refused as too large. */
  readonly maxBytes: number;
  /** How long to wait for the writer to close stdin. */
  readonly timeoutMs: number;
}

/** 16 MiB, as the adapters read; 10 s, well inside the 30 s hook timeout `warden install` writes. */
export const DEFAULT_READ_LIMITS: ReadLimits = { maxBytes: MAX_PAYLOAD_CHARS, timeoutMs: 10_000 };

export type HookInput =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'error'; readonly code: 'too_large' | 'unreadable'; readonly message: string };

/** Everything the stream holds until it ends; never rejects. Stops reading (and destroys the stream) on a limit. */
export function readHookInput(stream: Readable, limits: ReadLimits = DEFAULT_READ_LIMITS): Promise<HookInput> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (result: HookInput, stop: boolean): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      stream.off('data', onData).off('end', onEnd).off('error', onError);
      if (stop) stream.destroy();
      resolve(result);
    };
    const onData = (chunk: Buffer | string): void => {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      size += bytes.length;
      if (size > limits.maxBytes) {
        finish({ kind: 'error', code: 'too_large', message: `the hook payload is larger than ${limits.maxBytes} bytes` }, true);
        return;
      }
      chunks.push(bytes);
    };
    const onEnd = (): void => finish({ kind: 'text', text: Buffer.concat(chunks).toString('utf8') }, false);
    const onError = (error: Error): void => finish({ kind: 'error', code: 'unreadable', message: `cannot read the hook payload: ${error.message}` }, true);
    const timer = setTimeout(
      () => finish({ kind: 'error', code: 'unreadable', message: `no complete hook payload on stdin after ${limits.timeoutMs} ms` }, true),
      limits.timeoutMs,
    );
    stream.on('data', onData).on('end', onEnd).on('error', onError);
  });
}
