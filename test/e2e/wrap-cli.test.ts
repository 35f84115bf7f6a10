// `warden wrap` and `warden unwrap` through the built CLI: a Claude Code project .mcp.json and a
// Codex config.toml wrapped, the wrapped command lines started as a client would start them (the
// real @modelcontextprotocol/server-filesystem behind `warden proxy`, driven by the SDK client),
// Continue's config.yaml and a block file of its project .continue/mcpServers/ likewise, and unwrap
// giving the files back byte for byte.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { McpError } from '@modelcontextprotocol/sdk/types.js';
import { parse } from 'smol-toml';
import { parse as parseYaml } from 'yaml';
import { afterEach, describe, expect, it } from 'vitest';
import { sandbox, WARDEN_BIN, type Sandbox } from './run-cli.js';

const FILESYSTEM = fileURLToPath(new URL('../../node_modules/.bin/mcp-server-filesystem', import.meta.url));

const POLICY = `version: 1
roles:
  - name: dev
    mode: enforce
    mcp:
      - { tool: "filesystem/write_file", action: deny, reason: "agents may not write files through MCP here" }
      - { tool: "*/*", action: allow }
    defaults: { command: allow, mcp: allow, file: allow, web: allow }
`;

const boxes: Sandbox[] = [];
afterEach(() => { for (const b of boxes.splice(0)) b.remove(); });
const fresh = (): Sandbox => {
  const box = sandbox();
  boxes.push(box);
  return box;
};

interface Entry { command: string; args: string[]; env?: Record<string, string> }

/** Starts a config entry the way an MCP client does, and lists the tools through it. */
async function connect(box: Sandbox, entry: Entry): Promise<Client> {
  const transport = new StdioClientTransport({
    command: entry.command,
    args: entry.args,
    env: { PATH: process.env.PATH ?? '', HOME: box.home, WARDEN_HOME: box.wardenHome, NO_COLOR: '1', ...entry.env },
    cwd: box.dir,
    stderr: 'pipe',
  });
  const client = new Client({ name: 'wrap-e2e', version: '1.0.0' });
  await client.connect(transport);
  return client;
}

const textOf = (r: unknown): string => ((r as { content: { type: string; text?: string }[] }).content.find((c) => c.type === 'text')?.text ?? '');

