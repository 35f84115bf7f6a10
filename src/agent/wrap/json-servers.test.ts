// JSON (with comments) MCP configs of each client: every local server wrapped in place, the rest of
// the file kept byte for byte, and taken back byte for byte, by the record or entry by entry.
import { describe, expect, it } from 'vitest';
import { parseJsonObject, valueOf } from '../install/json-document.js';
import { applyEdits, revertEdits } from '../install/text-edits.js';
import { JSON_SERVERS } from './json-servers.js';
import { wrapText, type TextWrap } from './plan-wrap.js';
import { proxyServerName, type Launcher } from './proxy-argv.js';
import type { Containers } from './server-format.js';

const LAUNCHER: Launcher = { command: '/usr/bin/node', args: ['/opt/warden/build/src/cli/main.js'] };
const servers = (...path: string[]): Containers => () => [path];
const doc = (text: string): Record<string, unknown> => {
  const tree = parseJsonObject(text);
  if (tree.kind === 'error') throw new Error(tree.message);
  return valueOf(tree.root) as Record<string, unknown>;
};
const get = (value: unknown, path: readonly string[]): unknown => path.reduce<unknown>((v, k) => (v as Record<string, unknown>)[k], value);
const proxy = (name: string, command: string, args: string[] = []): string[] => [LAUNCHER.args[0]!, 'proxy', '--name', proxyServerName(name), '--', command, ...args];

function wrapAll(text: string, containers: Containers, ours?: TextWrap['wrapped']): TextWrap {
  const done = wrapText(text, JSON_SERVERS, containers, { launcher: LAUNCHER, proxy: {}, ours });
  if ('error' in done) throw new Error(done.error);
  return done;
}

/** Unwraps entry by entry, as unwrap does for a file edited since. */
function restoreAll(text: string, done: TextWrap): string {
  let current = text;
  for (const s of [...done.wrapped].reverse()) {
    const r = JSON_SERVERS.restore(current, s);
    if (r.kind !== 'ok') throw new Error(r.kind);
    expect(r.changed).toBe(false);
    current = applyEdits(current, r.edits);
  }
  return current;
}

interface Case {
  readonly text: string;
  readonly containers: Containers;
  /** Servers that end up behind the proxy, with their original command line. */
  readonly wrapped: Record<string, [string, string[]]>;
  /** Servers left as they are. */
  readonly untouched: readonly string[];
}

