// Continue's YAML MCP configs (config.yaml and the blocks of .continue/mcpServers/): every local
// server wrapped in place, the rest of the file kept byte for byte, and taken back byte for byte,
// by the record or entry by entry; and the single-server JSON files Continue reads beside them.
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { applyEdits, revertEdits } from '../install/text-edits.js';
import { JSON_SERVERS } from './json-servers.js';
import { wrapText, type TextWrap } from './plan-wrap.js';
import type { Launcher } from './proxy-argv.js';
import type { Containers, ServerFormat } from './server-format.js';
import { YAML_SERVERS } from './yaml-servers.js';

const LAUNCHER: Launcher = { command: '/usr/bin/node', args: ['/opt/warden/build/src/cli/main.js'] };
const MAIN = LAUNCHER.args[0]!;
const SERVERS: Containers = () => [['mcpServers']];
const proxied = (name: string, command: string, args: string[] = []): string[] => [MAIN, 'proxy', '--name', name, '--', command, ...args];

function wrapAll(text: string, format: ServerFormat = YAML_SERVERS, containers: Containers = SERVERS, single?: string, ours?: TextWrap['wrapped']): TextWrap {
  const done = wrapText(text, format, containers, { launcher: LAUNCHER, proxy: {}, ours }, single);
  if ('error' in done) throw new Error(done.error);
  return done;
}

/** Unwraps entry by entry, as unwrap does for a file edited since. */
function restoreAll(text: string, done: TextWrap, format: ServerFormat = YAML_SERVERS): string {
  let current = text;
  for (const s of [...done.wrapped].reverse()) {
    const r = format.restore(current, s);
    if (r.kind !== 'ok') throw new Error(r.kind);
    expect(r.changed).toBe(false);
    current = applyEdits(current, r.edits);
  }
  return current;
}

const CONFIG = `# Continue assistant
name: Local Assistant
version: 1.0.0
schema: v1
models: []
mcpServers:
  - name: fs   # files
    command: npx
    args:
      # the package, then the folder
      - "-y"
      - "@modelcontextprotocol/server-filesystem"
      - \${{ secrets.FOLDER }}
    env:
      DEBUG: "1"
    connectionTimeout: 30000
  - { name: db, command: uvx, args: [mcp-server-sqlite, --db-path, /tmp/x.db] }
  - name: bare
    command: my-server # no args
    cwd: /srv
  - {name: inline-bare, command: x}
  - name: remote
    type: streamable-http
    url: https://example.com/mcp
    requestOptions:
      headers:
        Authorization: Bearer \${{ secrets.TOKEN }}
  - uses: anthropic/github-mcp
`;

