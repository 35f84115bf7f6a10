// The per-session summary rows (`fleet_sessions`): one per (host, session), kept up to date as
// entries are stored and pruned, so the sessions list pages over an index instead of grouping the
// whole audit table.
import { sql, type Kysely } from 'kysely';
import type { AuditRecord } from '../../audit/entry.js';
import type { FleetDatabase, FleetSessionsTable } from './schema.js';

type Db = Kysely<FleetDatabase>;

/** What a batch of entries adds to one session's row. */
type Delta = FleetSessionsTable;

const ROWS_PER_UPSERT = 500;

/** Adds newly stored entries of one host to their sessions' summaries. */
export async function addToSessions(trx: Db, orgId: string, hostId: string, records: readonly AuditRecord[]): Promise<void> {
  const bySession = new Map<string, Delta>();
  for (const r of records) {
    if (r.session === null || r.session === undefined) continue;
    let d = bySession.get(r.session);
    if (!d) bySession.set(r.session, (d = { org_id: orgId, host_id: hostId, session: r.session, agent: null, first_time: r.time, last_time: r.time, calls: 0, blocked: 0, would_block: 0 }));
    if (r.agent && (d.agent === null || r.agent > d.agent)) d.agent = r.agent;
    if (r.time < d.first_time) d.first_time = r.time;
    if (r.time > d.last_time) d.last_time = r.time;
    d.calls++;
    if (r.outcome === 'blocked') d.blocked++;
    if (r.outcome === 'would_block') d.would_block++;
  }
  const deltas = [...bySession.values()];
  for (let at = 0; at < deltas.length; at += ROWS_PER_UPSERT) {
    await trx.insertInto('fleet_sessions').values(deltas.slice(at, at + ROWS_PER_UPSERT)).onConflict((oc) => oc.columns(['host_id', 'session']).doUpdateSet({
      // The agent kept is the greatest name seen, as the grouped query it replaces reported.
      agent: sql`case when fleet_sessions.agent is null or excluded.agent > fleet_sessions.agent then coalesce(excluded.agent, fleet_sessions.agent) else fleet_sessions.agent end`,
      first_time: sql`case when excluded.first_time < fleet_sessions.first_time then excluded.first_time else fleet_sessions.first_time end`,
      last_time: sql`case when excluded.last_time > fleet_sessions.last_time then excluded.last_time else fleet_sessions.last_time end`,
      calls: sql`fleet_sessions.calls + excluded.calls`,
      blocked: sql`fleet_sessions.blocked + excluded.blocked`,
      would_block: sql`fleet_sessions.would_block + excluded.would_block`,
    })).execute();
  }
}

/** The summary columns of `fleet_audit` rows grouped by (host, session), as SQL. */
const groupedSessions = (where: ReturnType<typeof sql>) => sql`
  select org_id, host_id, session, max(agent), min(time), max(time), count(*),
         sum(case when outcome = 'blocked' then 1 else 0 end), sum(case when outcome = 'would_block' then 1 else 0 end)
  from fleet_audit where session is not null and ${where} group by org_id, host_id, session`;

const INSERT = sql`insert into fleet_sessions (org_id, host_id, session, agent, first_time, last_time, calls, blocked, would_block)`;

/** Builds every summary from the stored entries (the migration's back-fill). */
export async function rebuildAllSessions(db: Kysely<unknown>): Promise<void> {
  await sql`delete from fleet_sessions`.execute(db);
  await sql`${INSERT} ${groupedSessions(sql`1 = 1`)}`.execute(db);
}

/** After entries older than `before` were deleted: drops the sessions left empty and recounts the ones cut in two. */
export async function pruneSessions(trx: Db, orgId: string, before: string): Promise<void> {
  await trx.deleteFrom('fleet_sessions').where('org_id', '=', orgId).where('last_time', '<', before).execute();
  const cut = await trx.selectFrom('fleet_sessions').select(['host_id', 'session']).where('org_id', '=', orgId).where('first_time', '<', before).execute();
  for (const k of cut) {
    await trx.deleteFrom('fleet_sessions').where('host_id', '=', k.host_id).where('session', '=', k.session).execute();
    await sql`${INSERT} ${groupedSessions(sql`org_id = ${orgId} and session = ${k.session} and host_id = ${k.host_id}`)}`.execute(trx);
  }
}
