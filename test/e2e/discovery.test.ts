// Discovery against a real control plane (the server on a loopback port, SQLite): the MCP servers
// in a host's Claude Code configs become pending plugin approvals with their findings; blocking one
// through the API puts `<name>/*` in the policy the host downloads, and `warden check` then blocks
// its tools. The daemon's report loop sends again when a config changes, also after an outage.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { enrollHost, type Enrollment } from '../../src/agent/sync/enroll.js';
import { startDiscoveryReports } from '../../src/agent/sync/discoveries.js';
import { startHostSync } from '../../src/agent/sync/host-sync.js';
import { firstStart } from '../../src/server/org-setup.js';
import { startServer, type RunningServer } from '../../src/server/serve.js';
import { hashSecret, newSecret } from '../../src/store/fleet/ids.js';
import { openHostAuditLog } from '../../src/store/host-audit-log.js';
import { openSqliteFleetStore } from '../../src/store/sqlite/sqlite-fleet-store.js';
import type { FleetStore } from '../../src/store/fleet/fleet-store.js';
import { sandbox, WARDEN_BIN, type CliResult, type Sandbox } from './run-cli.js';
import { until as waitUntil } from './until.js';

const PASSWORD = 'a long enough admin password';
const TOKEN = 'ghp_aB3dE5fG7hI9jK1lM3nO5pQ7rS9tU1vW3xY5';
const quiet = pino({ level: 'silent' });
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const until = <T>(what: string, probe: () => Promise<T | undefined> | T | undefined): Promise<T> => waitUntil(what, probe, 10_000);

type Admin = (method: string, path: string, body?: unknown) => Promise<Response>;
interface Approval { id: string; name: string; version: string | null; type: string; hostname: string | null; status: string; findings: { severity: string; title: string }[] }

