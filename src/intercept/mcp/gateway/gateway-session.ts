// One MCP session as the gateway keeps it (keyed by the Mcp-Session-Id the upstream gave, or the
// one the gateway made for a legacy upstream): the shared session core that judges every message,
// the client's open GET streams, and the POSTs still being answered.
import type { McpSession } from '../session.js';
import type { OversizeLine } from '../line-framer.js';
import type { Send } from '../session-types.js';
import type { Exchange } from './exchange.js';
import type { GetStream } from './get-stream.js';
import { NO_EVENT, routes, type Route } from './route.js';

export class GatewaySession {
  id: string | null = null;
  readonly mcp: McpSession;
  readonly streams = new Set<GetStream>();
  readonly exchanges = new Set<Exchange>();
  lastUsed = Date.now();
  /** Set by the legacy upstream adapter: what to do when the session ends. */
  onEnd: (() => void) | null = null;
  private closed = false;

  constructor(make: (send: Send, s: GatewaySession) => McpSession, private readonly warn: (message: string) => void) {
    this.mcp = make(this.send, this);
  }

  /** Where a message goes that belongs to no POST: the newest open GET stream. */
  get defaultStream(): GetStream | null {
    let last: GetStream | null = null;
    for (const s of this.streams) if (s.open) last = s;
    return last;
  }

  private readonly send: Send = (to, data) => {
    const route = routes.getStore();
    if (to === 'server') {
      if (route?.exchange) route.exchange.forward(data);
      else this.warn('a message for the upstream had no request to travel with and was dropped');
      return;
    }
    const target = route?.target ?? this.defaultStream;
    if (target) target.deliver(data, route?.at ?? NO_EVENT);
    else this.warn('a message for the client arrived with no open stream to carry it and was dropped');
  };

  fromClient(raw: Buffer, route: Route): Promise<void> {
    this.lastUsed = Date.now();
    return routes.run(route, () => this.mcp.fromClient(raw));
  }

  fromServer(raw: Buffer, route: Route): Promise<void> {
    this.lastUsed = Date.now();
    return routes.run(route, () => this.mcp.fromServer(raw, route.replay === true));
  }

  oversize(from: 'client' | 'server', over: OversizeLine, route: Route): Promise<void> {
    return routes.run(route, () => this.mcp.oversize(from, over));
  }

  get idle(): boolean {
    return this.exchanges.size === 0 && [...this.streams].every((s) => !s.open);
  }

  get ended(): boolean {
    return this.closed;
  }

  /** Ends the session here: open streams end, POSTs still waiting are cut off. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const s of this.streams) s.end();
    for (const x of this.exchanges) x.controller.abort();
    this.onEnd?.();
  }
}
