// `warden server` as operators run it: the built CLI, first start, enrollment tokens, and two
// replicas on one PostgreSQL database, where a role's mode switched through one reaches a host
// whose event stream is open on the other, and a due Policy Advisor analysis runs on one of them.
import { spawn, type ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { keyIdOf } from '../../src/audit/host-key.js';
import { generateKeyPairSync } from 'node:crypto';
import pgClient from 'pg';
import { command, hostLog, uploadOf } from '../../src/server/testing/host-log.js';
import { dropSchema, fleetTargets, uniqueSchema } from '../../src/store/fleet/fleet-targets.js';
import { postgresUrl } from '../../src/store/store-targets.js';
import { SseReader } from '../../src/server/testing/sse.js';
import { sandbox, WARDEN_BIN, type Sandbox } from './run-cli.js';

const ADMIN = { email: 'ops@example.com', password: 'replica test password' };

interface Running {
  readonly child: ChildProcess;
  readonly url: string;
  readonly stdout: () => string;
  readonly exited: Promise<number | null>;
}

const children: ChildProcess[] = [];
const boxes: Sandbox[] = [];
const schemas: string[] = [];

afterEach(async () => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  for (const b of boxes.splice(0)) b.remove();
  for (const s of schemas.splice(0)) await dropSchema(postgresUrl(), s);
});

