// The gateway's HTTP endpoint (MCP Streamable HTTP, any path): POST carries client messages, GET
// opens the server-to-client event stream, DELETE ends a session. Bound only to the address given.
// Every POST body is judged through the session core before anything reaches the upstream; bodies
// past the limit get a 413 and are recorded; requests from a web page of another origin are refused
// (DNS rebinding); the server never times out an open event stream.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BLOCKED, INTERNAL_ERROR, recoverId } from '../json-rpc.js';
import type { McpSession } from '../session.js';
import type { Send } from '../session-types.js';
import { Exchange } from './exchange.js';
import type { GatewaySession } from './gateway-session.js';
import { headerValue } from './http-headers.js';
import { readBody } from './read-body.js';
import { SessionRegistry } from './session-registry.js';
import { jsonRpcErrorBody, sendJson, type Upstream, type UpstreamContext } from './upstream.js';

export interface GatewayServerOptions {
  readonly host: string;
  readonly port: number;
  readonly upstream: (ctx: UpstreamContext) => Upstream;
  /** Builds the session core of one gateway session (its id, once known, is `s.id`). */
  readonly session: (send: Send, s: GatewaySession) => McpSession;
  readonly maxBodyBytes: number;
  /** An SSE comment this often on open streams (default 25 s; 0: none). */
  readonly keepAliveMs?: number;
  /** Origins (scheme://host:port) allowed besides loopback ones. */
  readonly allowedOrigins?: readonly string[];
  readonly warn: (message: string) => void;
  readonly onSessionEnd?: (s: GatewaySession, why: string) => void;
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);
const DISCARD = { deliver: () => undefined };

export class GatewayServer {
  readonly registry: SessionRegistry;
  readonly upstream: Upstream;
  private readonly server: Server;
  private readonly keepAliveMs: number;

  private constructor(private readonly o: GatewayServerOptions) {
    this.keepAliveMs = o.keepAliveMs ?? 25_000;
    this.registry = new SessionRegistry(o.session, o.warn, (s, why) => o.onSessionEnd?.(s, why));
    this.upstream = o.upstream({ registry: this.registry, maxMessageBytes: o.maxBodyBytes, keepAliveMs: this.keepAliveMs, warn: o.warn });
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        o.warn(`a ${req.method ?? ''} request failed: ${error instanceof Error ? error.message : String(error)}`);
        if (!res.headersSent) sendJson(res, 500, jsonRpcErrorBody([], INTERNAL_ERROR, 'Warden: the gateway failed on this request'));
        else res.destroy();
      });
    });
  }

  static start(o: GatewayServerOptions): Promise<GatewayServer> {
    const g = new GatewayServer(o);
    return new Promise((resolve, reject) => {
      g.server.once('error', reject);
      g.server.listen({ host: o.host, port: o.port }, () => {
        g.server.off('error', reject);
        resolve(g);
      });
    });
  }

  get address(): { readonly host: string; readonly port: number } {
    const a = this.server.address() as AddressInfo;
    return { host: a.address, port: a.port };
  }

  /** Stops listening and ends every session (each one's end is reported). */
  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const s of this.registry.all()) this.registry.end(s, 'the gateway stopped');
    this.upstream.close();
    this.server.closeAllConnections();
    await closed;
  }

  private originAllowed(req: IncomingMessage): boolean {
    const origin = headerValue(req.headers, 'origin');
    if (origin === undefined || origin === 'null') return origin === undefined;
    if (this.o.allowedOrigins?.includes(origin)) return true;
    try {
      const host = new URL(origin).hostname;
      return LOOPBACK.has(host) || host === this.o.host;
    } catch {
      return false;
    }
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!this.originAllowed(req)) {
      sendJson(res, 403, jsonRpcErrorBody([], BLOCKED, 'Warden: requests from this web origin are refused (see --allow-origin)'));
      return;
    }
    const sid = headerValue(req.headers, 'mcp-session-id');
    switch (req.method) {
      case 'POST':
        return this.post(req, res, sid);
      case 'GET': {
        const s = this.sessionFor(sid, false);
        if (!s) return this.unknownSession(res, sid);
        return this.upstream.get(s, req, res);
      }
      case 'DELETE': {
        if (sid === undefined) {
          sendJson(res, 400, jsonRpcErrorBody([], BLOCKED, 'Warden: DELETE needs the Mcp-Session-Id header of the session to end'));
          return;
        }
        const s = this.sessionFor(sid, false);
        if (!s) return this.unknownSession(res, sid);
        return this.upstream.delete(s, req, res);
      }
      default:
        res.writeHead(405, { allow: 'GET, POST, DELETE', 'content-type': 'application/json' })
          .end(jsonRpcErrorBody([], BLOCKED, `Warden: method ${req.method ?? ''} is not part of MCP Streamable HTTP`));
    }
  }

  private sessionFor(sid: string | undefined, initialize: boolean): GatewaySession | undefined {
    if (sid !== undefined && !this.upstream.adoptsUnknownSessions) return this.registry.find(sid);
    return this.registry.forRequest(sid, initialize);
  }

  private unknownSession(res: ServerResponse, sid: string | undefined): void {
    if (sid === undefined) sendJson(res, 400, jsonRpcErrorBody([], BLOCKED, 'Warden: this request needs an Mcp-Session-Id header'));
    else sendJson(res, 404, jsonRpcErrorBody([], -32001, 'Session not found'));
  }

  private async post(req: IncomingMessage, res: ServerResponse, sid: string | undefined): Promise<void> {
    const body = await readBody(req, this.o.maxBodyBytes);
    if (body.kind === 'aborted') {
      res.destroy();
      return;
    }
    if (body.kind === 'too_large') {
      const s = (sid !== undefined ? this.registry.find(sid) : undefined) ?? this.registry.create();
      await s.oversize('client', body, { target: DISCARD, exchange: null, at: {} });
      const id = recoverId(`${body.head.toString('utf8')}\n${body.tail.toString('utf8')}`) ?? null;
      const limitMb = Math.round((this.o.maxBodyBytes / 1024 / 1024) * 100) / 100;
      res.writeHead(413, { 'content-type': 'application/json', connection: 'close' })
        .end(jsonRpcErrorBody([id], BLOCKED, `Warden: the request body of ${body.bytes} bytes is over the gateway's limit of ${this.o.maxBodyBytes} bytes (${limitMb} MB, --max-body-mb); it was not forwarded`));
      return;
    }
    const s = this.sessionFor(sid, body.bytes.includes('"initialize"'));
    if (!s) return this.unknownSession(res, sid);
    const x = new Exchange({ res, requestHeaders: req.headers, body: body.bytes, keepAliveMs: this.keepAliveMs, send: (ex, data) => this.upstream.post(s, ex, data) });
    s.exchanges.add(x);
    x.onClose(() => s.exchanges.delete(x));
    await s.fromClient(body.bytes, { target: x, exchange: x, at: {} });
    x.judged();
  }
}
