// Splitting an agent's name for an MCP tool into the server and the tool that policy rules name.

export interface McpName {
  readonly server: string;
  readonly tool: string;
}

/** The longest configured server that `name` starts with (in any case), followed by the separator. */
function knownSplit(name: string, separator: string, servers: readonly string[] | undefined): McpName | null {
  const lower = name.toLowerCase();
  let length = -1;
  for (const server of servers ?? []) {
    if (server !== '' && server.length > length && lower.startsWith(`${server.toLowerCase()}${separator}`)) length = server.length;
  }
  return length < 0 ? null : { server: name.slice(0, length), tool: name.slice(length + separator.length) };
}

export const MCP_PREFIX = 'mcp__';

/**
 * `mcp__<server>__<tool>` (Claude Code, Codex, Gemini CLI). The server ends at the first `__` after
 * the prefix, so a tool keeps any `__` of its own (`mcp__db__drop__table` is db / drop__table); a
 * configured server name whose own `__` would mislead that reading is matched first. Null when the
 * name has no `mcp__` prefix.
 */
export function splitMcpName(name: string, servers?: readonly string[]): McpName | null {
  if (!name.startsWith(MCP_PREFIX)) return null;
  return splitDoubleUnderscore(name.slice(MCP_PREFIX.length), servers);
}

/** `<server>__<tool>`, split as splitMcpName does after its prefix. */
export function splitDoubleUnderscore(rest: string, servers?: readonly string[]): McpName {
  const known = knownSplit(rest, '__', servers);
  if (known) return known;
  const at = rest.indexOf('__');
  return at < 0 ? { server: rest, tool: '' } : { server: rest.slice(0, at), tool: rest.slice(at + 2) };
}

/** The MCP server Copilot CLI ships with, whose own name has dashes. */
const COPILOT_BUILT_IN_SERVERS = ['github-mcp-server'];

/**
 * `<server>-<tool>` (Copilot CLI). Both halves may hold dashes, so configured servers decide first,
 * then the built-in GitHub server; otherwise the tool is taken to be the part after the last dash,
 * since MCP tools are mostly named in snake_case and server keys in kebab-case. Null without a dash.
 */
export function splitDashedName(name: string, servers?: readonly string[]): McpName | null {
  const known = knownSplit(name, '-', [...(servers ?? []), ...COPILOT_BUILT_IN_SERVERS]);
  if (known) return known;
  const at = name.lastIndexOf('-');
  return at <= 0 || at === name.length - 1 ? null : { server: name.slice(0, at), tool: name.slice(at + 1) };
}
