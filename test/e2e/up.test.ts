// `warden up`, the README's main-job command, as a person runs it on a fresh machine: the control
// plane on SQLite, this host enrolled with its agents' hooks and the daemon started; the printed
// one-time password logs in, and an agent's hook call shows up in the fleet audit log.
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sandbox, WARDEN_BIN, type Sandbox } from './run-cli.js';
import { until as waitUntil } from './until.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const until = <T>(what: string, probe: () => Promise<T | undefined> | T | undefined): Promise<T> => waitUntil(what, probe, 20_000);

describe('warden up', () => {
  it('starts the control plane, enrolls this host with its hooks and daemon, and prints how to log in', async () => {
    const box: Sandbox = sandbox();
    cleanups.push(() => box.remove());
    mkdirSync(join(box.home, '.claude'));
    const child = spawn(process.execPath, [WARDEN_BIN, 'up', '--listen', '127.0.0.1:0'], {
      cwd: box.dir,
      env: { PATH: process.env.PATH ?? '', HOME: box.home, WARDEN_HOME: box.wardenHome, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    cleanups.push(async () => {
      if (child.exitCode === null) child.kill('SIGINT');
      await exited;
      box.run(['agent', 'stop']);
    });

    await until('the login line', () => (/Ctrl-C stops the control plane/.test(out) ? true : undefined)).catch((e: unknown) => {
      throw new Error(`${String(e)}\n${out}`);
    });
    const url = /Dashboard: (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1];
    const password = /one-time password (\S+)/.exec(out)?.[1];
    expect(url, out).toBeDefined();
    expect(password, out).toBeDefined();
    expect(out).toMatch(/This host: enrolled as host_/);
    expect(out).toMatch(/Claude Code: created ~\/\.claude\/settings\.json/);
    expect(out).toMatch(/Warden daemon started/);

    const login = await fetch(`${url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'admin@localhost', password }) });
    expect(login.status).toBe(200);
    const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');

    const hook = box.run(['hook', 'claude-code'], JSON.stringify({ session_id: 'up-1', cwd: box.dir, hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: { command: 'git push --force origin main' } }));
    expect(hook.status).toBe(0);
    const entry = await until('the hook call in the fleet audit log', async () => {
      const res = await fetch(`${url}/api/v1/audit?type=command`, { headers: { cookie } });
      const { entries } = (await res.json()) as { entries: Array<{ subject: string; outcome: string }> };
      return entries.find((e) => e.subject === 'git push --force origin main');
    });
    expect(entry.outcome).toBe('would_block');

    const page = await fetch(`${url}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/<title>Warden<\/title>/);

    child.kill('SIGINT');
    expect(await exited).toBe(0);
    // The daemon keeps enforcing after the control plane stops.
    expect(box.run(['agent', 'status']).status).toBe(0);
  });
});