async function controlPlane() {
  const dir = mkdtempSync(join(tmpdir(), 'warden-plane-'));
  const db = join(dir, 'server.db');
  const store: FleetStore = await openSqliteFleetStore(db);
  const first = await firstStart(store, { email: 'admin@example.test', password: PASSWORD });
  let server: RunningServer = await startServer({ store, hostname: '127.0.0.1', port: 0 });
  const port = Number(new URL(server.url).port);
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  cleanups.push(() => server.close());
  const plane = {
    url: server.url,
    stop: () => server.close(),
    async restart() {
      server = await startServer({ store: await openSqliteFleetStore(db), hostname: '127.0.0.1', port });
    },
    async admin(): Promise<Admin> {
      const res = await fetch(`${server.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'admin@example.test', password: PASSWORD }) });
      const { csrfToken } = (await res.json()) as { csrfToken: string };
      const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
      return (method, path, body) => fetch(`${server.url}/api/v1${path}`, { method, headers: { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    },
    async enroll(wardenHome: string, hostname: string): Promise<Enrollment> {
      const secret = newSecret('wet');
      await store.enrollmentTokens.create(first.org!.id, hashSecret(secret), { roleId: null, expiresAt: new Date(Date.now() + 3_600_000).toISOString(), createdBy: 'test' });
      return enrollHost({ wardenHome, url: server.url, token: secret, hostname, version: 'test' });
    },
  };
  return plane;
}

async function approvals(admin: Admin): Promise<Approval[]> {
  const res = await admin('GET', '/approvals?status=pending');
  expect(res.status).toBe(200);
  return ((await res.json()) as { approvals: Approval[] }).approvals;
}

/** The built CLI without blocking this process (which serves the control plane it calls). */
function runAsync(sb: Sandbox, args: readonly string[]): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(process.execPath, [WARDEN_BIN, ...args], { cwd: sb.dir, encoding: 'utf8', timeout: 20_000, env: { PATH: process.env.PATH ?? '', HOME: sb.home, WARDEN_HOME: sb.wardenHome, NO_COLOR: '1' } }, (error, stdout, stderr) => {
      resolve({ status: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

function host(): Sandbox {
  const sb = sandbox();
  cleanups.push(() => sb.remove());
  return sb;
}

/** A user file with one server and the project (the sandbox's working directory) with another. */
function claudeConfigs(sb: Sandbox, extra: Record<string, unknown> = {}): void {
  writeFileSync(join(sb.home, '.claude.json'), JSON.stringify({
    mcpServers: { 'github-tools': { command: 'npx', args: ['-y', '@modelcontextprotocol/server-github'], env: { GITHUB_PERSONAL_ACCESS_TOKEN: TOKEN } }, ...extra },
    projects: { [sb.dir]: { allowedTools: [] } },
  }));
  writeFileSync(join(sb.dir, '.mcp.json'), JSON.stringify({ mcpServers: { 'shady-remote': { type: 'http', url: 'http://mcp.shady.example/mcp' } } }));
}

describe('discovery reported to the control plane', () => {
  it('turns the host\'s MCP servers into approvals, and a blocked one is blocked on the host', async () => {
    const plane = await controlPlane();
    const sb = host();
    const enrolled = await plane.enroll(sb.wardenHome, 'dev-laptop');
    claudeConfigs(sb);

    const local = sb.run(['agent', 'discover', '--json']);
    expect(local.status, local.stderr).toBe(0);
    const found = JSON.parse(local.stdout) as { items: Array<{ name: string; file: string }> };
    expect(found.items.map((i) => `${i.name} ${i.file}`).sort()).toEqual([`github-tools ${join(sb.home, '.claude.json')}`, `shady-remote ${join(sb.dir, '.mcp.json')}`]);
    expect(local.stdout).not.toContain(TOKEN);

    const sent = await runAsync(sb, ['agent', 'discover', '--report']);
    expect(sent.status, sent.stderr).toBe(0);
    expect(sent.stdout).toContain('Reported 2 to the control plane; 2 new pending approvals.');

    const admin = await plane.admin();
    const pending = await approvals(admin);
    expect(pending.map((a) => [a.name, a.type, a.hostname]).sort()).toEqual([['github-tools', 'mcp_server', 'dev-laptop'], ['shady-remote', 'mcp_server', 'dev-laptop']]);
    const github = pending.find((a) => a.name === 'github-tools')!;
    expect(github.findings).toEqual([
      { severity: 'high', title: `credential in plain text in ${join(sb.home, '.claude.json')} (env GITHUB_PERSONAL_ACCESS_TOKEN)` },
      { severity: 'medium', title: 'unpinned package @modelcontextprotocol/server-github fetched at every start (npx)' },
    ]);
    expect(pending.find((a) => a.name === 'shady-remote')!.findings).toEqual([{ severity: 'high', title: 'remote server over plain http (mcp.shady.example): calls and any token travel unencrypted' }]);
    const alerts = (await (await admin('GET', '/alerts')).json()) as { alerts: Array<{ kind: string; severity: string; title: string }> };
    expect(alerts.alerts.filter((a) => a.kind === 'plugin').map((a) => `${a.severity} ${a.title}`).sort()).toEqual([
      'high New mcp server awaiting approval: github-tools',
      'high New mcp server awaiting approval: shady-remote',
    ]);
    expect(JSON.stringify(await approvals(admin))).not.toContain(TOKEN);

    // Sent again: nothing new for the org.
    expect((await runAsync(sb, ['agent', 'discover', '--report'])).stdout).toContain('0 new pending approvals');

    // The host follows the control plane; the role enforces, and shady-remote is blocked.
    const audit = await openHostAuditLog(sb.wardenHome);
    cleanups.push(() => audit.close());
    const sync = startHostSync({ wardenHome: sb.wardenHome, link: enrolled.link, store: audit.store, log: quiet, maxBackoffMs: 200 });
    cleanups.push(() => sync.stop());
    await until('the event stream', () => (sync.status().connected ? true : undefined));
    const policyFile = join(sb.wardenHome, 'policy.yaml');
    const check = () => sb.run(['check', '--policy', policyFile, '--mcp', 'shady-remote/some_tool']);
    expect(check().status).toBe(0);
    expect((await admin('PATCH', `/roles/${enrolled.role.id}`, { mode: 'enforce' })).status).toBe(200);
    const blocked = await admin('POST', `/approvals/${pending.find((a) => a.name === 'shady-remote')!.id}/block`, {});
    expect(blocked.status).toBe(200);
    await until('the blocklist in the host policy', () => (/tool: shady-remote\/\*/.test(readFileSync(policyFile, 'utf8')) && /mode: enforce/.test(readFileSync(policyFile, 'utf8')) ? true : undefined));

    const denied = check();
    expect(denied.status, denied.stdout + denied.stderr).toBe(2);
    expect(denied.stdout).toContain('shady-remote is blocked in plugin approvals');
    expect(sb.run(['check', '--policy', policyFile, '--mcp', 'github-tools/list_issues']).status).toBe(0);
  });

  it('the daemon\'s loop reports at start, again when a config changes, and after the server was away', async () => {
    const plane = await controlPlane();
    const sb = host();
    const enrolled = await plane.enroll(sb.wardenHome, 'dev-2');
    claudeConfigs(sb);
    const reports = startDiscoveryReports({ link: enrolled.link, env: { home: sb.home, cwd: sb.home, env: {}, platform: process.platform }, log: quiet, pollMs: 50, maxBackoffMs: 200 });
    cleanups.push(() => reports.stop());
    const admin = await plane.admin();
    const names = async () => (await approvals(admin)).map((a) => a.name).sort();

    await until('the first report', async () => ((await names()).length === 2 ? true : undefined));
    expect(await names()).toEqual(['github-tools', 'shady-remote']);

    claudeConfigs(sb, { 'added-later': { command: 'uvx', args: ['mcp-server-time==0.6.2'] } });
    await until('the changed config reported', async () => ((await names()).includes('added-later') ? true : undefined));
    const added = (await approvals(admin)).find((a) => a.name === 'added-later')!;
    expect(added).toMatchObject({ version: '0.6.2', findings: [] });

    await plane.stop();
    claudeConfigs(sb, { 'added-offline': { url: 'https://mcp.example.com/mcp' } });
    await until('the failed send', () => (reports.status().lastError !== null ? true : undefined));
    await plane.restart();
    const admin2 = await plane.admin();
    await until('the report sent after the outage', async () => ((await approvals(admin2)).some((a) => a.name === 'added-offline') ? true : undefined));
    // added-later was replaced by added-offline in the file.
    expect(reports.status()).toMatchObject({ items: 3, reported: 3, lastError: null });
  });
});
