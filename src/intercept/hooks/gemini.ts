// Gemini CLI: BeforeTool / AfterTool command hooks in ~/.gemini/settings.json.
import type { Decision } from '../../core/decision.js';
import { normalisePath } from '../../core/engine/paths.js';
import type { Event, EventContext } from '../../core/events.js';
import { commandEvent, eventContext, fileEvents, mcpEvent, resultEvent, urlsInText, webEvent, webSearchEvents } from './event-builders.js';
import { splitDoubleUnderscore, splitMcpName, type McpName } from './mcp-names.js';
import { askText, denyText, stanceOf, warnText } from './messages.js';
import { firstString, guarded, optObject, optStringArray, readPayload, requireString, type JsonObject } from './payload.js';
import { jsonResponse, SILENT } from './response.js';
import { readEnvelope } from './tool-envelope.js';
import type { HookAdapter, HookParseOptions, HookPhase, HookResponse } from './types.js';

type ToolReader = (input: JsonObject, context: EventContext, cwd: string | undefined) => Event[];

/** Parameter names changed across releases (`absolute_path` → `file_path`, `path` → `dir_path`). */
const FILE_KEYS = ['file_path', 'absolute_path', 'path'];
const DIR_KEYS = ['dir_path', 'path', 'directory'];

const fileTool = (tool: string, access: 'read' | 'write'): ToolReader => (input, context) => fileEvents([requireString(input, FILE_KEYS, tool)], access, context);
const dirTool: ToolReader = (input, context, cwd) => fileEvents([firstString(input, DIR_KEYS) || cwd || '.'], 'read', context);

/** A shell command runs in `dir_path` (older releases: `directory`), relative to the project. */
const shell: ToolReader = (input, context, cwd) => {
  const dir = firstString(input, ['dir_path', 'directory']);
  const where = dir ? normalisePath(dir, cwd, undefined) : undefined;
  return [commandEvent(requireString(input, ['command'], 'run_shell_command'), where ? { ...context, cwd: where } : context)];
};

const TOOLS = new Map<string, ToolReader>([
  ['run_shell_command', shell],
  ['read_file', fileTool('read_file', 'read')],
  ['write_file', fileTool('write_file', 'write')],
  ['replace', fileTool('replace', 'write')],
  ['read_many_files', (input, context) => fileEvents([...optStringArray(input, 'paths'), ...optStringArray(input, 'include')], 'read', context)],
  ['list_directory', dirTool],
  ['glob', dirTool],
  ['search_file_content', dirTool],
  ['grep_search', dirTool],
  ['web_fetch', (input, context) => urlsInText(requireString(input, ['prompt'], 'web_fetch')).map((url) => webEvent(url, context))],
  ['google_web_search', (input, context) => webSearchEvents(requireString(input, ['query'], 'google_web_search'), [], context)],
]);

/** MCP tools: `mcp_context` names the server outright; otherwise the tool name does. */
function mcpName(toolName: string, obj: JsonObject, options: HookParseOptions | undefined): McpName | null {
  const mcp = optObject(obj, 'mcp_context');
  const server = mcp ? firstString(mcp, ['server_name']) : undefined;
  if (mcp && server) {
    const fromName = splitMcpName(toolName, [server]) ?? (toolName.startsWith(`${server}__`) ? splitDoubleUnderscore(toolName, [server]) : null);
    return { server, tool: firstString(mcp, ['tool_name']) || fromName?.tool || toolName };
  }
  // Built-in tools never hold `__`; a tool name that does is `server__tool` from an MCP server.
  return splitMcpName(toolName, options?.mcpServers) ?? (toolName.includes('__') ? splitDoubleUnderscore(toolName, options?.mcpServers) : null);
}

function respond(decision: Decision | null, phase: HookPhase): HookResponse {
  const stance = stanceOf(decision);
  if (decision === null || stance === 'silent') return SILENT;
  if (stance === 'warn') {
    const text = warnText(decision);
    const body = phase === 'pre' ? { systemMessage: text } : { systemMessage: text, hookSpecificOutput: { hookEventName: 'AfterTool', additionalContext: text } };
    return jsonResponse(body, text);
  }
  if (stance === 'ask' && phase === 'pre') {
    const text = askText(decision);
    return jsonResponse({ decision: 'ask', reason: text, systemMessage: text }, text);
  }
  // After the tool ran, a deny hides its output from the model and `reason` stands in for it.
  const text = denyText(decision, phase);
  return jsonResponse({ decision: 'deny', reason: text, systemMessage: text }, text);
}

export const gemini: HookAdapter = {
  agent: 'gemini',
  parse: (payload, options) =>
    guarded((seen) => {
      const obj = readPayload(payload);
      const envelope = readEnvelope(obj, { pre: ['BeforeTool'], post: ['AfterTool'] }, seen);
      const { hookEvent } = envelope;
      if (envelope.phase === null) return { kind: 'parsed', phase: 'pre', hookEvent, events: [] };
      const { toolName, toolInput, cwd } = envelope;
      const context = eventContext({ agent: 'gemini', session: envelope.session, cwd, tool: toolName }, options);
      const mcp = mcpName(toolName, obj, options);
      if (envelope.phase === 'post') {
        return { kind: 'parsed', phase: 'post', hookEvent, events: [resultEvent(mcp ? `${mcp.server}/${mcp.tool}` : toolName, envelope.result, context)] };
      }
      if (mcp) return { kind: 'parsed', phase: 'pre', hookEvent, events: [mcpEvent(mcp.server, mcp.tool, toolInput, context)] };
      const reader = TOOLS.get(toolName);
      return { kind: 'parsed', phase: 'pre', hookEvent, events: reader ? reader(toolInput, context, cwd) : [] };
    }),
  respond: (decision, phase) => respond(decision, phase),
};
