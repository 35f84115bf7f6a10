// The MCP clients `warden wrap` knows, and where each keeps its MCP servers (docs/mcp-clients.md).
import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, extname, join, resolve } from 'node:path';
import type { Containers } from './server-format.js';

export const MCP_CLIENTS = ['claude-code', 'claude-desktop', 'cursor', 'vscode', 'windsurf', 'gemini', 'codex', 'continue'] as const;
export type McpClient = (typeof MCP_CLIENTS)[number];
export const isMcpClient = (name: string): name is McpClient => (MCP_CLIENTS as readonly string[]).includes(name);

export const CLIENT_TITLES: Readonly<Record<McpClient, string>> = {
  'claude-code': 'Claude Code',
  'claude-desktop': 'Claude Desktop',
  cursor: 'Cursor',
  vscode: 'VS Code',
  windsurf: 'Windsurf',
  gemini: 'Gemini CLI',
  codex: 'Codex CLI',
  continue: 'Continue',
};

export type Scope = 'user' | 'project';

export interface ClientEnv {
  readonly home: string;
  /** The project: project-scope files are looked for here. */
  readonly cwd: string;
  /** CLAUDE_CONFIG_DIR, CODEX_HOME, CONTINUE_GLOBAL_DIR, XDG_CONFIG_HOME and APPDATA are read from here. */
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly platform: NodeJS.Platform;
}

export interface ConfigTarget {
  readonly client: McpClient;
  readonly file: string;
  /** user, project, or `file` for a file named with --config. */
  readonly scope: Scope | 'file';
  readonly format: ConfigFormat;
  readonly containers: Containers;
  /** The server's name when the file itself may be one entry (Continue's single-server JSON files). */
  readonly single?: string;
}

export type ConfigFormat = 'json' | 'toml' | 'yaml';

const only = (...path: string[]): Containers => () => [path];

/** Claude Code's ~/.claude.json: user servers at the top, local-scope servers under each project's path. */
const claudeJson: Containers = (doc) => {
  const projects = typeof doc === 'object' && doc !== null ? (doc as { projects?: unknown }).projects : undefined;
  const keys = typeof projects === 'object' && projects !== null && !Array.isArray(projects) ? Object.keys(projects) : [];
  return [['mcpServers'], ...keys.map((p) => ['projects', p, 'mcpServers'])];
};

/** Where Claude Code keeps its global config: a legacy .config.json when one exists, else .claude.json. */
function claudeGlobalFile({ home, env }: ClientEnv): string {
  const legacy = join(env.CLAUDE_CONFIG_DIR || join(home, '.claude'), '.config.json');
  return existsSync(legacy) ? legacy : join(env.CLAUDE_CONFIG_DIR || home, '.claude.json');
}

/** The per-user application data directory of a desktop app. */
function appDataDir(e: ClientEnv, app: string): string {
  if (e.platform === 'darwin') return join(e.home, 'Library', 'Application Support', app);
  if (e.platform === 'win32') return join(e.env.APPDATA || join(e.home, 'AppData', 'Roaming'), app);
  return join(e.env.XDG_CONFIG_HOME || join(e.home, '.config'), app);
}

/** Continue reads a JSON file in mcpServers/ as Claude-style `mcpServers`, or else as one server named after the file. */
const continueJson: Containers = (doc) => (typeof doc === 'object' && doc !== null && 'mcpServers' in doc ? [['mcpServers']] : [[]]);

/** A file of Continue's: YAML (config.yaml, blocks) with an `mcpServers` list, or JSON as above. */
function continueFile(file: string, scope: ConfigTarget['scope']): ConfigTarget {
  if (extname(file).toLowerCase() === '.json') return { client: 'continue', file, scope, format: 'json', containers: continueJson, single: basename(file, extname(file)) };
  return { client: 'continue', file, scope, format: 'yaml', containers: only('mcpServers') };
}