const CASES: Record<string, Case> = {
  'Claude Code .mcp.json: stdio with env, explicit type, remote http and sse': {
    text: `{
  "mcpServers": {
    "filesystem": {
      "type": "stdio",
      "command": "npx",
      "args": [
        "-y",
        "@modelcontextprotocol/server-filesystem",
        "\${HOME}/projects"
      ],
      "env": { "DEBUG": "1" }
    },
    "notion": { "type": "http", "url": "https://mcp.notion.com/mcp" },
    "asana": { "type": "sse", "url": "https://mcp.asana.com/sse", "headers": { "Authorization": "Bearer \${TOKEN}" } }
  }
}
`,
    containers: servers('mcpServers'),
    wrapped: { filesystem: ['npx', ['-y', '@modelcontextprotocol/server-filesystem', '${HOME}/projects']] },
    untouched: ['notion', 'asana'],
  },
  'Cursor mcp.json with comments, trailing commas, envFile and no args': {
    text: `// Cursor MCP servers
{
  "mcpServers": {
    /* the database */
    "db": {
      "command": "/usr/local/bin/db-mcp", // absolute
      "envFile": "\${workspaceFolder}/.env",
    },
    "git": { "command": "uvx", "args": ["mcp-server-git"] },
    "remote": { "url": "https://example.com/mcp" },
  },
}
`,
    containers: servers('mcpServers'),
    wrapped: { db: ['/usr/local/bin/db-mcp', []], git: ['uvx', ['mcp-server-git']] },
    untouched: ['remote'],
  },
  'VS Code .vscode/mcp.json: tabs, CRLF, inputs, cwd, unicode, an args comment': {
    text: '{\r\n\t"inputs": [{ "type": "promptString", "id": "key", "password": true }],\r\n\t"servers": {\r\n\t\t"файлы-✓": {\r\n\t\t\t"type": "stdio",\r\n\t\t\t"command": "node",\r\n\t\t\t"args": [ // the server\r\n\t\t\t\t"${workspaceFolder}/server.js"\r\n\t\t\t],\r\n\t\t\t"cwd": "${workspaceFolder}",\r\n\t\t\t"env": { "KEY": "${input:key}" }\r\n\t\t},\r\n\t\t"empty-args": { "command": "mcp-thing", "args": [] },\r\n\t\t"docs": { "type": "sse", "url": "http://localhost:8000/sse" }\r\n\t}\r\n}\r\n',
    containers: servers('servers'),
    wrapped: { 'файлы-✓': ['node', ['${workspaceFolder}/server.js']], 'empty-args': ['mcp-thing', []] },
    untouched: ['docs'],
  },
  'Windsurf mcp_config.json: serverUrl and a disabled server, command last in its entry': {
    text: '{\n    "mcpServers": {\n        "zapier": { "serverUrl": "https://actions.zapier.com/mcp/KEY/sse" },\n        "off": {\n            "disabled": true,\n            "command": "python3"\n        }\n    }\n}',
    containers: servers('mcpServers'),
    wrapped: { off: ['python3', []] },
    untouched: ['zapier'],
  },
  'Gemini CLI settings.json: other settings, httpUrl, cwd, trust, an escaped command': {
    text: '{\n  "theme": "GitHub",\n  "mcpServers": {\n    "py": { "command": "pyth\\u006fn", "args": ["-m", "my_server"], "cwd": "./srv", "timeout": 30000, "trust": false },\n    "gh": { "httpUrl": "https://api.githubcopilot.com/mcp/" }\n  },\n  "hooksConfig": { "enabled": true }\n}\n',
    containers: servers('mcpServers'),
    wrapped: { py: ['python', ['-m', 'my_server']] },
    untouched: ['gh'],
  },
  'Claude Code ~/.claude.json: user servers and per-project servers': {
    text: JSON.stringify({
      numStartups: 12,
      mcpServers: { memory: { type: 'stdio', command: 'npx', args: ['-y', '@modelcontextprotocol/server-memory'], env: {} } },
      projects: { '/home/me/app': { allowedTools: [], mcpServers: { local: { type: 'stdio', command: './bin/mcp', args: [], env: { A: 'b' } } } }, '/home/me/other': { allowedTools: [] } },
    }, null, 2),
    containers: (d) => [['mcpServers'], ...Object.keys((d as { projects: object }).projects).map((p) => ['projects', p, 'mcpServers'])],
    wrapped: { memory: ['npx', ['-y', '@modelcontextprotocol/server-memory']], local: ['./bin/mcp', []] },
    untouched: [],
  },
  'Claude Desktop: one-line file': {
    text: '{"mcpServers":{"fs":{"command":"npx","args":["-y","@modelcontextprotocol/server-filesystem","/tmp"]}}}',
    containers: servers('mcpServers'),
    wrapped: { fs: ['npx', ['-y', '@modelcontextprotocol/server-filesystem', '/tmp']] },
    untouched: [],
  },
};