describe('Continue YAML', () => {
  it('wraps every local server, keeps every other byte, and gives the file back by the record and entry by entry', () => {
    const done = wrapAll(CONFIG);
    expect(done.servers.map((s) => `${s.name} ${s.status}`)).toEqual(['fs wrap', 'db wrap', 'bare wrap', 'inline-bare wrap', 'remote remote', '#6 invalid']);
    expect(done.servers[5]!.detail).toMatch(/^a Hub block \(uses: anthropic\/github-mcp\)/);
    const after = parse(done.text) as { mcpServers: Record<string, unknown>[] };
    const before = parse(CONFIG) as { mcpServers: Record<string, unknown>[] };
    expect(after.mcpServers[0]).toEqual({ ...before.mcpServers[0], command: LAUNCHER.command, args: proxied('fs', 'npx', ['-y', '@modelcontextprotocol/server-filesystem', '${{ secrets.FOLDER }}']) });
    expect(after.mcpServers[1]).toEqual({ name: 'db', command: LAUNCHER.command, args: proxied('db', 'uvx', ['mcp-server-sqlite', '--db-path', '/tmp/x.db']) });
    expect(after.mcpServers[2]).toEqual({ name: 'bare', command: LAUNCHER.command, args: proxied('bare', 'my-server'), cwd: '/srv' });
    expect(after.mcpServers[3]).toEqual({ name: 'inline-bare', command: LAUNCHER.command, args: proxied('inline-bare', 'x') });
    expect(after.mcpServers.slice(4)).toEqual(before.mcpServers.slice(4));
    // Comments, layout and the entries not wrapped stay as written.
    expect(done.text).toContain('  - name: fs   # files\n');
    expect(done.text).toContain('      # the package, then the folder\n');
    expect(done.text).toContain(`    command: "/usr/bin/node" # no args\n    args: ["${MAIN}", "proxy", "--name", "bare", "--", "my-server"]\n    cwd: /srv\n`);
    expect(done.text).toContain(CONFIG.slice(CONFIG.indexOf('  - name: remote')));
    expect(revertEdits(done.text, done.edits)).toBe(CONFIG);
    expect(restoreAll(done.text, done)).toBe(CONFIG);
    // Wrapping again changes nothing.
    expect(wrapAll(done.text, YAML_SERVERS, SERVERS, undefined, done.wrapped).text).toBe(done.text);
  });

  it('keeps CRLF line ends, and a block scalar command', () => {
    const text = 'mcpServers:\r\n  - name: a\r\n    command: |\r\n      npx\r\n    args:\r\n      - x\r\n  - name: b\r\n    command: >-\r\n      uvx\r\n    env: {}\r\n';
    const done = wrapAll(text);
    expect(done.text).not.toMatch(/[^\r]\n/);
    expect((parse(done.text) as { mcpServers: unknown[] }).mcpServers).toEqual([
      { name: 'a', command: LAUNCHER.command, args: proxied('a', 'npx\n', ['x']) },
      { name: 'b', command: LAUNCHER.command, args: proxied('b', 'uvx'), env: {} },
    ]);
    expect(revertEdits(done.text, done.edits)).toBe(text);
    expect(restoreAll(done.text, done)).toBe(text);
  });

  it('restores an entry edited since wrap from its command line after "--"', () => {
    const done = wrapAll(CONFIG);
    const edited = done.text.replace('      - "-y"\n', '');
    const r = YAML_SERVERS.restore(edited, done.wrapped[0]!);
    if (r.kind !== 'ok') throw new Error(r.kind);
    expect(r.changed).toBe(true);
    const back = parse(applyEdits(edited, r.edits)) as { mcpServers: Record<string, unknown>[] };
    expect(back.mcpServers[0]).toMatchObject({ command: 'npx', args: ['@modelcontextprotocol/server-filesystem', '${{ secrets.FOLDER }}'] });
    // An entry that had no args loses the args wrap gave it.
    const bare = done.wrapped.find((w) => w.name === 'bare')!;
    const renamed = done.text.replace('"--", "my-server"]', '"--", "my-server", "--verbose"]');
    const r2 = YAML_SERVERS.restore(renamed, bare);
    if (r2.kind !== 'ok') throw new Error(r2.kind);
    expect((parse(applyEdits(renamed, r2.edits)) as { mcpServers: Record<string, unknown>[] }).mcpServers[2]).toEqual({ name: 'bare', command: 'my-server', args: ['--verbose'], cwd: '/srv' });
  });

  it('reports what it cannot read and changes nothing there', () => {
    const text = 'mcpServers:\n  - name: a\n    command: npx\n  - name: a\n    command: uvx\n  - command: nameless\n  - name: c\n    command: ""\n  - name: d\n    command: x\n    args: notalist\n  - name: e\n    type: websocket-ish\n    command: y\n';
    const done = wrapAll(text);
    expect(done.servers.map((s) => `${s.name} ${s.status} ${s.detail ?? ''}`)).toEqual([
      'a invalid defined more than once in this file',
      'a invalid defined more than once in this file',
      '#3 invalid an entry without a name',
      'c invalid command is empty',
      'd invalid args is not a list of strings',
      'e invalid unknown type "websocket-ish"',
    ]);
    expect(done.text).toBe(text);
  });

  it('refuses an edit that would change another entry through an anchor', () => {
    const text = 'mcpServers:\n  - name: a\n    command: &cmd npx\n  - name: b\n    command: *cmd\n';
    const done = wrapAll(text);
    expect(done.servers.find((s) => s.name === 'a')).toMatchObject({ status: 'error', detail: 'the edit would change more than this entry; wrap it by hand' });
    // The alias itself is a value of its own entry: replacing it changes only that entry.
    expect(done.servers.find((s) => s.name === 'b')?.status).toBe('wrap');
    expect((parse(done.text) as { mcpServers: { command: string }[] }).mcpServers.map((s) => s.command)).toEqual(['npx', LAUNCHER.command]);
    // args given as an alias of a list kept elsewhere: replaced whole, the list itself untouched.
    const shared = 'defaults: &args [--flag]\nmcpServers:\n  - name: c\n    command: x\n    args: *args\n';
    const c = wrapAll(shared);
    expect(parse(c.text)).toEqual({ defaults: ['--flag'], mcpServers: [{ name: 'c', command: LAUNCHER.command, args: proxied('c', 'x', ['--flag']) }] });
    expect(restoreAll(c.text, c)).toBe(shared);
  });

  it('names an entry that is an alias of one written elsewhere, and leaves it (and its original) as they are', () => {
    const text = 'x:\n  - &s\n    name: sneaky\n    command: npx\nmcpServers:\n  - *s\n';
    const done = wrapText(text, YAML_SERVERS, SERVERS, { launcher: LAUNCHER, proxy: {} });
    if ('error' in done) throw new Error(done.error);
    expect(done.servers).toEqual([{ name: 'sneaky', container: ['mcpServers'], status: 'invalid', detail: 'an alias (*s) of an entry written elsewhere in the file; write the entry out here to wrap it' }]);
    expect(done.text).toBe(text);
  });

  it('refuses a file that is not a config it can read', () => {
    const error = (text: string): string => {
      const done = wrapText(text, YAML_SERVERS, SERVERS, { launcher: LAUNCHER, proxy: {} });
      return 'error' in done ? done.error : 'no error';
    };
    expect(error('mcpServers:\n  name: a\n')).toBe('a file whose "mcpServers" is not a list');
    expect(error('mcpServers: [\n')).toMatch(/^not valid YAML: .* at line \d+, column \d+$/);
    expect(error('a: 1\n---\nb: 2\n')).toMatch(/^not valid YAML: /);
    expect(error('- a\n- b\n')).toBe('not a YAML mapping');
    expect(error('mcpServers:\n  - name: a\n    name: b\n    command: x\n')).toMatch(/^not valid YAML: Map keys must be unique/);
    // Nothing to wrap is not an error.
    expect(wrapAll('name: x\n').wrapped).toEqual([]);
    expect(wrapAll('mcpServers:\n').wrapped).toEqual([]);
    expect(wrapAll('').wrapped).toEqual([]);
  });

  it('reads a file of aliases that expands without end as unreadable, quickly', () => {
    const lines = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 12; i++) lines.push(`a${i}: &a${i} [${Array.from({ length: 10 }, () => `*a${i - 1}`).join(', ')}]`);
    const text = `${lines.join('\n')}\nmcpServers:\n  - name: a\n    command: npx\n    args: *a11\n`;
    expect(YAML_SERVERS.read(text)).toBeNull();
    const done = wrapText(text, YAML_SERVERS, SERVERS, { launcher: LAUNCHER, proxy: {} });
    expect('error' in done ? done.error : done.servers[0]?.detail).toMatch(/aliases|more than this entry/);
  });
});

