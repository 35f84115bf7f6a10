// The daemon through the built CLI, as a user and an agent meet it: `warden install` starts it,
// `warden hook` asks it, `warden audit` reads what it recorded, `warden agent` manages it.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { STARTER_POLICY } from '../../src/core/policy/starter-policy.js';
import { startForegroundDaemon } from './foreground-daemon.js';
import { sandbox, WARDEN_BIN, type CliResult, type Sandbox } from './run-cli.js';

/** The compiled hook client the build made (none without a C compiler). */
const CLIENT_BIN = fileURLToPath(new URL('../../build/bin/warden-hook', import.meta.url));

const boxes: Sandbox[] = [];
afterEach(() => {
  for (const box of boxes.splice(0)) {
    box.run(['agent', 'stop', '--kill', '--timeout', '5000']);
    box.remove();
  }
});

function installed(): Sandbox {
  const box = sandbox();
  boxes.push(box);
  spawnSync('mkdir', ['-p', join(box.home, '.claude')]);
  const r = box.run(['install', '--agents', 'claude-code']);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  expect(r.stdout).toMatch(/^Warden daemon started \(pid \d+\), listening on .*warden\.sock$/m);
  return box;
}

const bash = (command: string, session = 's1') =>
  JSON.stringify({ session_id: session, cwd: '/tmp', hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: { command } });
const permission = (r: CliResult): string | null =>
  r.stdout ? ((JSON.parse(r.stdout) as { hookSpecificOutput?: { permissionDecision?: string } }).hookSpecificOutput?.permissionDecision ?? null) : null;

interface Entry { seq: number; type: string; subject: string; outcome: string; rule: string | null; agent: string | null; severity: string }
const auditList = (box: Sandbox): Entry[] => {
  const r = box.run(['audit', 'list', '--json', '--limit', '1000']);
  expect(r.status, r.stderr).toBe(0);
  return (JSON.parse(r.stdout) as Entry[]).sort((a, b) => a.seq - b.seq);
};
interface Status { running: boolean; autostart: boolean; pid?: number; counts?: { requests: number; decisions: number; blocked: number }; policy?: { mode: string } }
const status = (box: Sandbox): { code: number | null; status: Status } => {
  const r = box.run(['agent', 'status', '--json']);
  return { code: r.status, status: JSON.parse(r.stdout) as Status };
};

/** The CLI without waiting on it, for calls that must overlap. */
function runAsync(box: Sandbox, args: readonly string[], input = ''): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [WARDEN_BIN, ...args], { cwd: box.dir, env: { PATH: process.env.PATH ?? '', HOME: box.home, WARDEN_HOME: box.wardenHome, NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
    child.stdin.end(input);
  });
}

