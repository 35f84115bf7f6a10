// The client half of the daemon protocol: one request, one answer, within a deadline. Anything
// but a well-formed answer in time is "unavailable" with the reason, for the caller to fall back.
import { connect } from 'node:net';
import type { HookResponse } from '../../intercept/hooks/index.js';
import { decodeAnswer } from './protocol.js';

export type DaemonReply =
  | { readonly kind: 'answer'; readonly answer: HookResponse }
  /** `down`: nothing listens on the socket (no daemon runs), as against one that failed to answer. */
  | { readonly kind: 'unavailable'; readonly reason: string; readonly down?: boolean };

export function askDaemon(socketPath: string, head: string, body: string | Buffer, timeoutMs: number): Promise<DaemonReply> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let settled = false;
    const socket = connect(socketPath);
    const finish = (reply: DaemonReply): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(reply);
    };
    const timer = setTimeout(() => finish({ kind: 'unavailable', reason: `no answer from the daemon within ${timeoutMs} ms` }), timeoutMs);
    socket.on('connect', () => {
      socket.write(`${head}\n`);
      socket.end(body);
    });
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      const read = decodeAnswer(Buffer.concat(chunks), false);
      if (read.kind === 'answer') finish(read);
      else if (read.kind === 'bad') finish({ kind: 'unavailable', reason: read.reason });
    });
    socket.on('end', () => {
      const read = decodeAnswer(Buffer.concat(chunks), true);
      finish(read.kind === 'answer' ? read : { kind: 'unavailable', reason: read.kind === 'bad' ? read.reason : 'the daemon closed before answering' });
    });
    socket.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') finish({ kind: 'unavailable', reason: 'no daemon socket', down: true });
      else if (error.code === 'ECONNREFUSED') finish({ kind: 'unavailable', reason: 'the daemon is not running', down: true });
      else finish({ kind: 'unavailable', reason: error.message });
    });
  });
}
