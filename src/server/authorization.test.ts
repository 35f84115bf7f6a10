// Authorization and org isolation, route by route: every user route refuses anonymous callers
// and host tokens (401), viewers where it changes something or is for admins (403), and an admin
// of another org for anything of this org (404); host routes take a host token only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqliteFleetStore } from '../store/sqlite/sqlite-fleet-store.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hashSecret, newSecret } from '../store/fleet/ids.js';
import { command, hostLog, uploadOf } from './testing/host-log.js';
import { makeWorld, type Caller, type World } from './testing/harness.js';

let world: World;
let dir: string;
const ids: Record<string, string> = {};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'warden-authz-'));
  world = await makeWorld(await openSqliteFleetStore(join(dir, 'server.db')));
  const { store, orgA, hostA } = world;
  const strict = await store.roles.create(orgA.id, { name: 'strict', description: '', mode: 'enforce', isDefault: false, spec: {}, risk: null });
  ids.role = strict.id;
  ids.host = hostA.hostId;
  ids.var = (await store.variables.create(orgA.id, 'region', [{ value: 'eu', patterns: ['^eu-'] }])).id;
  ids.alert = (await store.alerts.raise(orgA.id, { kind: 'policy', severity: 'high', title: 'blocked', detail: '', hostId: hostA.hostId }))!;
  ids.approval = (await store.approvals.discover(orgA.id, hostA.hostId, { name: 'shady', version: '1', type: 'mcp_server', findings: [] }))!;
  ids.token = (await store.enrollmentTokens.create(orgA.id, hashSecret(newSecret('wet')), { roleId: null, expiresAt: new Date(Date.now() + 60_000).toISOString(), createdBy: null })).id;
  ids.user = (await store.users.list(orgA.id)).find((u) => u.role === 'viewer')!.id;
  ids.session = 'sess-1';
  ids.suggestion = (await store.suggestions.create(orgA.id, { roleId: strict.id, changes: [], window: { since: new Date(0).toISOString(), until: new Date().toISOString() }, hostCount: 0, eventCount: 0 })).id;
  const log = hostLog(hostA.key, Date.now() - 60_000);
  log.add([command('git status'), command('ls')], Date.now() - 30_000);
  expect((await hostA.request('POST', '/api/v1/host/audit', uploadOf(log.records))).status).toBe(200);
});

afterAll(async () => {
  world.close();
  await world.store.close();
  rmSync(dir, { recursive: true, force: true });
});

interface Route {
  readonly method: string;
  readonly path: string;
  readonly body?: unknown;
  /** Only admins may call it. */
  readonly admin?: boolean;
}

const fill = (path: string): string => path.replace(/:(\w+)/g, (_, k: string) => ids[k] ?? `missing-${k}`);

const ROUTES: Route[] = [
  { method: 'GET', path: '/api/v1/me' },
  { method: 'GET', path: '/api/v1/roles' },
  { method: 'GET', path: '/api/v1/roles/:role' },
  { method: 'GET', path: '/api/v1/roles/:role/policy' },
  { method: 'POST', path: '/api/v1/roles', body: { name: 'new-role' }, admin: true },
  { method: 'PATCH', path: '/api/v1/roles/:role', body: { mode: 'monitor' }, admin: true },
  { method: 'POST', path: '/api/v1/roles/:role/clone', body: { name: 'copy' }, admin: true },
  { method: 'DELETE', path: '/api/v1/roles/:role', admin: true },
  { method: 'GET', path: '/api/v1/hosts' },
  { method: 'GET', path: '/api/v1/hosts/:host' },
  { method: 'PUT', path: '/api/v1/hosts/:host/role', body: { roleId: null }, admin: true },
  { method: 'POST', path: '/api/v1/hosts/assign-role', body: { hostIds: ['<host>'], roleId: null }, admin: true },
  { method: 'DELETE', path: '/api/v1/hosts/:host', admin: true },
  { method: 'GET', path: '/api/v1/variables' },
  { method: 'POST', path: '/api/v1/variables', body: { name: 'zone', values: [] }, admin: true },
  { method: 'PATCH', path: '/api/v1/variables/:var', body: { values: [] }, admin: true },
  { method: 'DELETE', path: '/api/v1/variables/:var', admin: true },
  { method: 'GET', path: '/api/v1/audit' },
  { method: 'GET', path: '/api/v1/audit/export?format=ndjson' },
  { method: 'GET', path: '/api/v1/alerts' },
  { method: 'POST', path: '/api/v1/alerts/:alert/acknowledge', admin: true },
  { method: 'POST', path: '/api/v1/alerts/:alert/escalate', admin: true },
  { method: 'POST', path: '/api/v1/alerts/:alert/resolve', admin: true },
  { method: 'GET', path: '/api/v1/approvals' },
  { method: 'POST', path: '/api/v1/approvals/:approval/approve', admin: true },
  { method: 'POST', path: '/api/v1/approvals/:approval/block', admin: true },
  { method: 'POST', path: '/api/v1/approvals/:approval/dismiss', admin: true },
  { method: 'GET', path: '/api/v1/sessions' },
  { method: 'GET', path: '/api/v1/sessions/:session' },
  { method: 'POST', path: '/api/v1/roles/:role/suggestions', admin: true },
  { method: 'GET', path: '/api/v1/suggestions' },
  { method: 'GET', path: '/api/v1/suggestions/:suggestion' },
  { method: 'POST', path: '/api/v1/suggestions/:suggestion/apply', body: { changes: [0] }, admin: true },
  { method: 'POST', path: '/api/v1/suggestions/:suggestion/discard', admin: true },
  { method: 'GET', path: '/api/v1/advisor' },
  { method: 'POST', path: '/api/v1/advisor/run', admin: true },
  { method: 'GET', path: '/api/v1/users', admin: true },
  { method: 'POST', path: '/api/v1/users', body: { email: 'new@acme.test', password: 'a long enough password', role: 'viewer' }, admin: true },
  { method: 'DELETE', path: '/api/v1/users/:user', admin: true },
  { method: 'GET', path: '/api/v1/enrollment-tokens', admin: true },
  { method: 'POST', path: '/api/v1/enrollment-tokens', body: {}, admin: true },
  { method: 'DELETE', path: '/api/v1/enrollment-tokens/:token', admin: true },
  { method: 'GET', path: '/api/v1/settings' },
  { method: 'PATCH', path: '/api/v1/settings', body: { retentionDays: 30 }, admin: true },
  { method: 'POST', path: '/api/v1/auth/logout', body: {} },
];

