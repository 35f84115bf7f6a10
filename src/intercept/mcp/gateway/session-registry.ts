// The gateway's sessions by Mcp-Session-Id. A POST without the header opens a new session when it
// carries an initialize request, and otherwise joins the one session of a stateless upstream. The
// number of sessions is bounded: past the cap, the longest idle one is ended.
import type { McpSession } from '../session.js';
import type { Send } from '../session-types.js';
import { GatewaySession } from './gateway-session.js';

export const MAX_SESSIONS = 10_000;

export class SessionRegistry {
  private readonly byId = new Map<string, GatewaySession>();
  private sessionless: GatewaySession | null = null;

  constructor(
    private readonly make: (send: Send, s: GatewaySession) => McpSession,
    private readonly warn: (message: string) => void,
    private readonly ended: (s: GatewaySession, why: string) => void,
    private readonly max = MAX_SESSIONS,
  ) {}

  get size(): number {
    return this.byId.size + (this.sessionless ? 1 : 0);
  }

  all(): GatewaySession[] {
    return [...this.byId.values(), ...(this.sessionless ? [this.sessionless] : [])];
  }

  find(id: string): GatewaySession | undefined {
    return this.byId.get(id);
  }

  /** The session for a request: by its header, a new one for an initialize, else the stateless one. */
  forRequest(id: string | undefined, initialize: boolean): GatewaySession {
    if (id !== undefined) return this.byId.get(id) ?? this.bind(this.create(), id);
    if (initialize) return this.create();
    this.sessionless ??= this.create();
    return this.sessionless;
  }

  create(): GatewaySession {
    return new GatewaySession(this.make, this.warn);
  }

  /** The upstream named the session (Mcp-Session-Id on its answer). */
  bind(s: GatewaySession, id: string): GatewaySession {
    if (s.id === id) return s;
    const known = this.byId.get(id);
    if (known && known !== s) return known;
    if (s.id !== null) this.byId.delete(s.id);
    s.id = id;
    this.byId.set(id, s);
    if (this.sessionless === s) this.sessionless = null;
    this.evict();
    return s;
  }

  /** A stateless upstream answered an initialize without naming a session: this is the session now. */
  adoptSessionless(s: GatewaySession): void {
    if (s.id === null && this.sessionless !== s) this.sessionless = s;
  }

  end(s: GatewaySession, why: string): void {
    if (s.id !== null && this.byId.get(s.id) === s) this.byId.delete(s.id);
    if (this.sessionless === s) this.sessionless = null;
    if (s.ended) return;
    s.close();
    this.ended(s, why);
  }

  private evict(): void {
    if (this.byId.size <= this.max) return;
    let oldest: GatewaySession | null = null;
    for (const s of this.byId.values()) if (s.idle && (oldest === null || s.lastUsed < oldest.lastUsed)) oldest = s;
    if (oldest) this.end(oldest, 'evicted: too many sessions');
  }
}
