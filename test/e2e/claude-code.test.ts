// The real Claude Code CLI (from npm) with Warden installed as its hook, against a model API stub
// on loopback: the model asks for a Bash command, Claude Code runs `warden hook claude-code`
// before it, and the command runs or not as the policy says.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { STARTER_POLICY } from '../../src/core/policy/starter-policy.js';
import { startAnthropicStub, type AnthropicStub } from './anthropic-stub.js';
import { sandbox, type Sandbox } from './run-cli.js';

const CLAUDE = fileURLToPath(new URL('../../node_modules/.bin/claude', import.meta.url));
const RUN_TIMEOUT_MS = 120_000;

/** Whether the CLI starts at all on this machine; the only reason these tests are skipped. */
function probe(): { ok: true; version: string } | { ok: false; reason: string } {
  if (!existsSync(CLAUDE)) return { ok: false, reason: `${CLAUDE} is missing (npm ci installs @anthropic-ai/claude-code)` };
  const r = spawnSync(CLAUDE, ['--version'], { encoding: 'utf8', timeout: 60_000, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', DISABLE_AUTOUPDATER: '1' } });
  if (r.error) return { ok: false, reason: r.error.message };
  if (r.status !== 0) return { ok: false, reason: `claude --version exited ${r.status}: ${r.stderr.trim()}` };
  return { ok: true, version: r.stdout.trim() };
}
const cli = probe();

interface ClaudeResult {
  readonly is_error: boolean;
  readonly result?: string;
  readonly permission_denials: ReadonlyArray<{ readonly tool_name: string; readonly tool_input: { readonly command?: string } }>;
}

const running = new Set<ChildProcess>();
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  // Claude Code and the hooks it started, whatever state a failed test left them in.
  for (const child of running) if (child.pid) try { process.kill(-child.pid, 'SIGKILL'); } catch { /* gone */ }
  running.clear();
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

/** `claude -p` in its own process group, with the sandbox's HOME and WARDEN_HOME and the stub as its model API. */
function runClaude(box: Sandbox, stub: AnthropicStub, prompt: string): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(CLAUDE, ['-p', prompt, '--output-format', 'json', '--allowedTools', 'Bash'], {
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
        DISABLE_BUG_COMMAND: '1',
        NO_COLOR: '1',
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
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (status) => {
      clearTimeout(timer);
      running.delete(child);
      resolve({ status, stdout, stderr });
    });
  });
}

/** A sandbox with Warden installed for Claude Code (the policy given, else the starter policy) and the stub. */
async function setup(command: (marker: string) => string, policy?: string) {
  const box = sandbox();
  cleanups.push(() => {
    box.run(['agent', 'stop', '--kill']);
    box.remove();
  });
  const marker = join(box.dir, 'marker');
  const args = ['install', '--agents', 'claude-code'];
  if (policy) args.push('--policy', join(box.dir, 'policy.yaml'));
  if (policy) writeFileSync(join(box.dir, 'policy.yaml'), policy);
  const installed = box.run(args);
  expect(installed.stderr).toBe('');
  expect(installed.status).toBe(0);
  const stub = await startAnthropicStub(command(marker));
  cleanups.push(() => stub.close());
  const run = async () => {
    const r = await runClaude(box, stub, 'Run the command for the task, please.');
    expect(r.status, `claude -p failed:\n${r.stderr}\n${r.stdout}`).toBe(0);
    return JSON.parse(r.stdout) as ClaudeResult;
  };
  return { box, marker, stub, run };
}

const FORCE_PUSH = (marker: string) => `touch '${marker}' && git push --force origin main`;

