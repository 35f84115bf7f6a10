// Orgs, users and login sessions.
import type { Kysely, Selectable } from 'kysely';
import { isUniqueViolation, FleetError, notFound } from './errors.js';
import { newId, nowIso } from './ids.js';
import type { FleetDatabase, UsersTable } from './schema.js';
import { ADVISOR_SCHEDULES, DEFAULT_ADVISOR_SETTINGS, type AdvisorSchedule, type AdvisorSettings, type LoginSession, type Org, type User, type UserRole } from './types.js';

type Db = Kysely<FleetDatabase>;

/** The stored settings over the defaults; a member that is missing or of the wrong type reads as its default. */
function advisorOf(text: string | null): AdvisorSettings {
  let v: Record<string, unknown> = {};
  try { v = text ? (JSON.parse(text) as Record<string, unknown>) : {}; } catch { v = {}; }
  const d = DEFAULT_ADVISOR_SETTINGS;
  return {
    enabled: typeof v.enabled === 'boolean' ? v.enabled : d.enabled,
    schedule: (ADVISOR_SCHEDULES as readonly unknown[]).includes(v.schedule) ? (v.schedule as AdvisorSchedule) : d.schedule,
    // Settings saved before hours were stored kept days.
    minObservationHours: typeof v.minObservationHours === 'number' ? v.minObservationHours : typeof v.minObservationDays === 'number' ? v.minObservationDays * 24 : d.minObservationHours,
    confidenceThreshold: typeof v.confidenceThreshold === 'number' ? v.confidenceThreshold : d.confidenceThreshold,
  };
}

const userOf = (r: Selectable<UsersTable>): User => ({ id: r.id, orgId: r.org_id, email: r.email, role: r.role as UserRole, createdAt: r.created_at });

export class Orgs {
  constructor(private readonly db: Db) {}

  async create(name: string, retentionDays: number): Promise<Org> {
    const org = { id: newId('org'), name, retention_days: retentionDays, created_at: nowIso() };
    await this.db.insertInto('orgs').values(org).execute();
    return { id: org.id, name, retentionDays, advisor: DEFAULT_ADVISOR_SETTINGS };
  }

  async get(id: string): Promise<Org> {
    const r = await this.db.selectFrom('orgs').selectAll().where('id', '=', id).executeTakeFirst();
    if (!r) throw notFound('org');
    return { id: r.id, name: r.name, retentionDays: r.retention_days, advisor: advisorOf(r.advisor) };
  }

  /** Every org, oldest first: the first is the one `warden server` made at its first start. */
  async list(): Promise<Org[]> {
    const rows = await this.db.selectFrom('orgs').selectAll().orderBy('created_at').orderBy('id').execute();
    return rows.map((r) => ({ id: r.id, name: r.name, retentionDays: r.retention_days, advisor: advisorOf(r.advisor) }));
  }

  async update(id: string, patch: { name?: string; retentionDays?: number; advisor?: Partial<AdvisorSettings> }): Promise<Org> {
    const values: { name?: string; retention_days?: number; advisor?: string } = {};
    if (patch.advisor !== undefined) values.advisor = JSON.stringify({ ...(await this.get(id)).advisor, ...patch.advisor } satisfies AdvisorSettings);
    if (patch.name !== undefined) values.name = patch.name;
    if (patch.retentionDays !== undefined) values.retention_days = patch.retentionDays;
    if (Object.keys(values).length) await this.db.updateTable('orgs').set(values).where('id', '=', id).execute();
    return this.get(id);
  }
}

export class Users {
  constructor(private readonly db: Db) {}

  async create(orgId: string, email: string, passwordHash: string, role: UserRole): Promise<User> {
    const row = { id: newId('usr'), org_id: orgId, email: email.toLowerCase(), password_hash: passwordHash, role, created_at: nowIso() };
    try {
      await this.db.insertInto('users').values(row).execute();
    } catch (error) {
      if (isUniqueViolation(error)) throw new FleetError('CONFLICT', `a user with email ${row.email} already exists`, { cause: error });
      throw error;
    }
    return userOf(row);
  }

  /** The user and its password hash, for login. */
  async byEmail(email: string): Promise<{ user: User; passwordHash: string } | null> {
    const r = await this.db.selectFrom('users').selectAll().where('email', '=', email.toLowerCase()).executeTakeFirst();
    return r ? { user: userOf(r), passwordHash: r.password_hash } : null;
  }

  async list(orgId: string): Promise<User[]> {
    const rows = await this.db.selectFrom('users').selectAll().where('org_id', '=', orgId).orderBy('email').execute();
    return rows.map(userOf);
  }

  async count(): Promise<number> {
    const r = await this.db.selectFrom('users').select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirst();
    return Number(r?.n ?? 0);
  }

  async delete(orgId: string, id: string): Promise<void> {
    const r = await this.db.deleteFrom('users').where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
    if (Number(r.numDeletedRows) === 0) throw notFound('user');
  }
}

export class LoginSessions {
  constructor(private readonly db: Db) {}

  async create(user: User, tokenHash: string, csrfToken: string, expiresAt: string): Promise<void> {
    await this.db.insertInto('login_sessions').values({ id: tokenHash, user_id: user.id, org_id: user.orgId, csrf_token: csrfToken, created_at: nowIso(), expires_at: expiresAt }).execute();
  }

  /** The live session with this token hash, or null (unknown, expired, or its user deleted). */
  async get(tokenHash: string, now = nowIso()): Promise<LoginSession | null> {
    const r = await this.db
      .selectFrom('login_sessions as s')
      .innerJoin('users as u', 'u.id', 's.user_id')
      .select(['u.id', 'u.org_id', 'u.email', 'u.role', 'u.created_at', 'u.password_hash', 's.csrf_token', 's.expires_at'])
      .where('s.id', '=', tokenHash)
      .where('s.expires_at', '>', now)
      .executeTakeFirst();
    return r ? { user: userOf(r), csrfToken: r.csrf_token, expiresAt: r.expires_at } : null;
  }

  async delete(tokenHash: string): Promise<void> {
    await this.db.deleteFrom('login_sessions').where('id', '=', tokenHash).execute();
  }

  async deleteExpired(now = nowIso()): Promise<void> {
    await this.db.deleteFrom('login_sessions').where('expires_at', '<=', now).execute();
  }
}
