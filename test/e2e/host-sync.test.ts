// A host enrolled in a real control plane (the server on a loopback port, SQLite): enrollment
// installs the org's role as policy.yaml, a role change made through the API reaches the host's
// policy.yaml within seconds (pushed over the event stream), and audit entries written on the
// host arrive on the server, also after the server was away for a while.
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { enrollHost } from '../../src/agent/sync/enroll.js';
import { startHostSync, type HostSync } from '../../src/agent/sync/host-sync.js';
import { readServerLink } from '../../src/agent/sync/server-link.js';
import { firstStart } from '../../src/server/org-setup.js';
import { startServer, type RunningServer } from '../../src/server/serve.js';
import { hashSecret, newSecret } from '../../src/store/fleet/ids.js';
import { openHostAuditLog, type HostAuditLog } from '../../src/store/host-audit-log.js';
import { openSqliteFleetStore } from '../../src/store/sqlite/sqlite-fleet-store.js';
import type { FleetStore } from '../../src/store/fleet/fleet-store.js';
import { command } from '../../src/server/testing/host-log.js';
import { until as waitUntil } from './until.js';

const PASSWORD = 'a long enough admin password';
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const until = <T>(what: string, probe: () => Promise<T | undefined> | T | undefined): Promise<T> => waitUntil(what, probe, 10_000);

interface Plane {
  readonly dir: string;
  server: RunningServer;
  store: FleetStore;
  readonly orgId: string;
  restart(): Promise<void>;
  stop(): Promise<void>;
  admin(): Promise<(method: string, path: string, body?: unknown) => Promise<Response>>;
  token(): Promise<string>;
}

async function controlPlane(): Promise<Plane> {
  const dir = mkdtempSync(join(tmpdir(), 'warden-plane-'));
  const db = join(dir, 'server.db');
  const store = await openSqliteFleetStore(db);
  const first = await firstStart(store, { email: 'admin@example.test', password: PASSWORD });
  const server = await startServer({ store, hostname: '127.0.0.1', port: 0 });
  const port = Number(new URL(server.url).port);
  const plane: Plane = {
    dir,
    server,
    store,
    orgId: first.org!.id,
    async stop() {
      await plane.server.close();
    },
    async restart() {
      plane.store = await openSqliteFleetStore(db);
      plane.server = await startServer({ store: plane.store, hostname: '127.0.0.1', port });
    },
    async admin() {
      const res = await fetch(`${plane.server.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'admin@example.test', password: PASSWORD }) });
      const { csrfToken } = (await res.json()) as { csrfToken: string };
      const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
      return (method, path, body) => fetch(`${plane.server.url}/api/v1${path}`, { method, headers: { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    },
    async token() {
      const secret = newSecret('wet');
      await plane.store.enrollmentTokens.create(plane.orgId, hashSecret(secret), { roleId: null, expiresAt: new Date(Date.now() + 3_600_000).toISOString(), createdBy: 'test' });
      return secret;
    },
  };
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  cleanups.push(() => plane.server.close());
  return plane;
}

function hostHome(): string {
  const home = mkdtempSync(join(tmpdir(), 'warden-host-'));
  cleanups.push(() => rmSync(home, { recursive: true, force: true }));
  return home;
}

const quiet = pino({ level: 'silent' });

describe('a host enrolled in the control plane', () => {
  it('enrolls with a token, keeps the host token private, and installs the org role as its policy', async () => {
    const plane = await controlPlane();
    const home = hostHome();
    const enrolled = await enrollHost({ wardenHome: home, url: plane.server.url, token: await plane.token(), hostname: 'dev-1', version: 'test' });
    expect(enrolled.link.hostId).toMatch(/^host_/);
    expect(readServerLink(home)).toEqual(enrolled.link);
    expect(statSync(join(home, 'agent.yaml')).mode & 0o777).toBe(0o600);
    const policy = readFileSync(join(home, 'policy.yaml'), 'utf8');
    expect(policy).toContain(`default_role: ${enrolled.role.name}`);
    // A token works once.
    await expect(enrollHost({ wardenHome: hostHome(), url: plane.server.url, token: 'wet_not-a-token', hostname: 'dev-2', version: 'test' })).rejects.toThrow(/enrollment refused/);
  });

  it('gets a role change pushed within seconds and uploads its audit log, also across a server outage', async () => {
    const plane = await controlPlane();
    const home = hostHome();
    const enrolled = await enrollHost({ wardenHome: home, url: plane.server.url, token: await plane.token(), hostname: 'dev-1', version: 'test' });
    const audit: HostAuditLog = await openHostAuditLog(home);
    cleanups.push(() => audit.close());
    const sync: HostSync = startHostSync({ wardenHome: home, link: enrolled.link, store: audit.store, log: quiet, uploadDelayMs: 50, maxBackoffMs: 200 });
    cleanups.push(() => sync.stop());
    await until('the event stream', () => (sync.status().connected ? true : undefined));

    const admin = await plane.admin();
    const before = readFileSync(join(home, 'policy.yaml'), 'utf8');
    const newMode = enrolled.role.mode === 'enforce' ? 'monitor' : 'enforce';
    const patched = await admin('PATCH', `/roles/${enrolled.role.id}`, { mode: newMode });
    expect(patched.status).toBe(200);
    const after = await until('the new policy on the host', () => {
      const text = readFileSync(join(home, 'policy.yaml'), 'utf8');
      return text !== before ? text : undefined;
    });
    expect(after).toMatch(new RegExp(`mode: ${newMode}`));

    await audit.log.appendBatch([command('git status'), command('git push --force', { outcome: 'blocked' })]);
    sync.nudge();
    const listed = async () => {
      const res = await admin('GET', `/audit`);
      const body = (await res.json()) as { entries?: Array<{ subject: string }> };
      return body.entries ?? [];
    };
    await until('the entries on the server', async () => ((await listed()).length >= 2 ? true : undefined)).catch((e: unknown) => {
      throw new Error(`${String(e)}; sync: ${JSON.stringify(sync.status())}`);
    });

    await plane.stop();
    await audit.log.appendBatch([command('npm test'), command('rm -rf /', { outcome: 'blocked' })]);
    sync.nudge();
    await new Promise((r) => setTimeout(r, 500));
    await plane.restart();
    const admin2 = await plane.admin();
    const entries = await until('the entries written while the server was away', async () => {
      const res = await admin2('GET', `/audit`);
      const body = (await res.json()) as { entries?: Array<{ subject: string }> };
      return (body.entries ?? []).length >= 4 ? body.entries : undefined;
    });
    expect(entries.map((e) => e.subject).sort()).toEqual(['git push --force', 'git status', 'npm test', 'rm -rf /'].sort());
  });
});
