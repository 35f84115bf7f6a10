// The real Claude Code CLI (from npm) with an MCP server configured in .mcp.json to run through
// `warden proxy`, against a model API stub on loopback that asks for an MCP tool: a call the
// policy blocks reaches Claude Code as a tool error and never reaches the server.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { startAnthropicStub, type AnthropicStub, type StubToolCall } from './anthropic-stub.js';
import { sandbox, WARDEN_BIN, type Sandbox } from './run-cli.js';

const CLAUDE = fileURLToPath(new URL('../../node_modules/.bin/claude', import.meta.url));
const FS_SERVER = fileURLToPath(new URL('../../node_modules/.bin/mcp-server-filesystem', import.meta.url));
const RUN_TIMEOUT_MS = 120_000;

function probe(): { ok: true; version: string } | { ok: false; reason: string } {
  if (!existsSync(CLAUDE)) return { ok: false, reason: `${CLAUDE} is missing (npm ci installs @anthropic-ai/claude-code)` };
  const r = spawnSync(CLAUDE, ['--version'], { encoding: 'utf8', timeout: 60_000, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', DISABLE_AUTOUPDATER: '1' } });
  if (r.error) return { ok: false, reason: r.error.message };
  if (r.status !== 0) return { ok: false, reason: `claude --version exited ${r.status}: ${r.stderr.trim()}` };
  return { ok: true, version: r.stdout.trim() };
}
const cli = probe();

const POLICY = `version: 1
roles:
  - name: dev
    mode: enforce
    mcp:
      - { id: no-mcp-writes, tool: "filesystem/write_file", action: deny, reason: "files are not written through MCP here" }
      - { tool: "filesystem/*", action: allow }
    defaults: { command: allow, mcp: deny, file: allow, web: allow }
`;

const running = new Set<ChildProcess>();
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const child of running) if (child.pid) try { process.kill(-child.pid, 'SIGKILL'); } catch { /* gone */ }
  running.clear();
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

function runClaude(box: Sandbox, stub: AnthropicStub, allowed: string): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(CLAUDE, ['-p', 'Use the tool for the task, please.', '--output-format', 'json', '--mcp-config', join(box.dir, '.mcp.json'), '--allowedTools', allowed], {
      cwd: box.dir,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        PATH: process.env.PATH ?? '',
        HOME: box.home,
        WARDEN_HOME: box.wardenHome,
        ANTHROPIC_BASE_URL: stub.url,
        ANTHROPIC_API_KEY: 'sk-ant-e2e-dummy',
        CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
        DISABLE_TELEMETRY: '1',
        DISABLE_AUTOUPDATER: '1',
        DISABLE_ERROR_REPORTING: '1',
        NO_COLOR: '1',
        // Wait for the MCP server before the first model request (Claude Code connects in the background otherwise).
        MCP_CONNECTION_NONBLOCKING: '0',
      },
    });
    running.add(child);
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => {
      if (child.pid) process.kill(-child.pid, 'SIGKILL');
      reject(new Error(`claude -p did not finish in ${RUN_TIMEOUT_MS} ms\nstdout: ${stdout}\nstderr: ${stderr}`));
    }, RUN_TIMEOUT_MS);
    child.on('error', (error) => { clearTimeout(timer); reject(error); });
    child.on('close', (status) => { clearTimeout(timer); running.delete(child); resolve({ status, stdout, stderr }); });
  });
}

/** A sandbox whose .mcp.json runs server-filesystem through warden proxy, and a stub asking for `call`. */
async function setup(call: (files: string) => StubToolCall) {
  const box = sandbox();
  cleanups.push(() => box.remove());
  const files = join(box.dir, 'files');
  mkdirSync(files);
  writeFileSync(join(files, 'notes.txt'), 'notes on disk\n');
  writeFileSync(join(box.dir, 'policy.yaml'), POLICY);
  const proxy = [WARDEN_BIN, 'proxy', '--name', 'filesystem', '--policy', join(box.dir, 'policy.yaml'), '--log', join(box.dir, 'proxy.jsonl'), '--', FS_SERVER, files];
  writeFileSync(join(box.dir, '.mcp.json'), JSON.stringify({ mcpServers: { filesystem: { command: process.execPath, args: proxy, alwaysLoad: true } } }, null, 2));
  const stub = await startAnthropicStub('', call(files));
  cleanups.push(() => stub.close());
  return { box, files, stub };
}

const logOf = (box: Sandbox): Record<string, unknown>[] =>
  existsSync(join(box.dir, 'proxy.jsonl')) ? readFileSync(join(box.dir, 'proxy.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>) : [];

describe.skipIf(!cli.ok)(`Claude Code ${cli.ok ? cli.version : `cannot start on this machine: ${cli.reason}`} with an MCP server behind warden proxy`, () => {
  it('a blocked MCP call reaches Claude Code as an error, and the file is not written', async () => {
    const { box, files, stub } = await setup((f) => ({ name: 'mcp__filesystem__write_file', input: { path: join(f, 'pwned.txt'), content: 'x' } }));
    const r = await runClaude(box, stub, 'mcp__filesystem__write_file');
    expect(r.status, `claude -p failed:\n${r.stderr}\n${r.stdout}`).toBe(0);
    expect(existsSync(join(files, 'pwned.txt'))).toBe(false);
    expect(stub.toolResults.length, `no tool result came back; requests: ${stub.requests.join(', ')}`).toBeGreaterThan(0);
    expect(stub.toolResults[0]).toMatchObject({ isError: true, text: expect.stringMatching(/-32600.*Warden blocked filesystem\/write_file: files are not written through MCP here/s) as unknown });
    expect(logOf(box).filter((l) => l.type === 'tools/call')).toMatchObject([{ tool: 'write_file', policy: 'blocked', rule: 'no-mcp-writes' }]);
  }, 300_000);

  it('an allowed MCP call goes through to the server', async () => {
    const { box, stub } = await setup((f) => ({ name: 'mcp__filesystem__read_text_file', input: { path: join(f, 'notes.txt') } }));
    const r = await runClaude(box, stub, 'mcp__filesystem__read_text_file');
    expect(r.status, `claude -p failed:\n${r.stderr}\n${r.stdout}`).toBe(0);
    expect(stub.toolResults[0]).toMatchObject({ isError: false, text: expect.stringContaining('notes on disk') as unknown });
    expect(logOf(box).filter((l) => l.type === 'tools/call')).toMatchObject([{ tool: 'read_text_file', policy: 'allowed' }]);
  }, 300_000);
});
