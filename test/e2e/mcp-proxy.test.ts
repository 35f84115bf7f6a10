// `warden proxy` between the official MCP SDK client and real servers from npm (filesystem,
// everything) and a misbehaving one of our own, all through the built CLI.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { CreateMessageRequestSchema, ElicitRequestSchema, ListRootsRequestSchema, McpError } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandbox, WARDEN_BIN, type Sandbox } from './run-cli.js';

const bin = (name: string): string => fileURLToPath(new URL(`../../node_modules/.bin/${name}`, import.meta.url));
const ROGUE = fileURLToPath(new URL('../fixtures/mcp/rogue-server.mjs', import.meta.url));

const POLICY = `version: 1
roles:
  - name: dev
    mode: enforce
    mcp:
      - { id: no-fs-writes, tool: "filesystem/write_file", action: deny, reason: "agents may not write files through MCP here" }
      - { tool: "*/*", action: allow }
    defaults: { command: allow, mcp: allow, file: allow, web: allow }
`;

let box: Sandbox;
beforeAll(() => {
  box = sandbox();
  writeFileSync(join(box.dir, 'policy.yaml'), POLICY);
  mkdirSync(join(box.dir, 'files'));
  writeFileSync(join(box.dir, 'files', 'hello.txt'), 'hello from disk\n');
});
afterAll(() => { if (box) box.remove(); });

interface Proxied {
  readonly client: Client;
  readonly transport: StdioClientTransport;
  /** Everything the proxy wrote to stderr, once it has exited. */
  stderr(): Promise<string>;
}

async function proxied(name: string, flags: readonly string[], server: readonly string[], setup?: (c: Client) => void): Promise<Proxied> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [WARDEN_BIN, 'proxy', '--name', name, '--policy', 'policy.yaml', ...flags, '--', ...server],
    env: { PATH: process.env.PATH ?? '', HOME: box.home, WARDEN_HOME: box.wardenHome, NO_COLOR: '1' },
    cwd: box.dir,
    stderr: 'pipe',
    // The SDK client reads at most 10 MB per message unless told otherwise.
    maxBufferSize: 64 * 1024 * 1024,
  });
  let text = '';
  const stream = transport.stderr as Readable;
  stream.setEncoding('utf8');
  stream.on('data', (d: string) => { text += d; if (process.env.DEBUG_PROXY) process.stderr.write(d); });
  const ended = once(stream, 'end');
  const client = new Client({ name: 'e2e-client', version: '1.0.0' }, { capabilities: { sampling: {}, elicitation: {}, roots: { listChanged: true } } });
  setup?.(client);
  await client.connect(transport);
  return { client, transport, stderr: async () => { await ended; return text; } };
}

const textOf = (r: unknown): string => ((r as { content: { type: string; text?: string }[] }).content.find((c) => c.type === 'text')?.text ?? '');

async function rejection(p: Promise<unknown>): Promise<McpError> {
  try {
    await p;
  } catch (error) {
    if (error instanceof McpError) return error;
    throw error;
  }
  throw new Error('the call was not refused');
}

const readLog = (file: string): Record<string, unknown>[] =>
  readFileSync(join(box.dir, file), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);