describe.each(Object.entries(CASES))('%s', (_name, c) => {
  it('wraps each local server, leaves the rest, and comes back byte for byte', () => {
    const done = wrapAll(c.text, c.containers);
    expect(done.servers.filter((s) => s.status === 'wrap').map((s) => s.name).sort()).toEqual(Object.keys(c.wrapped).sort());
    expect(done.servers.filter((s) => s.status === 'remote').map((s) => s.name).sort()).toEqual([...c.untouched].sort());
    const before = doc(c.text);
    const after = doc(done.text);
    for (const s of done.wrapped) {
      const [command, args] = c.wrapped[s.name]!;
      const entry = get(after, [...s.container, s.name]) as Record<string, unknown>;
      expect(entry.command).toBe(LAUNCHER.command);
      expect(entry.args).toEqual(proxy(s.name, command, args));
      // Every other key of the entry as it was (env, cwd, type, envFile, disabled, …).
      const { command: _c, args: _a, ...rest } = entry;
      const { command: _oc, args: _oa, ...originalRest } = get(before, [...s.container, s.name]) as Record<string, unknown>;
      expect(rest).toEqual(originalRest);
    }
    // Comments and line ends survive.
    for (const comment of c.text.match(/\/\/[^\r\n]*|\/\*.*?\*\//g) ?? []) expect(done.text).toContain(comment);
    expect(done.text.includes('\r\n')).toBe(c.text.includes('\r\n'));
    expect(revertEdits(done.text, done.edits)).toBe(c.text);
    expect(restoreAll(done.text, done)).toBe(c.text);
  });

  it('wrapping again changes nothing', () => {
    const once = wrapAll(c.text, c.containers);
    const twice = wrapAll(once.text, c.containers, once.wrapped);
    expect(twice.wrapped).toEqual([]);
    expect(twice.text).toBe(once.text);
    expect(twice.servers.filter((s) => s.status === 'wrapped').map((s) => s.name).sort()).toEqual(Object.keys(c.wrapped).sort());
  });
});

describe('entries and files Warden will not edit', () => {
  it('refuses a file that is not valid JSON with the line and column', () => {
    const done = wrapText('{\n  "mcpServers": {\n    "a": { "command": "x" \n  }\n', JSON_SERVERS, servers('mcpServers'), { launcher: LAUNCHER, proxy: {} });
    expect(done).toEqual({ error: expect.stringMatching(/^not valid JSON: .* at line \d+, column \d+$/) as string });
  });

  it('refuses a file nested deeper than any config, without recursing through it', () => {
    const deep = `{"d": ${'['.repeat(100_000)}${']'.repeat(100_000)}, "mcpServers": {"a": {"command": "x"}}}`;
    expect(wrapText(deep, JSON_SERVERS, servers('mcpServers'), { launcher: LAUNCHER, proxy: {} })).toEqual({ error: 'not a config Warden reads: nested deeper than 256 levels at line 1, column 262' });
    // Brackets inside strings and comments are not nesting.
    const quoted = `{"d": "${'['.repeat(1000)}", /* ${'{'.repeat(1000)} */ "mcpServers": {"a": {"command": "x"}}}`;
    expect(wrapAll(quoted, servers('mcpServers')).wrapped.map((w) => w.name)).toEqual(['a']);
  });

  it('refuses a servers key that is not an object', () => {
    expect(wrapText('{"mcpServers": ["x"]}', JSON_SERVERS, servers('mcpServers'), { launcher: LAUNCHER, proxy: {} })).toEqual({ error: 'a file whose "mcpServers" is not an object' });
  });

  it('leaves a server defined twice, and an entry with command given twice, as they are: the client reads the last', () => {
    const text = '{"mcpServers": {"a": {"command": "safe"}, "a": {"command": "evil"}, "b": {"command": "x", "command": "y"}, "c": {"command": 3}, "d": {"args": ["x"]}}}';
    const done = wrapAll(text, servers('mcpServers'));
    expect(done.text).toBe(text);
    expect(done.servers.map((s) => [s.name, s.status, s.detail])).toEqual([
      ['a', 'invalid', 'defined more than once in this file'],
      ['b', 'invalid', '"command" is given twice'],
      ['c', 'invalid', 'command is not a string'],
      ['d', 'invalid', 'no command and no url'],
    ]);
  });

  it('wraps servers named like Object.prototype members without touching the prototype', () => {
    const done = wrapAll('{"mcpServers": {"__proto__": {"command": "a"}, "constructor": {"command": "b"}}}', servers('mcpServers'));
    expect(done.wrapped.map((w) => w.name)).toEqual(['__proto__', 'constructor']);
    expect(({} as Record<string, unknown>).command).toBeUndefined();
    expect(revertEdits(done.text, done.edits)).toBe('{"mcpServers": {"__proto__": {"command": "a"}, "constructor": {"command": "b"}}}');
  });

  it('wraps only the servers named', () => {
    const done = wrapText('{"mcpServers": {"a": {"command": "x"}, "b": {"command": "y"}}}', JSON_SERVERS, servers('mcpServers'), { launcher: LAUNCHER, proxy: {}, only: ['b'] });
    if ('error' in done) throw new Error(done.error);
    expect(done.servers.map((s) => [s.name, s.status])).toEqual([['a', 'skipped'], ['b', 'wrap']]);
  });

  it('gives the proxy a name it accepts, and says so', () => {
    const done = wrapText('{"mcpServers": {"файлы ✓": {"command": "x"}, "-x": {"command": "y"}}}', JSON_SERVERS, servers('mcpServers'), { launcher: LAUNCHER, proxy: {} });
    if ('error' in done) throw new Error(done.error);
    expect(done.wrapped.map((w) => w.wrapped.args[3])).toEqual(['server_-9322ee', 'server-x-a42096']);
    expect(done.servers.map((s) => s.detail)).toEqual(['runs as --name server_-9322ee (the proxy\'s names are letters, digits, . _ -)', 'runs as --name server-x-a42096 (the proxy\'s names are letters, digits, . _ -)']);
  });

  it('never gives two servers the same proxy name', () => {
    const done = wrapText('{"mcpServers": {"a b": {"command": "x"}, "a_b": {"command": "y"}, "é 日本": {"command": "z"}, "\\ud800": {"command": "w"}}}', JSON_SERVERS, servers('mcpServers'), { launcher: LAUNCHER, proxy: {} });
    if ('error' in done) throw new Error(done.error);
    const names = done.wrapped.map((w) => w.wrapped.args[3]);
    expect(names).toHaveLength(4);
    expect(new Set(names).size).toBe(4);
    expect(names[1]).toBe('a_b');
  });

  it('passes --policy and --block-undeclared to the proxy before "--"', () => {
    const done = wrapText('{"mcpServers": {"a": {"command": "x", "args": ["--flag"]}}}', JSON_SERVERS, servers('mcpServers'), { launcher: LAUNCHER, proxy: { policy: '/etc/warden/p.yaml', blockUndeclared: true } });
    if ('error' in done) throw new Error(done.error);
    expect(doc(done.text)).toEqual({ mcpServers: { a: { command: '/usr/bin/node', args: [LAUNCHER.args[0], 'proxy', '--name', 'a', '--policy', '/etc/warden/p.yaml', '--block-undeclared', '--', 'x', '--flag'] } } });
  });
});

describe('unwrapping an entry edited since wrap', () => {
  it('takes the server\'s command line from after "--"', () => {
    const done = wrapAll('{\n  "mcpServers": {\n    "a": {\n      "command": "npx",\n      "args": ["-y", "srv"]\n    }\n  }\n}\n', servers('mcpServers'));
    const edited = done.text.replace('"srv"', '"srv", "--verbose"');
    const r = JSON_SERVERS.restore(edited, done.wrapped[0]!);
    if (r.kind !== 'ok') throw new Error(r.kind);
    expect(r.changed).toBe(true);
    expect(doc(applyEdits(edited, r.edits))).toEqual({ mcpServers: { a: { command: 'npx', args: ['-y', 'srv', '--verbose'] } } });
  });

  it('reports an entry the user unwrapped by hand, and one that is gone', () => {
    const done = wrapAll('{"mcpServers": {"a": {"command": "x"}}}', servers('mcpServers'));
    expect(JSON_SERVERS.restore('{"mcpServers": {"a": {"command": "x"}}}', done.wrapped[0]!)).toEqual({ kind: 'unwrapped' });
    expect(JSON_SERVERS.restore('{"mcpServers": {}}', done.wrapped[0]!)).toEqual({ kind: 'missing' });
  });
});

describe('entries that only look wrapped', () => {
  const wrapOf = (text: string, proxy = {}) => {
    const done = wrapText(text, JSON_SERVERS, servers('mcpServers'), { launcher: LAUNCHER, proxy });
    if ('error' in done) throw new Error(done.error);
    return done;
  };

  it('wraps a server whose command line imitates the proxy, around its whole command line', () => {
    const text = '{"mcpServers": {"e": {"command": "node", "args": ["./main.js", "proxy", "--", "evil"]}, "f": {"command": "npx", "args": ["-y", "@x/warden-foo", "proxy", "--", "evil"]}, "g": {"command": "/usr/bin/node", "args": ["/tmp/x/build/src/cli/main.js", "proxy", "--name", "g", "--", "evil"]}}}';
    const done = wrapOf(text);
    expect(done.servers.map((s) => [s.name, s.status])).toEqual([['e', 'wrap'], ['f', 'wrap'], ['g', 'wrap']]);
    const after = doc(done.text) as { mcpServers: Record<string, { command: string; args: string[] }> };
    expect(after.mcpServers.f).toEqual({ command: '/usr/bin/node', args: [LAUNCHER.args[0], 'proxy', '--name', 'f', '--', 'npx', '-y', '@x/warden-foo', 'proxy', '--', 'evil'] });
    expect(after.mcpServers.g!.args.slice(0, 5)).toEqual([LAUNCHER.args[0], 'proxy', '--name', 'g', '--']);
    expect(done.servers[2]!.detail).toMatch(/not as Warden recorded wrapping it/);
    expect(revertEdits(done.text, done.edits)).toBe(text);
  });

  it('counts an entry as wrapped only when wrap recorded writing it as it is', () => {
    const text = `{"mcpServers": {"p": {"command": "/usr/bin/node", "args": ["${LAUNCHER.args[0]}", "proxy", "--name", "p", "--policy", "/repo/allow-all.yaml", "--", "srv"]}}}`;
    // The very command line this Warden writes, with a policy of the file's choosing: not recorded, so wrapped again.
    expect(wrapOf(text).servers.map((s) => s.status)).toEqual(['wrap']);
    const ours = [{ name: 'p', container: ['mcpServers'], wrapped: { command: '/usr/bin/node', args: [LAUNCHER.args[0]!, 'proxy', '--name', 'p', '--policy', '/repo/allow-all.yaml', '--', 'srv'] } }];
    const recorded = wrapText(text, JSON_SERVERS, servers('mcpServers'), { launcher: LAUNCHER, proxy: {}, ours });
    if ('error' in recorded) throw new Error(recorded.error);
    expect(recorded.servers.map((s) => s.status)).toEqual(['wrapped']);
    expect(recorded.text).toBe(text);
  });

  it('wraps an entry that has a url beside its command: the client may start the command', () => {
    const done = wrapOf('{"mcpServers": {"x": {"command": "touch", "args": ["/tmp/pwned"], "url": "http://127.0.0.1:9/"}, "r": {"url": "https://example.com/mcp"}}}');
    expect(done.servers.map((s) => [s.name, s.status])).toEqual([['x', 'wrap'], ['r', 'remote']]);
  });
});
