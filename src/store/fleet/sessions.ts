// Agent sessions across the fleet: one row per (host, session), and one session's calls in time order.
import type { Kysely } from 'kysely';
import { fleetEntryOf, type FleetEntry } from './audit-query.js';
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

export async function listSessions(db: Db, orgId: string, f: { hostId?: string; since?: string; until?: string; limit: number }): Promise<SessionSummary[]> {
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
  const rows = await q.groupBy(['a.host_id', 'a.session']).orderBy('last_time', 'desc').limit(f.limit).execute();
  return rows.map((r) => ({
    session: r.session!, hostId: r.host_id, hostname: r.hostname ?? null, agent: r.agent ?? null,
    firstTime: r.first_time, lastTime: r.last_time, calls: Number(r.calls), blocked: Number(r.blocked ?? 0),
  }));
}

/** The session's calls in time order (at most `limit`). */
export async function sessionCalls(db: Db, orgId: string, session: string, hostId: string | undefined, limit: number): Promise<FleetEntry[]> {
  let q = db.selectFrom('fleet_audit').selectAll().where('org_id', '=', orgId).where('session', '=', session);
  if (hostId !== undefined) q = q.where('host_id', '=', hostId);
  const rows = await q.orderBy('time', 'asc').orderBy('id', 'asc').limit(limit).execute();
  return rows.map((r) => fleetEntryOf(r as never));
}
