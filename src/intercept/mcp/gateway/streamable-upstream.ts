// The upstream speaks Streamable HTTP: each POST, GET and DELETE from the client goes to the
// upstream URL with the client's headers (Mcp-Session-Id, MCP-Protocol-Version, Last-Event-ID,
// Authorization...), and what comes back is judged message by message and passed on with the
// upstream's status and headers. HTTP errors pass through as they are (401 with its
// WWW-Authenticate, 404 for an expired session); an upstream that cannot be reached is a 502 with
// a JSON-RPC error.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { INTERNAL_ERROR } from '../json-rpc.js';
import { requestIds, type Exchange } from './exchange.js';
import type { GatewaySession } from './gateway-session.js';
import { GetStream } from './get-stream.js';
import { clientResponseHeaders, headerValue, mediaType, upstreamRequestHeaders } from './http-headers.js';
import { readBody } from './read-body.js';
import { relaySse } from './sse-relay.js';
import { jsonRpcErrorBody, sendJson, type Upstream, type UpstreamContext } from './upstream.js';
import { unreachable, upstreamRequest } from './upstream-http.js';

const ERROR_BODY_LIMIT = 1024 * 1024;

async function smallBody(res: IncomingMessage): Promise<Buffer> {
  const b = await readBody(res, ERROR_BODY_LIMIT);
  return b.kind === 'body' ? b.bytes : Buffer.alloc(0);
}

export class StreamableUpstream implements Upstream {
  readonly kind = 'streamable' as const;
  readonly adoptsUnknownSessions = true;

  constructor(private readonly url: URL, private readonly ctx: UpstreamContext) {}

  async post(s: GatewaySession, x: Exchange, data: Buffer | string): Promise<void> {
    let res: IncomingMessage;
    try {
      res = await upstreamRequest({ url: this.url, method: 'POST', headers: upstreamRequestHeaders(x.requestHeaders, { 'content-type': 'application/json' }), body: data, signal: x.signal });
    } catch (error) {
      if (x.signal.aborted) return;
      const message = unreachable(this.url, error);
      this.ctx.warn(message);
      x.upstreamFailed({ status: null, headers: {}, body: jsonRpcErrorBody(requestIds(data), INTERNAL_ERROR, `Warden: ${message}`), message }, data);
      return;
    }
    const status = res.statusCode ?? 502;
    const headers = clientResponseHeaders(res.headers);
    const sid = headerValue(res.headers, 'mcp-session-id');
    if (sid !== undefined && status < 300) this.ctx.registry.bind(s, sid);
    if (status >= 300) {
      const body = await smallBody(res);
      if (status === 404 && s.id !== null) this.ctx.registry.end(s, 'the upstream no longer knows the session');
      const type = res.headers['content-type'];
      x.upstreamFailed({ status, headers: type ? { ...headers, 'content-type': type } : headers, body, message: `the upstream answered HTTP ${status}` }, data);
      return;
    }
    x.upstreamAnswered(status, headers);
    const type = mediaType(res.headers['content-type']);
    if (status === 202 || status === 204) {
      res.resume();
      return;
    }
    if (type === 'text/event-stream') {
      x.toStream();
      await relaySse(s, res, x, x, this.ctx.maxMessageBytes);
      return;
    }
    if (type === 'application/json') {
      const body = await readBody(res, this.ctx.maxMessageBytes);
      const route = { target: x, exchange: x, at: {} };
      if (body.kind === 'body') {
        if (sid === undefined && s.id === null) this.ctx.registry.adoptSessionless(s);
        await s.fromServer(body.bytes, route);
      } else if (body.kind === 'too_large') await s.oversize('server', body, route);
      return;
    }
    res.resume();
    const message = `the upstream answered with content type "${type || 'none'}", which is neither JSON nor an event stream`;
    x.upstreamFailed({ status: null, headers: {}, body: jsonRpcErrorBody(requestIds(data), INTERNAL_ERROR, `Warden: ${message}`), message }, data);
  }

  async get(s: GatewaySession, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const abort = new AbortController();
    res.once('close', () => abort.abort());
    let up: IncomingMessage;
    try {
      up = await upstreamRequest({ url: this.url, method: 'GET', headers: upstreamRequestHeaders(req.headers), signal: abort.signal });
    } catch (error) {
      if (abort.signal.aborted) return;
      const message = unreachable(this.url, error);
      this.ctx.warn(message);
      sendJson(res, 502, jsonRpcErrorBody([], INTERNAL_ERROR, `Warden: ${message}`));
      return;
    }
    const status = up.statusCode ?? 502;
    if (status !== 200 || mediaType(up.headers['content-type']) !== 'text/event-stream') {
      const body = await smallBody(up);
      if (status === 404 && s.id !== null) this.ctx.registry.end(s, 'the upstream no longer knows the session');
      const type = up.headers['content-type'];
      res.writeHead(status, type ? { ...clientResponseHeaders(up.headers), 'content-type': type } : clientResponseHeaders(up.headers)).end(body);
      return;
    }
    const stream = new GetStream(res, clientResponseHeaders(up.headers), this.ctx.keepAliveMs);
    s.streams.add(stream);
    stream.onClose(() => s.streams.delete(stream));
    // A resumed stream replays what the upstream sent after the client's last event, answers it
    // already delivered once included: each is judged again as it was the first time.
    await relaySse(s, up, stream, null, this.ctx.maxMessageBytes, headerValue(req.headers, 'last-event-id') !== undefined);
    stream.end();
  }

  async delete(s: GatewaySession, req: IncomingMessage, res: ServerResponse): Promise<void> {
    let up: IncomingMessage;
    try {
      up = await upstreamRequest({ url: this.url, method: 'DELETE', headers: upstreamRequestHeaders(req.headers) });
    } catch (error) {
      const message = unreachable(this.url, error);
      this.ctx.warn(message);
      sendJson(res, 502, jsonRpcErrorBody([], INTERNAL_ERROR, `Warden: ${message}`));
      return;
    }
    const status = up.statusCode ?? 502;
    const body = await smallBody(up);
    if (status < 300 || status === 404) this.ctx.registry.end(s, 'deleted by the client');
    const type = up.headers['content-type'];
    res.writeHead(status, type ? { ...clientResponseHeaders(up.headers), 'content-type': type } : clientResponseHeaders(up.headers)).end(body);
  }

  close(): void {}
}
