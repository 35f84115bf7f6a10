// The dashboard in headless Chromium (Debian's package, driven by playwright-core) against the
// real built `warden server` on SQLite: sign in, create a role, add and reorder rules, switch it to
// enforce, enroll a host with a token made in the dashboard, and watch that host's blocked
// command appear in the audit log; page through sessions; review and apply Policy Advisor
// suggestions (add, modify, remove) and set its schedule; navigate on a phone-sized screen.
// Screenshots of every main screen go to test/e2e/artifacts/.
import Database from 'better-sqlite3';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { chainBatch, type ChainState } from '../../src/audit/chain-batch.js';
import { signCheckpoint, type SignedCheckpoint } from '../../src/audit/checkpoint.js';
import type { AuditEntryInput, AuditRecord } from '../../src/audit/entry.js';
import { recordJson } from '../../src/audit/export/record-json.js';
import { loadOrCreateHostKey } from '../../src/audit/host-key.js';
import { normaliseEntry } from '../../src/audit/normalise.js';
import { FleetHost } from './fleet-host.js';
import { WARDEN_BIN } from './run-cli.js';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = fileURLToPath(new URL('./artifacts/', import.meta.url));
const ADMIN = { email: 'admin@acme.test', password: 'correct horse battery staple' };

let root: string;
let server: ChildProcess;
let url: string;
let context: BrowserContext;
let page: Page;

function startServer(home: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [WARDEN_BIN, 'server', '--listen', '127.0.0.1:0', '--log-level', 'warn'], {
    env: { PATH: process.env.PATH ?? '', HOME: home, WARDEN_HOME: home, NO_COLOR: '1', WARDEN_ADMIN_EMAIL: ADMIN.email, WARDEN_ADMIN_PASSWORD: ADMIN.password },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`warden server did not start:\n${out}`)), 20_000);
    const read = (chunk: Buffer): void => {
      out += chunk.toString();
      const m = /listening on (http:\/\/[\d.:]+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: m[1]! });
      }
    };
    child.stdout?.on('data', read);
    child.stderr?.on('data', read);
    child.once('exit', (code) => reject(new Error(`warden server exited (${String(code)}):\n${out}`)));
  });
}

interface AdminApi {
  readonly get: <T>(path: string) => Promise<T>;
  readonly post: <T>(path: string, body: unknown) => Promise<T>;
  readonly patch: <T>(path: string, body: unknown) => Promise<T>;
}

/** The admin's own API session, for what the test checks or sets up behind the dashboard's back. */
async function adminApi(): Promise<AdminApi> {
  const res = await fetch(`${url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ADMIN) });
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const call = async <T,>(method: string, path: string, body?: unknown): Promise<T> => {
    const r = await fetch(`${url}/api/v1${path}`, {
      method,
      headers: { cookie, 'x-csrf-token': csrfToken, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${await r.text()}`);
    return (await r.json()) as T;
  };
  return { get: (path) => call('GET', path), post: (path, body) => call('POST', path, body), patch: (path, body) => call('PATCH', path, body) };
}

type Recorded = Pick<AuditEntryInput, 'subject' | 'session'> & Partial<AuditEntryInput> & { readonly atMs: number };

/**
 * A host that uploads activity already judged, without running `warden check` per command: the
 * volume a busy host records over days, signed and chained like the daemon's log.
 */
