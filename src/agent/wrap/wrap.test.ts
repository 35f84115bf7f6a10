// warden wrap / unwrap on real files in a temporary home: each client's files, backups, the record,
// symlinks, files that are not regular files, files edited between wrap and unwrap.
import { execFileSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parse } from 'smol-toml';
import { parse as parseYaml } from 'yaml';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MCP_CLIENTS, type ClientEnv, type McpClient } from './clients.js';
import { listClients } from './list.js';
import { runUnwrap, type UnwrapOptions } from './unwrap.js';
import { runWrap, type WrapOptions } from './wrap.js';
import { readWrapRecord, type WrapRecord } from './wrap-record.js';

let root: string;
let home: string;
let project: string;
let wardenHome: string;
let env: ClientEnv;
const NOW = new Date('2026-05-04T10:20:30Z');
const MAIN = '/opt/warden/build/src/cli/main.js';
const LAUNCHER = { command: '/usr/bin/node', args: [MAIN] };

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'warden-wrap-'));
  home = join(root, 'home');
  project = join(root, 'project');
  wardenHome = join(root, 'warden-home');
  mkdirSync(home);
  mkdirSync(project);
  env = { home, cwd: project, env: {}, platform: 'linux' };
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const wrap = (clients: McpClient[], o: Partial<WrapOptions> = {}) =>
  runWrap({ clients, launcher: LAUNCHER, proxy: {}, wardenHome, env, dryRun: false, now: NOW, ...o });
const readRecord = (): WrapRecord => {
  const r = readWrapRecord(wardenHome);
  if (r.kind === 'error') throw new Error(r.message);
  return r.record;
};
const unwrap = (o: Partial<UnwrapOptions> = {}) => runUnwrap({ wardenHome, dryRun: false, now: NOW, ...o });
const write = (path: string, text: string): string => {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
  return path;
};
const read = (path: string): string => readFileSync(path, 'utf8');

const CONTINUE_CONFIG = `# my assistant
name: Local
version: 1.0.0
schema: v1
mcpServers:
  - name: fs   # files
    command: npx
    args:
      - "-y"
      - "@modelcontextprotocol/server-filesystem"
    env:
      TOKEN: \${{ secrets.TOKEN }}
  - name: web
    type: streamable-http
    url: https://example.com/mcp
`;

/** One config per client, as a user might have it. */
function userConfigs(): Record<McpClient, string> {
  const server = (indent: string) => `{\n${indent}"mcpServers": {\n${indent}${indent}// files\n${indent}${indent}"fs": { "command": "npx", "args": ["-y", "@modelcontextprotocol/server-filesystem", "/tmp"], "env": { "K": "v" } },\n${indent}${indent}"web": { "url": "https://example.com/mcp" }\n${indent}}\n}\n`;
  return {
    'claude-code': write(join(project, '.mcp.json'), server('  ')),
    'claude-desktop': write(join(home, '.config/Claude/claude_desktop_config.json'), '{\n  "mcpServers": {\n    "fs": { "command": "npx", "args": ["x"] }\n  },\n  "globalShortcut": ""\n}\n'),
    cursor: write(join(home, '.cursor/mcp.json'), server('\t')),
    vscode: write(join(project, '.vscode/mcp.json'), '{\n  "servers": {\n    "fs": { "type": "stdio", "command": "npx", "args": ["x"], "envFile": "${workspaceFolder}/.env" }\n  },\n  "inputs": []\n}\n'),
    windsurf: write(join(home, '.codeium/windsurf/mcp_config.json'), server('    ')),
    gemini: write(join(home, '.gemini/settings.json'), '{\n  "theme": "GitHub",\n  "mcpServers": { "fs": { "command": "npx", "args": ["x"], "cwd": "/srv", "trust": false } }\n}\n'),
    codex: write(join(home, '.codex/config.toml'), '# mine\nmodel = "o3"\n\n[mcp_servers.fs]\ncommand = "npx"\nargs = ["x"]\n\n[mcp_servers.fs.env]\nK = "v"\n'),
    continue: write(join(home, '.continue/config.yaml'), CONTINUE_CONFIG),
  };
}

