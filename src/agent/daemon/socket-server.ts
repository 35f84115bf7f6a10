// The daemon's Unix socket: one request per connection, answered in the protocol's framing.
// Bad requests get an answer, never a crash; a client that stops sending gets the unreadable-
// payload answer after the read timeout; a client that goes away loses only its answer.
import { chmodSync, rmSync } from 'node:fs';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { WardenError } from '../../core/errors.js';
import type { HookAgent, HookInput, HookResponse } from '../../intercept/hooks/index.js';
import type { Logger } from './logger.js';
import { badRequestAnswer, encodeAnswer, MAX_BODY_BYTES, RequestReader } from './protocol.js';

export interface RequestHandler {
  /** `requestId`: the client's id for the call, recorded with its entries so that its fallback does not record them again. */
  hook(agent: HookAgent, input: HookInput, startedAt: number, requestId?: string): Promise<HookResponse>;
  status(): unknown;
}

export interface SocketServer {
  /** Stops accepting, answers what is in flight (waiting up to `graceMs` for requests still arriving), then closes. */
  close(graceMs?: number): Promise<void>;
  readonly connections: number;
}

/** Whether something answers on the socket path (a live daemon), within `timeoutMs`. */
export function socketAnswers(path: string, timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect(path);
    const done = (alive: boolean) => {
      clearTimeout(timer);
      s.destroy();
      resolve(alive);
    };
    const timer = setTimeout(() => done(false), timeoutMs);
    s.once('connect', () => done(true));
    s.once('error', () => done(false));
  });
}

export async function serveSocket(path: string, handler: RequestHandler, log: Logger, readTimeoutMs = 10_000): Promise<SocketServer> {
  if (await socketAnswers(path)) throw new WardenError('ALREADY_RUNNING', `a Warden daemon already answers on ${path}`);
  rmSync(path, { force: true });

  const sockets = new Set<Socket>();
  const handling = new Set<Promise<void>>();

  const serve = (socket: Socket): void => {
    const startedAt = performance.now();
    const reader = new RequestReader();
    let answered = false;
    sockets.add(socket);
    const answer = (response: HookResponse): void => {
      if (answered) return;
      answered = true;
      clearTimeout(timer);
      socket.end(encodeAnswer(response));
    };
    const run = (work: () => Promise<HookResponse>): void => {
      if (answered) return;
      answered = true;
      clearTimeout(timer);
      const job = work()
        .catch((error: unknown): HookResponse => {
          log.error({ err: error }, 'request failed');
          return badRequestAnswer(`internal error: ${(error as Error).message}`);
        })
        .then((response) => {
          if (!socket.destroyed) socket.end(encodeAnswer(response));
        })
        .finally(() => handling.delete(job));
      handling.add(job);
    };
    const timer = setTimeout(() => {
      if (reader.head?.kind === 'hook') {
        const { agent, requestId } = reader.head;
        run(() => handler.hook(agent, { kind: 'error', code: 'unreadable', message: `no complete hook payload on the daemon socket after ${readTimeoutMs} ms` }, startedAt, requestId));
      } else answer(badRequestAnswer(`no complete request after ${readTimeoutMs} ms`));
    }, readTimeoutMs);

    socket.on('data', (chunk: Buffer) => {
      if (answered) return;
      const state = reader.push(chunk);
      if (state.kind === 'too_large' && reader.head?.kind === 'hook') {
        const { agent, requestId } = reader.head;
        run(() => handler.hook(agent, { kind: 'error', code: 'too_large', message: `the hook payload is larger than ${MAX_BODY_BYTES} bytes` }, startedAt, requestId));
      } else if (state.kind === 'head' && reader.head?.kind === 'bad') answer(badRequestAnswer(reader.head.reason));
    });
    socket.on('end', () => {
      if (answered) return;
      const head = reader.head;
      if (head === null) answer(badRequestAnswer('the request ended before its request line'));
      else if (head.kind === 'bad') answer(badRequestAnswer(head.reason));
      else if (head.kind === 'status') answer({ stdout: `${JSON.stringify(handler.status())}\n`, stderr: '', exitCode: 0 });
      else {
        const { agent, requestId } = head;
        run(() => handler.hook(agent, { kind: 'text', text: reader.body().toString('utf8') }, startedAt, requestId));
      }
    });
    socket.on('error', (error) => log.debug({ err: error }, 'client connection error'));
    socket.on('close', () => {
      clearTimeout(timer);
      sockets.delete(socket);
    });
  };

  const server: Server = createServer({ allowHalfOpen: true }, serve);
  await new Promise<void>((resolve, reject) => {
    // The socket file is created 0600 from the start: no moment when another user may connect.
    const umask = process.umask(0o177);
    server.once('error', (error) => {
      process.umask(umask);
      reject(error);
    });
    server.listen(path, () => {
      process.umask(umask);
      resolve();
    });
  });
  chmodSync(path, 0o600);

  return {
    get connections() {
      return sockets.size;
    },
    async close(graceMs = 2_000) {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      const deadline = Date.now() + graceMs;
      while (sockets.size > handling.size && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      await Promise.all([...handling]);
      for (const s of sockets) s.destroy();
      await closed;
      rmSync(path, { force: true });
    },
  };
}