async function within<T>(ms: number, probe: () => T, ok: (v: T) => boolean, what: string): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = probe();
    if (ok(v)) return v;
    if (Date.now() > deadline) throw new Error(`not within ${ms} ms: ${what}; last: ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('warden agent and warden hook with the daemon', { timeout: 90_000 }, () => {
  it('install starts the daemon; hook calls are answered by it and each is in the audit log with its outcome', () => {
    const box = installed();
    const s = status(box);
    expect(s.code).toBe(0);
    expect(s.status).toMatchObject({ running: true, policy: { mode: 'enforce' } });
    expect(permission(box.run(['hook', 'claude-code'], bash('git push --force origin main')))).toBe('deny');
    expect(box.run(['hook', 'claude-code'], bash('git status'))).toEqual({ status: 0, stdout: '', stderr: '' });
    expect(status(box).status.counts).toMatchObject({ requests: 2, decisions: 2, blocked: 1 });
    const commands = auditList(box).filter((e) => e.type === 'command');
    expect(commands.map((e) => [e.subject, e.outcome, e.agent])).toEqual([
      ['git push --force origin main', 'blocked', 'claude-code'],
      ['git status', 'allowed', 'claude-code'],
    ]);
    expect(box.run(['audit', 'verify']).status).toBe(0);
  });

  it('a policy edit applies without a restart, within 3 s', async () => {
    const box = installed();
    expect(permission(box.run(['hook', 'claude-code'], bash('git push --force')))).toBe('deny');
    writeFileSync(join(box.wardenHome, 'policy.yaml'), STARTER_POLICY.replace('mode: enforce', 'mode: monitor'));
    const after = await within(3_000, () => box.run(['hook', 'claude-code'], bash('git push --force')), (r) => permission(r) === null, 'the force push let through in monitor mode');
    expect(after.stdout).toContain('Warden (monitor mode) would have blocked this (no-force-push)');
    const entries = auditList(box);
    expect(entries.at(-1)).toMatchObject({ subject: 'git push --force', outcome: 'would_block' });
    // Edited by hand, not by Warden: applied, and recorded as an integrity event.
    expect(entries.filter((e) => e.type === 'integrity').map((e) => [e.rule, e.severity])).toEqual([['policy-edited-outside-warden', 'critical']]);
  });

  it('a hook removed from ~/.claude/settings.json is put back and recorded as a critical integrity event', async () => {
    const box = installed();
    const settings = join(box.home, '.claude/settings.json');
    const original = readFileSync(settings, 'utf8');
    writeFileSync(settings, '{}\n');
    await within(3_000, () => readFileSync(settings, 'utf8'), (t) => t.includes('hook claude-code'), 'the hooks restored');
    expect(JSON.parse(readFileSync(settings, 'utf8'))).toEqual(JSON.parse(original));
    const integrity = await within(3_000, () => auditList(box).filter((e) => e.type === 'integrity'), (l) => l.length > 0, 'the integrity entry');
    expect(integrity).toEqual([expect.objectContaining({ rule: 'hook-removed', severity: 'critical', outcome: 'blocked' })]);
    // What the daemon put back, uninstall still takes away.
    const removed = box.run(['uninstall']);
    expect(removed.status, removed.stderr).toBe(0);
    expect(removed.stdout).toMatch(/Warden daemon stopped/);
    expect(existsSync(settings)).toBe(false);
    expect(status(box).code).toBe(3);
  });

  it('SIGTERM: a call in flight is still answered and recorded; the log is signed; socket and lock are gone', async () => {
    const box = installed();
    const socket = join(box.wardenHome, 'warden.sock');
    const client = connect(socket);
    let answer = '';
    client.setEncoding('utf8').on('data', (c: string) => (answer += c));
    const closed = new Promise((resolve) => client.on('close', resolve));
    await new Promise((resolve) => client.on('connect', resolve));
    const payload = bash('git push --force origin drain');
    client.write(`HOOK claude-code\n${payload.slice(0, 20)}`);
    const stopping = runAsync(box, ['agent', 'stop']);
    await new Promise((r) => setTimeout(r, 300));
    client.end(payload.slice(20));
    await closed;
    expect(answer).toMatch(/^0 \d+ \d+\n\{"hookSpecificOutput".*"permissionDecision":"deny"/);
    const stopped = await stopping;
    expect(stopped.stdout).toMatch(/Warden daemon stopped \(pid \d+\)/);
    expect(existsSync(socket)).toBe(false);
    expect(existsSync(join(box.wardenHome, 'daemon.lock'))).toBe(false);
    expect(auditList(box).at(-1)).toMatchObject({ subject: 'git push --force origin drain', outcome: 'blocked' });
    const verify = box.run(['audit', 'verify', '--json']);
    expect(verify.status).toBe(0);
    expect(JSON.parse(verify.stdout)).toMatchObject({ ok: true, unsignedTail: 0 });
  });

  it('without the daemon, hooks judge in their own process and still record; a stale lock does not keep it from starting', () => {
    const box = installed();
    expect(box.run(['agent', 'stop']).stdout).toMatch(/stopped/);
    const down = status(box);
    expect(down.code).toBe(3);
    expect(down.status.running).toBe(false);
    expect(permission(box.run(['hook', 'claude-code'], bash('git push --force origin fallback')))).toBe('deny');
    expect(auditList(box).at(-1)).toMatchObject({ subject: 'git push --force origin fallback', outcome: 'blocked' });

    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout;
    writeFileSync(join(box.wardenHome, 'daemon.lock'), `${dead}\n`);
    const started = box.run(['agent', 'start']);
    expect(started.status, started.stderr).toBe(0);
    expect(started.stdout).toMatch(/Warden daemon started/);
    expect(status(box).status.running).toBe(true);
    expect(box.run(['agent', 'start']).stdout).toMatch(/already running/);
  });

  it('a daemon that dies is started again by the next hook call, which is judged meanwhile; one stopped on purpose is not', async () => {
    const box = installed();
    const first = status(box).status.pid!;
    process.kill(first, 'SIGKILL');
    const down = await within(5_000, () => status(box), (st) => st.code === 3, 'the killed daemon seen as down');
    expect(down.status).toMatchObject({ running: false, autostart: true });
    expect(box.run(['agent', 'status']).stdout).toContain('the next hook call starts it again');
    const debug = { WARDEN_HOOK_DEBUG: '1' };
    // Started a moment ago (by install): that counts as a try, so no hook starts it again yet.
    const early = box.run(['hook', 'claude-code'], bash('git status'), debug);
    expect(early.stderr).toContain('no daemon; restart skipped (cooling_down)');
    expect(status(box).code).toBe(3);

    // Half a minute later, the next call starts it, and is answered meanwhile by the hook itself.
    const longAgo = Date.now() / 1000 - 60;
    utimesSync(join(box.wardenHome, 'daemon.autostart'), longAgo, longAgo);
    const meanwhile = box.run(['hook', 'claude-code'], bash('git push --force origin while-down'), debug);
    expect(permission(meanwhile)).toBe('deny');
    expect(meanwhile.stderr).toContain('no daemon; restart started');
    const back = await within(15_000, () => status(box), (s) => s.code === 0, 'the daemon started again');
    expect(back.status.pid).not.toBe(first);
    expect(permission(box.run(['hook', 'claude-code'], bash('git push --force origin after')))).toBe('deny');
    expect(status(box).status.counts).toMatchObject({ requests: 1, blocked: 1 });
    const entries = auditList(box);
    expect(entries.filter((e) => e.type === 'command').map((e) => e.subject)).toEqual(['git status', 'git push --force origin while-down', 'git push --force origin after']);
    expect(entries.filter((e) => e.rule === 'daemon-was-down')).toEqual([expect.objectContaining({ type: 'integrity', severity: 'high', agent: 'warden' })]);
    // The gap is in the log before the calls the new daemon answered. (The call that started it is
    // judged meanwhile in its own process: either of the two may be recorded first.)
    const at = (pred: (e: Entry) => boolean): number => entries.findIndex(pred);
    expect(at((e) => e.rule === 'daemon-was-down')).toBeLessThan(at((e) => e.subject === 'git push --force origin after'));

    // `warden agent stop` means stopped: hooks judge in their own process and leave it so.
    expect(box.run(['agent', 'stop']).status).toBe(0);
    const stopped = box.run(['hook', 'claude-code'], bash('git push --force origin stopped'), debug);
    expect(permission(stopped)).toBe('deny');
    expect(stopped.stderr).toContain('no daemon; restart skipped (not_wanted)');
    expect(status(box)).toMatchObject({ code: 3, status: { running: false, autostart: false } });
    expect(box.run(['agent', 'status']).stdout).toContain('hooks judge each call in their own process until `warden agent start`');
    // Started again by hand, it is wanted again.
    expect(box.run(['agent', 'start']).status).toBe(0);
    expect(status(box).status).toMatchObject({ running: true, autostart: true });
  });

  it.runIf(existsSync(CLIENT_BIN))('the compiled hook client, finding no daemon, has the fallback start it again', async () => {
    const box = installed();
    const first = status(box).status.pid!;
    process.kill(first, 'SIGKILL');
    await within(5_000, () => status(box).code, (code) => code === 3, 'the killed daemon seen as down');
    const longAgo = Date.now() / 1000 - 60;
    utimesSync(join(box.wardenHome, 'daemon.autostart'), longAgo, longAgo);
    const r = spawnSync(CLIENT_BIN, ['claude-code'], {
      input: bash('git push --force origin via-client'),
      encoding: 'utf8',
      timeout: 30_000,
      env: { PATH: process.env.PATH ?? '', HOME: box.home, WARDEN_HOME: box.wardenHome, WARDEN_HOOK_DEBUG: '1' },
    });
    expect(permission({ status: r.status, stdout: r.stdout, stderr: r.stderr })).toBe('deny');
    expect(r.stderr).toMatch(/judging in-process.*the daemon socket refuses connections/);
    expect(r.stderr).toContain('no daemon; restart started');
    const back = await within(15_000, () => status(box), (st) => st.code === 0, 'the daemon started again');
    expect(back.status.pid).not.toBe(first);
  });

  it('a daemon run in the foreground (by a supervisor) is left to it: hooks never start one in its place', async () => {
    const box = sandbox();
    boxes.push(box);
    writeFileSync(join(box.wardenHome, 'policy.yaml'), STARTER_POLICY, { mode: 0o600 });
    const env = { PATH: process.env.PATH ?? '', HOME: box.home, WARDEN_HOME: box.wardenHome };
    // Should it never listen, afterEach's `agent stop --kill` finds it by its lock.
    const child = await startForegroundDaemon(box.dir, env, () => undefined);
    expect(box.run(['agent', 'start']).stdout).toMatch(/already running/);
    expect(status(box).status).toMatchObject({ running: true, autostart: false });
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGKILL');
    await exited;
    const r = box.run(['hook', 'claude-code'], bash('git push --force'), { WARDEN_HOOK_DEBUG: '1' });
    expect(permission(r)).toBe('deny');
    expect(r.stderr).toContain('no daemon; restart skipped (not_wanted)');
  });

  it('the daemon and hooks without it append at the same time on one chain that verifies', async () => {
    const box = installed();
    const calls = Array.from({ length: 16 }, (_, i) => runAsync(box, i % 2 ? ['hook', 'claude-code', '--in-process'] : ['hook', 'claude-code'], bash(`ls parallel-${i}`, `s${i}`)));
    const results = await Promise.all(calls);
    expect(results.every((r) => r.status === 0 && r.stdout === '')).toBe(true);
    const subjects = auditList(box).filter((e) => e.type === 'command').map((e) => e.subject).sort();
    expect(subjects).toEqual(Array.from({ length: 16 }, (_, i) => `ls parallel-${i}`).sort());
    expect(box.run(['agent', 'stop']).status).toBe(0);
    const verify = box.run(['audit', 'verify', '--json']);
    expect(verify.status, verify.stdout).toBe(0);
    expect(JSON.parse(verify.stdout)).toMatchObject({ ok: true, checked: auditList(box).length });
  });
});