/** Files Continue loads from an mcpServers directory, as it walks it (subdirectories too), sorted; bounded. */
function continueBlocks(dir: string, scope: Scope): ConfigTarget[] {
  const found: string[] = [];
  const walk = (at: string, depth: number): void => {
    let entries;
    try {
      entries = readdirSync(at, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      if (found.length >= MAX_BLOCK_FILES) return;
      const path = join(at, entry.name);
      if (entry.isDirectory() && depth < MAX_BLOCK_DEPTH) walk(path, depth + 1);
      else if (/\.(ya?ml|json)$/i.test(entry.name) && (entry.isFile() || (entry.isSymbolicLink() && isFileBehind(path)))) found.push(path);
    }
  };
  walk(dir, 0);
  return found.map((file) => continueFile(file, scope));
}

/** Whether a symlink (a dotfile manager's) leads to a regular file. */
function isFileBehind(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** Bounds on walking an mcpServers directory: a config directory, not a file tree. */
const MAX_BLOCK_FILES = 200;
const MAX_BLOCK_DEPTH = 3;

function targets(client: McpClient, e: ClientEnv): ConfigTarget[] {
  const json = (scope: Scope, file: string, containers: Containers): ConfigTarget => ({ client, file, scope, format: 'json', containers });
  switch (client) {
    case 'claude-code':
      return [json('user', claudeGlobalFile(e), claudeJson), json('project', join(e.cwd, '.mcp.json'), only('mcpServers'))];
    case 'claude-desktop':
      return [json('user', join(appDataDir(e, 'Claude'), 'claude_desktop_config.json'), only('mcpServers'))];
    case 'cursor':
      return [json('user', join(e.home, '.cursor', 'mcp.json'), only('mcpServers')), json('project', join(e.cwd, '.cursor', 'mcp.json'), only('mcpServers'))];
    case 'vscode': {
      const user = join(appDataDir(e, 'Code'), 'User');
      return [
        json('user', join(user, 'mcp.json'), only('servers')),
        json('user', join(user, 'settings.json'), only('mcp', 'servers')),
        json('project', join(e.cwd, '.vscode', 'mcp.json'), only('servers')),
        json('project', join(e.cwd, '.vscode', 'settings.json'), only('mcp', 'servers')),
      ];
    }
    case 'windsurf':
      return [json('user', join(e.home, '.codeium', 'windsurf', 'mcp_config.json'), only('mcpServers'))];
    case 'gemini':
      return [json('user', join(e.home, '.gemini', 'settings.json'), only('mcpServers')), json('project', join(e.cwd, '.gemini', 'settings.json'), only('mcpServers'))];
    case 'codex':
      return [
        { client, file: join(e.env.CODEX_HOME || join(e.home, '.codex'), 'config.toml'), scope: 'user', format: 'toml', containers: only('mcp_servers') },
        { client, file: join(e.cwd, '.codex', 'config.toml'), scope: 'project', format: 'toml', containers: only('mcp_servers') },
      ];
    case 'continue': {
      const global = e.env.CONTINUE_GLOBAL_DIR || join(e.home, '.continue');
      return [
        continueFile(join(global, 'config.yaml'), 'user'),
        ...continueBlocks(join(global, 'mcpServers'), 'user'),
        ...continueBlocks(join(e.cwd, '.continue', 'mcpServers'), 'project'),
      ];
    }
  }
}

/**
 * The client's config files (existing or not), of one scope or both. Run in the home directory, a
 * project file can be a user file too (~/.cursor/mcp.json, ~/.continue/mcpServers/): it is listed
 * once, as the user's.
 */
export function configTargets(client: McpClient, e: ClientEnv, scope?: Scope): ConfigTarget[] {
  const seen = new Set<string>();
  // Absolute, whatever the environment variables say: the wrap record must find the file again
  // from any directory.
  return targets(client, e).map((t) => ({ ...t, file: resolve(e.cwd, t.file) })).filter((t) => {
    if (seen.has(t.file)) return false;
    seen.add(t.file);
    return scope === undefined || t.scope === scope;
  });
}

/** A file named with --config, read the way the client reads its own. */
export function fileTarget(client: McpClient, given: string): ConfigTarget {
  const file = resolve(given);
  const name = basename(file);
  if (client === 'codex') return { client, file, scope: 'file', format: 'toml', containers: only('mcp_servers') };
  if (client === 'continue') return continueFile(file, 'file');
  const containers =
    client === 'claude-code' && (name === '.claude.json' || name === '.config.json') ? claudeJson
      : client === 'vscode' ? (name === 'settings.json' ? only('mcp', 'servers') : only('servers'))
        : only('mcpServers');
  return { client, file, scope: 'file', format: 'json', containers };
}

/** Clients with at least one config file on this machine (or in this project). */
export const foundClients = (e: ClientEnv): McpClient[] => MCP_CLIENTS.filter((c) => targets(c, e).some((t) => existsSync(t.file)));