describe.skipIf(!cli.ok)(`Claude Code ${cli.ok ? cli.version : `cannot start on this machine: ${cli.reason}`} with \`warden install --agents claude-code\``, () => {
  it('a command the policy blocks never runs: a permission denial, and the model is told why', async () => {
    const { marker, stub, run } = await setup(FORCE_PUSH);
    const result = await run();
    expect(existsSync(marker)).toBe(false);
    expect(result.permission_denials).toEqual([expect.objectContaining({ tool_name: 'Bash', tool_input: expect.objectContaining({ command: FORCE_PUSH(marker) }) as unknown })]);
    expect(stub.toolResults.length).toBeGreaterThan(0);
    expect(stub.toolResults[0]).toMatchObject({ isError: true, text: expect.stringContaining('Blocked by Warden (no-force-push): Force pushes rewrite history') as unknown });
  }, 300_000);

  it('a command the policy allows runs', async () => {
    const { marker, stub, run } = await setup((m) => `touch '${m}'`);
    const result = await run();
    expect(existsSync(marker)).toBe(true);
    expect(result.permission_denials).toEqual([]);
    expect(stub.toolResults[0]?.isError).toBe(false);
  }, 300_000);

  it('in monitor mode the command the policy would block runs', async () => {
    const { marker, run } = await setup(FORCE_PUSH, STARTER_POLICY.replace('mode: enforce', 'mode: monitor'));
    const result = await run();
    expect(existsSync(marker)).toBe(true);
    expect(result.permission_denials).toEqual([]);
  }, 300_000);

  it('with the daemon up, each of these calls is in the audit log with its outcome (blocked, allowed, would_block)', async () => {
    const { box, marker, run } = await setup(FORCE_PUSH);
    expect(box.run(['agent', 'status']).status).toBe(0);
    const blocked = await run();
    expect(blocked.permission_denials).toHaveLength(1);

    const allowedCommand = `touch '${marker}-ok'`;
    const allowStub = await startAnthropicStub(allowedCommand);
    cleanups.push(() => allowStub.close());
    expect((await runClaude(box, allowStub, 'Run the command for the task, please.')).status).toBe(0);
    expect(existsSync(`${marker}-ok`)).toBe(true);

    // Monitor mode by editing the installed policy: the daemon picks it up without a restart.
    writeFileSync(join(box.wardenHome, 'policy.yaml'), STARTER_POLICY.replace('mode: enforce', 'mode: monitor'));
    const deadline = Date.now() + 5_000;
    for (;;) {
      const s = box.run(['agent', 'status', '--json']);
      if (s.stdout && (JSON.parse(s.stdout) as { policy?: { mode?: string } }).policy?.mode === 'monitor') break;
      if (Date.now() > deadline) throw new Error(`the daemon did not pick up the monitor-mode policy: ${s.status} ${s.stdout} ${s.stderr}\n${readFileSync(join(box.wardenHome, 'daemon.log'), 'utf8')}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const monitorStub = await startAnthropicStub(FORCE_PUSH(marker));
    cleanups.push(() => monitorStub.close());
    expect((await runClaude(box, monitorStub, 'Run the command for the task, please.')).status).toBe(0);
    expect(existsSync(marker)).toBe(true);

    const listed = box.run(['audit', 'list', '--json', '--type', 'command', '--agent', 'claude-code']);
    expect(listed.status, listed.stderr).toBe(0);
    const calls = (JSON.parse(listed.stdout) as Array<{ seq: number; subject: string; outcome: string; tool: string }>).sort((a, b) => a.seq - b.seq);
    expect(calls.map((c) => [c.subject, c.outcome, c.tool])).toEqual([
      [FORCE_PUSH(marker), 'blocked', 'Bash'],
      [allowedCommand, 'allowed', 'Bash'],
      [FORCE_PUSH(marker), 'would_block', 'Bash'],
    ]);
    const daemonStatus = JSON.parse(box.run(['agent', 'status', '--json']).stdout) as { counts: { decisions: number } };
    expect(daemonStatus.counts.decisions).toBeGreaterThanOrEqual(3);
    expect(box.run(['audit', 'verify']).status).toBe(0);
  }, 600_000);
});
