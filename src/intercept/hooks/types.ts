// The contract every agent hook adapter meets: read what an agent's hook sends, answer in its format.
import type { Decision } from '../../core/decision.js';
import type { Event, EventContext } from '../../core/events.js';

export const HOOK_AGENTS = ['claude-code', 'cursor', 'gemini', 'codex', 'copilot'] as const;
export type HookAgent = (typeof HOOK_AGENTS)[number];

/** Before the tool runs (can be stopped) or after it ran (its result can be judged). */
export type HookPhase = 'pre' | 'post';

export type HookErrorCode =
  /** Not JSON, or JSON of the wrong shape (not an object, a field of the wrong type). */
  | 'malformed'
  /** Larger than the adapter reads, or naming more targets than one call may. */
  | 'too_large'
  /** A tool event whose required field (the command, the path) is missing or empty. */
  | 'missing_field'
  /** Something went wrong inside the adapter; a defect, reported rather than thrown. */
  | 'internal';

export interface HookParsed {
  readonly kind: 'parsed';
  readonly phase: HookPhase;
  /** The agent's own name for the hook that fired (PreToolUse, beforeReadFile, …); pass it back to respond. */
  readonly hookEvent: string;
  /** What the call attempts; none when it has no security relevance. Judge each, answer with the strictest. */
  readonly events: readonly Event[];
}

export interface HookParseFailure {
  readonly kind: 'error';
  readonly code: HookErrorCode;
  readonly message: string;
  /** Set when the payload was readable enough to tell. */
  readonly phase?: HookPhase;
  readonly hookEvent?: string;
}

export type HookParseResult = HookParsed | HookParseFailure;

export interface HookParseOptions {
  /** Context every event carries besides what the payload says (host, home, role). */
  readonly context?: Omit<EventContext, 'agent' | 'session' | 'tool'>;
  /** MCP server names configured for the agent, where its tool names do not mark the server apart. */
  readonly mcpServers?: readonly string[];
}

/** What the hook process writes and how it exits. */
export interface HookResponse {
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number;
}

export interface HookAdapter {
  readonly agent: HookAgent;
  /** Never throws: a payload it cannot read gives a HookParseFailure. */
  parse(payload: unknown, options?: HookParseOptions): HookParseResult;
  /** The answer for a decision (null: no opinion), in the agent's own format. */
  respond(decision: Decision | null, phase: HookPhase, hookEvent?: string): HookResponse;
}
