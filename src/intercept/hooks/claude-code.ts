// Claude Code: PreToolUse / PostToolUse command hooks in ~/.claude/settings.json.
import type { Event, EventContext } from '../../core/events.js';
import { claudeStyleResponse } from './claude-style-response.js';
import { commandEvent, eventContext, fileEvent, mcpEvent, resultEvent, webEvent, webSearchEvents } from './event-builders.js';
import { splitMcpName } from './mcp-names.js';
import { guarded, optString, optStringArray, readPayload, requireString, type JsonObject } from './payload.js';
import { readEnvelope } from './tool-envelope.js';
import type { HookAdapter } from './types.js';

type ToolReader = (input: JsonObject, context: EventContext, cwd: string | undefined) => Event[];

const read = (tool: string, keys: readonly string[]): ToolReader => (input, context) => [fileEvent(requireString(input, keys, tool), 'read', context)];
const write = (tool: string, keys: readonly string[]): ToolReader => (input, context) => [fileEvent(requireString(input, keys, tool), 'write', context)];
/** A search reads the directory it is given, or the working directory. */
const search: ToolReader = (input, context, cwd) => [fileEvent(optString(input, 'path') || cwd || '.', 'read', context)];

const TOOLS = new Map<string, ToolReader>([
  ['Bash', (input, context) => [commandEvent(requireString(input, ['command'], 'Bash'), context)]],
  ['Read', read('Read', ['file_path'])],
  ['NotebookRead', read('NotebookRead', ['notebook_path'])],
  ['LS', read('LS', ['path'])],
  ['Write', write('Write', ['file_path'])],
  ['Edit', write('Edit', ['file_path'])],
  ['MultiEdit', write('MultiEdit', ['file_path'])],
  ['NotebookEdit', write('NotebookEdit', ['notebook_path'])],
  ['Glob', search],
  ['Grep', search],
  ['WebFetch', (input, context) => [webEvent(requireString(input, ['url'], 'WebFetch'), context)]],
  ['WebSearch', (input, context) => webSearchEvents(requireString(input, ['query'], 'WebSearch'), optStringArray(input, 'allowed_domains'), context)],
]);

export const claudeCode: HookAdapter = {
  agent: 'claude-code',
  parse: (payload, options) =>
    guarded((seen) => {
      const envelope = readEnvelope(readPayload(payload), { pre: ['PreToolUse'], post: ['PostToolUse', 'PostToolUseFailure'] }, seen);
      const { hookEvent } = envelope;
      if (envelope.phase === null) return { kind: 'parsed', phase: 'pre', hookEvent, events: [] };
      const { toolName, toolInput, cwd } = envelope;
      const context = eventContext({ agent: 'claude-code', session: envelope.session, cwd, tool: toolName }, options);
      const mcp = splitMcpName(toolName, options?.mcpServers);
      if (envelope.phase === 'post') {
        return { kind: 'parsed', phase: 'post', hookEvent, events: [resultEvent(mcp ? `${mcp.server}/${mcp.tool}` : toolName, envelope.result, context)] };
      }
      if (mcp) return { kind: 'parsed', phase: 'pre', hookEvent, events: [mcpEvent(mcp.server, mcp.tool, toolInput, context)] };
      const reader = TOOLS.get(toolName);
      return { kind: 'parsed', phase: 'pre', hookEvent, events: reader ? reader(toolInput, context, cwd) : [] };
    }),
  respond: (decision, phase, hookEvent) => claudeStyleResponse(decision, phase, hookEvent, true),
};
