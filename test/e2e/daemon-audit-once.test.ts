// Every hook call is in the audit log exactly once, whoever answers it: the daemon that answers
// too late (the hook has judged in-process meanwhile) does not record it a second time, and a
// payload that cannot be read is recorded too, by the daemon and by the in-process hook. Real
// daemon (`warden agent start --foreground`), real `warden hook`, the compiled hook client, real
// SQLite; the daemon is made late by holding the audit database's write lock from the test.
import Database from 'better-sqlite3';
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { STARTER_POLICY } from '../../src/core/policy/starter-policy.js';
import { startForegroundDaemon } from './foreground-daemon.js';
import { sandbox, WARDEN_BIN, type CliResult, type Sandbox } from './run-cli.js';

const BUILD_SCRIPT = fileURLToPath(new URL('../../scripts/build-hook-client.mjs', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'warden-audit-once-'));
const CLIENT = join(scratch, 'warden-hook');
const build = spawnSync(process.execPath, [BUILD_SCRIPT, '--out', CLIENT], { encoding: 'utf8' });
const noCompiler = build.status !== 0 || /no C compiler/.test(build.stderr);
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const bash = (command: string) => JSON.stringify({ session_id: 's', cwd: '/tmp', hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: { command } });
const permission = (stdout: string): string | null =>
  stdout ? ((JSON.parse(stdout) as { hookSpecificOutput?: { permissionDecision?: string } }).hookSpecificOutput?.permissionDecision ?? null) : null;

const boxes: Sandbox[] = [];
const daemons: ChildProcessWithoutNullStreams[] = [];
const locks: Database.Database[] = [];
afterEach(async () => {
  for (const db of locks.splice(0)) if (db.open) db.close();
  await Promise.all(daemons.splice(0).map((d) => new Promise<void>((resolve) => {
    if (d.exitCode !== null || d.signalCode !== null) resolve();
    else {
      d.once('exit', () => resolve());
      d.kill('SIGTERM');
    }
  })));
  for (const b of boxes.splice(0)) b.remove();
});

function withPolicy(): Sandbox {
  const box = sandbox();
  boxes.push(box);
  writeFileSync(join(box.wardenHome, 'policy.yaml'), STARTER_POLICY, { mode: 0o600 });
  return box;
}

const env = (box: Sandbox, more: Record<string, string> = {}) => ({ PATH: process.env.PATH ?? '', HOME: box.home, WARDEN_HOME: box.wardenHome, NO_COLOR: '1', ...more });

/** A process run to its end without blocking the test (the daemon and the lock holder live here). */
function runAsync(cmd: string, args: readonly string[], input: string, environment: NodeJS.ProcessEnv): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env: environment });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
    child.stdin.end(input);
  });
}

function startDaemon(box: Sandbox): Promise<ChildProcessWithoutNullStreams> {
  return startForegroundDaemon(box.dir, env(box), (child) => daemons.push(child));
}

interface Entry { seq: number; type: string; subject: string; outcome: string; rule: string | null; agent: string | null; reason: string; arguments: { problem?: string; payload?: string | null; clipped?: boolean } | null }
function entries(box: Sandbox): Entry[] {
  const r = box.run(['audit', 'list', '--json', '--limit', '1000']);
  expect(r.status, r.stderr).toBe(0);
  return (JSON.parse(r.stdout) as Entry[]).sort((a, b) => a.seq - b.seq);
}

