// Agent sessions across the fleet: one row per (host, session), and one session's calls in time order.
import { sql, type Kysely } from 'kysely';
import { fleetEntryOf, type FleetEntry } from './audit-query.js';
import { FleetError } from './errors.js';
import type { FleetDatabase } from './schema.js';

type Db = Kysely<FleetDatabase>;

export interface SessionSummary {
  readonly session: string;
  readonly hostId: string;
  readonly hostname: string | null;
  readonly agent: string | null;
  readonly firstTime: string;
  readonly lastTime: string;
  readonly calls: number;
  readonly blocked: number;
}

export interface SessionPage {
  readonly sessions: readonly SessionSummary[];
  /** Pass back as `cursor` for the next page (older sessions); null on the last page. */
  readonly nextCursor: string | null;
}

type Key = [lastTime: string, hostId: string, session: string];

const encodeCursor = (s: SessionSummary): string => Buffer.from(JSON.stringify([s.lastTime, s.hostId, s.session] satisfies Key)).toString('base64url');

function decodeCursor(c: string): Key {
  let v: unknown;
  try {
    v = JSON.parse(Buffer.from(c, 'base64url').toString('utf8'));
  } catch {
    v = null;
  }
  if (!Array.isArray(v) || v.length !== 3 || !v.every((x) => typeof x === 'string')) throw new FleetError('INVALID', 'not a page cursor');
  return v as Key;
}

/** Sessions newest activity first, in (last time, host, session) order, a page at a time. */
export async function listSessions(db: Db, orgId: string, f: { hostId?: string; since?: string; until?: string; limit: number; cursor?: string | null }): Promise<SessionPage> {
  const after = f.cursor ? decodeCursor(f.cursor) : null;
  let q = db
    .selectFrom('fleet_audit as a')
    .leftJoin('hosts as h', 'h.id', 'a.host_id')
    .select((eb) => [
      'a.session', 'a.host_id', eb.fn.max('h.hostname').as('hostname'), eb.fn.max('a.agent').as('agent'),
      eb.fn.min('a.time').as('first_time'), eb.fn.max('a.time').as('last_time'), eb.fn.countAll<number | string>().as('calls'),
      eb.fn.sum<number | string | null>(eb.case().when('a.outcome', '=', 'blocked').then(1).else(0).end()).as('blocked'),
    ])
    .where('a.org_id', '=', orgId)
    .where('a.session', 'is not', null);
  if (f.hostId !== undefined) q = q.where('a.host_id', '=', f.hostId);
  if (f.since !== undefined) q = q.where('a.time', '>=', f.since);
  if (f.until !== undefined) q = q.where('a.time', '<', f.until);
  let grouped = q.groupBy(['a.host_id', 'a.session']);
  if (after) grouped = grouped.having(sql<boolean>`(max(a.time), a.host_id, a.session) < (${after[0]}, ${after[1]}, ${after[2]})`);
  const limit = Math.max(1, Math.floor(f.limit));
  const rows = await grouped.orderBy('last_time', 'desc').orderBy('a.host_id', 'desc').orderBy('a.session', 'desc').limit(limit + 1).execute();
  const sessions = rows.slice(0, limit).map((r) => ({
    session: r.session!, hostId: r.host_id, hostname: r.hostname ?? null, agent: r.agent ?? null,
    firstTime: r.first_time, lastTime: r.last_time, calls: Number(r.calls), blocked: Number(r.blocked ?? 0),
  }));
  return { sessions, nextCursor: rows.length > limit ? encodeCursor(sessions[sessions.length - 1]!) : null };
}

/** The session's calls in time order (at most `limit`). */
export async function sessionCalls(db: Db, orgId: string, session: string, hostId: string | undefined, limit: number): Promise<FleetEntry[]> {
  let q = db.selectFrom('fleet_audit').selectAll().where('org_id', '=', orgId).where('session', '=', session);
  if (hostId !== undefined) q = q.where('host_id', '=', hostId);
  const rows = await q.orderBy('time', 'asc').orderBy('id', 'asc').limit(limit).execute();
  return rows.map((r) => fleetEntryOf(r as never));
}