describe('wrap then unwrap', () => {
  it('wraps every client\'s local servers, backs up and records each file, and unwrap gives every byte back', () => {
    const files = userConfigs();
    const originals = Object.fromEntries(Object.entries(files).map(([c, f]) => [c, read(f)]));
    const report = wrap([...MCP_CLIENTS]);
    const changed = report.files.filter((f) => f.status === 'change');
    expect(changed.map((f) => f.client).sort()).toEqual([...MCP_CLIENTS].sort());
    for (const f of changed) {
      expect(f.servers.find((s) => s.name === 'fs')?.status).toBe('wrap');
      expect(f.backup && read(f.backup)).toBe(originals[f.client]);
      expect(statSync(f.backup!).mode & 0o777).toBe(0o600);
    }
    // Remote servers are reported, not wrapped.
    expect(report.files.find((f) => f.client === 'cursor')?.servers.find((s) => s.name === 'web')).toMatchObject({ status: 'remote', detail: 'https://example.com/mcp' });
    expect(read(files.cursor)).toContain('"web": { "url": "https://example.com/mcp" }');
    expect(read(files.cursor)).toContain('// files');
    const codex = parse(read(files.codex)) as { mcp_servers: { fs: { command: string; args: string[]; env: object } } };
    expect(codex.mcp_servers.fs).toEqual({ command: '/usr/bin/node', args: [MAIN, 'proxy', '--name', 'fs', '--', 'npx', 'x'], env: { K: 'v' } });
    const continueText = read(files.continue);
    expect(continueText).toContain('  - name: fs   # files\n');
    expect(parseYaml(continueText)).toEqual({
      name: 'Local', version: '1.0.0', schema: 'v1',
      mcpServers: [
        { name: 'fs', command: '/usr/bin/node', args: [MAIN, 'proxy', '--name', 'fs', '--', 'npx', '-y', '@modelcontextprotocol/server-filesystem'], env: { TOKEN: '${{ secrets.TOKEN }}' } },
        { name: 'web', type: 'streamable-http', url: 'https://example.com/mcp' },
      ],
    });
    expect(statSync(wardenHome).mode & 0o777).toBe(0o700);
    expect(statSync(join(wardenHome, 'wrap.json')).mode & 0o777).toBe(0o600);

    // Listed as wrapped, with the server's own command line.
    const listed = listClients(env, readRecord()).find((f) => f.client === 'gemini');
    expect(listed?.servers).toEqual([{ name: 'fs', container: ['mcpServers'], kind: 'wrapped', detail: 'npx x', disabled: false }]);

    const again = wrap([...MCP_CLIENTS]);
    expect(again.files.filter((f) => f.status === 'change')).toEqual([]);
    expect(again.files.find((f) => f.client === 'codex')?.servers).toEqual([{ name: 'fs', container: ['mcp_servers'], status: 'wrapped', disabled: false }]);

    const back = unwrap();
    expect(back.files.map((f) => f.status)).toEqual(MCP_CLIENTS.map(() => 'exact'));
    for (const [client, file] of Object.entries(files)) expect(read(file)).toBe(originals[client]);
    expect(existsSync(join(wardenHome, 'wrap.json'))).toBe(false);
  });

  it('--dry-run writes nothing and records nothing', () => {
    const files = userConfigs();
    const before = read(files['claude-code']);
    const report = wrap(['claude-code'], { dryRun: true });
    expect(report.files.find((f) => f.file === files['claude-code'])?.status).toBe('change');
    expect(read(files['claude-code'])).toBe(before);
    expect(existsSync(wardenHome)).toBe(false);
  });

  it('after edits elsewhere in the file, unwrap restores only Warden\'s entries and keeps the edits', () => {
    const file = write(join(project, '.mcp.json'), '{\n  "mcpServers": {\n    "a": {\n      "command": "npx",\n      "args": ["-y", "a"]\n    }\n  }\n}\n');
    wrap(['claude-code']);
    // The user adds a server; a second wrap wraps it too.
    writeFileSync(file, read(file).replace('  "mcpServers": {\n', '  "mcpServers": {\n    "b": { "command": "uvx", "args": ["b"] },\n'));
    expect(wrap(['claude-code']).files.find((f) => f.file === file)?.servers.map((s) => [s.name, s.status])).toEqual([['b', 'wrap'], ['a', 'wrapped']]);
    // And then changes an unrelated setting.
    writeFileSync(file, read(file).replace('{\n  "mcpServers"', '{\n  "note": "mine",\n  "mcpServers"'));
    const back = unwrap({ clients: ['claude-code'] });
    expect(back.files[0]).toMatchObject({ status: 'entries' });
    expect(read(file)).toBe('{\n  "note": "mine",\n  "mcpServers": {\n    "b": { "command": "uvx", "args": ["b"] },\n    "a": {\n      "command": "npx",\n      "args": ["-y", "a"]\n    }\n  }\n}\n');
  });

  it('--servers unwraps only those, and a later unwrap the rest', () => {
    const file = write(join(home, '.cursor/mcp.json'), '{"mcpServers": {"a": {"command": "x"}, "b": {"command": "y", "args": []}}}');
    const original = read(file);
    wrap(['cursor']);
    expect(unwrap({ servers: ['b'] }).files[0]?.servers.map((s) => [s.name, s.status])).toEqual([['b', 'restored']]);
    const half = JSON.parse(read(file)) as { mcpServers: { a: { command: string }; b: unknown } };
    expect(half.mcpServers.a.command).toBe('/usr/bin/node');
    expect(half.mcpServers.b).toEqual({ command: 'y', args: [] });
    unwrap();
    expect(read(file)).toBe(original);
  });

  it('Continue: after a server was added before the wrapped ones, unwrap finds each by its name and restores only those', () => {
    const file = write(join(home, '.continue/config.yaml'), CONTINUE_CONFIG);
    wrap(['continue']);
    const edited = read(file).replace('mcpServers:\n', 'mcpServers:\n  - name: added-later\n    command: uvx\n');
    write(file, edited);
    const back = unwrap();
    expect(back.files.map((f) => [f.status, f.servers.map((s) => `${s.name}:${s.status}`)])).toEqual([['entries', ['fs:restored']]]);
    expect(read(file)).toBe(CONTINUE_CONFIG.replace('mcpServers:\n', 'mcpServers:\n  - name: added-later\n    command: uvx\n'));
  });

  it('follows a symlinked config: the link stays a link, its target is wrapped and restored', () => {
    const real = write(join(root, 'dotfiles/mcp.json'), '{"mcpServers": {"a": {"command": "x"}}}\n');
    mkdirSync(join(home, '.cursor'));
    symlinkSync(real, join(home, '.cursor/mcp.json'));
    wrap(['cursor']);
    expect(lstatSync(join(home, '.cursor/mcp.json')).isSymbolicLink()).toBe(true);
    expect(read(real)).toContain('"proxy"');
    unwrap();
    expect(read(real)).toBe('{"mcpServers": {"a": {"command": "x"}}}\n');
    expect(lstatSync(join(home, '.cursor/mcp.json')).isSymbolicLink()).toBe(true);
  });

  it('keeps a byte order mark: the wrapped file starts with it, and unwrap gives every byte back', () => {
    const bom = Buffer.from([0xef, 0xbb, 0xbf]);
    const file = join(project, '.vscode/mcp.json');
    mkdirSync(dirname(file), { recursive: true });
    const original = Buffer.concat([bom, Buffer.from('{\r\n  "servers": { "a": { "command": "x" } }\r\n}\r\n')]);
    writeFileSync(file, original);
    expect(wrap(['vscode']).files.find((f) => f.file === file)?.status).toBe('change');
    const wrapped = readFileSync(file);
    expect(wrapped.subarray(0, 3)).toEqual(bom);
    expect(wrapped.toString('utf8')).toContain('"proxy"');
    expect(unwrap().files.map((f) => f.status)).toEqual(['exact']);
    expect(readFileSync(file)).toEqual(original);
  });

  it('refuses a config that is not valid JSON or TOML, and leaves it untouched', () => {
    const json = write(join(project, '.mcp.json'), '{ "mcpServers": { "a": { "command": "x", } ');
    const toml = write(join(home, '.codex/config.toml'), '[mcp_servers.a\ncommand = "x"\n');
    const report = wrap(['claude-code', 'codex']);
    expect(report.files.find((f) => f.file === json)).toMatchObject({ status: 'error', message: expect.stringMatching(/^not changed: .*\.mcp\.json is not valid JSON: .* at line 1, column \d+; fix it first$/) as string });
    expect(report.files.find((f) => f.file === toml)).toMatchObject({ status: 'error', message: expect.stringMatching(/^not changed: .*config\.toml is not valid TOML: /) as string });
    expect(read(json)).toBe('{ "mcpServers": { "a": { "command": "x", } ');
    expect(read(toml)).toBe('[mcp_servers.a\ncommand = "x"\n');
    expect(existsSync(join(wardenHome, 'wrap.json'))).toBe(false);
  });

  it('refuses a config that is a directory, a FIFO, or not UTF-8', () => {
    mkdirSync(join(project, '.mcp.json'));
    mkdirSync(join(home, '.cursor'));
    execFileSync('mkfifo', [join(home, '.cursor/mcp.json')]);
    write(join(home, '.gemini/settings.json'), '');
    writeFileSync(join(home, '.gemini/settings.json'), Buffer.from([0x7b, 0xff, 0xfe, 0x7d]));
    const report = wrap(['claude-code', 'cursor', 'gemini']);
    expect(report.files.filter((f) => f.status === 'error').map((f) => f.message)).toEqual([
      expect.stringMatching(/\.mcp\.json is a directory$/),
      expect.stringMatching(/mcp\.json is not a regular file$/),
      expect.stringMatching(/settings\.json is not UTF-8 text$/),
    ]);
  });

  it('refuses a wrap record it did not write, and changes nothing', () => {
    userConfigs();
    mkdirSync(wardenHome);
    writeFileSync(join(wardenHome, 'wrap.json'), '{"version": 1, "files": [{"client": "vim"}]}');
    expect(() => wrap(['cursor'])).toThrow(/wrap\.json is not a wrap record Warden wrote; move it aside/);
    expect(() => unwrap()).toThrow(/wrap\.json is not a wrap record Warden wrote; nothing was changed/);
  });

  it('unwrap reports an entry removed or unwrapped by hand, and a file that is gone (whose record stays until it is back)', () => {
    const file = write(join(home, '.cursor/mcp.json'), '{"mcpServers": {"a": {"command": "x"}, "b": {"command": "y"}}}');
    const gone = write(join(home, '.gemini/settings.json'), '{"mcpServers": {"a": {"command": "x"}}}');
    wrap(['cursor', 'gemini']);
    writeFileSync(file, '{"mcpServers": {"b": {"command": "y"}}}');
    rmSync(gone);
    const back = unwrap();
    expect(back.files.map((f) => [f.client, f.status])).toEqual([['cursor', 'entries'], ['gemini', 'gone']]);
    expect(back.files[0]?.servers.map((s) => [s.name, s.status])).toEqual([['a', 'gone'], ['b', 'gone']]);
    expect(read(file)).toBe('{"mcpServers": {"b": {"command": "y"}}}');
    expect(readRecord().files.map((f) => f.file)).toEqual([gone]);
    // Back again (a moved folder returned): restored, and the record is done with.
    write(gone, '{"mcpServers": {"a": {"command": "x"}}}');
    const wrappedAgain = runWrap({ clients: ['gemini'], launcher: LAUNCHER, proxy: {}, wardenHome, env, dryRun: true, now: NOW });
    expect(wrappedAgain.files[0]?.servers.map((s) => s.status)).toEqual(['wrap']);
    expect(unwrap().files.map((f) => [f.client, f.status])).toEqual([['gemini', 'entries']]);
    expect(existsSync(join(wardenHome, 'wrap.json'))).toBe(false);
  });

  it('Claude Code: the user file\'s top-level and per-project servers, CLAUDE_CONFIG_DIR, and --scope', () => {
    const dir = join(root, 'claude-config');
    env = { ...env, env: { CLAUDE_CONFIG_DIR: dir } };
    const user = write(join(dir, '.claude.json'), JSON.stringify({ mcpServers: { u: { type: 'stdio', command: 'a', args: [], env: {} } }, projects: { [project]: { mcpServers: { l: { type: 'stdio', command: 'b', args: [], env: {} } } } } }, null, 2));
    const shared = write(join(project, '.mcp.json'), '{"mcpServers": {"p": {"command": "c"}}}');
    const onlyUser = wrap(['claude-code'], { scope: 'user', dryRun: true });
    expect(onlyUser.files.map((f) => [f.file, f.servers.map((s) => `${s.container.join('.')}/${s.name}`)])).toEqual([[user, ['mcpServers/u', `projects.${project}.mcpServers/l`]]]);
    const both = wrap(['claude-code']);
    expect(both.files.map((f) => f.file)).toEqual([user, shared]);
    expect(readdirSync(join(wardenHome, 'backups/claude-code'))).toHaveLength(2);
  });
});
