// The daemon in this process on a real socket, a real audit log and a real policy file.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuditRecord } from '../../audit/entry.js';
import { STARTER_POLICY } from '../../core/policy/starter-policy.js';
import { openHostAuditLog } from '../../store/host-audit-log.js';
import { writePolicyStamp } from '../install/policy-stamp.js';
import { askDaemon } from './client.js';
import { startDaemon, type Daemon, type DaemonStatus } from './daemon.js';
import { fileLogger } from './logger.js';

let root: string;
let home: string;
let daemon: Daemon | null;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'warden-daemon-'));
  home = join(root, 'warden-home');
  mkdirSync(join(root, 'home'));
  daemon = null;
});
afterEach(async () => {
  await daemon?.stop();
  rmSync(root, { recursive: true, force: true });
});

async function start(policy: string | null = STARTER_POLICY): Promise<Daemon> {
  if (policy !== null) {
    mkdirSync(home, { recursive: true, mode: 0o700 });
    writeFileSync(join(home, 'policy.yaml'), policy);
    writePolicyStamp(home, policy);
  }
  daemon = await startDaemon({
    wardenHome: home,
    wardenCommand: 'warden',
    install: { home: join(root, 'home'), env: {} },
    host: 'dev-laptop',
    version: 'test',
    log: fileLogger(join(root, 'daemon.log')),
    pollMs: 100,
  });
  return daemon;
}

const bash = (command: string) => JSON.stringify({ session_id: 's1', cwd: '/work', hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: { command } });
const hook = async (command: string) => {
  const reply = await askDaemon(join(home, 'warden.sock'), 'HOOK claude-code', bash(command), 10_000);
  if (reply.kind !== 'answer') throw new Error(reply.reason);
  return reply.answer;
};
const decisionOf = (stdout: string): string | null =>
  stdout ? ((JSON.parse(stdout) as { hookSpecificOutput?: { permissionDecision?: string } }).hookSpecificOutput?.permissionDecision ?? null) : null;

/** Entries as another process would read them now. */
async function entries(): Promise<AuditRecord[]> {
  const { SqliteAuditStore } = await import('../../store/sqlite/sqlite-audit-store.js');
  const store = await SqliteAuditStore.open(join(home, 'audit.db'));
  try {
    return await store.readRange(1, 1_000);
  } finally {
    await store.close();
  }
}

