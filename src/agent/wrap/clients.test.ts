// Where each client's MCP config is looked for, per platform and environment.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { configTargets, fileTarget, foundClients, type ClientEnv, type McpClient } from './clients.js';

let root: string;
beforeEach(() => { root = mkdtempSync(join(tmpdir(), 'warden-clients-')); });
afterEach(() => rmSync(root, { recursive: true, force: true }));

const files = (client: McpClient, e: Partial<ClientEnv> = {}) =>
  configTargets(client, { home: '/h', cwd: '/p', env: {}, platform: 'linux', ...e }).map((t) => `${t.scope} ${t.file} ${JSON.stringify(t.containers({}))}`);

describe('config locations', () => {
  it('knows each client\'s user and project files on Linux', () => {
    expect(files('claude-code')).toEqual(['user /h/.claude.json [["mcpServers"]]', 'project /p/.mcp.json [["mcpServers"]]']);
    expect(files('claude-desktop')).toEqual(['user /h/.config/Claude/claude_desktop_config.json [["mcpServers"]]']);
    expect(files('cursor')).toEqual(['user /h/.cursor/mcp.json [["mcpServers"]]', 'project /p/.cursor/mcp.json [["mcpServers"]]']);
    expect(files('vscode')).toEqual([
      'user /h/.config/Code/User/mcp.json [["servers"]]',
      'user /h/.config/Code/User/settings.json [["mcp","servers"]]',
      'project /p/.vscode/mcp.json [["servers"]]',
      'project /p/.vscode/settings.json [["mcp","servers"]]',
    ]);
    expect(files('windsurf')).toEqual(['user /h/.codeium/windsurf/mcp_config.json [["mcpServers"]]']);
    expect(files('gemini')).toEqual(['user /h/.gemini/settings.json [["mcpServers"]]', 'project /p/.gemini/settings.json [["mcpServers"]]']);
    expect(files('codex')).toEqual(['user /h/.codex/config.toml [["mcp_servers"]]', 'project /p/.codex/config.toml [["mcp_servers"]]']);
  });

  it('follows the platform and the environment', () => {
    expect(files('claude-desktop', { platform: 'darwin' })).toEqual(['user /h/Library/Application Support/Claude/claude_desktop_config.json [["mcpServers"]]']);
    expect(files('claude-desktop', { platform: 'win32', env: { APPDATA: '/appdata' } })).toEqual(['user /appdata/Claude/claude_desktop_config.json [["mcpServers"]]']);
    expect(files('vscode', { env: { XDG_CONFIG_HOME: '/x' } })[0]).toBe('user /x/Code/User/mcp.json [["servers"]]');
    expect(files('codex', { env: { CODEX_HOME: '/c' } })[0]).toBe('user /c/config.toml [["mcp_servers"]]');
    expect(files('claude-code', { env: { CLAUDE_CONFIG_DIR: '/cc' } })[0]).toBe('user /cc/.claude.json [["mcpServers"]]');
    expect(configTargets('cursor', { home: '/h', cwd: '/p', env: {}, platform: 'linux' }, 'project').map((t) => t.file)).toEqual(['/p/.cursor/mcp.json']);
  });

  it('reads Claude Code\'s legacy .config.json when it exists, and every project\'s servers in the global file', () => {
    mkdirSync(join(root, '.claude'));
    writeFileSync(join(root, '.claude/.config.json'), '{}');
    const [user] = configTargets('claude-code', { home: root, cwd: '/p', env: {}, platform: 'linux' });
    expect(user?.file).toBe(join(root, '.claude/.config.json'));
    expect(user?.containers({ projects: { '/a': {}, '/b c': {} } })).toEqual([['mcpServers'], ['projects', '/a', 'mcpServers'], ['projects', '/b c', 'mcpServers']]);
  });

  it('reads a file named with --config the way the client reads its own', () => {
    expect(fileTarget('vscode', '/x/settings.json').containers({})).toEqual([['mcp', 'servers']]);
    expect(fileTarget('vscode', '/x/mcp.json').containers({})).toEqual([['servers']]);
    expect(fileTarget('codex', '/x/other.toml')).toMatchObject({ format: 'toml', scope: 'file' });
    expect(fileTarget('claude-code', '/x/.claude.json').containers({ projects: { '/a': {} } })).toEqual([['mcpServers'], ['projects', '/a', 'mcpServers']]);
  });

  it('knows Continue\'s config.yaml and the files of its mcpServers directories, global and in the project', () => {
    expect(files('continue')).toEqual(['user /h/.continue/config.yaml [["mcpServers"]]']);
    expect(files('continue', { env: { CONTINUE_GLOBAL_DIR: '/g' } })).toEqual(['user /g/config.yaml [["mcpServers"]]']);
    const home = join(root, 'home');
    const project = join(root, 'p');
    const write = (path: string): void => {
      mkdirSync(join(path, '..'), { recursive: true });
      writeFileSync(path, '');
    };
    write(join(home, '.continue/mcpServers/b.yaml'));
    write(join(home, '.continue/mcpServers/a.json'));
    write(join(home, '.continue/mcpServers/notes.md'));
    write(join(project, '.continue/mcpServers/team/db.yml'));
    write(join(project, '.continue/mcpServers/x/y/z/w/too-deep.yaml'));
    // A block file linked in by a dotfile manager is read; a dangling link is not.
    write(join(root, 'dotfiles/linked.yaml'));
    symlinkSync(join(root, 'dotfiles/linked.yaml'), join(home, '.continue/mcpServers/c-linked.yaml'));
    symlinkSync(join(root, 'dotfiles/gone.yaml'), join(home, '.continue/mcpServers/d-gone.yaml'));
    const targets = configTargets('continue', { home, cwd: project, env: {}, platform: 'linux' });
    expect(targets.map((t) => `${t.scope} ${t.file.slice(root.length)} ${t.format} ${t.single ?? ''}`)).toEqual([
      'user /home/.continue/config.yaml yaml ',
      'user /home/.continue/mcpServers/a.json json a',
      'user /home/.continue/mcpServers/b.yaml yaml ',
      'user /home/.continue/mcpServers/c-linked.yaml yaml ',
      'project /p/.continue/mcpServers/team/db.yml yaml ',
    ]);
    // A JSON file holds Claude-style `mcpServers`, or is itself one server.
    const json = targets[1]!;
    expect(json.containers({ mcpServers: {} })).toEqual([['mcpServers']]);
    expect(json.containers({ command: 'npx' })).toEqual([[]]);
    // Run in the home directory, the project's files are the user's: listed once.
    expect(configTargets('continue', { home, cwd: home, env: {}, platform: 'linux' }).map((t) => `${t.scope} ${t.file.slice(root.length)}`)).toEqual([
      'user /home/.continue/config.yaml', 'user /home/.continue/mcpServers/a.json', 'user /home/.continue/mcpServers/b.yaml',
      'user /home/.continue/mcpServers/c-linked.yaml',
    ]);
    expect(files('cursor', { cwd: '/h' })).toEqual(['user /h/.cursor/mcp.json [["mcpServers"]]']);
    expect(fileTarget('continue', '/x/servers.json')).toMatchObject({ format: 'json', single: 'servers', scope: 'file' });
    expect(fileTarget('continue', '/x/config.yaml')).toMatchObject({ format: 'yaml', scope: 'file' });
  });

  it('finds the clients that have a config here', () => {
    const home = join(root, 'home');
    mkdirSync(join(home, '.codeium/windsurf'), { recursive: true });
    writeFileSync(join(home, '.codeium/windsurf/mcp_config.json'), '{}');
    mkdirSync(join(root, 'p/.gemini'), { recursive: true });
    writeFileSync(join(root, 'p/.gemini/settings.json'), '{}');
    expect(foundClients({ home, cwd: join(root, 'p'), env: {}, platform: 'linux' })).toEqual(['windsurf', 'gemini']);
  });
});
