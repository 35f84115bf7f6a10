// The MCP clients `warden wrap` knows, and where each keeps its MCP servers (docs/mcp-clients.md).
import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Containers } from './server-format.js';

export const MCP_CLIENTS = ['claude-code', 'claude-desktop', 'cursor', 'vscode', 'windsurf', 'gemini', 'codex'] as const;
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
};

export type Scope = 'user' | 'project';

export interface ClientEnv {
  readonly home: string;
  /** The project: project-scope files are looked for here. */
  readonly cwd: string;
  /** CLAUDE_CONFIG_DIR, CODEX_HOME, XDG_CONFIG_HOME and APPDATA are read from here. */
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly platform: NodeJS.Platform;
}

export interface ConfigTarget {
  readonly client: McpClient;
  readonly file: string;
  /** user, project, or `file` for a file named with --config. */
  readonly scope: Scope | 'file';
  readonly format: 'json' | 'toml';
  readonly containers: Containers;
}

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
  }
}

/** The client's config files (existing or not), of one scope or both. */
export const configTargets = (client: McpClient, e: ClientEnv, scope?: Scope): ConfigTarget[] =>
  targets(client, e).filter((t) => scope === undefined || t.scope === scope);

/** A file named with --config, read the way the client reads its own. */
export function fileTarget(client: McpClient, file: string): ConfigTarget {
  const name = basename(file);
  if (client === 'codex') return { client, file, scope: 'file', format: 'toml', containers: only('mcp_servers') };
  const containers =
    client === 'claude-code' && (name === '.claude.json' || name === '.config.json') ? claudeJson
      : client === 'vscode' ? (name === 'settings.json' ? only('mcp', 'servers') : only('servers'))
        : only('mcpServers');
  return { client, file, scope: 'file', format: 'json', containers };
}

/** Clients with at least one config file on this machine (or in this project). */
export const foundClients = (e: ClientEnv): McpClient[] => MCP_CLIENTS.filter((c) => targets(c, e).some((t) => existsSync(t.file)));