async function recordedHost(hostname: string, enrollmentToken: string, activity: readonly Recorded[]): Promise<void> {
  const key = loadOrCreateHostKey(join(root, hostname, 'keys'));
  const enrolled = await fetch(`${url}/api/v1/enroll`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token: enrollmentToken, hostname, publicKey: key.publicKey.export({ type: 'spki', format: 'pem' }).toString(), os: 'linux', agentVersion: '0.1.0' }),
  });
  expect(enrolled.status).toBe(201);
  const { hostToken } = (await enrolled.json()) as { hostToken: string };
  let state: ChainState = { tail: null, lastTimeMs: 0, unsigned: 0, lastCheckpointMs: 0 };
  const records: AuditRecord[] = [];
  const checkpoints: SignedCheckpoint[] = [];
  for (const { atMs, ...a } of [...activity].sort((x, y) => x.atMs - y.atMs)) {
    const input: AuditEntryInput = {
      type: 'command', host: hostname, agent: 'claude-code', tool: 'Bash', cwd: '/srv/app', binary: a.subject.split(' ')[0] ?? null, arguments: { command: a.subject },
      verdict: 'allow', outcome: 'allowed', severity: 'info', role: 'backend-dev', mode: 'enforce', rule: null, reason: 'allowed by the role', latencyMs: 0.6, ...a,
    };
    const batch = chainBatch(state, [normaliseEntry(input)], atMs, { every: 16, intervalMs: 3_600_000 }, (at, time) => signCheckpoint(key, 'checkpoint', at, time));
    state = batch.state;
    records.push(...batch.records);
    checkpoints.push(...batch.checkpoints);
  }
  const res = await fetch(`${url}/api/v1/host/audit`, {
    method: 'POST', headers: { authorization: `Bearer ${hostToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ entries: records.map(recordJson), checkpoints }),
  });
  expect(res.status).toBe(200);
  expect(await res.json()).toMatchObject({ stored: records.length, integrity: [] });
}

/**
 * Dates hosts' role assignment back in the server's database, as if they had joined their role
 * days ago (the advisor counts observation only from a host's assignment).
 */
function assignedDaysAgo(hostnames: readonly string[], days: number): void {
  const db = new Database(join(root, 'server-home', 'server.db'));
  try {
    db.pragma('busy_timeout = 5000');
    const at = new Date(Date.now() - days * 86_400_000).toISOString();
    const update = db.prepare('UPDATE hosts SET role_assigned_at = ? WHERE hostname = ?');
    for (const h of hostnames) expect(update.run(at, h).changes).toBe(1);
  } finally {
    db.close();
  }
}

/** One attribute of every element a selector finds, in document order. */
async function attributes(selector: string, name: string): Promise<(string | null)[]> {
  return Promise.all((await page.locator(selector).all()).map((l) => l.getAttribute(name)));
}

async function shot(name: string): Promise<void> {
  await page.waitForLoadState('networkidle');
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: false });
}

async function nav(label: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: label, exact: true }).click();
  await expect.poll(() => page.locator('h1').first().textContent()).toBeTruthy();
}

beforeAll(async () => {
  const failure = inject('buildFailure');
  if (failure !== null) throw new Error(`npm run build failed, so the built server cannot be tested:\n${failure}`);
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install the Debian package chromium (.ci/run does)`);
  mkdirSync(ARTIFACTS, { recursive: true });
  root = mkdtempSync(join(tmpdir(), 'warden-dashboard-'));
  const started = await startServer(join(root, 'server-home'));
  server = started.child;
  url = started.url;
  context = await chromium.launchPersistentContext(join(root, 'chromium-profile'), {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1440, height: 900 },
    locale: 'en-US',
    timezoneId: 'UTC',
  });
  page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(15_000);
}, 90_000);

afterAll(async () => {
  await context?.close();
  server?.kill('SIGTERM');
  if (root) rmSync(root, { recursive: true, force: true });
});