describe('warden proxy with @modelcontextprotocol/server-filesystem', () => {
  it('blocks write_file with -32600 (nothing written), allows reads, records both, and writes the summary', async () => {
    const p = await proxied('filesystem', ['--log', 'fs.jsonl'], [bin('mcp-server-filesystem'), join(box.dir, 'files')]);
    const { tools } = await p.client.listTools();
    expect(tools.map((t) => t.name)).toEqual(expect.arrayContaining(['read_text_file', 'write_file']));

    const target = join(box.dir, 'files', 'pwned.txt');
    const refused = await rejection(p.client.callTool({ name: 'write_file', arguments: { path: target, content: 'x' } }));
    expect(refused.code).toBe(-32600);
    expect(refused.message).toMatch(/Warden blocked filesystem\/write_file: agents may not write files through MCP here/);
    expect(existsSync(target)).toBe(false);

    const read = await p.client.callTool({ name: 'read_text_file', arguments: { path: join(box.dir, 'files', 'hello.txt') } });
    expect(textOf(read)).toBe('hello from disk\n');

    await p.client.close();
    const stderr = await p.stderr();
    expect(stderr).toMatch(/summary for filesystem \(enforce\): 2 tool calls, 1 blocked \(policy 1\)/);
    expect(stderr).toMatch(/calls by tool: write_file 1, read_text_file 1/);

    const log = readLog('fs.jsonl');
    expect(log.filter((r) => r.type === 'tools/call').map((r) => [r.tool, r.policy])).toEqual([['write_file', 'blocked'], ['read_text_file', 'allowed']]);
    const summary = log.find((r) => r.type === 'proxy_summary')!;
    expect(summary).toMatchObject({ server: 'filesystem', total_tool_calls: 2, total_blocked: 1, calls_by_tool: { write_file: 1, read_text_file: 1 }, blocked_by_reason: { policy: 1 }, end: 'client_closed' });
    expect(summary.latency).toMatchObject({ count: 1 });
    expect(summary.messages_client_to_server).toBeGreaterThanOrEqual(5);

    const audit = box.run(['audit', 'list', '--json', '--type', 'mcp_tool_call']);
    expect(audit.status, audit.stderr).toBe(0);
    const entries = JSON.parse(audit.stdout) as { subject: string; outcome: string; reason: string }[];
    expect(entries.map((e) => [e.subject, e.outcome])).toEqual(expect.arrayContaining([['filesystem/write_file', 'blocked'], ['filesystem/read_text_file', 'allowed']]));
    expect(box.run(['audit', 'verify']).status).toBe(0);
  });
});

describe('warden proxy warming up', () => {
  it('leaves no trace of its synthetic calls: no audit entry, no stored tool, nothing said, nothing counted', async () => {
    const p = await proxied('warmed', ['--log', 'warmed.jsonl'], [process.execPath, ROGUE]);
    await p.client.listTools();
    // The warm-up starts once the first answer has reached the client and runs for about half a second of CPU.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(textOf(await p.client.callTool({ name: 'echo', arguments: { text: 'after the warm-up' } }))).toMatch(/after the warm-up/);
    await p.client.close();
    const stderr = await p.stderr();
    expect(stderr).not.toMatch(/warden_warm_up|warm-up/);
    expect(stderr).toMatch(/summary for warmed \(enforce\): 1 tool calls, 0 blocked/);

    expect(readLog('warmed.jsonl').filter((r) => r.type === 'tools/call').map((r) => r.tool)).toEqual(['echo']);
    const audit = box.run(['audit', 'list', '--json']);
    expect(audit.status, audit.stderr).toBe(0);
    expect(audit.stdout).not.toMatch(/warden_warm_up/);
    const entries = JSON.parse(audit.stdout) as { subject: string; outcome: string }[];
    expect(entries.filter((e) => e.subject.startsWith('warmed/')).map((e) => [e.subject, e.outcome])).toEqual([['warmed/echo', 'allowed']]);
    expect(box.run(['audit', 'verify']).status).toBe(0);
    const tools = box.run(['mcp', 'tools', 'list', '--json']);
    expect(tools.status, tools.stderr).toBe(0);
    expect(tools.stdout).not.toMatch(/warden_warm_up/);
  });
});

