// Discovery over real files in a temporary HOME: every client's format, Claude Code's projects and
// plugins, the static findings, and hostile files (each skipped with a reason, never a crash).
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ClientEnv } from '../wrap/clients.js';
import { discover } from './discover.js';
import { MAX_CONFIG_BYTES } from './read-file.js';
import type { Discovered } from './types.js';
import { fingerprint, wireItems } from './wire.js';

/** The control plane's rule for names (docs/api.md, POST /host/discoveries). */
const SERVER_NAME = /^[^/*?[\]{}\s\p{Cc}][^/*?[\]{}\p{Cc}]*$/u;
const TOKEN = 'ghp_aB3dE5fG7hI9jK1lM3nO5pQ7rS9tU1vW3xY5';

let home: string;
let project: string;
let e: ClientEnv;
beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'warden-discovery-'));
  project = join(home, 'work', 'app');
  mkdirSync(project, { recursive: true });
  e = { home, cwd: project, env: {}, platform: 'linux' };
});
afterEach(() => rmSync(home, { recursive: true, force: true }));

function put(file: string, content: unknown): string {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  return file;
}

const byName = (items: readonly Discovered[], name: string): Discovered => {
  const found = items.find((i) => i.name === name);
  if (!found) throw new Error(`${name} not found in ${items.map((i) => i.name).join(', ')}`);
  return found;
};
const titles = (d: Discovered): string[] => d.findings.map((f) => `${f.severity}: ${f.title}`);

describe('MCP servers in every client', () => {
  it('reads each client\'s format and says where each server is configured', () => {
    put(join(home, '.claude.json'), { mcpServers: { 'cc-user': { command: 'node', args: ['server.js'] } }, projects: { [project]: { mcpServers: { 'cc-local': { command: 'python3', args: ['-m', 'srv'] } } } } });
    put(join(project, '.mcp.json'), { mcpServers: { 'cc-project': { type: 'http', url: 'https://mcp.example.com/mcp' } } });
    put(join(home, '.config', 'Claude', 'claude_desktop_config.json'), { mcpServers: { desktop: { command: 'desktop-srv' } } });
    put(join(home, '.cursor', 'mcp.json'), { mcpServers: { 'cursor-user': { url: 'https://cursor.example.com/sse' } } });
    put(join(project, '.cursor', 'mcp.json'), { mcpServers: { 'cursor-project': { command: 'cur' } } });
    put(join(home, '.config', 'Code', 'User', 'mcp.json'), { servers: { 'vscode-user': { type: 'stdio', command: 'vs' } } });
    put(join(project, '.vscode', 'settings.json'), '{\n  // comments are allowed here\n  "mcp": { "servers": { "vscode-settings": { "command": "vs2" } } }\n}');
    put(join(home, '.codeium', 'windsurf', 'mcp_config.json'), { mcpServers: { windsurf: { serverUrl: 'https://ws.example.com/mcp' } } });
    put(join(home, '.gemini', 'settings.json'), { mcpServers: { gemini: { httpUrl: 'https://g.example.com/mcp' } } });
    put(join(home, '.codex', 'config.toml'), '[mcp_servers.codex-srv]\ncommand = "npx"\nargs = ["-y", "@acme/mcp@1.4.2"]\n');

    const r = discover(e);
    expect(r.skipped).toEqual([]);
    const seen = r.items.map((i) => `${i.client} ${i.scope} ${i.name} ${i.file.slice(home.length)}`).sort();
    expect(seen).toEqual([
      'claude-code project cc-project /work/app/.mcp.json',
      'claude-code user cc-local /.claude.json',
      'claude-code user cc-user /.claude.json',
      'claude-desktop user desktop /.config/Claude/claude_desktop_config.json',
      'codex user codex-srv /.codex/config.toml',
      'cursor project cursor-project /work/app/.cursor/mcp.json',
      'cursor user cursor-user /.cursor/mcp.json',
      'gemini user gemini /.gemini/settings.json',
      'vscode project vscode-settings /work/app/.vscode/settings.json',
      'vscode user vscode-user /.config/Code/User/mcp.json',
      'windsurf user windsurf /.codeium/windsurf/mcp_config.json',
    ]);
    expect(byName(r.items, 'codex-srv')).toMatchObject({ type: 'mcp_server', version: '1.4.2', launch: { kind: 'stdio', command: 'npx', args: ['-y', '@acme/mcp@1.4.2'] } });
    expect(byName(r.items, 'windsurf').launch).toEqual({ kind: 'remote', url: 'https://ws.example.com/mcp' });
    expect(byName(r.items, 'gemini').launch).toEqual({ kind: 'remote', url: 'https://g.example.com/mcp' });
  });

  it('finds project files in every project Claude Code knows, not only the working directory', () => {
    const other = join(home, 'src', 'other');
    put(join(home, '.claude.json'), { projects: { [other]: { allowedTools: [] }, 'relative/ignored': {} } });
    put(join(other, '.mcp.json'), { mcpServers: { 'other-db': { command: 'db-mcp' } } });
    put(join(other, '.cursor', 'mcp.json'), { mcpServers: { 'other-cursor': { command: 'c' } } });
    const r = discover(e);
    expect(r.items.map((i) => i.name).sort()).toEqual(['other-cursor', 'other-db']);
    expect(r.files).toContain(join(other, '.mcp.json'));
  });

  it('reads the server behind warden proxy, not the proxy, and marks disabled entries', () => {
    put(join(home, '.cursor', 'mcp.json'), { mcpServers: {
      wrapped: { command: '/usr/bin/node', args: ['/opt/warden/build/src/cli/main.js', 'proxy', '--name', 'wrapped', '--', 'npx', '-y', 'some-mcp'] },
      off: { command: 'x', disabled: true },
    } });
    const r = discover(e);
    expect(byName(r.items, 'wrapped').launch).toEqual({ kind: 'stdio', command: 'npx', args: ['-y', 'some-mcp'], wrapped: true });
    expect(titles(byName(r.items, 'wrapped'))).toEqual(['medium: unpinned package some-mcp fetched at every start (npx)', 'info: runs behind warden proxy']);
    expect(byName(r.items, 'off').disabled).toBe(true);
  });

  it('reports names the control plane accepts, and keeps the name as written', () => {
    put(join(home, '.cursor', 'mcp.json'), { mcpServers: { 'team/db*': { command: 'a' }, ' spaced{x}': { command: 'b' }, 'tab\there': { command: 'c' }, '/*?': { command: 'd' } } });
    const r = discover(e);
    expect(r.items.map((i) => [i.name, i.originalName])).toEqual([['team-db-', 'team/db*'], ['spaced-x-', ' spaced{x}'], ['tab-here', 'tab\there']]);
    for (const i of r.items) expect(i.name).toMatch(SERVER_NAME);
    expect(r.skipped).toEqual([{ file: join(home, '.cursor', 'mcp.json'), name: '/*?', reason: 'the name has no character the control plane accepts' }]);
  });
});

describe('findings', () => {
  it('flags unpinned packages fetched at start, and not pinned ones', () => {
    put(join(home, '.cursor', 'mcp.json'), { mcpServers: {
      unpinned: { command: 'npx', args: ['-y', '@modelcontextprotocol/server-github'] },
      latest: { command: 'npx', args: ['--yes', 'mcp-thing@latest'] },
      pinned: { command: 'npx', args: ['-y', '@modelcontextprotocol/server-filesystem@2025.8.21', '/tmp'] },
      uvx: { command: 'uvx', args: ['mcp-server-fetch'] },
      'uvx-pinned': { command: 'uvx', args: ['mcp-server-git==0.6.2'] },
      dlx: { command: 'pnpm', args: ['dlx', 'foo-mcp'] },
      local: { command: 'node', args: ['./server.js'] },
    } });
    const r = discover(e);
    expect(titles(byName(r.items, 'unpinned'))).toEqual(['medium: unpinned package @modelcontextprotocol/server-github fetched at every start (npx)']);
    expect(titles(byName(r.items, 'latest'))).toEqual(['medium: unpinned package mcp-thing fetched at every start (npx)']);
    expect(byName(r.items, 'pinned')).toMatchObject({ version: '2025.8.21', findings: [] });
    expect(titles(byName(r.items, 'uvx'))).toEqual(['medium: unpinned package mcp-server-fetch fetched at every start (uvx)']);
    expect(byName(r.items, 'uvx-pinned')).toMatchObject({ version: '0.6.2', findings: [] });
    expect(titles(byName(r.items, 'dlx'))).toEqual(['medium: unpinned package foo-mcp fetched at every start (pnpm)']);
    expect(byName(r.items, 'local').findings).toEqual([]);
  });

  it('flags plain http to another machine as high, on loopback as low', () => {
    put(join(home, '.cursor', 'mcp.json'), { mcpServers: { far: { url: 'http://mcp.example.com/mcp' }, near: { url: 'http://127.0.0.1:7711/mcp' }, tls: { url: 'https://mcp.example.com/mcp' } } });
    const r = discover(e);
    expect(titles(byName(r.items, 'far'))).toEqual(['high: remote server over plain http (mcp.example.com): calls and any token travel unencrypted']);
    expect(titles(byName(r.items, 'near'))).toEqual(['low: remote server over plain http on this machine (127.0.0.1:7711)']);
    expect(byName(r.items, 'tls').findings).toEqual([]);
  });

  it('flags credentials written in the config without ever carrying them', () => {
    const file = put(join(home, '.claude.json'), { mcpServers: {
      github: { command: 'gh-mcp', env: { GITHUB_PERSONAL_ACCESS_TOKEN: TOKEN, LOG_LEVEL: 'debug' } },
      db: { command: 'pg-mcp', env: { DB_PASSWORD: 'hunter2-but-longer' } },
      referenced: { command: 'gh-mcp', env: { GITHUB_TOKEN: '${GITHUB_TOKEN}', API_KEY: '<your key>' } },
      header: { type: 'http', url: 'https://api.example.com/mcp', headers: { Authorization: `Bearer ${TOKEN}` } },
      'header-ref': { type: 'http', url: 'https://api.example.com/mcp', headers: { Authorization: 'Bearer ${API_TOKEN}' } },
      'in-url': { url: 'https://user:s3cr3t-pass-word@api.example.com/mcp' },
      'in-args': { command: 'srv', args: ['--api-key', 'Zx8#kq2LmP0vR7tY'] },
    } });
    const r = discover(e);
    expect(titles(byName(r.items, 'github'))).toEqual([`high: credential in plain text in ${file} (env GITHUB_PERSONAL_ACCESS_TOKEN)`]);
    expect(titles(byName(r.items, 'db'))).toEqual([`high: credential in plain text in ${file} (env DB_PASSWORD)`]);
    expect(byName(r.items, 'referenced').findings).toEqual([]);
    expect(titles(byName(r.items, 'header'))).toEqual([`high: credential in plain text in ${file} (headers Authorization)`]);
    expect(byName(r.items, 'header-ref').findings).toEqual([]);
    expect(titles(byName(r.items, 'in-url'))).toEqual([`high: credential in plain text in the server URL in ${file}`]);
    expect(titles(byName(r.items, 'in-args'))).toEqual([`high: credential in plain text in the command line in ${file}`]);
    const everything = JSON.stringify([r, wireItems(r.items)]);
    for (const secret of [TOKEN, 'hunter2-but-longer', 's3cr3t-pass-word', 'Zx8#kq2LmP0vR7tY']) expect(everything).not.toContain(secret);
  });
});

describe('Claude Code plugins', () => {
  it('lists installed plugins with their version, enabled state and what their bundled servers show', () => {
    const installPath = join(home, '.claude', 'plugins', 'cache', 'acme', 'deploy-tools', '2.1.0');
    put(join(installPath, '.mcp.json'), { mcpServers: { deployer: { command: 'npx', args: ['-y', 'acme-deploy-mcp'] } } });
    put(join(home, '.claude', 'plugins', 'installed_plugins.json'), { version: 2, plugins: {
      'deploy-tools@acme': [{ scope: 'user', installPath, version: '2.1.0', installedAt: '2025-11-01T00:00:00Z' }],
      'notes@acme': [{ scope: 'user', installPath: join(home, 'nowhere'), version: 'unknown' }],
      'old-format@x': { version: '0.1.0', installPath: 'relative/path' },
      'broken@x': 'not an object',
    } });
    put(join(home, '.claude', 'settings.json'), { enabledPlugins: { 'deploy-tools@acme': true, 'notes@acme': false } });
    const r = discover(e);
    const deploy = byName(r.items, 'deploy-tools@acme');
    expect(deploy).toMatchObject({ type: 'plugin', version: '2.1.0', disabled: false, launch: { kind: 'plugin', installPath } });
    expect(titles(deploy)).toEqual(['info: bundles MCP server deployer', 'medium: bundled MCP server deployer: unpinned package acme-deploy-mcp fetched at every start (npx)']);
    expect(byName(r.items, 'notes@acme')).toMatchObject({ disabled: true, findings: [] });
    expect(byName(r.items, 'notes@acme').version).toBeUndefined();
    expect(byName(r.items, 'old-format@x')).toMatchObject({ version: '0.1.0', launch: { kind: 'plugin', installPath: null } });
    expect(r.skipped).toEqual([{ file: join(home, '.claude', 'plugins', 'installed_plugins.json'), name: 'broken@x', reason: 'no install record' }]);
  });

  it('follows CLAUDE_CONFIG_DIR', () => {
    put(join(home, 'cc', 'plugins', 'installed_plugins.json'), { version: 2, plugins: { 'p@m': [{ version: '1.0.0' }] } });
    expect(discover({ ...e, env: { CLAUDE_CONFIG_DIR: join(home, 'cc') } }).items.map((i) => i.name)).toEqual(['p@m']);
  });
});

describe('hostile files', () => {
  it('skips what it cannot read with a reason, and still reports everything else', () => {
    put(join(home, '.cursor', 'mcp.json'), '{"mcpServers": {"a": ');
    put(join(home, '.codex', 'config.toml'), '[mcp_servers.x\ncommand = ');
    put(join(home, '.gemini', 'settings.json'), '\u0000\u0001 not json at all');
    put(join(home, '.codeium', 'windsurf', 'mcp_config.json'), { mcpServers: ['not', 'an', 'object'] });
    const huge = put(join(home, '.config', 'Claude', 'claude_desktop_config.json'), '');
    truncateSync(huge, MAX_CONFIG_BYTES + 1);
    mkdirSync(join(home, '.config', 'Code', 'User', 'mcp.json'), { recursive: true });
    mkdirSync(join(project, '.cursor'), { recursive: true });
    symlinkSync(join(project, '.cursor', 'mcp.json'), join(project, '.cursor', 'mcp.json.loop'));
    symlinkSync(join(project, '.cursor', 'mcp.json.loop'), join(project, '.cursor', 'mcp.json'));
    mkdirSync(join(project, '.gemini'), { recursive: true });
    symlinkSync('/dev/zero', join(project, '.gemini', 'settings.json'));
    mkdirSync(join(project, '.vscode'), { recursive: true });
    symlinkSync(join(home, 'missing-target.json'), join(project, '.vscode', 'mcp.json'));
    writeFileSync(join(project, '.vscode', 'settings.json'), Buffer.from([0x7b, 0xff, 0xfe, 0x7d]));
    put(join(home, '.claude', 'plugins', 'installed_plugins.json'), '[1, 2');
    put(join(project, '.mcp.json'), { mcpServers: { good: { command: 'ok-mcp' }, bad: { command: 42 }, worse: { type: 'carrier-pigeon' } } });

    const r = discover(e);
    expect(r.items.map((i) => i.name)).toEqual(['good']);
    const reasons = r.skipped.map((s) => `${s.file.slice(home.length)}${s.name ? ` ${s.name}` : ''}: ${s.reason.replaceAll(home, '~')}`);
    expect(reasons).toEqual([
      expect.stringMatching(/^\/\.config\/Claude\/claude_desktop_config\.json: ~\/.*is 16777217 bytes, more than/),
      expect.stringMatching(/^\/\.cursor\/mcp\.json: .*is not valid JSON/),
      expect.stringMatching(/^\/\.config\/Code\/User\/mcp\.json: .*is a directory$/),
      expect.stringMatching(/^\/\.codeium\/windsurf\/mcp_config\.json: .*"mcpServers" is not an object/),
      expect.stringMatching(/^\/\.gemini\/settings\.json: .*is not valid JSON/),
      expect.stringMatching(/^\/\.codex\/config\.toml: /),
      '/work/app/.mcp.json bad: command is not a string',
      '/work/app/.mcp.json worse: unknown type "carrier-pigeon"',
      expect.stringMatching(/^\/work\/app\/\.cursor\/mcp\.json: cannot read .*ELOOP/),
      expect.stringMatching(/^\/work\/app\/\.vscode\/settings\.json: .*is not UTF-8 text/),
      expect.stringMatching(/^\/work\/app\/\.gemini\/settings\.json: .*is not a regular file/),
      expect.stringMatching(/^\/\.claude\/plugins\/installed_plugins\.json: .*is not valid JSON/),
    ]);
  });
});

describe('what the control plane is sent', () => {
  it('one item per name and version, findings of every file merged, the same fingerprint for the same state', () => {
    put(join(home, '.cursor', 'mcp.json'), { mcpServers: { github: { command: 'npx', args: ['-y', 'gh-mcp'] } } });
    put(join(project, '.mcp.json'), { mcpServers: { github: { command: 'npx', args: ['-y', 'gh-mcp'], env: { GITHUB_TOKEN: TOKEN } } } });
    const first = wireItems(discover(e).items);
    expect(first).toEqual([{ name: 'github', type: 'mcp_server', findings: [
      { severity: 'high', title: `credential in plain text in ${join(project, '.mcp.json')} (env GITHUB_TOKEN)` },
      { severity: 'medium', title: 'unpinned package gh-mcp fetched at every start (npx)' },
    ] }]);
    expect(fingerprint(wireItems(discover(e).items))).toBe(fingerprint(first));
    put(join(home, '.cursor', 'mcp.json'), { mcpServers: { github: { command: 'npx', args: ['-y', 'gh-mcp'] }, more: { command: 'm' } } });
    expect(fingerprint(wireItems(discover(e).items))).not.toBe(fingerprint(first));
  });
});
