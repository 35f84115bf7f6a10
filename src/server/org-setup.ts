// A new org with what every org starts with, and the first start of a server: the default org
// and its first admin.
import type { FleetStore } from '../store/fleet/fleet-store.js';
import type { Org, User } from '../store/fleet/types.js';
import { generatePassword, hashPassword } from './auth/passwords.js';
import { roleContent } from './policy/role-input.js';
import { MIN_PASSWORD } from './routes/admin-routes.js';
import { WardenError } from '../core/errors.js';

export const DEFAULT_RETENTION_DAYS = 90;

/** An org with its default role (monitor mode, no rules of its own) and the builtin env variable. */
export async function createOrg(store: FleetStore, name: string): Promise<Org> {
  const org = await store.orgs.create(name, DEFAULT_RETENTION_DAYS);
  await store.roles.create(org.id, { name: 'default', description: 'The role of every host not assigned another', mode: 'monitor', isDefault: true, ...roleContent(null, {}) });
  await store.variables.create(org.id, 'env', [], true);
  return org;
}

export interface FirstStart {
  /** False when the server had users already: nothing was done. */
  readonly created: boolean;
  readonly org?: Org;
  readonly admin?: User;
  /** Set only when it was generated here: print it once. */
  readonly generatedPassword?: string;
}

export async function firstStart(store: FleetStore, env: { email?: string; password?: string }): Promise<FirstStart> {
  if ((await store.users.count()) > 0) return { created: false };
  if (env.password !== undefined && env.password.length < MIN_PASSWORD) throw new WardenError('USAGE', `WARDEN_ADMIN_PASSWORD must have at least ${MIN_PASSWORD} characters`);
  const email = (env.email ?? 'admin@localhost').trim().toLowerCase();
  if (!/^[^\s@]+@[^\s@]+$/.test(email)) throw new WardenError('USAGE', `WARDEN_ADMIN_EMAIL is not an email address: ${email}`);
  const password = env.password ?? generatePassword();
  const org = (await store.orgs.list())[0] ?? (await createOrg(store, 'Default'));
  const admin = await store.users.create(org.id, email, await hashPassword(password), 'admin');
  return { created: true, org, admin, ...(env.password === undefined ? { generatedPassword: password } : {}) };
}