describe('warden proxy with @modelcontextprotocol/server-everything', () => {
  it('passes sampling, elicitation, roots and progress through both ways', async () => {
    const p = await proxied('everything', [], [bin('mcp-server-everything')], (c) => {
      c.setRequestHandler(CreateMessageRequestSchema, () => ({ model: 'stub-model', role: 'assistant', content: { type: 'text', text: 'sampled through the proxy' } }));
      c.setRequestHandler(ElicitRequestSchema, () => ({ action: 'decline' }));
      c.setRequestHandler(ListRootsRequestSchema, () => ({ roots: [{ uri: 'file:///e2e-root', name: 'e2e root' }] }));
    });
    // Tools that need client capabilities are added once the session is initialised.
    for (let i = 0; i < 50 && !(await p.client.listTools()).tools.some((t) => t.name === 'trigger-sampling-request'); i++) await new Promise((r) => setTimeout(r, 100));

    const sampled = await p.client.callTool({ name: 'trigger-sampling-request', arguments: { prompt: 'say hi', maxTokens: 5 } });
    expect(JSON.stringify(sampled)).toContain('sampled through the proxy');

    const elicited = await p.client.callTool({ name: 'trigger-elicitation-request', arguments: {} });
    expect(textOf(elicited)).toMatch(/declined/);

    const roots = await p.client.callTool({ name: 'get-roots-list', arguments: {} });
    expect(JSON.stringify(roots)).toContain('file:///e2e-root');

    const progress: number[] = [];
    const long = await p.client.callTool({ name: 'trigger-long-running-operation', arguments: { duration: 1, steps: 4 } }, undefined, { onprogress: (n) => progress.push(n.progress) });
    expect(textOf(long)).toMatch(/completed/i);
    // The last notification comes right before the result; when both arrive in one read the SDK
    // client drops its progress handler before the notification's turn comes (direct or proxied).
    expect(progress.slice(0, 3)).toEqual([1, 2, 3]);
    expect(progress.length === 3 || progress[3] === 4).toBe(true);

    const echoed = await p.client.callTool({ name: 'echo', arguments: { message: 'e\u0301 漢字 🙂' } });
    expect(textOf(echoed)).toContain('e\u0301 漢字 🙂');
    await p.client.close();
    expect(await p.stderr()).toMatch(/summary for everything \(enforce\): \d+ tool calls, 0 blocked/);
  });
});

