// Events as adapters build them, with the context every agent supplies in its own words.
import type { Event, EventContext } from '../../core/events.js';
import { checkCount } from './payload.js';
import type { HookAgent, HookParseOptions } from './types.js';

export interface CallContext {
  readonly agent: HookAgent;
  readonly session?: string | undefined;
  readonly cwd?: string | undefined;
  readonly tool?: string | undefined;
}

/** The caller's context (host, home, role) under what the payload says; empty values are left out. */
export function eventContext(call: CallContext, options: HookParseOptions | undefined): EventContext {
  const out: Record<string, string> = {};
  for (const layer of [options?.context ?? {}, call]) {
    for (const [key, value] of Object.entries(layer)) if (typeof value === 'string' && value !== '') out[key] = value;
  }
  return out;
}

export const commandEvent = (command: string, context: EventContext): Event => ({ kind: 'command', command, context });

export const fileEvent = (path: string, access: 'read' | 'write', context: EventContext): Event => ({ kind: 'file_access', path, access, context });

export const webEvent = (url: string, context: EventContext): Event => ({ kind: 'web_request', url, context });

export const mcpEvent = (server: string, tool: string, args: unknown, context: EventContext): Event => ({
  kind: 'mcp_tool_call',
  server,
  tool,
  arguments: args,
  context,
});

export const resultEvent = (tool: string, content: unknown, context: EventContext): Event => ({ kind: 'tool_result', tool, content, context });

/** Each path a tool touches, once, in order. */
export function fileEvents(paths: readonly string[], access: 'read' | 'write', context: EventContext): Event[] {
  const unique = [...new Set(paths.filter((p) => p !== ''))];
  return checkCount(unique, 'files').map((p) => fileEvent(p, access, context));
}

/**
 * A web search contacts the domains it is limited to, or else a search provider the agent does not
 * name: that case has no host, so the role's web default judges it, and the query stays visible.
 */
export const WEB_SEARCH_URL = 'web-search:';

export function webSearchEvents(query: string, domains: readonly string[], context: EventContext): Event[] {
  const q = `?q=${encodeURIComponent(query)}`;
  const hosts = [...new Set(domains.map((d) => d.trim()).filter((d) => d !== ''))];
  if (hosts.length === 0) return [webEvent(`${WEB_SEARCH_URL}${q}`, context)];
  return checkCount(hosts, 'search domains').map((host) => webEvent(`https://${host}/${q}`, context));
}

const URL_IN_TEXT = /\bhttps?:\/\/[^\s"'<>`()[\]{}]+/gi;

/** The http(s) URLs a prompt names (Gemini's web_fetch), without trailing punctuation. */
export function urlsInText(text: string): string[] {
  const found = (text.match(URL_IN_TEXT) ?? []).map((u) => u.replace(/[.,;:!?]+$/, ''));
  return [...checkCount([...new Set(found)], 'URLs in the prompt')];
}