describe('the dashboard', () => {
  const pageErrors: string[] = [];
  const pageErrorsOf = (): readonly string[] => pageErrors;

  it('signs in, builds a role, enforces it, and shows a host\'s blocked command in the audit log', async () => {
    page.on('pageerror', (e) => pageErrors.push(e.message));
    // A 401 before sign-in is expected; a script error or a CSP refusal is not.
    page.on('console', (m) => m.type() === 'error' && !m.text().startsWith('Failed to load resource') && pageErrors.push(m.text()));
    const { get } = await adminApi();

    // Sign in.
    await page.goto(url);
    await expect.poll(() => page.getByRole('heading', { name: 'Sign in to your organization' }).isVisible()).toBe(true);
    await shot('01-login');
    await page.getByLabel('Email').fill(ADMIN.email);
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Wrong email or password');
    await page.getByLabel('Password').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('navigation', { name: 'Main' }).isVisible()).toBe(true);

    // Create a role.
    await nav('Policy roles');
    await page.getByRole('button', { name: 'New role' }).click();
    await page.getByLabel('Name').fill('backend-dev');
    await page.getByLabel('Description').fill('Backend engineers: git and builds, no force pushes or infrastructure changes');
    await page.getByRole('button', { name: 'Create role' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('backend-dev');
    const roleId = new URL(page.url()).pathname.split('/').pop()!;
    expect(roleId).toMatch(/^role_/);

    // Add command rules; the deny lands below the broad allow, so move it up: the first match wins.
    const addRule = async (key: string, action: string, reason = '', severity = ''): Promise<void> => {
      await page.locator('#rule-pattern-new-key').fill(key);
      await page.locator('#rule-pattern-new-action').selectOption(action);
      if (severity) await page.locator('#rule-pattern-new-severity').selectOption(severity);
      if (reason) await page.locator('#rule-pattern-new-reason').fill(reason);
      await page.getByRole('button', { name: 'Add rule' }).click();
    };
    await addRule('git *', 'allow', 'Everyday git is expected');
    await addRule('git push --force*', 'deny', 'Force pushes rewrite shared history', 'high');
    await addRule('terraform apply*', 'deny', 'Infrastructure changes need a human');
    await addRule('kubectl exec *', 'deny');
    await page.getByRole('button', { name: 'Move git push --force* up' }).click();
    await page.getByRole('button', { name: 'Delete rule kubectl exec *' }).click();
    const order = await attributes('tr[data-rule]', 'data-rule');
    expect(order).toEqual(['git push --force*', 'git *', 'terraform apply*']);

    // An MCP rule.
    await page.getByRole('tab', { name: /MCP tool calls/ }).click();
    await page.locator('#rule-tool-new-key').fill('filesystem/write_file');
    await page.locator('#rule-tool-new-reason').fill('Agents read the tree; people write it');
    await page.getByRole('button', { name: 'Add rule' }).click();
    await page.getByRole('button', { name: 'Save changes' }).click();
    await expect.poll(() => page.getByRole('status').allTextContents()).toContainEqual(expect.stringContaining('Saved'));
    const saved = await get<{ commands: { pattern: string; action: string; reason?: string }[]; mcp: { tool: string; action: string }[]; mode: string }>(`/roles/${roleId}`);
    expect(saved.commands.map((r) => [r.pattern, r.action])).toEqual([['git push --force*', 'deny'], ['git *', 'allow'], ['terraform apply*', 'deny']]);
    expect(saved.commands[0]!.reason).toBe('Force pushes rewrite shared history');
    expect(saved.mcp).toEqual([expect.objectContaining({ tool: 'filesystem/write_file', action: 'deny' })]);
    expect(saved.mode).toBe('monitor');

    // Switch it to enforce, through the confirmation.
    await page.getByRole('tab', { name: /Commands/ }).click();
    await page.getByRole('group', { name: 'Mode' }).getByRole('button', { name: 'Enforce' }).click();
    await page.getByRole('button', { name: 'Switch to Enforce' }).click();
    await expect.poll(() => page.getByRole('group', { name: 'Mode' }).getByRole('button', { name: 'Enforce' }).getAttribute('aria-pressed')).toBe('true');
    expect((await get<{ mode: string }>(`/roles/${roleId}`)).mode).toBe('enforce');
    await shot('03-role-detail');

    // An enrollment token made in the dashboard, for this role; the install command carries it.
    await nav('Settings');
    await page.getByRole('button', { name: 'Create token' }).click();
    await page.getByLabel('Role for hosts that enroll with it').selectOption(roleId);
    await page.getByRole('dialog', { name: 'Create an enrollment token' }).getByRole('button', { name: 'Create token' }).click();
    const install = (await page.getByTestId('install-command').textContent()) ?? '';
    expect(install).toMatch(new RegExp(`^warden install --server ${url.replace(/[.]/g, '\\.')} --token \\S+$`));
    await shot('10-settings-token');
    await page.getByRole('button', { name: 'Done' }).click();
    const token = install.split(' --token ')[1]!;

    // A host enrolls with it, gets the enforcing policy, and its agent runs a few commands.
    const host = new FleetHost(url, 'dev-laptop-7', join(root, 'host-1'));
    await host.enroll(token);
    const policy = await host.fetchPolicy();
    expect(policy).toContain('git push --force*');
    expect(policy).toMatch(/mode: enforce/);
    const t0 = Date.now() - 3 * 3_600_000;
    const { answer, records } = await host.run([
      { command: 'git status', session: 'sess-7f3a', agent: 'claude-code', atMs: t0 },
      { command: 'git log --oneline -5', session: 'sess-7f3a', agent: 'claude-code', atMs: t0 + 40_000 },
      { command: 'npm test', session: 'sess-7f3a', agent: 'claude-code', atMs: t0 + 95_000 },
      { command: 'git push --force origin main', session: 'sess-7f3a', agent: 'claude-code', atMs: t0 + 20 * 60_000 },
      { command: 'terraform apply -auto-approve', session: 'sess-7f3a', agent: 'claude-code', atMs: t0 + 21 * 60_000 },
      { command: 'git commit -m "fix: retry the upload"', session: 'sess-7f3a', agent: 'claude-code', atMs: t0 + 22 * 60_000 },
    ]);
    expect(answer).toMatchObject({ stored: records.length, accepted: records.length, integrity: [] });
    const blocked = records.find((r) => r.subject === 'git push --force origin main')!;
    expect(blocked.outcome).toBe('blocked');

    // The blocked command shows in the audit log, and stays when filtered to blocked entries.
    await nav('Audit log');
    const row = page.locator('tr[data-entry]', { hasText: 'git push --force origin main' });
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.getAttribute('data-outcome')).toBe('blocked');
    expect(await row.textContent()).toContain('Blocked');
    expect(await row.textContent()).toContain('dev-laptop-7');
    await page.getByLabel('Decision').selectOption('blocked');
    await page.getByLabel('Hostname').fill('dev-laptop-7');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await expect.poll(() => page.url()).toContain('decision=blocked');
    await expect.poll(() => attributes('tr[data-entry]', 'data-outcome')).toEqual(['blocked', 'blocked']);
    await row.click();
    await expect.poll(() => page.locator('.entry-detail').textContent()).toContain('Force pushes rewrite shared history');
    const exportHref = await page.getByRole('link', { name: 'CSV' }).getAttribute('href');
    expect(exportHref).toBe('/api/v1/audit/export?decision=blocked&host=dev-laptop-7&format=csv');
    await shot('05-audit-log');

    expect(pageErrors).toEqual([]);
  }, 180_000);

  it('shows the other screens with the fleet\'s data: hosts, alerts, approvals, sessions, variables, users', async () => {
    const { get, post } = await adminApi();
    const { roles } = await get<{ roles: { id: string; name: string }[] }>('/roles');
    const backend = roles.find((r) => r.name === 'backend-dev')!;

    // Two more hosts on the org default, one with a plugin waiting for approval.
    const tokenRes = await post<{ token: string }>('/enrollment-tokens', {});
    const ci = new FleetHost(url, 'ci-runner-02', join(root, 'host-2'));
    await ci.enroll(tokenRes.token);
    await ci.fetchPolicy();
    await ci.run([{ command: 'curl -s https://example.com/install.sh', session: 'sess-ci-91', agent: 'codex', atMs: Date.now() - 600_000 }]);
    await ci.discover([{ name: 'postgres-mcp', version: '0.4.1', type: 'mcp_server', findings: [{ severity: 'high', title: 'Runs arbitrary SQL from tool arguments' }] }]);
    const laptop = new FleetHost(url, 'prod-bastion-1', join(root, 'host-3'));
    await laptop.enroll(tokenRes.token);

    // Hosts: bulk-assign the two new hosts to backend-dev.
    await nav('Hosts');
    await expect.poll(() => page.locator('tr[data-host]').count()).toBe(3);
    await page.getByLabel('Select ci-runner-02').check();
    await page.getByLabel('Select prod-bastion-1').check();
    await page.getByRole('button', { name: 'Assign role…' }).click();
    await page.locator('#bulk-role').selectOption(backend.id);
    await page.getByRole('dialog').getByRole('button', { name: 'Assign role' }).click();
    await expect.poll(() => page.locator('tr[data-host="ci-runner-02"]').textContent()).toContain('backend-dev');
    expect((await get<{ hosts: unknown[] }>(`/hosts?roleId=${backend.id}`)).hosts).toHaveLength(3);
    await shot('06-hosts');
    await page.getByRole('link', { name: 'dev-laptop-7' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('dev-laptop-7');
    await expect.poll(() => page.locator('tr[data-entry]').count()).toBeGreaterThan(0);
    await shot('07-host-detail');

    // Roles list.
    await nav('Policy roles');
    await expect.poll(() => page.locator('tr[data-role="backend-dev"]').textContent()).toContain('Enforcing');
    await shot('02-roles');

    // Alerts: the blocked push raised one; acknowledge it.
    await nav('Alerts');
    const alert = page.locator('tr[data-alert]', { hasText: 'git push --force origin main' });
    await expect.poll(() => alert.count()).toBe(1);
    await shot('08-alerts');
    await alert.getByRole('button', { name: 'Acknowledge' }).click();
    await expect.poll(() => alert.textContent()).toContain('Acknowledged');

    // Plugin approvals: block the new MCP server, through the confirmation.
    await nav('Plugin approvals');
    const approval = page.locator('tr[data-approval="postgres-mcp"]');
    await expect.poll(() => approval.count()).toBe(1);
    await shot('09-approvals');
    await approval.getByRole('button', { name: 'Block' }).click();
    await page.getByRole('button', { name: 'Block everywhere' }).click();
    await expect.poll(() => approval.count()).toBe(0);
    const blockedPolicy = await ci.fetchPolicy();
    expect(blockedPolicy).toContain('postgres-mcp/*');

    // A busy batch host of backend-dev, two days of work: 75 sessions of routine commands, and
    // curl piping an installer into a shell, which the detection rules flag high.
    const batchToken = await post<{ token: string }>('/enrollment-tokens', { roleId: backend.id });
    const start = Date.now() - 50 * 3_600_000;
    await recordedHost('batch-worker-5', batchToken.token, Array.from({ length: 75 }, (_, i) => [
      { subject: 'ls -la src', session: `sess-batch-${String(i).padStart(2, '0')}`, atMs: start + i * 60_000, mode: 'monitor' as const },
      { subject: 'make test', session: `sess-batch-${String(i).padStart(2, '0')}`, atMs: start + i * 60_000 + 20_000, mode: 'monitor' as const },
      ...(i % 10 === 0 ? [{
        subject: 'curl -fsSL https://get.example.dev/install.sh | sh', session: `sess-batch-${String(i).padStart(2, '0')}`, atMs: start + i * 60_000 + 40_000, severity: 'high' as const, verdict: 'flag' as const, mode: 'monitor' as const,
        findings: [{ rule: 'curl-pipe-shell', severity: 'high' as const, verdict: 'ask' as const, title: 'Pipes a downloaded script into a shell' }],
      }] : []),
    ]).flat());

    // Sessions, a page at a time, and one session's timeline with its pause.
    await nav('Sessions');
    const sessionRows = page.locator('tr[data-session]');
    await expect.poll(() => sessionRows.count()).toBe(50);
    expect(await page.locator('.table-footer').textContent()).toContain('Page 1 · 50 sessions');
    await page.getByRole('button', { name: 'Older' }).click();
    await expect.poll(() => page.locator('.table-footer').textContent()).toContain('Page 2 · 27 sessions');
    const older = await attributes('tr[data-session]', 'data-session');
    expect(older.every((sid) => sid?.startsWith('sess-batch-'))).toBe(true);
    expect(older.at(-1)).toBe('sess-batch-00');
    expect(await page.getByRole('button', { name: 'Older' }).isDisabled()).toBe(true);
    await page.getByRole('button', { name: 'Newer' }).click();
    await expect.poll(() => page.locator('.table-footer').textContent()).toContain('Page 1 · 50 sessions');
    expect((await attributes('tr[data-session]', 'data-session')).slice(0, 2)).toEqual(['sess-ci-91', 'sess-7f3a']);
    // Columns: session, host, agent, started, duration, calls, blocked, would block.
    const cells = async (session: string) => page.locator(`tr[data-session="${session}"] td`).allTextContents();
    expect((await cells('sess-7f3a')).slice(5)).toEqual(['6', '2', '0']);
    await shot('15-sessions');
    await page.getByRole('link', { name: 'sess-7f3a' }).click();
    await expect.poll(() => page.locator('.tl-item').count()).toBe(6);
    expect(await page.locator('.tl-gap').textContent()).toMatch(/Paused \d+ min/);
    await shot('11-session-timeline');

    // Variables, users.
    await nav('Variables');
    await page.getByRole('button', { name: 'New variable' }).click();
    await page.getByLabel('Name').fill('tier');
    await page.getByRole('dialog').getByRole('button', { name: 'Create variable' }).click();
    await expect.poll(() => page.locator('td', { hasText: '{{tier}}' }).count()).toBe(1);
    await shot('12-variables');
    await nav('Users');
    await page.getByRole('button', { name: 'Add user' }).click();
    await page.getByLabel('Email').fill('auditor@acme.test');
    await page.getByLabel('Initial password').fill('a long enough password');
    await page.getByRole('dialog').getByRole('button', { name: 'Add user' }).click();
    await expect.poll(() => page.locator('td', { hasText: 'auditor@acme.test' }).count()).toBe(1);
    await shot('13-users');
    await nav('Audit log');
    await shot('04-audit-all');

    // The new user is a viewer: after signing in, nothing on the page offers a change.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('Email').fill('auditor@acme.test');
    await page.getByLabel('Password').fill('a long enough password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByText('Viewer', { exact: true }).isVisible()).toBe(true);
    const links = await page.getByRole('navigation', { name: 'Main' }).getByRole('link').allTextContents();
    expect(links).toContain('Policy roles');
    expect(links).not.toContain('Users');
    await nav('Policy roles');
    await expect.poll(() => page.locator('tr[data-role="backend-dev"]').count()).toBe(1);
    expect(await page.getByRole('button', { name: 'New role' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Delete' }).count()).toBe(0);
    await page.getByRole('link', { name: 'backend-dev' }).click();
    await expect.poll(() => page.getByRole('group', { name: 'Mode' }).getByRole('button', { name: 'Enforce' }).isDisabled()).toBe(true);
    expect(await page.getByRole('button', { name: 'Add rule' }).count()).toBe(0);
  }, 180_000);

  it('suggests rules for a role from its hosts\' activity, shows additions, a modification and a removal, and applies the ones picked', async () => {
    const { get, post, patch } = await adminApi();
    const { roles } = await get<{ roles: { id: string; name: string }[] }>('/roles');
    const backend = roles.find((r) => r.name === 'backend-dev')!;
    // The role also allows curl (which the batch host used to pipe installers into a shell) and
    // kubectl get (which no host of the role ran).
    const current = await get<{ commands: unknown[] }>(`/roles/${backend.id}`);
    // The advisor learns from Monitor mode activity only, so the team puts the role back in
    // monitor mode while it watches.
    await patch(`/roles/${backend.id}`, { mode: 'monitor', commands: [...current.commands, { pattern: 'curl *', action: 'allow' }, { pattern: 'kubectl get *', action: 'allow' }] });
    // A host of the role does routine work: enough for the advisor to propose allow rules.
    const { token } = await post<{ token: string }>('/enrollment-tokens', { roleId: backend.id });
    const builder = new FleetHost(url, 'build-box-3', join(root, 'host-4'));
    await builder.enroll(token);
    await builder.fetchPolicy();
    // Both hosts joined the role three days ago: their activity since counts as observation.
    assignedDaysAgo(['build-box-3', 'batch-worker-5'], 3);
    const t0 = Date.now() - 2 * 3_600_000;
    const routine = Array.from({ length: 40 }, (_, i) => ({ command: i % 2 ? 'make build' : 'ls -la src', session: `sess-b${i % 10}`, agent: 'claude-code', atMs: t0 + i * 60_000 }));
    expect((await builder.run(routine)).answer).toMatchObject({ stored: 40, integrity: [] });
    const before = await get<{ version: number }>(`/roles/${backend.id}`);

    // The viewer from the step before signs out; the admin signs in.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('Email').fill(ADMIN.email);
    await page.getByLabel('Password').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('navigation', { name: 'Main' }).isVisible()).toBe(true);
    await nav('Policy roles');
    await page.getByRole('link', { name: 'backend-dev' }).click();
    await page.getByRole('button', { name: 'Suggest rules' }).click();
    await expect.poll(() => page.url()).toContain('/suggestions/');
    const rows = page.locator('tr[data-change]');
    await expect.poll(() => rows.count()).toBeGreaterThanOrEqual(4);
    expect(await attributes('tr[data-change]', 'data-change')).toEqual(expect.arrayContaining(['make build *', 'ls *', 'curl *', 'kubectl get *']));
    // The modification reads old → new with its badge; the removal strikes the rule through.
    const modify = page.locator('tr[data-change="curl *"]');
    expect(await modify.getAttribute('data-op')).toBe('modify');
    expect(await modify.textContent()).toMatch(/~ modify.*curl \*.*allow.*→.*ask/);
    expect(await modify.textContent()).toContain('The allow rule matched risky work');
    const remove = page.locator('tr[data-change="kubectl get *"]');
    expect(await remove.getAttribute('data-op')).toBe('remove');
    expect(await remove.locator('del').textContent()).toBe('kubectl get *');
    expect(await remove.textContent()).toMatch(/− remove.*unused in 7 days/);
    // Keep ls and the unused kubectl rule out; apply the rest, the modification among them.
    // What the advisor learned from is said once, for the whole suggestion.
    expect(await page.getByText('Evidence: Monitor mode activity only, of each host since it was assigned to this role.').count()).toBe(1);
    await page.getByLabel('Apply allow ls *').uncheck();
    await page.getByLabel('Apply allow kubectl get *').uncheck();
    await shot('14-suggestion');
    const changes = await rows.count();
    await page.getByRole('button', { name: `Apply selected (${changes - 2})` }).click();
    await expect.poll(() => page.getByRole('status').allTextContents()).toContainEqual(expect.stringContaining(`version ${before.version + 1}`));
    await expect.poll(() => page.locator('.page-title-row').textContent()).toContain('Partially applied');
    const after = await get<{ version: number; commands: { pattern: string; action: string }[] }>(`/roles/${backend.id}`);
    expect(after.version).toBe(before.version + 1);
    const patterns = after.commands.map((r) => r.pattern);
    expect(patterns).toContain('make build *');
    expect(patterns).not.toContain('ls *');
    expect(after.commands.filter((r) => r.pattern === 'curl *')).toEqual([expect.objectContaining({ action: 'ask' })]);
    expect(after.commands.find((r) => r.pattern === 'kubectl get *')?.action).toBe('allow');
    const policy = await builder.fetchPolicy();
    expect(policy).toContain('make build *');
    expect(builder.judge('curl -fsSL https://get.example.dev/install.sh', 'claude-code').verdict).toBe('ask');

    // The schedule: daily instead of weekly, saved from Settings; an analysis run now proposes
    // what is still open (ls, and removing kubectl get) as a new suggestion.
    await nav('Settings');
    await page.getByLabel('Analysis schedule').selectOption('daily');
    expect(await page.getByLabel('Minimum observation (hours)').inputValue()).toBe('48');
    expect(await page.getByLabel('Confidence threshold (%)').inputValue()).toBe('60');
    await page.getByRole('button', { name: 'Save advisor settings' }).click();
    await expect.poll(() => page.getByRole('status').allTextContents()).toContainEqual(expect.stringContaining('Policy Advisor settings saved'));
    expect((await get<{ org: { advisor: { schedule: string } } }>('/settings')).org.advisor.schedule).toBe('daily');
    await expect.poll(() => page.getByTestId('advisor-status').textContent()).toMatch(/Next scheduled analysis in (23|1 d)/);
    await page.getByTestId('advisor-status').scrollIntoViewIfNeeded();
    await shot('16-advisor-settings');
    await nav('Suggestions');
    const suggestionRows = page.locator('tr[data-suggestion]');
    await expect.poll(() => suggestionRows.count()).toBe(0);
    await page.getByRole('button', { name: 'Run analysis now' }).click();
    await expect.poll(() => page.getByRole('status').allTextContents()).toContainEqual(expect.stringMatching(/Analysis finished: [1-9]\d* new suggestion/));
    await expect.poll(() => suggestionRows.count()).toBeGreaterThanOrEqual(1);
    const scheduled = page.locator('tr[data-suggestion]', { hasText: 'backend-dev' });
    expect(await scheduled.textContent()).toContain('Scheduled analysis');
    expect(await scheduled.textContent()).toMatch(/\+\d+ add.*−1 remove/);
    await shot('17-suggestions');
    expect(pageErrorsOf()).toEqual([]);
  }, 180_000);

  it('navigates on a phone-sized screen through the menu button', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${url}/audit`);
    const mainNav = page.getByRole('navigation', { name: 'Main' });
    const menu = page.getByRole('button', { name: 'Open menu' });
    await expect.poll(() => menu.isVisible()).toBe(true);
    expect(await mainNav.isVisible()).toBe(false);
    expect(await page.locator('.topbar').textContent()).toContain('Audit log');
    await shot('18-phone-audit');
    await menu.click();
    await expect.poll(() => mainNav.isVisible()).toBe(true);
    expect(await menu.getAttribute('aria-expanded')).toBe('true');
    // The open drawer slides fully inside the screen, and shows every section.
    await expect.poll(async () => (await mainNav.boundingBox())?.x).toBe(0);
    expect((await mainNav.boundingBox())!.width).toBeLessThanOrEqual(390);
    expect(await mainNav.getByRole('link').allTextContents()).toEqual(['Audit log', 'Alerts', 'Plugin approvals', 'Sessions', 'Policy roles', 'Suggestions', 'Variables', 'Hosts', 'Users', 'Settings']);
    await shot('19-phone-menu');
    // Escape closes it; a link followed closes it and opens the screen.
    await page.keyboard.press('Escape');
    await expect.poll(() => mainNav.isVisible()).toBe(false);
    await menu.click();
    await mainNav.getByRole('link', { name: 'Sessions', exact: true }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Sessions');
    await expect.poll(() => mainNav.isVisible()).toBe(false);
    expect(await page.locator('.topbar').textContent()).toContain('Sessions');
    // Nothing is wider than the screen but the tables, which scroll inside their frame.
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await shot('20-phone-sessions');
    // The screens with the widest content still fit: the suggestions list and a role.
    for (const [label, name] of [['Suggestions', '21-phone-suggestions'], ['Policy roles', '22-phone-roles']] as const) {
      await menu.click();
      await mainNav.getByRole('link', { name: label, exact: true }).click();
      await expect.poll(() => page.locator('h1').textContent()).toBe(label);
      await expect.poll(() => mainNav.isVisible()).toBe(false);
      expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
      await shot(name);
    }
    await page.getByRole('link', { name: 'backend-dev' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('backend-dev');
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await shot('23-phone-role');
    await menu.click();
    await page.getByRole('button', { name: 'Close menu' }).click();
    await expect.poll(() => mainNav.isVisible()).toBe(false);
    await page.setViewportSize({ width: 1440, height: 900 });
    expect(pageErrorsOf()).toEqual([]);
  }, 120_000);
});
