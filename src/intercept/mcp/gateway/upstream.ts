// What the gateway needs from an upstream transport: Streamable HTTP (the spec's own) or the legacy
// HTTP+SSE one, presented to the client as Streamable HTTP either way.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Exchange } from './exchange.js';
import type { GatewaySession } from './gateway-session.js';
import type { SessionRegistry } from './session-registry.js';

export interface UpstreamContext {
  readonly registry: SessionRegistry;
  readonly maxMessageBytes: number;
  readonly keepAliveMs: number;
  readonly warn: (message: string) => void;
}

export interface Upstream {
  readonly kind: 'streamable' | 'legacy';
  /** Sends what the session forwarded for one POST; resolves once every reply to it is handled. */
  post(s: GatewaySession, x: Exchange, data: Buffer | string): Promise<void>;
  /** A GET from the client: the server-to-client event stream. */
  get(s: GatewaySession, req: IncomingMessage, res: ServerResponse): Promise<void>;
  /** A DELETE from the client: the session ends. */
  delete(s: GatewaySession, req: IncomingMessage, res: ServerResponse): Promise<void>;
  /** Whether the client may open a session by its own header (legacy sessions are the gateway's own). */
  readonly adoptsUnknownSessions: boolean;
  close(): void;
}

export function jsonRpcErrorBody(ids: readonly (string | number | null)[], code: number, message: string): Buffer {
  const one = (id: string | number | null): unknown => ({ jsonrpc: '2.0', id, error: { code, message } });
  return Buffer.from(JSON.stringify(ids.length > 1 ? ids.map(one) : one(ids[0] ?? null)));
}

export function sendJson(res: ServerResponse, status: number, body: Buffer, headers: Record<string, string | string[]> = {}): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  res.writeHead(status, { ...headers, 'content-type': 'application/json' }).end(body);
}
