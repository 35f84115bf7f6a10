// Sliding-window rate limits per (agent, tool). A limit of N calls per S seconds allows N calls
// in any window of S seconds; the N+1st call inside the window is acted on. The window ending at
// `now` is (now − S, now]: a call made exactly S seconds after another no longer shares its window.
// Each window keeps only its last N timestamps (enough to decide exactly), so memory per
// (agent, tool) is bounded by N, and the number of windows by an LRU.
import { globMatch } from '../policy/glob.js';
import type { Severity } from '../vocabulary.js';
import { LruMap } from './lru.js';

export interface RateLimitRule {
  /** Glob on the tool name: `server/tool` for MCP calls, the agent's tool (Bash, Read) otherwise. */
  readonly tool: string;
  readonly max: number;
  readonly windowSeconds: number;
  readonly action: 'flag' | 'ask' | 'block';
  /** Attempts that were blocked (by this limit or by the policy) count toward the window. */
  readonly countBlocked: boolean;
  readonly severity: Severity;
}

export interface RateHit {
  readonly rule: RateLimitRule;
  /** The tool name the limit was counted for. */
  readonly tool: string;
}

/** The last `capacity` timestamps of one (rule, agent, tool), oldest first from `head`. */
class Window {
  private readonly times: Float64Array;
  private head = 0;
  private size = 0;

  constructor(private readonly capacity: number) {
    this.times = new Float64Array(capacity);
  }

  /** The limit is reached: `capacity` calls already lie inside the window ending at now. */
  full(now: number, windowMs: number): boolean {
    return this.size === this.capacity && this.times[this.head]! > now - windowMs;
  }

  newest(): number | null {
    return this.size === 0 ? null : this.times[(this.head + this.size - 1) % this.capacity]!;
  }

  push(now: number): void {
    if (this.size < this.capacity) {
      this.times[(this.head + this.size) % this.capacity] = now;
      this.size++;
    } else {
      this.times[this.head] = now;
      this.head = (this.head + 1) % this.capacity;
    }
  }
}

export interface RateCall {
  /** Who calls: host and agent. */
  readonly agent: string;
  /** Names of the tool, the one counted first (`server/tool`, then the agent's name for it). */
  readonly tools: readonly string[];
  readonly now: number;
  /** The policy blocked this attempt (it did not run). */
  readonly blockedByPolicy: boolean;
  /** A `block` action of a limit stops the call (enforce mode); in monitor mode the call runs. */
  readonly enforcing: boolean;
}

export class RateLimiter {
  private readonly windows: LruMap<string, Window>;

  constructor(readonly rules: readonly RateLimitRule[], maxWindows = 10_000) {
    this.windows = new LruMap(maxWindows);
  }

  /** The limits this call exceeds; then the call is counted where its rule says it counts. */
  take(call: RateCall): RateHit[] {
    const counted = call.tools[0];
    if (counted === undefined) return [];
    const matched: { rule: RateLimitRule; window: Window }[] = [];
    const hits: RateHit[] = [];
    this.rules.forEach((rule, i) => {
      if (!call.tools.some((t) => globMatch(rule.tool, t))) return;
      const key = `${i}\u0000${call.agent}\u0000${counted}`;
      const windowMs = rule.windowSeconds * 1000;
      let window = this.windows.get(key);
      const newest = window?.newest();
      // Nothing left inside the window: start afresh rather than keep stale timestamps.
      if (!window || newest === null || newest === undefined || newest <= call.now - windowMs) {
        window = new Window(rule.max);
        this.windows.set(key, window);
      }
      if (window.full(call.now, windowMs)) hits.push({ rule, tool: counted });
      matched.push({ rule, window });
    });
    const blocked = call.blockedByPolicy || (call.enforcing && hits.some((h) => h.rule.action === 'block'));
    for (const { rule, window } of matched) if (!blocked || rule.countBlocked) window.push(call.now);
    return hits;
  }
}
