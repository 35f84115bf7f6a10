// Agent sessions across the fleet: one row per (host, session) from the summaries kept at ingest,
// and one session's calls in time order.
import type { Kysely } from 'kysely';
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
  /** Calls a monitor-mode role let through that enforce mode would have blocked. */
  readonly wouldBlock: number;
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

/**
 * Sessions newest activity first, in (last time, host, session) order, a page at a time, read from
 * the per-session summaries over one index. `since`/`until` keep the sessions with activity in
 * that window (last call at or after `since`, first call before `until`); counts are the whole session's.
 */
export async function listSessions(db: Db, orgId: string, f: { hostId?: string; since?: string; until?: string; limit: number; cursor?: string | null }): Promise<SessionPage> {
  const after = f.cursor ? decodeCursor(f.cursor) : null;
  let q = db
    .selectFrom('fleet_sessions as s')
    .leftJoin('hosts as h', 'h.id', 's.host_id')
    .select(['s.session', 's.host_id', 'h.hostname', 's.agent', 's.first_time', 's.last_time', 's.calls', 's.blocked', 's.would_block'])
    .where('s.org_id', '=', orgId);
  if (f.hostId !== undefined) q = q.where('s.host_id', '=', f.hostId);
  if (f.since !== undefined) q = q.where('s.last_time', '>=', f.since);
  if (f.until !== undefined) q = q.where('s.first_time', '<', f.until);
  if (after) q = q.where((eb) => eb(eb.refTuple('s.last_time', 's.host_id', 's.session'), '<', eb.tuple(after[0], after[1], after[2])));
  const limit = Math.max(1, Math.floor(f.limit));
  const rows = await q.orderBy('s.last_time', 'desc').orderBy('s.host_id', 'desc').orderBy('s.session', 'desc').limit(limit + 1).execute();
  const sessions = rows.slice(0, limit).map((r) => ({
    session: r.session, hostId: r.host_id, hostname: r.hostname ?? null, agent: r.agent ?? null,
    firstTime: r.first_time, lastTime: r.last_time, calls: Number(r.calls), blocked: Number(r.blocked), wouldBlock: Number(r.would_block),
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
