// GitHub Copilot CLI: preToolUse / postToolUse command hooks in ~/.copilot/hooks/*.json (version 1).
import type { Decision } from '../../core/decision.js';
import type { Event, EventContext } from '../../core/events.js';
import { commandEvent, eventContext, fileEvent, mcpEvent, resultEvent, webEvent } from './event-builders.js';
import { splitDashedName } from './mcp-names.js';
import { askText, denyText, stanceOf, warnText } from './messages.js';
import { argumentsValue, field, firstString, guarded, isObject, optString, readPayload, requireString, type JsonObject, type Seen } from './payload.js';
import { jsonResponse, logOnly, SILENT } from './response.js';
import type { HookAdapter, HookParseOptions, HookParseResult, HookPhase, HookResponse } from './types.js';

type ToolReader = (args: JsonObject, context: EventContext, cwd: string | undefined) => Event[];

const shell = (tool: string): ToolReader => (args, context) => [commandEvent(requireString(args, ['command'], tool), context)];
const file = (tool: string, access: 'read' | 'write'): ToolReader => (args, context) => [fileEvent(requireString(args, ['path'], tool), access, context)];
const search: ToolReader = (args, context, cwd) => [fileEvent(optString(args, 'path') || cwd || '.', 'read', context)];

/** Built-in tools (docs: "Tool names for hook matching"); other built-ins, such as ask_user or task, touch nothing. */
const TOOLS = new Map<string, ToolReader>([
  ['bash', shell('bash')],
  ['powershell', shell('powershell')],
  // Text typed into a shell the agent started earlier runs as a command there.
  ['write_bash', (args, context) => {
    const input = optString(args, 'input');
    return input?.trim() ? [commandEvent(input, context)] : [];
  }],
  ['view', file('view', 'read')],
  ['create', file('create', 'write')],
  ['edit', file('edit', 'write')],
  ['glob', search],
  ['grep', search],
  ['web_fetch', (args, context) => [webEvent(requireString(args, ['url'], 'web_fetch'), context)]],
]);

/** A non-built-in tool name with a dash is `<server>-<tool>` from an MCP server. */
const BUILT_IN = /^[a-z_]+$/;

interface Call {
  readonly hookEvent: string;
  readonly phase: HookPhase | null;
  readonly toolName?: string;
  readonly args: JsonObject;
  readonly result: unknown;
}

/**
 * Hooks configured by their camelCase name (preToolUse) get toolName / toolArgs / toolResult; by the
 * PascalCase name (PreToolUse, the VS Code format) hook_event_name / tool_name / tool_input / tool_result.
 */
function readCall(obj: JsonObject, seen: Seen): Call {
  const camel = field(obj, 'toolName') !== undefined;
  const toolName = camel ? requireString(obj, ['toolName'], 'tool hook payload') : optString(obj, 'tool_name');
  const named = optString(obj, 'hook_event_name');
  const result = camel ? field(obj, 'toolResult') : field(obj, 'tool_result');
  const failed = field(obj, 'error');
  const hookEvent =
    named ?? (toolName === undefined ? 'unknown' : result !== undefined ? 'postToolUse' : failed !== undefined ? 'postToolUseFailure' : 'preToolUse');
  seen.hookEvent = hookEvent;
  const lower = hookEvent.toLowerCase();
  const phase: HookPhase | null = toolName === undefined ? null : lower === 'pretooluse' ? 'pre' : lower.startsWith('posttooluse') ? 'post' : null;
  if (phase !== null) seen.phase = phase;
  const args = toolName === undefined ? {} : argumentsValue(obj, camel ? 'toolArgs' : 'tool_input');
  const text = isObject(result) ? (firstString(result, ['textResultForLlm', 'text_result_for_llm']) ?? result) : result;
  return { hookEvent, phase, args, result: text ?? failed ?? null, ...(toolName !== undefined ? { toolName } : {}) };
}

function parse(obj: JsonObject, call: Call, options: HookParseOptions | undefined): HookParseResult {
  const { hookEvent, phase, toolName, args } = call;
  if (phase === null || toolName === undefined) return { kind: 'parsed', phase: 'pre', hookEvent, events: [] };
  const cwd = optString(obj, 'cwd');
  const session = firstString(obj, ['sessionId', 'session_id']);
  const context = eventContext({ agent: 'copilot', session, cwd, tool: toolName }, options);
  const mcp = TOOLS.has(toolName) || BUILT_IN.test(toolName) ? null : splitDashedName(toolName, options?.mcpServers);
  if (phase === 'post') return { kind: 'parsed', phase, hookEvent, events: [resultEvent(mcp ? `${mcp.server}/${mcp.tool}` : toolName, call.result, context)] };
  if (mcp) return { kind: 'parsed', phase, hookEvent, events: [mcpEvent(mcp.server, mcp.tool, args, context)] };
  return { kind: 'parsed', phase, hookEvent, events: TOOLS.get(toolName)?.(args, context, cwd) ?? [] };
}

function respond(decision: Decision | null, phase: HookPhase): HookResponse {
  const stance = stanceOf(decision);
  if (decision === null || stance === 'silent') return SILENT;
  // postToolUse output is read from SDK hooks only, and preToolUse has no field for a warning.
  if (phase === 'post' || stance === 'warn') return logOnly(stance === 'warn' ? warnText(decision) : denyText(decision, 'post'));
  const text = stance === 'ask' ? askText(decision) : denyText(decision, 'pre');
  return jsonResponse({ permissionDecision: stance === 'ask' ? 'ask' : 'deny', permissionDecisionReason: text }, text);
}

export const copilot: HookAdapter = {
  agent: 'copilot',
  parse: (payload, options) =>
    guarded((seen) => {
      const obj = readPayload(payload);
      return parse(obj, readCall(obj, seen), options);
    }),
  respond: (decision, phase) => respond(decision, phase),
};