async function until(ms: number, ok: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`not within ${ms} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Holds the audit database's write lock, as a long write by another process would. */
function holdWriteLock(box: Sandbox): Database.Database {
  const db = new Database(join(box.wardenHome, 'audit.db'));
  locks.push(db);
  db.exec('BEGIN IMMEDIATE');
  return db;
}

const daemonLog = (box: Sandbox): string => {
  const file = join(box.wardenHome, 'daemon.log');
  return existsSync(file) ? readFileSync(file, 'utf8') : '';
};
/** The daemon is done with the call: it recorded it, or found it recorded by the hook. */
const daemonDone = (box: Sandbox): boolean => {
  const s = box.run(['agent', 'status', '--json']);
  const decisions = (JSON.parse(s.stdout) as { counts?: { decisions?: number } }).counts?.decisions ?? 0;
  return decisions > 0 || daemonLog(box).includes('not recorded twice');
};

describe('a daemon answer that comes too late is not recorded twice', { timeout: 60_000 }, () => {
  it('warden hook: it falls back after WARDEN_HOOK_TIMEOUT_MS, the daemon finishes later, and the call is in the log once', async () => {
    const box = withPolicy();
    await startDaemon(box);
    const lock = holdWriteLock(box);
    const hook = runAsync(process.execPath, [WARDEN_BIN, 'hook', 'claude-code'], bash('git push --force origin main'), env(box, { WARDEN_HOOK_TIMEOUT_MS: '300' }));
    // Well past the hook's deadline: the daemon has judged the call and waits to write it.
    await new Promise((r) => setTimeout(r, 2_000));
    lock.exec('COMMIT');
    lock.close();
    const r = await hook;
    expect(r.status).toBe(0);
    expect(permission(r.stdout)).toBe('deny');
    await until(10_000, () => daemonDone(box), 'the daemon finished the late call');
    const pushes = entries(box).filter((e) => e.subject === 'git push --force origin main');
    expect(pushes.map((e) => [e.outcome, e.rule, e.agent])).toEqual([['blocked', 'no-force-push', 'claude-code']]);
    expect(box.run(['audit', 'verify']).status).toBe(0);
  });

  it.skipIf(noCompiler)('the compiled hook client: its fallback records under the id it sent the daemon', async () => {
    const box = withPolicy();
    await startDaemon(box);
    const lock = holdWriteLock(box);
    const hook = runAsync(CLIENT, ['claude-code'], bash('git push --force origin main'), env(box, { WARDEN_HOOK_TIMEOUT_MS: '300', WARDEN_NODE: process.execPath, WARDEN_CLI: WARDEN_BIN, WARDEN_HOOK_DEBUG: '1' }));
    await new Promise((r) => setTimeout(r, 2_000));
    lock.exec('COMMIT');
    lock.close();
    const r = await hook;
    expect(r.stderr).toContain('judging in-process');
    expect(permission(r.stdout)).toBe('deny');
    await until(10_000, () => daemonDone(box), 'the daemon finished the late call');
    expect(entries(box).filter((e) => e.subject === 'git push --force origin main')).toHaveLength(1);
  });

  it('calls answered in time are each recorded once, as before', async () => {
    const box = withPolicy();
    await startDaemon(box);
    for (const command of ['git status', 'git status', 'git push --force']) {
      expect(box.run(['hook', 'claude-code'], bash(command)).status).toBe(0);
    }
    expect(entries(box).filter((e) => e.type === 'command').map((e) => e.subject)).toEqual(['git status', 'git status', 'git push --force']);
  });
});

describe('a payload that cannot be read is refused and recorded', { timeout: 60_000 }, () => {
  const secret = 'ghp_' + 'Zx9Yw8Vu7Ts6Rq5Po4Nm3Lk2Ji1Hg0FeDcBa';

  it('by the daemon: not JSON, and JSON of the wrong shape, each a hook_error entry with the payload clipped and redacted', async () => {
    const box = withPolicy();
    await startDaemon(box);
    const notJson = box.run(['hook', 'claude-code'], `{"tool_name": "Bash", "token": "${secret}"`);
    expect(permission(notJson.stdout)).toBe('deny');
    const wrongShape = box.run(['hook', 'gemini'], JSON.stringify({ hook_event_name: 'BeforeTool', tool_name: 'run_shell_command', tool_input: 'rm -rf /' }));
    expect((JSON.parse(wrongShape.stdout) as { decision?: string }).decision).toBe('deny');
    const huge = box.run(['hook', 'claude-code'], `[${'"x",'.repeat(5_000)}"end"]`);
    expect(permission(huge.stdout)).toBe('deny');
    const errors = entries(box).filter((e) => e.type === 'hook_error');
    expect(errors.map((e) => [e.agent, e.outcome, e.rule])).toEqual([
      ['claude-code', 'blocked', 'warden-unavailable'],
      ['gemini', 'blocked', 'warden-unavailable'],
      ['claude-code', 'blocked', 'warden-unavailable'],
    ]);
    expect(errors[0]!.reason).toContain('not JSON');
    expect(errors[0]!.arguments?.payload).toContain('"tool_name": "Bash"');
    expect(errors[1]!.arguments?.payload).toContain('rm -rf /');
    expect(errors[2]!.arguments).toMatchObject({ clipped: true });
    expect(errors[2]!.arguments!.payload!.length).toBeLessThanOrEqual(4_096);
    const db = readFileSync(join(box.wardenHome, 'audit.db'));
    expect(JSON.stringify(errors)).not.toContain(secret);
    expect(db.includes(secret)).toBe(false);
    expect((JSON.parse(box.run(['agent', 'status', '--json']).stdout) as { counts: { requests: number } }).counts.requests).toBe(3);
  });

  it('by `warden hook --in-process` and by the compiled client falling back: the same entry', () => {
    const box = withPolicy();
    const r = box.run(['hook', 'codex', '--in-process'], 'not json at all');
    expect(permission(r.stdout)).toBe('deny');
    const errors = entries(box).filter((e) => e.type === 'hook_error');
    expect(errors).toEqual([expect.objectContaining({ agent: 'codex', subject: 'not json at all', outcome: 'blocked', rule: 'warden-unavailable' })]);
    if (!noCompiler) {
      const c = spawnSync(CLIENT, ['cursor'], { input: '[]', encoding: 'utf8', env: env(box, { WARDEN_NODE: process.execPath, WARDEN_CLI: WARDEN_BIN }) });
      expect(c.status).toBe(0);
      expect(entries(box).filter((e) => e.type === 'hook_error').map((e) => [e.agent, e.subject])).toEqual([['codex', 'not json at all'], ['cursor', '[]']]);
    }
  });

  it('in monitor mode the call goes through with a warning, and is recorded as would_block', async () => {
    const box = withPolicy();
    writeFileSync(join(box.wardenHome, 'policy.yaml'), STARTER_POLICY.replace('mode: enforce', 'mode: monitor'));
    await startDaemon(box);
    const r = box.run(['hook', 'claude-code'], '{');
    expect(permission(r.stdout)).toBeNull();
    expect(entries(box).filter((e) => e.type === 'hook_error').map((e) => e.outcome)).toEqual(['would_block']);
  });
});
