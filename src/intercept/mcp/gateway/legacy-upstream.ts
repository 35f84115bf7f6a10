// A legacy HTTP+SSE upstream presented to the client as Streamable HTTP. The gateway opens one
// upstream event stream per client session (at its initialize) and names the session itself
// (Mcp-Session-Id). A client POST is sent to the upstream's endpoint; the replies arrive on the
// one upstream stream and are routed back by request id to the POST that asked (progress by its
// token); other server messages go to the client's GET stream, or else to a POST still waiting.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { classify, errorObject, idKey, INTERNAL_ERROR, recoverId, type JsonRpcId } from '../json-rpc.js';
import type { Exchange } from './exchange.js';
import type { GatewaySession } from './gateway-session.js';
import { GetStream } from './get-stream.js';
import { upstreamRequestHeaders } from './http-headers.js';
import { LegacyLink, LegacyRefusal } from './legacy-link.js';
import type { MessageTarget } from './route.js';
import type { SseEvent, SseOversize } from './sse-parser.js';
import { jsonRpcErrorBody, type Upstream, type UpstreamContext } from './upstream.js';
import { unreachable, upstreamRequest } from './upstream-http.js';

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const MCP_HEADERS = { 'mcp-session-id': undefined, 'mcp-protocol-version': undefined, 'last-event-id': undefined };
const DISCARD: MessageTarget = { deliver: () => undefined };

interface Waiter {
  readonly x: Exchange;
  readonly id: JsonRpcId;
  readonly done: () => void;
}

/** The request ids and progress tokens in forwarded JSON text. */
function requestsIn(data: Buffer | string): { ids: JsonRpcId[]; tokens: (string | number)[] } {
  const ids: JsonRpcId[] = [];
  const tokens: (string | number)[] = [];
  let v: unknown;
  try {
    v = JSON.parse(data.toString());
  } catch {
    return { ids, tokens };
  }
  for (const m of Array.isArray(v) ? v : [v]) {
    const c = classify(m);
    if (c.kind !== 'request') continue;
    ids.push(c.id);
    const t = isRecord(c.params) && isRecord(c.params._meta) ? c.params._meta.progressToken : undefined;
    if (typeof t === 'string' || typeof t === 'number') tokens.push(t);
  }
  return { ids, tokens };
}

class LegacySession {
  readonly waiters = new Map<string, Waiter>();
  readonly progress = new Map<string, Exchange>();
  chain: Promise<void> = Promise.resolve();

  constructor(readonly s: GatewaySession, public link: LegacyLink | null = null) {}

  /** Where a server message goes, and whether it answers a waiting POST. */
  routeOf(raw: string): { target: MessageTarget; x: Exchange | null; waiter: Waiter | null } {
    let m: ReturnType<typeof classify> = { kind: 'other' };
    let value: unknown;
    try {
      value = JSON.parse(raw);
      m = classify(value);
    } catch {
      // Not JSON: the session records and drops it; it goes where unrelated messages go.
    }
    if (m.kind === 'response') {
      const w = this.waiters.get(idKey(m.id));
      if (w) return { target: w.x, x: w.x, waiter: w };
    }
    if (m.kind === 'notification' && isRecord(m.params)) {
      const t = m.params.progressToken;
      const x = typeof t === 'string' || typeof t === 'number' ? this.progress.get(String(t)) : undefined;
      if (x) return { target: x, x, waiter: null };
    }
    const stream = this.s.defaultStream;
    if (stream) return { target: stream, x: null, waiter: null };
    let last: Exchange | null = null;
    for (const w of this.waiters.values()) last = w.x;
    return last ? { target: last, x: last, waiter: null } : { target: DISCARD, x: null, waiter: null };
  }

  failAll(why: string): void {
    for (const w of this.waiters.values()) {
      w.x.deliver(`${JSON.stringify(errorObject(w.id, INTERNAL_ERROR, `Warden: ${why}`))}\n`, {});
      w.done();
    }
    this.waiters.clear();
  }
}

export class LegacySseUpstream implements Upstream {
  readonly kind = 'legacy' as const;
  readonly adoptsUnknownSessions = false;
  private readonly sessions = new WeakMap<GatewaySession, Promise<LegacySession | Error>>();
  private readonly links = new Set<LegacyLink>();

  constructor(private readonly url: URL, private readonly ctx: UpstreamContext) {}

