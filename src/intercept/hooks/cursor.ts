// Cursor: beforeShellExecution, beforeMCPExecution, beforeReadFile and the after* hooks in
// ~/.cursor/hooks.json (version 1).
import type { Decision } from '../../core/decision.js';
import type { Event } from '../../core/events.js';
import { cursorServer } from './cursor-server.js';
import { commandEvent, eventContext, fileEvent, mcpEvent, resultEvent } from './event-builders.js';
import { approvalNeededText, askText, denyText, stanceOf, warnText } from './messages.js';
import { argumentsValue, field, firstString, guarded, optString, optStringArray, PayloadError, readPayload, requireString, type JsonObject } from './payload.js';
import { jsonResponse, logOnly, SILENT } from './response.js';
import type { HookAdapter, HookParseOptions, HookParseResult, HookPhase, HookResponse } from './types.js';

const PRE = new Set(['beforeShellExecution', 'beforeMCPExecution', 'beforeReadFile']);
const POST = new Set(['afterShellExecution', 'afterMCPExecution', 'afterFileEdit']);

/** Payloads without `hook_event_name` (early releases) are told apart by their fields. */
function inferredEvent(obj: JsonObject): string {
  const has = (key: string): boolean => field(obj, key) !== undefined;
  if (has('output') && has('command')) return 'afterShellExecution';
  if (has('result_json')) return 'afterMCPExecution';
  if (has('tool_name')) return 'beforeMCPExecution';
  if (has('command')) return 'beforeShellExecution';
  if (has('edits')) return 'afterFileEdit';
  if (has('file_path')) return 'beforeReadFile';
  throw new PayloadError('malformed', 'hook payload has no "hook_event_name" and no fields of a Cursor hook');
}

/** `result_json` is the MCP result as a JSON string; a string that is not JSON is kept as text. */
function resultJson(obj: JsonObject): unknown {
  const raw = field(obj, 'result_json');
  if (typeof raw !== 'string') return raw ?? null;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return raw;
  }
}

function parse(obj: JsonObject, hookEvent: string, options: HookParseOptions | undefined): HookParseResult {
  const roots = optStringArray(obj, 'workspace_roots');
  const cwd = optString(obj, 'cwd') || roots[0];
  const session = firstString(obj, ['conversation_id', 'session_id']);
  const context = (tool: string) => eventContext({ agent: 'cursor', session, cwd, tool }, options);
  const phase: HookPhase = POST.has(hookEvent) ? 'post' : 'pre';
  const events = ((): Event[] => {
    switch (hookEvent) {
      case 'beforeShellExecution':
        return [commandEvent(requireString(obj, ['command'], hookEvent), context('Shell'))];
      case 'beforeMCPExecution': {
        const tool = requireString(obj, ['tool_name'], hookEvent);
        return [mcpEvent(cursorServer(obj, roots), tool, argumentsValue(obj, 'tool_input'), context(tool))];
      }
      case 'beforeReadFile': {
        // The content is what the model is about to read: scanned like any tool output.
        const path = requireString(obj, ['file_path'], hookEvent);
        const content = optString(obj, 'content');
        return [fileEvent(path, 'read', context('Read')), ...(content ? [resultEvent('Read', content, context('Read'))] : [])];
      }
      case 'afterShellExecution':
        return [resultEvent('Shell', optString(obj, 'output') ?? '', context('Shell'))];
      case 'afterMCPExecution': {
        const tool = requireString(obj, ['tool_name'], hookEvent);
        return [resultEvent(`${cursorServer(obj, roots)}/${tool}`, resultJson(obj), context(tool))];
      }
      case 'afterFileEdit':
        return [fileEvent(requireString(obj, ['file_path'], hookEvent), 'write', context('Edit'))];
      default:
        return [];
    }
  })();
  return { kind: 'parsed', phase, hookEvent, events };
}

function respond(decision: Decision | null, phase: HookPhase, hookEvent: string | undefined): HookResponse {
  const stance = stanceOf(decision);
  if (decision === null || stance === 'silent') return SILENT;
  // After a tool ran Cursor reads no answer; a warning has no field to travel in without granting
  // permission, so both only reach the hook log.
  if (phase === 'post' || (hookEvent !== undefined && POST.has(hookEvent))) return logOnly(stance === 'warn' ? warnText(decision) : denyText(decision, 'post'));
  if (stance === 'warn') return logOnly(warnText(decision));
  // beforeReadFile knows allow and deny only, and carries no message.
  if (hookEvent === 'beforeReadFile') return jsonResponse({ permission: 'deny' }, stance === 'ask' ? approvalNeededText(decision) : denyText(decision, 'pre'));
  const text = stance === 'ask' ? askText(decision) : denyText(decision, 'pre');
  return jsonResponse({ permission: stance === 'ask' ? 'ask' : 'deny', user_message: text, agent_message: text }, text);
}

export const cursor: HookAdapter = {
  agent: 'cursor',
  parse: (payload, options) =>
    guarded((seen) => {
      const obj = readPayload(payload);
      const hookEvent = optString(obj, 'hook_event_name') ?? inferredEvent(obj);
      seen.hookEvent = hookEvent;
      if (PRE.has(hookEvent) || POST.has(hookEvent)) seen.phase = POST.has(hookEvent) ? 'post' : 'pre';
      return parse(obj, hookEvent, options);
    }),
  respond,
};
