// A Unix socket server that speaks the daemon protocol (docs/daemon-protocol.md) from the daemon's
// side, for testing the hook client against it: how it answers a HOOK request is up to each test,
// down to answers that break the protocol. Requests that are not HOOK for a known agent get the
// protocol's exit-1 answer, a body over 16 MiB the answer for an unreadable payload.
import { chmodSync, mkdirSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { join } from 'node:path';
import { HOOK_AGENTS } from '../../src/intercept/hooks/index.js';

export const HEADER_LIMIT = 256;
export const BODY_LIMIT = 16 * 1024 * 1024;

export interface HookRequest {
  /** The request line, without its newline. */
  readonly header: string;
  readonly agent: string;
  /** The client's id for the call, when the request line carries one. */
  readonly requestId: string | null;
  readonly body: Buffer;
}

export type Behaviour =
  /** The bytes to send back once the whole request is in; the server then closes. */
  | { readonly kind: 'answer'; readonly answer: (request: HookRequest) => Buffer }
  /** Answers as soon as the request line is in, without reading the body, and closes. */
  | { readonly kind: 'early'; readonly answer: Buffer }
  /** Reads the request and never answers. */
  | { readonly kind: 'silent' };

/** `<exit code> <stdout length> <stderr length>\n<stdout><stderr>` */
export function answerBytes(code: number, stdout: string | Buffer, stderr: string | Buffer): Buffer {
  const out = Buffer.from(stdout);
  const err = Buffer.from(stderr);
  return Buffer.concat([Buffer.from(`${code} ${out.length} ${err.length}\n`), out, err]);
}

/** What a too-large payload is answered with here (the daemon answers the agent's fail-safe). */
export const TOO_LARGE_ANSWER = answerBytes(0, '{"test-server":"payload over 16 MiB"}', 'too large\n');

export interface ProtocolServer {
  readonly socketPath: string;
  /** Every complete HOOK request, in arrival order. */
  readonly requests: HookRequest[];
  /** Connections accepted, complete or not. */
  connections: number;
  behaviour: Behaviour;
  close(): Promise<void>;
}

/** Listens on `<dir>/warden.sock` (dir made 0700, the socket 0600, as the daemon does). */
export async function startProtocolServer(dir: string, behaviour: Behaviour): Promise<ProtocolServer> {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  const socketPath = join(dir, 'warden.sock');
  const open = new Set<Socket>();
  const state: ProtocolServer = {
    socketPath,
    requests: [],
    connections: 0,
    behaviour,
    close: () => new Promise<void>((resolve) => {
      for (const s of open) s.destroy();
      server.close(() => resolve());
    }),
  };

  const handle = (socket: Socket): void => {
    state.connections++;
    open.add(socket);
    socket.on('close', () => open.delete(socket));
    socket.on('error', () => undefined);
    const current = state.behaviour;
    const chunks: Buffer[] = [];
    let size = 0;
    let header: string | null = null;
    let done = false;
    const refuse = (reason: string): void => {
      done = true;
      socket.end(answerBytes(1, '', `${reason}\n`));
    };
    socket.on('data', (chunk: Buffer) => {
      if (done) return;
      chunks.push(chunk);
      size += chunk.length;
      if (header !== null) return;
      const all = Buffer.concat(chunks);
      const nl = all.indexOf(0x0a);
      if (nl < 0) {
        if (all.length > HEADER_LIMIT) refuse('request line over 256 bytes');
        return;
      }
      header = all.subarray(0, nl).toString('latin1');
      chunks.splice(0, chunks.length, all.subarray(nl + 1));
      size = all.length - nl - 1;
      const agent = /^HOOK ([^ ]+)(?: [A-Za-z0-9_-]{16,64})?$/.exec(header)?.[1];
      if (agent === undefined || !(HOOK_AGENTS as readonly string[]).includes(agent)) refuse(`not a request: ${JSON.stringify(header)}`);
      else if (current.kind === 'early') {
        done = true;
        socket.end(current.answer);
      }
    });
    socket.on('end', () => {
      if (done) return;
      if (header === null) {
        refuse('no request line');
        return;
      }
      done = true;
      const body = Buffer.concat(chunks);
      const [, agent, requestId] = header.split(' ');
      const request = { header, agent: agent ?? '', requestId: requestId ?? null, body };
      state.requests.push(request);
      if (size > BODY_LIMIT) socket.end(TOO_LARGE_ANSWER);
      else if (current.kind === 'answer') socket.end(current.answer(request));
      // 'silent': the connection stays open until the client goes or the server closes.
    });
  };

  // Half-open: the client ends its side after the request, and the answer still has to go back.
  const server = createServer({ allowHalfOpen: true }, handle);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(socketPath, () => resolve());
  });
  chmodSync(socketPath, 0o600);
  return state;
}
