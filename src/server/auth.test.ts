// Login, sessions, cookie flags, CSRF and the login rate limit, in-process.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqliteFleetStore } from '../store/sqlite/sqlite-fleet-store.js';
import { createApp } from './app.js';
import { LOGIN_MAX_FAILURES } from './auth/login-limiter.js';
import { verifyPassword, hashPassword } from './auth/passwords.js';
import { firstStart } from './org-setup.js';
import { cookiesOf, json, makeWorld, PASSWORD, type World } from './testing/harness.js';

let world: World;
let dir: string;
let clock = Date.parse('2026-01-01T00:00:00.000Z');

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'warden-auth-'));
  clock = Date.now();
  world = await makeWorld(await openSqliteFleetStore(join(dir, 'server.db')), { now: () => clock });
});

afterEach(async () => {
  world.close();
  await world.store.close();
  rmSync(dir, { recursive: true, force: true });
});

const loginRequest = (email: string, password: string, url = 'http://warden.test/api/v1/auth/login') =>
  world.app.request(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });

describe('login', () => {
  it('sets an HttpOnly, SameSite=Strict session cookie and a readable CSRF cookie, Secure only over https', async () => {
    const res = await loginRequest('admin@acme.test', PASSWORD);
    expect(res.status).toBe(200);
    const [session, csrf] = ['warden_session', 'warden_csrf'].map((n) => res.headers.getSetCookie().find((c) => c.startsWith(`${n}=`))!);
    expect(session).toMatch(/HttpOnly/);
    expect(session).toMatch(/SameSite=Strict/);
    expect(session).toMatch(/Path=\//);
    expect(session).not.toMatch(/Secure/);
    expect(csrf).not.toMatch(/HttpOnly/);
    const body = await json<{ csrfToken: string; user: { email: string; role: string }; org: { name: string } }>(res);
    expect(body).toMatchObject({ user: { email: 'admin@acme.test', role: 'admin' }, org: { name: 'Acme' } });
    expect(csrf).toContain(`warden_csrf=${body.csrfToken}`);
    const https = await loginRequest('admin@acme.test', PASSWORD, 'https://warden.test/api/v1/auth/login');
    expect(https.headers.getSetCookie().every((c) => /;\s*Secure/.test(c))).toBe(true);
  });

  it('answers a wrong password and an unknown email alike', async () => {
    const a = await loginRequest('admin@acme.test', 'wrong password!');
    const b = await loginRequest('nobody@acme.test', 'wrong password!');
    expect([a.status, b.status]).toEqual([401, 401]);
    expect(await a.json()).toEqual(await b.json());
    expect(a.headers.getSetCookie()).toEqual([]);
  });

  it('refuses a malformed body with a clear error', async () => {
    const res = await world.app.request('/api/v1/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"email": 1' });
    expect(res.status).toBe(400);
    expect(await json(res)).toEqual({ error: { code: 'invalid_request', message: 'the body is not valid JSON' } });
    const extra = await world.app.request('/api/v1/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'a', password: 'b', admin: true }) });
    expect(extra.status).toBe(400);
  });

  it('rate-limits failed logins per address and email, on every replica, even with the right password, until the window passes', async () => {
    for (let i = 0; i < LOGIN_MAX_FAILURES; i++) expect((await loginRequest('admin@acme.test', 'guess number ' + i)).status).toBe(401);
    const limited = await loginRequest('admin@acme.test', PASSWORD);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await json<{ error: { code: string } }>(limited)).error.code).toBe('rate_limited');
    expect((await loginRequest('viewer@acme.test', PASSWORD)).status).toBe(200);
    const replica = createApp({ store: world.store, now: () => clock });
    try {
      const other = await replica.request('/api/v1/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'ADMIN@acme.test', password: PASSWORD }) });
      expect(other.status).toBe(429);
    } finally {
      replica.close();
    }
    clock += 15 * 60_000 + 1_000;
    expect((await loginRequest('admin@acme.test', PASSWORD)).status).toBe(200);
  });
});

describe('sessions and CSRF', () => {
  it('requires the CSRF header on a state-changing request made with the session cookie', async () => {
    const { adminA } = world;
    const noHeader = await world.app.request('/api/v1/roles', { method: 'POST', headers: { cookie: adminA.cookie, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'x' }) });
    expect(noHeader.status).toBe(403);
    expect((await json<{ error: { code: string } }>(noHeader)).error.code).toBe('csrf');
    const wrong = await adminA.request('POST', '/api/v1/roles', { name: 'x' }, { 'x-csrf-token': world.viewerA.csrf });
    expect(wrong.status).toBe(403);
    expect((await adminA.request('GET', '/api/v1/roles')).status).toBe(200);
    expect((await adminA.request('POST', '/api/v1/roles', { name: 'x' })).status).toBe(201);
  });

  it('ends the session at logout', async () => {
    const { adminA } = world;
    const out = await adminA.request('POST', '/api/v1/auth/logout', {});
    expect(out.status).toBe(200);
    expect(cookiesOf(out)).toMatch(/warden_session=;?/);
    expect((await adminA.request('GET', '/api/v1/me')).status).toBe(401);
  });

  it('ends the session after 12 hours', async () => {
    expect((await world.adminA.request('GET', '/api/v1/me')).status).toBe(200);
    clock += 12 * 3_600_000 + 1;
    expect((await world.adminA.request('GET', '/api/v1/me')).status).toBe(401);
  });

  it('ends the sessions of a deleted user', async () => {
    const viewer = (await json<{ users: { id: string; role: string }[] }>(world.adminA.request('GET', '/api/v1/users'))).users.find((u) => u.role === 'viewer')!;
    expect((await world.adminA.request('DELETE', `/api/v1/users/${viewer.id}`)).status).toBe(200);
    expect((await world.viewerA.request('GET', '/api/v1/me')).status).toBe(401);
  });
});

describe('passwords and first start', () => {
  it('hashes with scrypt and a salt of its own per password', async () => {
    const a = await hashPassword('same password here');
    const b = await hashPassword('same password here');
    expect(a).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword('same password here', a)).toBe(true);
    expect(await verifyPassword('same password herE', a)).toBe(false);
    expect(await verifyPassword('x', 'not a hash')).toBe(false);
  });

  it('creates the first admin once, from the environment or with a generated password', async () => {
    const fresh = await openSqliteFleetStore(join(dir, 'fresh.db'));
    try {
      await expect(firstStart(fresh, { email: 'me@example.com', password: 'short' })).rejects.toThrow(/12 characters/);
      const first = await firstStart(fresh, {});
      expect(first).toMatchObject({ created: true, admin: { email: 'admin@localhost', role: 'admin' } });
      expect(first.generatedPassword).toMatch(/^[A-Za-z0-9_-]{24}$/);
      expect(await firstStart(fresh, { email: 'other@example.com', password: 'a long enough password' })).toEqual({ created: false });
      const login = await (await import('./app.js')).createApp({ store: fresh }).request('/api/v1/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'admin@localhost', password: first.generatedPassword }) });
      expect(login.status).toBe(200);
    } finally {
      await fresh.close();
    }
  });
});
