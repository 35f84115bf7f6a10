// Route tests in-process: a real store, the app, two orgs with their users, and callers that
// carry a session cookie and CSRF token or a host token. Used by the server's tests only.
import { generateKeyPairSync } from 'node:crypto';
import { keyIdOf, type HostKey } from '../../audit/host-key.js';
import type { FleetStore } from '../../store/fleet/fleet-store.js';
import { hashSecret, newSecret } from '../../store/fleet/ids.js';
import type { Org } from '../../store/fleet/types.js';
import { createApp, type ServerApp } from '../app.js';
import { hashPassword } from '../auth/passwords.js';
import type { ServerDeps } from '../context.js';
import { createOrg } from '../org-setup.js';

export const PASSWORD = 'correct horse battery staple';

export interface Caller {
  readonly name: string;
  request(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Response>;
}

export interface UserCaller extends Caller {
  readonly cookie: string;
  readonly csrf: string;
}

export interface HostCaller extends Caller {
  readonly hostId: string;
  readonly token: string;
  readonly key: HostKey;
}

export function newHostKey(): HostKey {
  const pair = generateKeyPairSync('ed25519');
  return { ...pair, keyId: keyIdOf(pair.publicKey) };
}

export const publicPem = (k: HostKey): string => k.publicKey.export({ type: 'spki', format: 'pem' }).toString();

export function call(app: ServerApp, name: string, base: Record<string, string>): Caller {
  return {
    name,
    request(method, path, body, headers = {}) {
      const h: Record<string, string> = { ...base, ...headers };
      if (body !== undefined) h['content-type'] ??= 'application/json';
      return Promise.resolve(app.request(path, { method, headers: h, ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}) }));
    },
  };
}

/** The cookies a response sets, as one `cookie` header value. */
export function cookiesOf(res: Response): string {
  return res.headers.getSetCookie().map((c) => c.split(';')[0]!).join('; ');
}

export async function login(app: ServerApp, email: string, password = PASSWORD): Promise<UserCaller> {
  const res = await app.request('/api/v1/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
  if (res.status !== 200) throw new Error(`login of ${email} failed: ${res.status} ${await res.text()}`);
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  const cookie = cookiesOf(res);
  const c = call(app, email, { cookie, 'x-csrf-token': csrfToken });
  return { ...c, cookie, csrf: csrfToken };
}

export interface World {
  readonly store: FleetStore;
  readonly app: ServerApp;
  readonly orgA: Org;
  readonly orgB: Org;
  readonly adminA: UserCaller;
  readonly viewerA: UserCaller;
  readonly adminB: UserCaller;
  readonly hostA: HostCaller;
  readonly anonymous: Caller;
  enroll(this: void, orgId: string, hostname: string, roleId?: string | null): Promise<HostCaller>;
  close(): void;
}

export async function makeWorld(store: FleetStore, deps: Partial<ServerDeps> = {}): Promise<World> {
  const app = createApp({ store, ...deps });
  const orgA = await createOrg(store, 'Acme');
  const orgB = await createOrg(store, 'Globex');
  const hash = await hashPassword(PASSWORD);
  await store.users.create(orgA.id, 'admin@acme.test', hash, 'admin');
  await store.users.create(orgA.id, 'viewer@acme.test', hash, 'viewer');
  await store.users.create(orgB.id, 'admin@globex.test', hash, 'admin');
  const enroll = async (orgId: string, hostname: string, roleId: string | null = null): Promise<HostCaller> => {
    const token = newSecret('wet');
    await store.enrollmentTokens.create(orgId, hashSecret(token), { roleId, expiresAt: new Date(Date.now() + 3_600_000).toISOString(), createdBy: null });
    const key = newHostKey();
    const res = await app.request('/api/v1/enroll', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token, hostname, publicKey: publicPem(key), os: 'linux' }) });
    if (res.status !== 201) throw new Error(`enroll failed: ${res.status} ${await res.text()}`);
    const { hostId, hostToken } = (await res.json()) as { hostId: string; hostToken: string };
    return { ...call(app, hostname, { authorization: `Bearer ${hostToken}` }), hostId, token: hostToken, key };
  };
  return {
    store, app, orgA, orgB,
    adminA: await login(app, 'admin@acme.test'),
    viewerA: await login(app, 'viewer@acme.test'),
    adminB: await login(app, 'admin@globex.test'),
    hostA: await enroll(orgA.id, 'dev-laptop-1'),
    anonymous: call(app, 'anonymous', {}),
    enroll,
    close: () => app.close(),
  };
}

export async function json<T = Record<string, unknown>>(res: Response | Promise<Response>): Promise<T> {
  return (await (await res).json()) as T;
}