describe('Continue JSON files in .continue/mcpServers', () => {
  const continueJson: Containers = (doc) => (typeof doc === 'object' && doc !== null && 'mcpServers' in doc ? [['mcpServers']] : [[]]);

  it('wraps a file that is itself one server, named after the file, and gives it back', () => {
    const text = '{\n  // the index\n  "command": "npx",\n  "args": ["-y", "@ctxo/cli"]\n}\n';
    const done = wrapAll(text, JSON_SERVERS, continueJson, 'ctxo');
    expect(done.servers).toEqual([{ name: 'ctxo', container: [], status: 'wrap', disabled: false }]);
    expect(JSON_SERVERS.read(done.text)).toEqual({ command: LAUNCHER.command, args: proxied('ctxo', 'npx', ['-y', '@ctxo/cli']) });
    expect(done.text).toContain('// the index');
    expect(revertEdits(done.text, done.edits)).toBe(text);
    expect(restoreAll(done.text, done, JSON_SERVERS)).toBe(text);
  });

  it('reads a Claude-style file as Claude Code does, and a remote single server as remote', () => {
    const claude = '{ "mcpServers": { "fs": { "command": "npx", "args": ["x"] } } }';
    expect(wrapAll(claude, JSON_SERVERS, continueJson, 'servers').servers).toEqual([{ name: 'fs', container: ['mcpServers'], status: 'wrap', disabled: false }]);
    const remote = '{ "type": "sse", "url": "https://example.com/sse" }';
    expect(wrapAll(remote, JSON_SERVERS, continueJson, 'r').servers).toEqual([{ name: 'r', container: [], status: 'remote', detail: 'https://example.com/sse' }]);
  });
});
