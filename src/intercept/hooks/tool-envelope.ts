// The envelope Claude Code, Codex and Gemini CLI share: an event name, tool_name, tool_input and,
// after the tool ran, tool_response.
import { field, optObject, optString, PayloadError, requireString, type JsonObject, type Seen } from './payload.js';
import type { HookPhase } from './types.js';

export interface EnvelopeEvents {
  readonly pre: readonly string[];
  readonly post: readonly string[];
}

interface Common {
  readonly hookEvent: string;
  readonly session: string | undefined;
  readonly cwd: string | undefined;
}

export type ToolEnvelope =
  | (Common & { readonly phase: HookPhase; readonly toolName: string; readonly toolInput: JsonObject; readonly result: unknown })
  /** An event about something else than a tool call (a session starting, a prompt). */
  | (Common & { readonly phase: null });

export function readEnvelope(obj: JsonObject, names: EnvelopeEvents, seen: Seen): ToolEnvelope {
  const hookEvent = optString(obj, 'hook_event_name') ?? inferredEvent(obj, names);
  seen.hookEvent = hookEvent;
  const common: Common = { hookEvent, session: optString(obj, 'session_id'), cwd: optString(obj, 'cwd') };
  const phase: HookPhase | null = names.pre.includes(hookEvent) ? 'pre' : names.post.includes(hookEvent) ? 'post' : null;
  if (phase === null) return { ...common, phase };
  seen.phase = phase;
  const toolName = requireString(obj, ['tool_name'], `${hookEvent} payload`);
  const toolInput = optObject(obj, 'tool_input') ?? {};
  const result = phase === 'post' ? (field(obj, 'tool_response') ?? field(obj, 'error') ?? null) : null;
  return { ...common, phase, toolName, toolInput, result };
}

/** Without an event name the fields tell: a tool result is after the tool ran, a tool name before. */
function inferredEvent(obj: JsonObject, names: EnvelopeEvents): string {
  const post = names.post[0];
  const pre = names.pre[0];
  if (field(obj, 'tool_response') !== undefined && post) return post;
  if (field(obj, 'tool_name') !== undefined && pre) return pre;
  throw new PayloadError('malformed', 'hook payload has no "hook_event_name" and no tool call');
}