describe('warden proxy with a misbehaving server', () => {
  it('a rug pull: the changed tool disappears from the list and its calls are blocked (--block-undeclared)', async () => {
    const p = await proxied('rogue', ['--block-undeclared', '--log', 'rug.jsonl'], [process.execPath, ROGUE, '--rug-pull']);
    expect((await p.client.listTools()).tools.map((t) => t.name)).toContain('echo');
    expect(textOf(await p.client.callTool({ name: 'echo', arguments: { text: 'first' } }))).toBe('first');
    const second = await p.client.listTools();
    expect(second.tools.map((t) => t.name)).not.toContain('echo');
    const refused = await rejection(p.client.callTool({ name: 'echo', arguments: { text: 'again' } }));
    expect(refused.code).toBe(-32600);
    expect(refused.message).toMatch(/rogue\/echo changed since first seen/);
    const undeclared = await rejection(p.client.callTool({ name: 'hidden_admin', arguments: {} }));
    expect(undeclared.message).toMatch(/not among the tools rogue declared/);
    await p.client.close();
    await p.stderr();
    const summary = readLog('rug.jsonl').find((r) => r.type === 'proxy_summary');
    expect(summary).toMatchObject({ blocked_by_reason: { changed: 1, undeclared: 1 }, tools_hidden: 1 });
  });

  it('a rug pull across restarts: a tool changed while no proxy ran is still caught (--block-undeclared)', async () => {
    const first = await proxied('rogue-restart', ['--block-undeclared'], [process.execPath, ROGUE]);
    expect((await first.client.listTools()).tools.map((t) => t.name)).toContain('echo');
    await first.client.close();
    await first.stderr();
    const tools = join(box.wardenHome, 'mcp-tools.db');
    expect(statSync(tools).mode & 0o777).toBe(0o600);
    // A new proxy process, and a server that now declares echo differently.
    const second = await proxied('rogue-restart', ['--block-undeclared'], [process.execPath, ROGUE, '--updated']);
    const names = (await second.client.listTools()).tools.map((t) => t.name);
    expect(names).toContain('size');
    expect(names).not.toContain('echo');
    const refused = await rejection(second.client.callTool({ name: 'echo', arguments: { text: 'hi' } }));
    expect(refused.code).toBe(-32600);
    expect(refused.message).toMatch(/rogue-restart\/echo changed since first seen/);
    await second.client.close();
    await second.stderr();
  });

  it('a poisoned description is kept from the client; a leaked token is redacted', async () => {
    const p = await proxied('rogue', [], [process.execPath, ROGUE, '--poison']);
    const names = (await p.client.listTools()).tools.map((t) => t.name);
    expect(names).toContain('echo');
    expect(names).not.toContain('add');
    const leak = textOf(await p.client.callTool({ name: 'leak', arguments: {} }));
    expect(leak).not.toContain('ghp_0123456789abcdefghijABCDEFGHIJklmnopqr');
    expect(leak).toMatch(/\[REDACTED:/);
    await p.client.close();
    await p.stderr();
  });

  it('messages of 10 MB and more pass both ways', async () => {
    const p = await proxied('rogue', [], [process.execPath, ROGUE]);
    const data = 'd'.repeat(10 * 1024 * 1024 + 7);
    expect(textOf(await p.client.callTool({ name: 'size', arguments: { data } }))).toBe(String(data.length));
    const big = textOf(await p.client.callTool({ name: 'big', arguments: { mb: 12 } }));
    expect(big.length).toBe(12 * 1024 * 1024);
    await p.client.close();
    await p.stderr();
  });

  it('past --max-message-mb a call is refused in enforce mode and streamed on unjudged in monitor mode', async () => {
    writeFileSync(join(box.dir, 'monitor.yaml'), POLICY.replace('mode: enforce', 'mode: monitor'));
    const data = 'm'.repeat(2 * 1024 * 1024);
    const enforcing = await proxied('rogue', ['--max-message-mb', '1'], [process.execPath, ROGUE]);
    const refused = await rejection(enforcing.client.callTool({ name: 'size', arguments: { data } }));
    expect(refused.code).toBe(-32600);
    expect(refused.message).toMatch(/over the client line limit and was dropped/);
    await enforcing.client.close();
    await enforcing.stderr();
    const monitoring = await proxied('rogue', ['--max-message-mb', '1', '--policy', 'monitor.yaml'], [process.execPath, ROGUE]);
    expect(textOf(await monitoring.client.callTool({ name: 'size', arguments: { data } }))).toBe(String(data.length));
    await monitoring.client.close();
    expect(await monitoring.stderr()).toMatch(/1 invalid/);
  });

  it('a server that crashes mid-call: the client gets an error, the proxy ends with its status and writes the summary', async () => {
    const p = await proxied('rogue', ['--log', 'crash.jsonl'], [process.execPath, ROGUE]);
    await p.client.listTools();
    const exited = new Promise<number | null>((resolve) => {
      const check = setInterval(() => {
        if (existsSync(join(box.dir, 'crash.jsonl')) && readFileSync(join(box.dir, 'crash.jsonl'), 'utf8').includes('proxy_summary')) { clearInterval(check); resolve(0); }
      }, 50);
    });
    const failed = await rejection(p.client.callTool({ name: 'crash', arguments: {} }));
    expect(failed.message).toMatch(/ended before answering tools\/call \(exit code 3\)|Connection closed/);
    await exited;
    const stderr = await p.stderr();
    expect(stderr).toMatch(/rogue: crashing mid-call/);
    expect(stderr).toMatch(/summary for rogue/);
    expect(readLog('crash.jsonl').find((r) => r.type === 'proxy_summary')).toMatchObject({ end: 'server_exited', exit_code: 3, total_tool_calls: 1 });
    await p.client.close();
  });

  it('a client that sends its lines and closes its end still gets every answer (`printf … | warden proxy`)', async () => {
    const lines = [
      { jsonrpc: '2.0', id: 0, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'pipe', version: '1' } } },
      { jsonrpc: '2.0', method: 'notifications/initialized' },
      { jsonrpc: '2.0', id: 1, method: 'tools/list' },
      { jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'read_text_file', arguments: { path: join(box.dir, 'files', 'hello.txt') } } },
      { jsonrpc: '2.0', id: 3, method: 'tools/call', params: { name: 'write_file', arguments: { path: join(box.dir, 'files', 'piped.txt'), content: 'x' } } },
    ].map((m) => `${JSON.stringify(m)}\n`).join('');
    const child = spawn(process.execPath, [WARDEN_BIN, 'proxy', '--name', 'filesystem', '--policy', 'policy.yaml', '--', bin('mcp-server-filesystem'), join(box.dir, 'files')], {
      cwd: box.dir, env: { PATH: process.env.PATH ?? '', HOME: box.home, WARDEN_HOME: box.wardenHome, NO_COLOR: '1' }, stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => { out += d; });
    child.stdin.end(lines);
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).toBe(0);
    const answers = out.trim().split('\n').map((l) => JSON.parse(l) as { id: number; result?: { content?: { text: string }[] }; error?: { code: number } });
    expect(answers.map((a) => a.id).sort()).toEqual([0, 1, 2, 3]);
    expect(answers.find((a) => a.id === 2)?.result?.content?.[0]?.text).toContain('hello from disk');
    expect(answers.find((a) => a.id === 3)?.error?.code).toBe(-32600);
    expect(existsSync(join(box.dir, 'files', 'piped.txt'))).toBe(false);
  });

  it('passes SIGTERM on to the server, then ends with its status and writes the summary', async () => {
    const proxy = spawn(process.execPath, [WARDEN_BIN, 'proxy', '--name', 'rogue', '--policy', 'policy.yaml', '--log', 'signal.jsonl', '--json-summary', '--', process.execPath, ROGUE], {
      cwd: box.dir, env: { PATH: process.env.PATH ?? '', HOME: box.home, WARDEN_HOME: box.wardenHome },
    });
    let stdout = '';
    let stderr = '';
    proxy.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    proxy.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    proxy.stdin.write('{"jsonrpc":"2.0","id":1,"method":"ping"}\n');
    while (!stdout.includes('"id":1')) await new Promise((r) => setTimeout(r, 20));
    const exited = once(proxy, 'exit');
    proxy.kill('SIGTERM');
    const [code] = (await exited) as [number | null];
    expect(code).toBe(128 + 15);
    expect(stdout).toBe('{"jsonrpc":"2.0","id":1,"result":{}}\n');
    const summary = JSON.parse(stderr.trim().split('\n').at(-1)!) as Record<string, unknown>;
    expect(summary).toMatchObject({ type: 'proxy_summary', end: 'server_exited', exit_code: 143, messages_client_to_server: 1 });
    expect(readLog('signal.jsonl').at(-1)).toMatchObject({ type: 'proxy_summary', exit_code: 143 });
  });
});