function startServer(box: Sandbox, args: readonly string[], env: Record<string, string> = {}): Promise<Running> {
  const child = spawn(process.execPath, [WARDEN_BIN, 'server', '--listen', '127.0.0.1:0', '--log-level', 'warn', ...args], {
    cwd: box.dir,
    env: { PATH: process.env.PATH ?? '', HOME: box.home, WARDEN_HOME: box.wardenHome, NO_COLOR: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server did not start:\n${out}\n${err}`)), 20_000);
    const check = (): void => {
      const m = /listening on (http:\/\/[^\s]+)/.exec(out);
      if (!m) return;
      clearTimeout(timer);
      resolve({ child, url: m[1]!, stdout: () => out, exited });
    };
    child.stdout.on('data', check);
    void exited.then((code) => reject(new Error(`the server exited (${code}) before listening:\n${out}\n${err}`)));
  });
}

async function login(url: string, email: string, password: string): Promise<{ cookie: string; csrf: string }> {
  const res = await fetch(`${url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
  expect(res.status).toBe(200);
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  return { cookie: res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; '), csrf: csrfToken };
}

async function enroll(url: string, token: string, hostname: string): Promise<string> {
  const { publicKey } = generateKeyPairSync('ed25519');
  expect(keyIdOf(publicKey)).toMatch(/^[0-9a-f]{32}$/);
  const res = await fetch(`${url}/api/v1/enroll`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token, hostname, publicKey: publicKey.export({ type: 'spki', format: 'pem' }).toString() }),
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { hostToken: string }).hostToken;
}

describe('warden server on SQLite', () => {
  it('creates the first admin with a one-time password, prints an enrollment token, and stops on SIGTERM', async () => {
    const box = sandbox();
    boxes.push(box);
    const server = await startServer(box, []);
    expect(server.stdout()).toMatch(/SQLite .*server\.db/);
    const password = /One-time admin password \(shown only now\): (\S+)/.exec(server.stdout())?.[1];
    expect(password).toBeDefined();
    const session = await login(server.url, 'admin@localhost', password!);
    expect(session.csrf.length).toBeGreaterThan(20);
    const token = box.run(['server', 'token', 'create', '--json']);
    expect(token.status, token.stderr).toBe(0);
    const { token: secret } = JSON.parse(token.stdout) as { token: string };
    const hostToken = await enroll(server.url, secret, 'dev-1');
    const policy = await fetch(`${server.url}/api/v1/host/policy`, { headers: { authorization: `Bearer ${hostToken}` } });
    expect(await policy.text()).toMatch(/default_role: default/);
    expect(box.run(['server', 'token', 'create', '--role', 'nope']).stderr).toMatch(/no role nope/);
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
  });
});

const pg = (await fleetTargets()).find((t) => t.dialect === 'postgres')!;

describe.skipIf(pg.unavailable !== null)('two warden server replicas on one PostgreSQL', () => {
  it('a mode switched through one replica reaches a host streaming from the other within seconds', async () => {
    const box = sandbox();
    boxes.push(box);
    const schema = uniqueSchema();
    schemas.push(schema);
    const db = ['--db', postgresUrl(), '--schema', schema];
    const a = await startServer(box, db, { WARDEN_ADMIN_EMAIL: ADMIN.email, WARDEN_ADMIN_PASSWORD: ADMIN.password });
    expect(a.stdout()).toMatch(/First start: org Default with admin ops@example.com/);
    expect(a.stdout()).not.toMatch(/One-time/);
    const b = await startServer(box, db);
    expect(b.stdout()).not.toMatch(/First start/);

    const created = box.run(['server', 'token', 'create', ...db, '--json']);
    expect(created.status, created.stderr).toBe(0);
    const hostToken = await enroll(b.url, (JSON.parse(created.stdout) as { token: string }).token, 'prod-web-1');

    const stream = await fetch(`${b.url}/api/v1/host/events`, { headers: { authorization: `Bearer ${hostToken}` } });
    expect(stream.status).toBe(200);
    const events = new SseReader(stream.body!);
    try {
      expect(JSON.parse((await events.next()).data)).toMatchObject({ role: { name: 'default', mode: 'monitor' } });

      const admin = await login(a.url, ADMIN.email, ADMIN.password);
      const roles = (await (await fetch(`${a.url}/api/v1/roles`, { headers: { cookie: admin.cookie } })).json()) as { roles: { id: string; name: string }[] };
      const role = roles.roles.find((r) => r.name === 'default')!;
      const switchedAt = Date.now();
      const patch = await fetch(`${a.url}/api/v1/roles/${role.id}`, {
        method: 'PATCH', headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf, 'content-type': 'application/json' }, body: JSON.stringify({ mode: 'enforce' }),
      });
      expect(patch.status).toBe(200);
      const pushed = await events.next(5_000);
      const latencyMs = Date.now() - switchedAt;
      expect(JSON.parse(pushed.data)).toMatchObject({ role: { name: 'default', mode: 'enforce', version: 2 } });
      console.log(`role change through replica A reached the host on replica B in ${latencyMs} ms`);
      const policy = await (await fetch(`${b.url}/api/v1/host/policy`, { headers: { authorization: `Bearer ${hostToken}` } })).text();
      expect(policy).toMatch(/mode: enforce/);
    } finally {
      await events.close();
    }
    b.child.kill('SIGTERM');
    a.child.kill('SIGTERM');
    expect(await b.exited).toBe(0);
    expect(await a.exited).toBe(0);
  });

  it('runs a due Policy Advisor analysis once, on one of the two, when both start together', async () => {
    const box = sandbox();
    boxes.push(box);
    const schema = uniqueSchema();
    schemas.push(schema);
    const db = ['--db', postgresUrl(), '--schema', schema];
    const first = await startServer(box, db, { WARDEN_ADMIN_EMAIL: ADMIN.email, WARDEN_ADMIN_PASSWORD: ADMIN.password });
    // A host of the default role with three days of Monitor mode activity: routine git, and one critical rm.
    const created = box.run(['server', 'token', 'create', ...db, '--json']);
    expect(created.status, created.stderr).toBe(0);
    const pair = generateKeyPairSync('ed25519');
    const key = { ...pair, keyId: keyIdOf(pair.publicKey) };
    const enrolled = await fetch(`${first.url}/api/v1/enroll`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: (JSON.parse(created.stdout) as { token: string }).token, hostname: 'build-7', publicKey: pair.publicKey.export({ type: 'spki', format: 'pem' }).toString() }),
    });
    expect(enrolled.status).toBe(201);
    const { hostToken } = (await enrolled.json()) as { hostToken: string };
    const log = hostLog(key, Date.now() - 3 * 86_400_000);
    log.add(Array.from({ length: 25 }, (_, i) => command('git status -s', { host: 'build-7', session: `s-${i % 5}`, mode: 'monitor' })), Date.now() - 3 * 86_400_000);
    log.add([command('rm -rf /', { host: 'build-7', mode: 'monitor', binary: 'rm', severity: 'critical', outcome: 'would_block', findings: [{ rule: 'rm-root', severity: 'critical', verdict: 'block', title: 'deletes the root' }] })], Date.now() - 2 * 86_400_000);
    const upload = await fetch(`${first.url}/api/v1/host/audit`, { method: 'POST', headers: { authorization: `Bearer ${hostToken}`, 'content-type': 'application/json' }, body: JSON.stringify(uploadOf(log.records, log.checkpoints)) });
    expect(upload.status).toBe(200);
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);

    // The weekly analysis the first start ran is a week old now.
    const client = new pgClient.Client({ connectionString: postgresUrl() });
    await client.connect();
    try {
      const r = await client.query(`update "${schema}".advisor_runs set last_started_at = $1`, [new Date(Date.now() - 8 * 86_400_000).toISOString()]);
      expect(r.rowCount).toBe(1);
      // The host has been under its role for four days (the advisor reads only what it recorded since).
      await client.query(`update "${schema}".hosts set role_assigned_at = $1`, [new Date(Date.now() - 4 * 86_400_000).toISOString()]);
    } finally {
      await client.end();
    }

    // Both replicas start at once; each looks for due analyses as it starts.
    const [a, b] = await Promise.all([startServer(box, db), startServer(box, db)]);
    const admin = await login(a.url, ADMIN.email, ADMIN.password);
    const get = async <T,>(url: string, path: string): Promise<T> => (await (await fetch(`${url}/api/v1${path}`, { headers: { cookie: admin.cookie } })).json()) as T;
    type Status = { running: boolean; lastStartedAt: string; lastResult: { roles: number; suggestions: number } | null };
    await expect.poll(() => get<Status>(b.url, '/advisor'), { timeout: 15_000 }).toMatchObject({ running: false, lastResult: { roles: 1, suggestions: 1 } });
    const status = await get<Status>(a.url, '/advisor');
    expect(Date.parse(status.lastStartedAt)).toBeGreaterThan(Date.now() - 60_000);
    const { suggestions } = await get<{ suggestions: { roleName: string; origin: string; changeCount: number }[] }>(b.url, '/suggestions');
    expect(suggestions).toHaveLength(1);
    expect(suggestions[0]).toMatchObject({ roleName: 'default', origin: 'scheduled' });
    expect(suggestions[0]!.changeCount).toBeGreaterThanOrEqual(1);

    // Asked on both at the same moment: one analyses, the other is told one is running (or, if
    // the first has finished already, finds nothing new to propose).
    const asks = await Promise.all([a, b].map((r) => fetch(`${r.url}/api/v1/advisor/run`, { method: 'POST', headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf } })));
    const bodies = await Promise.all(asks.map(async (res) => ({ status: res.status, body: (await res.json()) as { suggestions?: number; error?: { message: string } } })));
    expect(bodies.filter((x) => x.status === 200).length).toBeGreaterThanOrEqual(1);
    for (const x of bodies) {
      if (x.status === 200) expect(x.body.suggestions).toBe(0);
      else expect(x).toMatchObject({ status: 409, body: { error: { message: expect.stringMatching(/already running/) as unknown } } });
    }
    expect((await get<{ suggestions: unknown[] }>(a.url, '/suggestions')).suggestions).toHaveLength(1);
    b.child.kill('SIGTERM');
    a.child.kill('SIGTERM');
    expect(await b.exited).toBe(0);
    expect(await a.exited).toBe(0);
  });
});
