// What a proxy session counts, and the summary record written when it ends.

export type BlockReason = 'policy' | 'detection' | 'undeclared' | 'changed' | 'approval' | 'invalid' | 'audit' | 'error';

export interface LatencySummary {
  readonly count: number;
  readonly min_ms: number;
  readonly max_ms: number;
  readonly avg_ms: number;
  readonly p50_ms: number;
  readonly p95_ms: number;
  readonly p99_ms: number;
}

export interface SessionSummary {
  readonly ts: string;
  readonly type: 'proxy_summary';
  readonly server: string;
  readonly mode: string;
  readonly uptime_seconds: number;
  readonly total_tool_calls: number;
  readonly total_blocked: number;
  readonly total_would_block: number;
  readonly calls_by_tool: Readonly<Record<string, number>>;
  readonly blocked_by_reason: Readonly<Record<string, number>>;
  /** Round trip of tools/call through the server, request in to response out. */
  readonly latency: LatencySummary;
  readonly messages_client_to_server: number;
  readonly messages_server_to_client: number;
  readonly invalid_messages: number;
  readonly results_redacted: number;
  readonly results_withheld: number;
  readonly tools_hidden: number;
}

/** Samples kept for percentiles; past this a uniform sample of all is kept (reservoir). */
const MAX_SAMPLES = 10_000;
const round = (ms: number): number => Math.round(ms * 1000) / 1000;

export class LatencyStats {
  private readonly samples: number[] = [];
  private count = 0;
  private sum = 0;
  private min = Infinity;
  private max = 0;

  constructor(private readonly random: () => number = Math.random) {}

  add(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) return;
    this.count++;
    this.sum += ms;
    if (ms < this.min) this.min = ms;
    if (ms > this.max) this.max = ms;
    if (this.samples.length < MAX_SAMPLES) this.samples.push(ms);
    else {
      const slot = Math.floor(this.random() * this.count);
      if (slot < MAX_SAMPLES) this.samples[slot] = ms;
    }
  }

  summary(): LatencySummary {
    if (this.count === 0) return { count: 0, min_ms: 0, max_ms: 0, avg_ms: 0, p50_ms: 0, p95_ms: 0, p99_ms: 0 };
    const sorted = [...this.samples].sort((a, b) => a - b);
    const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
    return {
      count: this.count, min_ms: round(this.min), max_ms: round(this.max), avg_ms: round(this.sum / this.count),
      p50_ms: round(at(0.5)), p95_ms: round(at(0.95)), p99_ms: round(at(0.99)),
    };
  }
}

const bump = (map: Map<string, number>, key: string): void => {
  map.set(key, (map.get(key) ?? 0) + 1);
};

/** Keys with fewer than this many calls are counted together past the cap, so memory stays bounded. */
const MAX_TOOL_KEYS = 1_000;

export class SessionStats {
  readonly latency = new LatencyStats();
  private readonly byTool = new Map<string, number>();
  private readonly byReason = new Map<string, number>();
  calls = 0;
  blocked = 0;
  wouldBlock = 0;
  fromClient = 0;
  fromServer = 0;
  invalid = 0;
  redacted = 0;
  withheld = 0;
  hidden = 0;

  call(tool: string): void {
    this.calls++;
    bump(this.byTool, this.byTool.has(tool) || this.byTool.size < MAX_TOOL_KEYS ? tool : '(other)');
  }

  block(reason: BlockReason, enforced: boolean): void {
    if (enforced) {
      this.blocked++;
      bump(this.byReason, reason);
    } else this.wouldBlock++;
  }

  summary(server: string, mode: string, startedMs: number, nowMs: number): SessionSummary {
    return {
      ts: new Date(nowMs).toISOString(),
      type: 'proxy_summary',
      server,
      mode,
      uptime_seconds: Math.round((nowMs - startedMs) / 10) / 100,
      total_tool_calls: this.calls,
      total_blocked: this.blocked,
      total_would_block: this.wouldBlock,
      calls_by_tool: Object.fromEntries(this.byTool),
      blocked_by_reason: Object.fromEntries(this.byReason),
      latency: this.latency.summary(),
      messages_client_to_server: this.fromClient,
      messages_server_to_client: this.fromServer,
      invalid_messages: this.invalid,
      results_redacted: this.redacted,
      results_withheld: this.withheld,
      tools_hidden: this.hidden,
    };
  }
}
