// What a proxy session needs from outside (a judge, a durable recorder, an approval channel) and
// what it hands back. Types only; the stdio proxy and the HTTP gateway provide the same things.
import type { AuditOutcome } from '../../audit/entry.js';
import type { Decision } from '../../core/decision.js';
import type { DeclaredTool } from '../../core/detect/tool-registry.js';
import type { Event } from '../../core/events.js';
import type { Finding } from '../../core/rules/rule-pack.js';
import type { Mode, Verdict } from '../../core/vocabulary.js';
import type { JsonRpcId } from './json-rpc.js';
import type { BlockReason } from './session-stats.js';

export type Side = 'client' | 'server';

export interface SessionJudge {
  /** The mode of the role that judges this session. */
  readonly mode: Mode;
  /** The role's name, and what it says to do with a call that cannot be judged or recorded. */
  readonly role: string;
  readonly onError?: 'block' | 'allow' | null;
  evaluate(event: Event, now: number): Decision;
  /** Records a tools/list page; a finding for each tool whose definition changed since first seen. */
  declareTools(server: string, tools: readonly DeclaredTool[], now: number): readonly { readonly tool: string; readonly finding: Finding }[];
  /** What the role says of a tool before any argument is seen (for hiding denied tools). */
  toolVerdict(server: string, tool: string): Verdict;
}

export type McpCallEvent = Extract<Event, { kind: 'mcp_tool_call' }>;

export type SessionRecord =
  /** A tools/call: as decided, and again when a held call is approved or denied. */
  | { readonly kind: 'call'; readonly id: JsonRpcId; readonly event: McpCallEvent; readonly decision: Decision; readonly outcome: AuditOutcome; readonly because: BlockReason | null; readonly judgedMs: number }
  /** A tool result or tool description with findings, and what was done with it. */
  | { readonly kind: 'scan'; readonly event: Event; readonly decision: Decision; readonly action: 'passed' | 'redacted' | 'withheld' | 'hidden'; readonly judgedMs: number }
  /** A line that is not JSON, or too long to judge. */
  | { readonly kind: 'invalid'; readonly from: Side; readonly error: string; readonly outcome: 'blocked' | 'would_block'; readonly bytes: number };

export interface SessionRecorder {
  /** Resolves once the record is durable; a rejection fails the call closed in enforce mode. */
  record(record: SessionRecord): Promise<void>;
}

export interface HeldCall {
  readonly id: JsonRpcId;
  readonly event: McpCallEvent;
  readonly decision: Decision;
  /** Aborted when the client cancels the call (notifications/cancelled): withdraw it as cancelled. */
  readonly cancelled?: AbortSignal;
}

/**
 * A person's answer; `note` (who decided, when, why) replaces the generic words in the recorded
 * reason and the client's error. `cancelled`: the client cancelled the call, which is not sent
 * and gets no answer.
 */
export type HoldAnswer = 'approved' | 'rejected' | { readonly answer: 'approved' | 'rejected'; readonly note: string; readonly cancelled?: boolean };

/** Holds a call for a person; the session goes on with other messages meanwhile. */
export type HoldHook = (call: HeldCall) => Promise<HoldAnswer>;

export interface SessionOptions {
  /** The server's name in rules (`server/tool`). */
  readonly server: string;
  readonly judge: SessionJudge;
  readonly recorder: SessionRecorder;
  /** Absent: an ask verdict blocks, saying approval is needed. */
  readonly hold?: HoldHook;
  /** Blocks calls to undeclared tools and to tools whose definition changed (and hides the latter). */
  readonly blockUndeclared?: boolean;
  /** Hides from tools/list the tools the role denies outright (enforce mode). */
  readonly filterTools?: boolean;
  /** Context of every event: host, session, working directory, home. */
  readonly context?: { readonly host?: string; readonly session?: string; readonly role?: string; readonly cwd?: string; readonly home?: string };
  /** Milliseconds, for detectors and records; Date.now by default. */
  readonly clock?: () => number;
  /** Monotonic milliseconds, for latencies; performance.now by default. */
  readonly timer?: () => number;
  /** Told of problems that lose nothing (a held call's hook failing, an unexpected error). */
  readonly warn?: (message: string) => void;
}

/** Where the session writes: a line (ending in \n) to one side. */
export type Send = (to: Side, data: Buffer | string) => void;
