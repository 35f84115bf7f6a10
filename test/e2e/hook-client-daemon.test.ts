// The compiled hook client with the real Warden behind it: the daemon (`warden agent start
// --foreground`) answering over its socket, and, with no daemon, `warden hook --in-process` judging
// the call by the installed policy. Both through the built CLI, in a sandboxed HOME and WARDEN_HOME.
import { spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { STARTER_POLICY } from '../../src/core/policy/starter-policy.js';
import { startForegroundDaemon } from './foreground-daemon.js';
import { sandbox, WARDEN_BIN, type Sandbox } from './run-cli.js';

const BUILD_SCRIPT = fileURLToPath(new URL('../../scripts/build-hook-client.mjs', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'warden-hook-client-real-'));
const CLIENT = join(scratch, 'warden-hook');
const build = spawnSync(process.execPath, [BUILD_SCRIPT, '--out', CLIENT], { encoding: 'utf8' });
const noCompiler = build.status === 0 && /no C compiler/.test(build.stderr);
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** What the built CLI offers (nothing when it is not built). */
const help = (args: readonly string[]): string => spawnSync(process.execPath, [WARDEN_BIN, ...args, '--help'], { encoding: 'utf8' }).stdout ?? '';
const inProcess = help(['hook']).includes('--in-process');
const daemon = help(['agent', 'start']).includes('--foreground');

const payload = (command: string): string =>
  JSON.stringify({ session_id: 's', cwd: '/tmp', hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: { command } });

const boxes: Sandbox[] = [];
const daemons: ChildProcessWithoutNullStreams[] = [];
afterEach(async () => {
  await Promise.all(daemons.splice(0).map((d) => new Promise<void>((resolve) => {
    if (d.exitCode !== null || d.signalCode !== null) resolve();
    else {
      d.once('exit', () => resolve());
      d.kill('SIGTERM');
    }
  })));
  for (const b of boxes.splice(0)) b.remove();
});

/** A sandbox with the starter policy (enforce mode) installed. */
function withPolicy(): Sandbox {
  if (build.status !== 0) throw new Error(`scripts/build-hook-client.mjs failed:\n${build.stdout}${build.stderr}`);
  const box = sandbox();
  boxes.push(box);
  writeFileSync(join(box.wardenHome, 'policy.yaml'), STARTER_POLICY, { mode: 0o600 });
  return box;
}

function client(box: Sandbox, agent: string, input: string, env: Record<string, string> = {}) {
  const r = spawnSync(CLIENT, [agent], {
    input,
    encoding: 'utf8',
    timeout: 30_000,
    env: { PATH: process.env.PATH ?? '', HOME: box.home, WARDEN_HOME: box.wardenHome, WARDEN_NODE: process.execPath, WARDEN_CLI: WARDEN_BIN, WARDEN_HOOK_DEBUG: '1', ...env },
  });
  if (r.error) throw r.error;
  return { status: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

function startDaemon(box: Sandbox): Promise<ChildProcessWithoutNullStreams> {
  return startForegroundDaemon(box.dir, { PATH: process.env.PATH ?? '', HOME: box.home, WARDEN_HOME: box.wardenHome, NO_COLOR: '1' }, (child) => daemons.push(child));
}

describe.skipIf(noCompiler || !inProcess)('warden-hook without a daemon: `warden hook --in-process` judges', () => {
  it('blocks what the policy blocks and lets the rest through, by the installed policy', () => {
    const box = withPolicy();
    const blocked = client(box, 'claude-code', payload('git push --force origin main'));
    expect(blocked.stderr).toContain('warden-hook: judging in-process: no daemon socket');
    expect(blocked.status).toBe(0);
    expect(JSON.parse(blocked.stdout)).toMatchObject({ hookSpecificOutput: { hookEventName: 'PreToolUse', permissionDecision: 'deny' } });
    const allowed = client(box, 'claude-code', payload('git status'));
    expect(allowed).toMatchObject({ status: 0, stdout: '' });
  });

  it('answers an unreadable payload with the enforce-mode deny, not an allow', () => {
    const box = withPolicy();
    const r = client(box, 'gemini', '{"not json');
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ decision: 'deny' });
  });
});

describe.skipIf(noCompiler || !daemon)('warden-hook with the real daemon (warden agent start --foreground)', () => {
  it('gets the daemon\'s answer without starting Node: a deny for a blocked command, nothing for an allowed one', async () => {
    const box = withPolicy();
    await startDaemon(box);
    // A fallback would fail here: the answer has to come from the daemon.
    const env = { WARDEN_NODE: join(box.dir, 'no-node-here') };
    const blocked = client(box, 'claude-code', payload('git push --force origin main'), env);
    expect(blocked.stderr).not.toContain('judging in-process');
    expect(blocked.status).toBe(0);
    expect(JSON.parse(blocked.stdout)).toMatchObject({ hookSpecificOutput: { hookEventName: 'PreToolUse', permissionDecision: 'deny' } });
    const allowed = client(box, 'codex', payload('git status'), env);
    expect(allowed).toMatchObject({ status: 0, stdout: '', signal: null });
    // Every decision is in the audit log before the answer.
    const audit = box.run(['audit', 'list', '--json']);
    expect(audit.status).toBe(0);
    expect(audit.stdout).toContain('git push --force origin main');
  });

  it('falls back to judging in-process once the daemon is gone', async () => {
    const box = withPolicy();
    const d = await startDaemon(box);
    await new Promise<void>((resolve) => {
      d.once('exit', () => resolve());
      d.kill('SIGTERM');
    });
    const r = client(box, 'claude-code', payload('git push --force origin main'));
    expect(r.stderr).toContain('warden-hook: judging in-process');
    expect(JSON.parse(r.stdout)).toMatchObject({ hookSpecificOutput: { permissionDecision: 'deny' } });
  });
});
