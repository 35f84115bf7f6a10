// Codex CLI: PreToolUse / PostToolUse command hooks in ~/.codex/hooks.json (or [hooks] in config.toml).
import { patchPaths } from './apply-patch.js';
import { shellLine } from './argv.js';
import { claudeStyleResponse } from './claude-style-response.js';
import { commandEvent, eventContext, fileEvents, mcpEvent, resultEvent } from './event-builders.js';
import { splitMcpName } from './mcp-names.js';
import { field, guarded, PayloadError, readPayload, type JsonObject } from './payload.js';
import { readEnvelope } from './tool-envelope.js';
import type { HookAdapter } from './types.js';

/** `Bash` is the canonical name; the others are the shell tools' own names in some releases. */
const SHELL_TOOLS = new Set(['Bash', 'shell', 'local_shell', 'shell_command', 'exec_command']);

/** `tool_input.command` as a string, or as an argument vector. */
function commandOf(input: JsonObject, tool: string): string {
  const value = field(input, 'command') ?? field(input, 'cmd');
  if (typeof value === 'string' && value.trim() !== '') return value;
  if (Array.isArray(value) && value.length > 0 && value.every((v): v is string => typeof v === 'string')) return shellLine(value);
  throw new PayloadError(value === undefined ? 'missing_field' : 'malformed', `${tool} call has no command string or argument vector`);
}

export const codex: HookAdapter = {
  agent: 'codex',
  parse: (payload, options) =>
    guarded((seen) => {
      const envelope = readEnvelope(readPayload(payload), { pre: ['PreToolUse'], post: ['PostToolUse'] }, seen);
      const { hookEvent } = envelope;
      if (envelope.phase === null) return { kind: 'parsed', phase: 'pre', hookEvent, events: [] };
      const { toolName, toolInput } = envelope;
      const context = eventContext({ agent: 'codex', session: envelope.session, cwd: envelope.cwd, tool: toolName }, options);
      const mcp = splitMcpName(toolName, options?.mcpServers);
      if (envelope.phase === 'post') {
        return { kind: 'parsed', phase: 'post', hookEvent, events: [resultEvent(mcp ? `${mcp.server}/${mcp.tool}` : toolName, envelope.result, context)] };
      }
      if (mcp) return { kind: 'parsed', phase: 'pre', hookEvent, events: [mcpEvent(mcp.server, mcp.tool, toolInput, context)] };
      if (SHELL_TOOLS.has(toolName)) return { kind: 'parsed', phase: 'pre', hookEvent, events: [commandEvent(commandOf(toolInput, toolName), context)] };
      if (toolName === 'apply_patch') {
        const paths = patchPaths(commandOf(toolInput, toolName));
        // A patch whose files cannot be read off it cannot be judged: refuse it rather than let it by.
        if (paths.length === 0) throw new PayloadError('missing_field', 'apply_patch call names no file to add, update, delete or move');
        return { kind: 'parsed', phase: 'pre', hookEvent, events: fileEvents(paths, 'write', context) };
      }
      return { kind: 'parsed', phase: 'pre', hookEvent, events: [] };
    }),
  respond: (decision, phase, hookEvent) => claudeStyleResponse(decision, phase, hookEvent, false),
};