const HOST_ROUTES: Route[] = [
  { method: 'GET', path: '/api/v1/host/policy' },
  { method: 'GET', path: '/api/v1/host/events' },
  { method: 'POST', path: '/api/v1/host/audit', body: { entries: [], checkpoints: [] } },
  { method: 'GET', path: '/api/v1/host/audit/head' },
  { method: 'POST', path: '/api/v1/host/discoveries', body: { items: [] } },
];

const bodyOf = (r: Route): unknown => (r.body === undefined ? undefined : JSON.parse(JSON.stringify(r.body).replace(/<(\w+)>/g, (_, k: string) => ids[k] ?? `missing-${k}`)));

async function statusOf(caller: Caller, r: Route): Promise<{ status: number; code: string | undefined; text: string }> {
  const res = await caller.request(r.method, fill(r.path), bodyOf(r));
  const text = await res.text();
  let code: string | undefined;
  try {
    code = (JSON.parse(text) as { error?: { code?: string } }).error?.code;
  } catch {
    code = undefined;
  }
  return { status: res.status, code, text };
}

describe('user routes', () => {
  for (const r of ROUTES) {
    const name = `${r.method} ${r.path}`;
    it(`${name}: anonymous 401`, async () => {
      expect(await statusOf(world.anonymous, r)).toMatchObject({ status: 401, code: 'unauthorized' });
    });
    it(`${name}: host token 401`, async () => {
      expect(await statusOf(world.hostA, r)).toMatchObject({ status: 401, code: 'unauthorized' });
    });
    if (r.path === '/api/v1/auth/logout') continue;
    if (r.admin) {
      it(`${name}: viewer 403`, async () => {
        expect(await statusOf(world.viewerA, r)).toMatchObject({ status: 403, code: 'forbidden' });
      });
    } else {
      it(`${name}: viewer allowed`, async () => {
        expect((await statusOf(world.viewerA, r)).status).toBe(200);
      });
    }
    if (r.path.includes(':') || JSON.stringify(r.body ?? '').includes('<host>')) {
      it(`${name}: admin of another org 404`, async () => {
        expect(await statusOf(world.adminB, r)).toMatchObject({ status: 404, code: 'not_found' });
      });
    } else if (r.method === 'GET') {
      it(`${name}: admin of another org sees nothing of this org`, async () => {
        const { status, text } = await statusOf(world.adminB, r);
        expect(status).toBe(200);
        for (const id of Object.values(ids)) expect(text).not.toContain(id);
        expect(text).not.toContain('acme');
        expect(text).not.toContain('dev-laptop-1');
      });
    }
  }

  it('checked every route of the API once', () => {
    expect(new Set(ROUTES.map((r) => `${r.method} ${r.path}`)).size).toBe(ROUTES.length);
  });
});

describe('host routes', () => {
  for (const r of HOST_ROUTES) {
    const name = `${r.method} ${r.path}`;
    it(`${name}: anonymous 401`, async () => {
      expect(await statusOf(world.anonymous, r)).toMatchObject({ status: 401, code: 'unauthorized' });
    });
    it(`${name}: a user session 401`, async () => {
      expect(await statusOf(world.adminA, r)).toMatchObject({ status: 401, code: 'unauthorized' });
      expect(await statusOf(world.viewerA, r)).toMatchObject({ status: 401, code: 'unauthorized' });
    });
    it(`${name}: a made-up host token 401`, async () => {
      const res = await world.app.request(r.path, { method: r.method, headers: { authorization: `Bearer ${newSecret('wht')}`, 'content-type': 'application/json' }, ...(r.body ? { body: JSON.stringify(r.body) } : {}) });
      expect(res.status).toBe(401);
    });
  }
});
