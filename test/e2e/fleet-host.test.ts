// A host in a fleet, through the built CLI as people run it: `warden server` on SQLite, an
// enrollment token from `warden server token create`, `warden install --server URL --token T` on
// the host. The host's hook calls reach the fleet audit log, and a role switched to enforce through
// the API blocks on the host seconds later, pushed by the server.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sandbox, WARDEN_BIN, type Sandbox } from './run-cli.js';
import { until } from './until.js';

const PASSWORD = 'fleet admin password 1';
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});


function startServer(box: Sandbox): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [WARDEN_BIN, 'server', '--listen', '127.0.0.1:0'], {
    env: { PATH: process.env.PATH ?? '', HOME: box.home, WARDEN_HOME: box.wardenHome, NO_COLOR: '1', WARDEN_ADMIN_EMAIL: 'admin@fleet.test', WARDEN_ADMIN_PASSWORD: PASSWORD },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  cleanups.push(() => new Promise<void>((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  }));
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on (http:\/\/[\d.:]+)/.exec(out);
      if (m) resolve({ url: m[1]!, child });
    });
    child.once('exit', (code) => reject(new Error(`warden server exited with ${code}: ${out}`)));
  });
}

async function adminApi(url: string) {
  const res = await fetch(`${url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'admin@fleet.test', password: PASSWORD }) });
  expect(res.status).toBe(200);
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  return async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const r = await fetch(`${url}/api/v1${path}`, { method, headers: { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${await r.text()}`);
    return (await r.json()) as T;
  };
}

const payload = (command: string): string => JSON.stringify({ session_id: 'fleet-s1', cwd: '/tmp', hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: { command } });

describe('a host enrolled with warden install --server', () => {
  it('uploads its decisions and enforces a role switched to enforce within seconds', async () => {
    const plane = sandbox();
    const host = sandbox();
    cleanups.push(() => plane.remove(), () => host.remove());
    const { url } = await startServer(plane);
    const created = plane.run(['server', 'token', 'create', '--json']);
    expect(created.status, created.stderr).toBe(0);
    const { token } = JSON.parse(created.stdout) as { token: string };

    mkdirSync(join(host.home, '.claude'));
    const installed = host.run(['install', '--agents', 'claude-code', '--server', url, '--token', token, '--json']);
    expect(installed.status, installed.stderr).toBe(0);
    cleanups.push(() => void host.run(['agent', 'stop']));
    const report = JSON.parse(installed.stdout) as { server: { hostId: string; role: { id: string; mode: string } }; daemon: { kind: string } };
    expect(report.daemon.kind).toBe('started');
    expect(report.server.role.mode).toBe('monitor');

    // Monitor mode: the force push passes and is recorded would_block, on the host and the server.
    const monitored = host.run(['hook', 'claude-code'], payload('git push --force origin main'));
    expect(monitored.stdout).not.toMatch(/"permissionDecision":"deny"/);
    const api = await adminApi(url);
    const uploaded = await until('the decision in the fleet audit log', async () => {
      const { entries } = await api<{ entries: Array<{ subject: string; outcome: string; hostId?: string }> }>('GET', '/audit?type=command');
      return entries.find((e) => e.subject.includes('git push --force')) ?? undefined;
    });
    expect(uploaded.outcome).toBe('would_block');

    // The admin switches the role to enforce; the host blocks the same command seconds later.
    await api('PATCH', `/roles/${report.server.role.id}`, { mode: 'enforce' });
    await until('the role change in force on the host', () => {
      const r = host.run(['agent', 'status', '--json']);
      return (JSON.parse(r.stdout) as { policy: { mode: string } }).policy.mode === 'enforce' ? true : undefined;
    });
    const held = host.run(['hook', 'claude-code'], payload('git push --force origin main'));
    expect(held.stdout).toMatch(/"permissionDecision":"(ask|deny)"/);
    expect(held.stdout).toMatch(/WD-VCS-001/);
    const status = host.run(['agent', 'status', '--json']);
    const daemon = JSON.parse(status.stdout) as { server: { connected: boolean; hostId: string } | null };
    expect(daemon.server).toMatchObject({ connected: true, hostId: report.server.hostId });
  });
});