describe('warden proxy holding a call the role asks about', () => {
  const ASK_POLICY = `version: 1
roles:
  - name: dev
    mode: enforce
    mcp:
      - { id: ask-mkdir, tool: "filesystem/create_directory", action: ask, reason: "new directories need a person's yes" }
      - { tool: "*/*", action: allow }
    defaults: { command: allow, mcp: allow, file: allow, web: allow }
`;
  const pending = (): string | undefined => {
    const r = box.run(['approvals', 'list', '--json']);
    if (r.status !== 0) throw new Error(`warden approvals list failed (${r.status}): ${r.stderr}`);
    const list = JSON.parse(r.stdout) as { id: string; subject: string; status: string }[];
    return list.find((a) => a.subject === 'filesystem/create_directory' && a.status === 'pending')?.id;
  };
  const waitFor = async (probe: () => string | undefined): Promise<string> => {
    for (let i = 0; i < 200; i++) {
      const v = probe();
      if (v) return v;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('no pending approval appeared');
  };

  it('keeps the call pending until warden approvals approves it from another process, then runs it', async () => {
    writeFileSync(join(box.dir, 'policy-ask.yaml'), ASK_POLICY);
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [WARDEN_BIN, 'proxy', '--name', 'filesystem', '--policy', 'policy-ask.yaml', '--', bin('mcp-server-filesystem'), join(box.dir, 'files')],
      env: { PATH: process.env.PATH ?? '', HOME: box.home, WARDEN_HOME: box.wardenHome, NO_COLOR: '1' },
      cwd: box.dir,
      stderr: 'pipe',
    });
    const client = new Client({ name: 'e2e-client', version: '1.0.0' });
    await client.connect(transport);
    const made = join(box.dir, 'files', 'approved-dir');
    const call = client.callTool({ name: 'create_directory', arguments: { path: made } });
    const id = await waitFor(pending);
    expect(existsSync(made)).toBe(false);
    expect(box.run(['approvals', 'approve', id, '--reason', 'fine by me']).status).toBe(0);
    await call;
    expect(existsSync(made)).toBe(true);

    // A rejected one never reaches the server.
    const refusedDir = join(box.dir, 'files', 'rejected-dir');
    const second = rejection(client.callTool({ name: 'create_directory', arguments: { path: refusedDir } }));
    const id2 = await waitFor(pending);
    expect(box.run(['approvals', 'reject', id2, '--reason', 'not now']).status).toBe(0);
    expect((await second).message).toMatch(/not now/);
    expect(existsSync(refusedDir)).toBe(false);
    await client.close();
  });

  it('a held call the client cancels is closed as cancelled, never reaches the server, and the session goes on', async () => {
    writeFileSync(join(box.dir, 'policy-ask.yaml'), ASK_POLICY);
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [WARDEN_BIN, 'proxy', '--name', 'filesystem', '--policy', 'policy-ask.yaml', '--', bin('mcp-server-filesystem'), join(box.dir, 'files')],
      env: { PATH: process.env.PATH ?? '', HOME: box.home, WARDEN_HOME: box.wardenHome, NO_COLOR: '1' },
      cwd: box.dir,
      stderr: 'pipe',
    });
    const client = new Client({ name: 'e2e-client', version: '1.0.0' });
    await client.connect(transport);
    const made = join(box.dir, 'files', 'cancelled-dir');
    const abort = new AbortController();
    // The SDK sends notifications/cancelled for the request when its signal aborts.
    const call = client.callTool({ name: 'create_directory', arguments: { path: made } }, undefined, { signal: abort.signal }).then(() => 'answered', () => 'cancelled');
    const id = await waitFor(pending);
    abort.abort('changed my mind');
    expect(await call).toBe('cancelled');
    const statusOf = (): string | undefined => {
      const r = box.run(['approvals', 'list', '--all', '--json']);
      return (JSON.parse(r.stdout) as { id: string; status: string }[]).find((a) => a.id === id)?.status;
    };
    await waitFor(() => (statusOf() === 'cancelled' ? 'yes' : undefined));
    // Nobody can approve it any more, and the server never saw it.
    const late = box.run(['approvals', 'approve', id]);
    expect(late.status).not.toBe(0);
    expect(late.stderr).toMatch(/already cancelled/);
    await new Promise((r) => setTimeout(r, 300));
    expect(existsSync(made)).toBe(false);
    const entries = JSON.parse(box.run(['audit', 'list', '--json', '--type', 'mcp_tool_call']).stdout) as { subject: string; outcome: string; reason: string }[];
    expect(entries.find((e) => e.subject === 'filesystem/create_directory' && /cancelled by the client/.test(e.reason))).toMatchObject({ outcome: 'denied' });
    // The session is still usable.
    const listed = await client.callTool({ name: 'list_allowed_directories', arguments: {} });
    expect(JSON.stringify(listed)).toContain('files');
    await client.close();
  });
});