  async post(s: GatewaySession, x: Exchange, data: Buffer | string): Promise<void> {
    const { ids, tokens } = requestsIn(data);
    let opening = this.sessions.get(s);
    const first = opening === undefined;
    if (opening === undefined) {
      opening = this.connect(s, x);
      this.sessions.set(s, opening);
    }
    const ls = await opening;
    if (ls instanceof Error) {
      if (first) this.sessions.delete(s);
      if (ls instanceof LegacyRefusal) x.upstreamFailed({ status: ls.status, headers: {}, body: Buffer.alloc(0), message: ls.message }, data);
      else x.upstreamFailed({ status: null, headers: {}, body: jsonRpcErrorBody(ids, INTERNAL_ERROR, `Warden: ${ls.message}`), message: ls.message }, data);
      return;
    }
    if (first) x.upstreamAnswered(200, { 'mcp-session-id': s.id ?? '' });
    const link = ls.link!;
    const replies = ids.map((id) => new Promise<void>((done) => ls.waiters.set(idKey(id), { x, id, done })));
    for (const t of tokens) ls.progress.set(String(t), x);
    const forget = (): void => {
      for (const id of ids) ls.waiters.get(idKey(id))?.done();
      for (const id of ids) ls.waiters.delete(idKey(id));
      for (const t of tokens) if (ls.progress.get(String(t)) === x) ls.progress.delete(String(t));
    };
    x.signal.addEventListener('abort', forget, { once: true });
    let res: IncomingMessage;
    try {
      res = await upstreamRequest({ url: link.endpoint, method: 'POST', headers: upstreamRequestHeaders(x.requestHeaders, { ...MCP_HEADERS, 'content-type': 'application/json' }), body: data, signal: x.signal });
    } catch (error) {
      forget();
      if (x.signal.aborted) return;
      const message = unreachable(this.url, error);
      this.ctx.warn(message);
      x.upstreamFailed({ status: null, headers: {}, body: jsonRpcErrorBody(ids, INTERNAL_ERROR, `Warden: ${message}`), message }, data);
      return;
    }
    res.resume();
    const status = res.statusCode ?? 502;
    if (status >= 300) {
      forget();
      const message = `the legacy SSE server refused the message with HTTP ${status}`;
      x.upstreamFailed({ status: null, headers: {}, body: jsonRpcErrorBody(ids, INTERNAL_ERROR, `Warden: ${message}`), message }, data);
      return;
    }
    await Promise.all(replies);
    x.signal.removeEventListener('abort', forget);
    for (const t of tokens) if (ls.progress.get(String(t)) === x) ls.progress.delete(String(t));
  }

  /** Opens the session's upstream stream (at its first POST, the initialize) and names the session. */
  private async connect(s: GatewaySession, x: Exchange): Promise<LegacySession | Error> {
    const ls = new LegacySession(s);
    try {
      ls.link = await LegacyLink.open(this.url, upstreamRequestHeaders(x.requestHeaders, { ...MCP_HEADERS, 'content-type': undefined }), this.ctx.maxMessageBytes, {
        message: (e) => this.fromUpstream(ls, e),
        oversize: (o) => this.oversize(ls, o),
        closed: (why) => {
          ls.chain = ls.chain.then(() => ls.failAll(why));
          void ls.chain.then(() => this.ctx.registry.end(s, why));
        },
      });
    } catch (error) {
      if (error instanceof LegacyRefusal) return error;
      const message = unreachable(this.url, error);
      this.ctx.warn(message);
      return new Error(message);
    }
    this.links.add(ls.link);
    this.ctx.registry.bind(s, randomUUID());
    s.onEnd = () => {
      ls.link?.close();
      if (ls.link) this.links.delete(ls.link);
    };
    return ls;
  }

  private fromUpstream(ls: LegacySession, e: SseEvent): void {
    ls.chain = ls.chain.then(async () => {
      const r = ls.routeOf(e.data);
      if (r.x && r.waiter === null) r.x.toStream();
      await ls.s.fromServer(Buffer.from(e.data), { target: r.target, exchange: r.x, at: { id: e.id } });
      if (r.waiter) {
        ls.waiters.delete(idKey(r.waiter.id));
        r.waiter.done();
      }
    }).catch((error: unknown) => this.ctx.warn(`a message from the upstream was lost: ${String(error)}`));
  }

  private oversize(ls: LegacySession, o: SseOversize): void {
    ls.chain = ls.chain.then(async () => {
      const id = recoverId(`${o.head.toString('utf8')}\n${o.tail.toString('utf8')}`);
      const w = id === undefined ? undefined : ls.waiters.get(idKey(id));
      const r = w ? { target: w.x, x: w.x } : ls.routeOf('');
      await ls.s.oversize('server', o, { target: r.target, exchange: r.x, at: {} });
      if (w) {
        ls.waiters.delete(idKey(w.id));
        w.done();
      }
    });
  }

  get(s: GatewaySession, _req: IncomingMessage, res: ServerResponse): Promise<void> {
    // The legacy server has one stream, already open: this stream carries what belongs to no POST.
    const stream = new GetStream(res, {}, this.ctx.keepAliveMs);
    s.streams.add(stream);
    stream.onClose(() => s.streams.delete(stream));
    return Promise.resolve();
  }

  delete(s: GatewaySession, _req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.ctx.registry.end(s, 'deleted by the client');
    res.writeHead(200).end();
    return Promise.resolve();
  }

  close(): void {
    for (const l of this.links) l.close();
    this.links.clear();
  }
}