async function until<T>(probe: () => Promise<T> | T, ok: (value: T) => boolean, what: string): Promise<T> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const value = await probe();
    if (ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('the daemon', () => {
  it('answers hook calls in the agent\'s format, each decision in the audit log by the time the answer arrives', async () => {
    await start();
    const blocked = await hook('git push --force');
    expect(decisionOf(blocked.stdout)).toBe('deny');
    expect(blocked.stdout).toContain('Blocked by Warden (no-force-push)');
    expect(await hook('git status')).toEqual({ exitCode: 0, stdout: '', stderr: '' });
    const commands = (await entries()).filter((e) => e.type === 'command');
    expect(commands.map((e) => [e.subject, e.outcome, e.host, e.agent, e.session])).toEqual([
      ['git push --force', 'blocked', 'dev-laptop', 'claude-code', 's1'],
      ['git status', 'allowed', 'dev-laptop', 'claude-code', 's1'],
    ]);
  });

  it('serves concurrent calls, one entry each, on one unbroken chain', async () => {
    await start();
    const answers = await Promise.all(Array.from({ length: 30 }, (_, i) => hook(i % 3 ? `ls dir-${i}` : `git push --force origin b${i}`)));
    expect(answers.filter((a, i) => i % 3 === 0).map((a) => decisionOf(a.stdout))).toEqual(Array(10).fill('deny'));
    expect(answers.every((a) => a.exitCode === 0)).toBe(true);
    const subjects = (await entries()).filter((e) => e.type === 'command').map((e) => e.subject).sort();
    expect(subjects).toEqual(Array.from({ length: 30 }, (_, i) => (i % 3 ? `ls dir-${i}` : `git push --force origin b${i}`)).sort());
    expect((await entries()).filter((e) => e.type === 'command')).toHaveLength(30);
    await daemon!.stop();
    const audit = await openHostAuditLog(home);
    try {
      expect(await audit.log.verify()).toMatchObject({ ok: true, unsignedTail: 0 });
    } finally {
      await audit.close();
    }
  });

  it('remembers a session across calls: the detectors see every event, not one call\'s', async () => {
    await start();
    expect(decisionOf((await hook('ls')).stdout)).toBeNull();
    for (let i = 0; i < 10; i++) await hook(`git push --force origin b${i}`);
    const later = await hook('ls');
    expect(decisionOf(later.stdout)).not.toBeNull();
    const last = (await entries()).at(-1)!;
    expect(last).toMatchObject({ subject: 'ls' });
    expect(last.findings.map((f) => f.rule)).toContain('WD-RISK-001');
  });

  it('reports its status over the socket, and answers a bad request without stopping', async () => {
    await start();
    await hook('git push --force');
    const bad = await askDaemon(join(home, 'warden.sock'), 'DELETE everything', '', 5_000);
    expect(bad).toMatchObject({ kind: 'answer', answer: { exitCode: 1, stdout: '', stderr: expect.stringContaining('not a Warden daemon request') as unknown } });
    const unknown = await askDaemon(join(home, 'warden.sock'), 'HOOK vim', '{}', 5_000);
    expect(unknown).toMatchObject({ kind: 'answer', answer: { exitCode: 1, stderr: expect.stringContaining('no hook for "vim"') as unknown } });
    const status = await askDaemon(join(home, 'warden.sock'), 'STATUS', '', 5_000);
    if (status.kind !== 'answer') throw new Error(status.reason);
    const s = JSON.parse(status.answer.stdout) as DaemonStatus;
    expect(s).toMatchObject({ pid: process.pid, version: 'test', policy: { role: 'developer', mode: 'enforce', problem: null }, counts: { requests: 1, decisions: 1, blocked: 1 } });
  });

  it('keeps its state private, is alone in its WARDEN_HOME, and leaves no socket or lock when stopped', async () => {
    await start();
    expect(statSync(home).mode & 0o777).toBe(0o700);
    expect(statSync(join(home, 'warden.sock')).mode & 0o777).toBe(0o600);
    await expect(startDaemon({ wardenHome: home, wardenCommand: 'warden', install: { home: root, env: {} }, host: 'h', version: 'v', log: fileLogger(join(root, 'second.log')) }))
      .rejects.toThrow(/already (running|answers)/);
    await daemon!.stop();
    expect(existsSync(join(home, 'warden.sock'))).toBe(false);
    expect(existsSync(join(home, 'daemon.lock'))).toBe(false);
  });

  it('applies a valid policy edit without a restart, keeps the last good policy on an invalid one, and records both', async () => {
    await start();
    expect(decisionOf((await hook('git push --force')).stdout)).toBe('deny');
    const policy = join(home, 'policy.yaml');
    writeFileSync(policy, STARTER_POLICY.replace('mode: enforce', 'mode: monitor'));
    await until(() => hook('git push --force'), (a) => decisionOf(a.stdout) === null && a.stdout.includes('monitor mode'), 'the monitor-mode policy');
    writeFileSync(policy, 'version: 1\nroles: [\n');
    await until(entries, (all) => all.some((e) => e.rule === 'policy-invalid'), 'the invalid edit recorded');
    expect((await hook('git push --force')).stdout).toContain('monitor mode');
    const own = (await entries()).filter((e) => e.agent === 'warden').map((e) => [e.type, e.rule, e.severity]);
    expect(own).toEqual([
      ['config_change', 'policy-loaded', 'info'],
      ['config_change', 'policy-loaded', 'info'],
      ['integrity', 'policy-edited-outside-warden', 'critical'],
      ['config_change', 'policy-invalid', 'high'],
      ['integrity', 'policy-edited-outside-warden', 'critical'],
    ]);
  });

  it('writes a removed policy back and records it', async () => {
    await start();
    const policy = join(home, 'policy.yaml');
    rmSync(policy);
    await until(() => existsSync(policy), Boolean, 'the policy written back');
    expect(readFileSync(policy, 'utf8')).toBe(STARTER_POLICY);
    await until(entries, (all) => all.some((e) => e.type === 'integrity' && e.rule === 'policy-removed' && e.severity === 'critical'), 'the removal recorded');
    expect(decisionOf((await hook('git push --force')).stdout)).toBe('deny');
  });

  it('without a policy answers by the fail-safe, and picks one up once it is installed', async () => {
    await start(null);
    const out = await hook('ls');
    expect(decisionOf(out.stdout)).toBe('deny');
    expect(out.stdout).toContain('no policy at');
    writeFileSync(join(home, 'policy.yaml'), STARTER_POLICY);
    await until(() => hook('ls'), (a) => a.stdout === '', 'the policy installed');
  });
});
