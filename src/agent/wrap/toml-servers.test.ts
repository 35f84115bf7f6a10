// Codex's config.toml: every [mcp_servers.NAME] in any of TOML's spellings wrapped in place, the
// rest of the file kept byte for byte, and taken back byte for byte.
import { parse } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import { applyEdits, revertEdits } from '../install/text-edits.js';
import { wrapText, type TextWrap } from './plan-wrap.js';
import { proxyServerName, type Launcher } from './proxy-argv.js';
import { scanToml } from './toml-spans.js';
import { TOML_SERVERS, tomlString } from './toml-servers.js';

const LAUNCHER: Launcher = { command: '/usr/bin/node', args: ['/opt/my warden/build/src/cli/main.js'] };
const containers = () => [['mcp_servers']];
const proxy = (name: string, command: string, args: string[] = []): string[] => [LAUNCHER.args[0]!, 'proxy', '--name', proxyServerName(name), '--', command, ...args];

function wrapAll(text: string, ours?: TextWrap['wrapped']): TextWrap {
  const done = wrapText(text, TOML_SERVERS, containers, { launcher: LAUNCHER, proxy: {}, ours });
  if ('error' in done) throw new Error(done.error);
  return done;
}

const CASES: Record<string, { text: string; wrapped: Record<string, [string, string[]]>; untouched: string[] }> = {
  'tables with env subtables, comments and a remote server': {
    text: `# Codex
model = "gpt-5-codex"

[mcp_servers.filesystem]
command = "npx"
args = ["-y", "@modelcontextprotocol/server-filesystem", "/tmp"]   # the usual
startup_timeout_sec = 20

[mcp_servers.filesystem.env]
DEBUG = "1"

[mcp_servers.remote]
url = "https://mcp.example.com/mcp"
bearer_token_env_var = "TOKEN"

[[hooks.PreToolUse]]
matcher = "*"
`,
    wrapped: { filesystem: ['npx', ['-y', '@modelcontextprotocol/server-filesystem', '/tmp']] },
    untouched: ['remote'],
  },
  'no args, cwd, enabled = false, a quoted name, a literal-string command, no newline at the end': {
    text: `[mcp_servers."my server ✓"]
  command = 'C:\\tools\\mcp.exe'    # Windows path
  cwd = "/srv"
  enabled = false

[mcp_servers.last]
command = "srv"`,
    wrapped: { 'my server ✓': ['C:\\tools\\mcp.exe', []], last: ['srv', []] },
    untouched: [],
  },
  'inline tables and dotted keys under [mcp_servers]': {
    text: `[mcp_servers]
dot.command = "uvx"
dot.env = { A = "1" }
fs = { command = "npx", args = ["x"], env = { K = "v" } }
bare = {command="srv"}
`,
    wrapped: { dot: ['uvx', []], fs: ['npx', ['x']], bare: ['srv', []] },
    untouched: [],
  },
  'dotted keys at the top level': {
    text: 'model = "o3"\nmcp_servers.top.command = "x"\nmcp_servers.top.args = ["a"]\nmcp_servers.one.command = "y"',
    wrapped: { top: ['x', ['a']], one: ['y', []] },
    untouched: [],
  },
  'multi-line args with comments, a trailing comma, CRLF, and a multi-line string that looks like a table': {
    text: 'notes = """\r\n[mcp_servers.fake]\r\ncommand = "no"\r\n"""\r\n\r\n[mcp_servers.py]\r\ncommand = "python3"\r\nargs = [ # run it\r\n    "-m",\r\n    "srv", # the module\r\n]\r\n\r\n[mcp_servers.empty]\r\ncommand = "x"\r\nargs = []\r\n',
    wrapped: { py: ['python3', ['-m', 'srv']], empty: ['x', []] },
    untouched: [],
  },
};

describe.each(Object.entries(CASES))('config.toml: %s', (_name, c) => {
  it('wraps each local server, leaves the rest, and comes back byte for byte', () => {
    const done = wrapAll(c.text);
    expect(done.servers.filter((s) => s.status === 'wrap').map((s) => s.name).sort()).toEqual(Object.keys(c.wrapped).sort());
    expect(done.servers.filter((s) => s.status === 'remote').map((s) => s.name)).toEqual(c.untouched);
    const before = parse(c.text) as { mcp_servers: Record<string, Record<string, unknown>> };
    const after = parse(done.text) as { mcp_servers: Record<string, Record<string, unknown>> };
    for (const [name, [command, args]] of Object.entries(c.wrapped)) {
      const { command: cmd, args: a, ...rest } = after.mcp_servers[name]!;
      expect(cmd).toBe(LAUNCHER.command);
      expect(a).toEqual(proxy(name, command, args));
      const { command: _c, args: _a, ...originalRest } = before.mcp_servers[name]!;
      expect(rest).toEqual(originalRest);
    }
    for (const comment of c.text.match(/#[^\r\n]*/g) ?? []) expect(done.text).toContain(comment);
    expect(revertEdits(done.text, done.edits)).toBe(c.text);
    let current = done.text;
    for (const s of [...done.wrapped].reverse()) {
      const r = TOML_SERVERS.restore(current, s);
      if (r.kind !== 'ok') throw new Error(r.kind === 'error' ? r.message : r.kind);
      current = applyEdits(current, r.edits);
    }
    expect(current).toBe(c.text);
    expect(wrapAll(done.text, done.wrapped).text).toBe(done.text);
  });
});

describe('config.toml Warden will not edit', () => {
  it('refuses a file that is not valid TOML', () => {
    const done = wrapText('[mcp_servers.a]\ncommand = "x"\ncommand = "y"\n', TOML_SERVERS, containers, { launcher: LAUNCHER, proxy: {} });
    expect(done).toEqual({ error: expect.stringMatching(/^not valid TOML: /) as string });
  });

  it('refuses mcp_servers that is not a table', () => {
    expect(wrapText('mcp_servers = "x"\n', TOML_SERVERS, containers, { launcher: LAUNCHER, proxy: {} })).toEqual({ error: 'a file whose [mcp_servers] is not a table' });
  });

  it('wraps servers named like Object.prototype members without touching the prototype', () => {
    const done = wrapAll('[mcp_servers.__proto__]\ncommand = "a"\n\n[mcp_servers.constructor]\ncommand = "b"\n');
    expect(done.wrapped.map((w) => w.name)).toEqual(['__proto__', 'constructor']);
    expect(({} as Record<string, unknown>).command).toBeUndefined();
  });

  it('escapes what TOML wants escaped', () => {
    expect(parse(`v = ${tomlString('a"b\\c\u007f\n\t✓')}`)).toEqual({ v: 'a"b\\c\u007f\n\t✓' });
  });

  it('finds every assignment of a file with all kinds of values', () => {
    const scan = scanToml(`a = 1979-05-27 07:32:00Z # date\nb = [1, [2, 3], { c = 'd' }]\n"e.f" = '''x\n'''''\ng.h = { i = { j = [] } }\n`);
    if (scan.kind === 'error') throw new Error(scan.message);
    expect(scan.assignments.map((a) => a.path.join('/'))).toEqual(['a', 'b/c', 'b', 'e.f', 'g/h/i/j', 'g/h/i', 'g/h']);
  });
});
