// Naming the MCP server behind a Cursor beforeMCPExecution / afterMCPExecution payload.
import { firstString, optString, type JsonObject } from './payload.js';

const baseName = (path: string): string => path.replace(/[/\\]+$/, '').split(/[/\\]/).pop() ?? '';

/**
 * Cursor exposes servers as `user-<name>` (user mcp.json) or `project-<i>-<folder>-<name>`
 * (the mcp.json of workspace root i); the configured name is what policy rules use.
 */
export function configuredName(exposed: string, roots: readonly string[]): string {
  const user = /^user-(.+)$/.exec(exposed);
  if (user?.[1]) return user[1];
  const project = /^project-(\d+)-(.+)$/.exec(exposed);
  if (project?.[1] && project[2]) {
    const folder = baseName(roots[Number(project[1])] ?? '');
    if (folder && project[2].startsWith(`${folder}-`) && project[2].length > folder.length + 1) return project[2].slice(folder.length + 1);
  }
  return exposed;
}

/** Programs that start a server without being it, and their subcommands. */
const LAUNCHERS = new Set(['npx', 'bunx', 'pnpx', 'uvx', 'node', 'deno', 'bun', 'python', 'python3', 'uv', 'pipx', 'npm', 'pnpm', 'yarn', 'docker', 'podman', 'run', 'exec', 'dlx', 'x']);

/** A name for a stdio server from its command: the first word past launchers and flags, unscoped, unversioned. */
export function programLabel(command: string): string {
  for (const word of command.trim().split(/\s+/)) {
    if (word === '' || word.startsWith('-') || /^\w+=/.test(word) || LAUNCHERS.has(baseName(word))) continue;
    return baseName(word.replace(/^@[^/]+\//, '').replace(/(.)@[^@/]*$/, '$1')) || word;
  }
  return command.trim();
}

/** The server's configured name when Cursor sends it (`mcp_server_name`), else its URL's host or its command. */
export function cursorServer(obj: JsonObject, roots: readonly string[]): string {
  const exposed = optString(obj, 'mcp_server_name');
  if (exposed) return configuredName(exposed, roots);
  const url = firstString(obj, ['mcp_server_url', 'url']);
  if (url) {
    try {
      return new URL(url).hostname || url;
    } catch {
      return url;
    }
  }
  const command = optString(obj, 'command');
  return command ? programLabel(command) : '';
}