describe('warden wrap / unwrap', () => {
  it('puts a Claude Code project server and a Codex server behind a working warden proxy, and unwrap gives the bytes back', async () => {
    const box = fresh();
    const files = join(box.dir, 'files');
    mkdirSync(files);
    writeFileSync(join(files, 'hello.txt'), 'hello from disk\n');
    writeFileSync(join(box.dir, 'policy.yaml'), POLICY);
    const mcpJson = join(box.dir, '.mcp.json');
    const originalJson = `{
  // shared with the team
  "mcpServers": {
    "filesystem": {
      "type": "stdio",
      "command": ${JSON.stringify(FILESYSTEM)},
      "args": [${JSON.stringify(files)}],
      "env": { "MCP_NOTE": "kept" }
    },
    "notion": { "type": "http", "url": "https://mcp.notion.com/mcp" }
  }
}
`;
    writeFileSync(mcpJson, originalJson);
    const codexToml = join(box.home, '.codex', 'config.toml');
    mkdirSync(join(box.home, '.codex'));
    const originalToml = `# my codex
model = "o3"

[mcp_servers.filesystem]
command = ${JSON.stringify(FILESYSTEM)}   # local files
args = [${JSON.stringify(files)}]

[mcp_servers.remote]
url = "https://mcp.example.com/mcp"
`;
    writeFileSync(codexToml, originalToml);

    const listed = box.run(['wrap', '--list', '--json']);
    expect(listed.status).toBe(0);
    const list = JSON.parse(listed.stdout) as { files: Array<{ client: string; file: string; servers: Array<{ name: string; kind: string }> }> };
    expect(list.files.map((f) => [f.client, f.file, f.servers.map((s) => `${s.name}:${s.kind}`)])).toEqual([
      ['claude-code', mcpJson, ['filesystem:stdio', 'notion:remote']],
      ['codex', codexToml, ['filesystem:stdio', 'remote:remote']],
    ]);

    const wrapped = box.run(['wrap', '--client', 'claude-code', '--policy', 'policy.yaml']);
    expect(wrapped.stderr).toBe('');
    expect(wrapped.status).toBe(0);
    expect(wrapped.stdout).toMatch(/^Claude Code .*\.mcp\.json: now runs filesystem through warden proxy \(backup: .*\)$/m);
    expect(wrapped.stdout).toMatch(/not wrapped: notion is a remote server \(https:\/\/mcp\.notion\.com\/mcp\); put it behind `warden gateway` instead/);
    const text = readFileSync(mcpJson, 'utf8');
    expect(text).toContain('// shared with the team');
    const entry = (JSON.parse(text.replace('  // shared with the team\n', '')) as { mcpServers: Record<string, Entry & { type: string }> }).mcpServers.filesystem!;
    expect(entry).toEqual({
      type: 'stdio',
      command: process.execPath,
      args: [WARDEN_BIN, 'proxy', '--name', 'filesystem', '--policy', join(box.dir, 'policy.yaml'), '--', FILESYSTEM, files],
      env: { MCP_NOTE: 'kept' },
    });

    // The wrapped entry, started as Claude Code starts it, is a working proxy in front of the server.
    const client = await connect(box, entry);
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).toEqual(expect.arrayContaining(['read_text_file', 'write_file']));
    expect(textOf(await client.callTool({ name: 'read_text_file', arguments: { path: join(files, 'hello.txt') } }))).toBe('hello from disk\n');
    const refused = await client.callTool({ name: 'write_file', arguments: { path: join(files, 'x.txt'), content: 'x' } }).then(() => null, (e: unknown) => e);
    expect(refused).toBeInstanceOf(McpError);
    expect((refused as McpError).code).toBe(-32600);
    expect((refused as McpError).message).toMatch(/agents may not write files through MCP here/);
    await client.close();

    // Codex: the policy installed in WARDEN_HOME, undeclared tools blocked.
    writeFileSync(join(box.wardenHome, 'policy.yaml'), POLICY);
    const codex = box.run(['wrap', '--client', 'codex', '--block-undeclared', '--json']);
    expect(codex.status).toBe(0);
    const report = JSON.parse(codex.stdout) as { files: Array<{ file: string; status: string; servers: Array<{ name: string; status: string }> }>; warnings: string[] };
    expect(report.files.filter((f) => f.status !== 'missing').map((f) => [f.file, f.status, f.servers.map((s) => `${s.name}:${s.status}`)])).toEqual([[codexToml, 'change', ['filesystem:wrap', 'remote:remote']]]);
    expect(report.warnings).toEqual([]);
    const toml = readFileSync(codexToml, 'utf8');
    expect(toml).toContain('# local files');
    const server = (parse(toml) as unknown as { mcp_servers: { filesystem: Entry } }).mcp_servers.filesystem;
    expect(server.args).toEqual([WARDEN_BIN, 'proxy', '--name', 'filesystem', '--block-undeclared', '--', FILESYSTEM, files]);
    const viaCodex = await connect(box, server);
    expect((await viaCodex.listTools()).tools.map((t) => t.name)).toContain('list_directory');
    expect(textOf(await viaCodex.callTool({ name: 'list_directory', arguments: { path: files } }))).toContain('hello.txt');
    await viaCodex.close();

    // Wrapping again is a no-op.
    const again = box.run(['wrap', '--client', 'claude-code,codex']);
    expect(again.status).toBe(0);
    expect(again.stdout).toMatch(/already through warden proxy: filesystem/);
    expect(readFileSync(mcpJson, 'utf8')).toBe(text);

    const listedWrapped = JSON.parse(box.run(['wrap', '--list', '--json']).stdout) as typeof list;
    expect(listedWrapped.files.flatMap((f) => f.servers.filter((s) => s.name === 'filesystem').map((s) => s.kind))).toEqual(['wrapped', 'wrapped']);

    const back = box.run(['unwrap']);
    expect(back.status).toBe(0);
    expect(back.stdout).toMatch(/^Claude Code .*\.mcp\.json: restored the file as it was before wrap/m);
    expect(back.stdout).toMatch(/^Codex CLI ~\/\.codex\/config\.toml: restored the file as it was before wrap/m);
    expect(readFileSync(mcpJson, 'utf8')).toBe(originalJson);
    expect(readFileSync(codexToml, 'utf8')).toBe(originalToml);
  });

  it('puts Continue\'s servers (config.yaml and a project block file) behind a working warden proxy, and unwrap gives the bytes back', async () => {
    const box = fresh();
    const files = join(box.dir, 'files');
    mkdirSync(files);
    writeFileSync(join(files, 'hello.txt'), 'hello from disk\n');
    writeFileSync(join(box.wardenHome, 'policy.yaml'), POLICY);
    mkdirSync(join(box.home, '.continue'));
    const configYaml = join(box.home, '.continue', 'config.yaml');
    const originalConfig = `# my assistant
name: Local Assistant
version: 1.0.0
schema: v1
mcpServers:
  - name: filesystem   # local files
    command: ${JSON.stringify(FILESYSTEM)}
    args:
      - ${JSON.stringify(files)}
    env:
      MCP_NOTE: kept
  - name: linear
    type: streamable-http
    url: https://mcp.linear.app/mcp
`;
    writeFileSync(configYaml, originalConfig);
    mkdirSync(join(box.dir, '.continue', 'mcpServers'), { recursive: true });
    const block = join(box.dir, '.continue', 'mcpServers', 'files.yaml');
    const originalBlock = `name: Files\nversion: 0.0.1\nschema: v1\nmcpServers:\n  - { name: files, command: ${JSON.stringify(FILESYSTEM)}, args: [${JSON.stringify(files)}] }\n`;
    writeFileSync(block, originalBlock);

    const listed = JSON.parse(box.run(['wrap', '--list', '--json']).stdout) as { files: Array<{ client: string; file: string; servers: Array<{ name: string; kind: string }> }> };
    expect(listed.files.map((f) => [f.client, f.file, f.servers.map((s) => `${s.name}:${s.kind}`)])).toEqual([
      ['continue', configYaml, ['filesystem:stdio', 'linear:remote']],
      ['continue', block, ['files:stdio']],
    ]);

    const wrapped = box.run(['wrap', '--client', 'continue']);
    expect(wrapped.stderr).toBe('');
    expect(wrapped.status).toBe(0);
    expect(wrapped.stdout).toMatch(/^Continue ~\/\.continue\/config\.yaml: now runs filesystem through warden proxy \(backup: .*\)$/m);
    expect(wrapped.stdout).toMatch(/not wrapped: linear is a remote server/);
    const text = readFileSync(configYaml, 'utf8');
    expect(text).toContain('  - name: filesystem   # local files\n');
    const entry = (parseYaml(text) as { mcpServers: Array<Entry & { name: string }> }).mcpServers[0]!;
    expect(entry).toEqual({ name: 'filesystem', command: process.execPath, args: [WARDEN_BIN, 'proxy', '--name', 'filesystem', '--', FILESYSTEM, files], env: { MCP_NOTE: 'kept' } });

    // Started as Continue starts it: a working proxy in front of the real server, judging each call.
    const client = await connect(box, entry);
    expect(textOf(await client.callTool({ name: 'read_text_file', arguments: { path: join(files, 'hello.txt') } }))).toBe('hello from disk\n');
    const refused = await client.callTool({ name: 'write_file', arguments: { path: join(files, 'x.txt'), content: 'x' } }).then(() => null, (e: unknown) => e);
    expect((refused as McpError).code).toBe(-32600);
    await client.close();
    const blockEntry = (parseYaml(readFileSync(block, 'utf8')) as { mcpServers: Entry[] }).mcpServers[0]!;
    const viaBlock = await connect(box, blockEntry);
    expect(textOf(await viaBlock.callTool({ name: 'list_directory', arguments: { path: files } }))).toContain('hello.txt');
    await viaBlock.close();

    const back = box.run(['unwrap', '--client', 'continue']);
    expect(back.status).toBe(0);
    expect(readFileSync(configYaml, 'utf8')).toBe(originalConfig);
    expect(readFileSync(block, 'utf8')).toBe(originalBlock);
  });

  it('refuses a config that is not valid JSON with a clear error and leaves it untouched; names unknown clients', () => {
    const box = fresh();
    const broken = '{\n  "mcpServers": {\n    "a": { "command": "x" }\n';
    writeFileSync(join(box.dir, '.mcp.json'), broken);
    const r = box.run(['wrap', '--client', 'claude-code']);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/\.mcp\.json: not changed: .*\.mcp\.json is not valid JSON: .* at line 4, column 1; fix it first/);
    expect(readFileSync(join(box.dir, '.mcp.json'), 'utf8')).toBe(broken);
    const unknown = box.run(['wrap', '--client', 'vim']);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toMatch(/unknown client "vim" \(clients: claude-code, claude-desktop, cursor, vscode, windsurf, gemini, codex, continue\)/);
    const none = box.run(['wrap']);
    expect(none.status).toBe(1);
    expect(none.stderr).toMatch(/which client\? --client/);
    // --all wraps the clients found: here Claude Code, whose file is refused.
    const all = box.run(['wrap', '--all']);
    expect(all.stdout, JSON.stringify(all)).toMatch(/^Claude Code .*\.mcp\.json: not changed/m);
    expect(fresh().run(['wrap', '--all']).stderr).toMatch(/found no MCP client config on this machine or in /);
  });

  it('warns when the proxy would find no policy, and --dry-run changes nothing', () => {
    const box = fresh();
    const text = '{"mcpServers": {"a": {"command": "x"}}}';
    writeFileSync(join(box.dir, '.mcp.json'), text);
    const r = box.run(['wrap', '--client', 'claude-code', '--dry-run']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^dry run: nothing is changed$/m);
    expect(r.stdout).toMatch(/would run a through warden proxy/);
    expect(r.stdout).toMatch(/warning: there is no .*policy\.yaml: the proxy refuses to start without a policy/);
    expect(readFileSync(join(box.dir, '.mcp.json'), 'utf8')).toBe(text);
  });

  it('refuses flags that would wrap nothing, a config nested past reason, and keeps a record whose file went missing', () => {
    const box = fresh();
    const missing = box.run(['wrap', '--client', 'cursor', '--config', 'typo.json']);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/--config typo\.json: no such file/);
    writeFileSync(join(box.dir, '.mcp.json'), '{"mcpServers": {"a": {"command": "x"}}}');
    const noNames = box.run(['wrap', '--client', 'claude-code', '--servers', ' , ']);
    expect(noNames.status).toBe(1);
    expect(noNames.stderr).toMatch(/--servers wants at least one server name/);
    expect(box.run(['wrap', '--list', '--config', '.mcp.json']).stderr).toMatch(/--list shows every client's usual files/);

    // A hostile project file nested 3,000 deep is refused with a reason, and the other clients still wrap.
    mkdirSync(join(box.dir, '.cursor'));
    writeFileSync(join(box.dir, '.cursor', 'mcp.json'), `{"d": ${'['.repeat(3000)}${']'.repeat(3000)}, "mcpServers": {}}`);
    const list = box.run(['wrap', '--list']);
    expect(list.stderr).not.toMatch(/unexpected error|RangeError/);
    expect(list.stdout).toMatch(/nested deeper than 256 levels/);
    const all = box.run(['wrap', '--all']);
    expect(all.stdout).toMatch(/Cursor .*mcp\.json: not changed: .*nested deeper than 256 levels/);
    expect(all.stdout).toMatch(/Claude Code .*\.mcp\.json: now runs a through warden proxy/);

    // Codex's file named by a relative CODEX_HOME: recorded by its full path, so unwrap finds it from
    // anywhere; while the file is away, its record stays.
    mkdirSync(join(box.dir, 'ch'));
    const toml = '[mcp_servers.a]\ncommand = "x"\n';
    writeFileSync(join(box.dir, 'ch', 'config.toml'), toml);
    expect(box.run(['wrap', '--client', 'codex', '--scope', 'user'], undefined, { CODEX_HOME: 'ch' }).status).toBe(0);
    const record = JSON.parse(readFileSync(join(box.wardenHome, 'wrap.json'), 'utf8')) as { files: { file: string }[] };
    expect(record.files.map((f) => f.file)).toContain(join(box.dir, 'ch', 'config.toml'));
    renameSync(join(box.dir, 'ch'), join(box.dir, 'ch-away'));
    const away = box.run(['unwrap', '--client', 'codex']);
    expect(away.stdout).toMatch(/config\.toml: not found; nothing restored, and its record is kept/);
    renameSync(join(box.dir, 'ch-away'), join(box.dir, 'ch'));
    const back = box.run(['unwrap', '--client', 'codex']);
    expect(back.status).toBe(0);
    expect(readFileSync(join(box.dir, 'ch', 'config.toml'), 'utf8')).toBe(toml);
  });

  it('reports a wrap record it cannot write as that file\'s error, and leaves the file as it was', () => {
    const box = fresh();
    const text = '{"mcpServers": {"a": {"command": "x"}}}';
    writeFileSync(join(box.dir, '.mcp.json'), text);
    const notADir = join(box.dir, 'warden-home-file');
    writeFileSync(notADir, '');
    writeFileSync(join(box.dir, 'policy.yaml'), POLICY);
    const r = box.run(['wrap', '--client', 'claude-code', '--policy', 'policy.yaml'], undefined, { WARDEN_HOME: notADir });
    expect(r.stderr).not.toMatch(/unexpected error/);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/not changed: cannot write the wrap record in .*warden-home-file/);
    expect(readFileSync(join(box.dir, '.mcp.json'), 'utf8')).toBe(text);
  });
});
