// The fleet schema's history: one definition for both dialects, run by Kysely's migrator at open.
// Migrations are only ever added, never edited once released.
import { sql, type Kysely, type Migration } from 'kysely';
import { withEntryColumns } from '../entry-columns.js';
import { runMigrations } from '../run-migrations.js';
import { rebuildAllSessions } from './session-summary.js';
import type { Dialect } from '../migrations.js';
import type { FleetDatabase } from './schema.js';

/** Audit columns a page may filter on; each is indexed as (org, value, time, id), the page order. */
export const FLEET_FILTER_COLUMNS = ['outcome', 'severity', 'type', 'host', 'agent', 'binary', 'session', 'host_id'] as const;

export function fleetMigrations(dialect: Dialect): Record<string, Migration> {
  const bigint = dialect === 'sqlite' ? 'integer' : 'bigint';
  return {
    '0001_fleet': {
      async up(db: Kysely<unknown>) {
        await db.schema.createTable('orgs')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('retention_days', 'integer', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createTable('users')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id').onDelete('cascade'))
          .addColumn('email', 'text', (c) => c.notNull().unique())
          .addColumn('password_hash', 'text', (c) => c.notNull())
          .addColumn('role', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createTable('login_sessions')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
          .addColumn('org_id', 'text', (c) => c.notNull())
          .addColumn('csrf_token', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('expires_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('login_sessions_user').on('login_sessions').column('user_id').execute();
        await db.schema.createTable('roles')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id').onDelete('cascade'))
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('description', 'text', (c) => c.notNull())
          .addColumn('mode', 'text', (c) => c.notNull())
          .addColumn('is_default', 'integer', (c) => c.notNull())
          .addColumn('spec', 'text', (c) => c.notNull())
          .addColumn('risk', 'text')
          .addColumn('version', 'integer', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .addUniqueConstraint('roles_org_name', ['org_id', 'name'])
          .execute();
        await db.schema.createTable('hosts')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id').onDelete('cascade'))
          .addColumn('hostname', 'text', (c) => c.notNull())
          .addColumn('role_id', 'text', (c) => c.references('roles.id').onDelete('set null'))
          .addColumn('token_hash', 'text', (c) => c.notNull().unique())
          .addColumn('public_key', 'text', (c) => c.notNull())
          .addColumn('key_id', 'text', (c) => c.notNull())
          .addColumn('os', 'text')
          .addColumn('agent_version', 'text')
          .addColumn('enrolled_at', 'text', (c) => c.notNull())
          .addColumn('last_seen_at', 'text')
          .addColumn('last_seq', bigint, (c) => c.notNull())
          .addColumn('last_hash', 'text')
          .addColumn('integrity', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('hosts_org_hostname').on('hosts').columns(['org_id', 'hostname']).execute();
        await db.schema.createIndex('hosts_org_key').on('hosts').columns(['org_id', 'key_id']).execute();
        await db.schema.createIndex('hosts_role').on('hosts').column('role_id').execute();
        await db.schema.createTable('enrollment_tokens')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id').onDelete('cascade'))
          .addColumn('token_hash', 'text', (c) => c.notNull().unique())
          .addColumn('role_id', 'text', (c) => c.references('roles.id').onDelete('set null'))
          .addColumn('created_by', 'text')
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('expires_at', 'text', (c) => c.notNull())
          .addColumn('revoked_at', 'text')
          .addColumn('uses', 'integer', (c) => c.notNull())
          .execute();
        await db.schema.createTable('variables')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id').onDelete('cascade'))
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('builtin', 'integer', (c) => c.notNull())
          .addColumn('values_json', 'text', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .addUniqueConstraint('variables_org_name', ['org_id', 'name'])
          .execute();
        await withEntryColumns(db.schema.createTable('fleet_audit')
          // SQLite: INTEGER PRIMARY KEY is the rowid, so every index carries it free.
          .addColumn('id', dialect === 'sqlite' ? 'integer' : 'bigserial', (c) => (dialect === 'sqlite' ? c.primaryKey().autoIncrement() : c.primaryKey()))
          .addColumn('org_id', 'text', (c) => c.notNull())
          .addColumn('host_id', 'text', (c) => c.notNull())
          .addColumn('seq', bigint, (c) => c.notNull()))
          .execute();
        await db.schema.createIndex('fleet_audit_host_seq').unique().on('fleet_audit').columns(['host_id', 'seq']).execute();
        await db.schema.createIndex('fleet_audit_org_time').on('fleet_audit').columns(['org_id', 'time', 'id']).execute();
        for (const column of FLEET_FILTER_COLUMNS) {
          await db.schema.createIndex(`fleet_audit_org_${column}`).on('fleet_audit').columns(['org_id', column, 'time', 'id']).execute();
        }
        await db.schema.createTable('host_checkpoints')
          .addColumn('host_id', 'text', (c) => c.notNull())
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('seq', bigint, (c) => c.notNull())
          .addColumn('hash', 'text', (c) => c.notNull())
          .addColumn('time', 'text', (c) => c.notNull())
          .addColumn('key_id', 'text', (c) => c.notNull())
          .addColumn('signature', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('host_checkpoints_pk', ['host_id', 'kind', 'seq'])
          .execute();
        await db.schema.createTable('alerts')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id').onDelete('cascade'))
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('severity', 'text', (c) => c.notNull())
          .addColumn('title', 'text', (c) => c.notNull())
          .addColumn('detail', 'text', (c) => c.notNull())
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('host_id', 'text')
          .addColumn('audit_id', 'text')
          .addColumn('dedupe_key', 'text')
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .addColumn('resolved_at', 'text')
          .addColumn('updated_by', 'text')
          .addUniqueConstraint('alerts_org_dedupe', ['org_id', 'dedupe_key'])
          .execute();
        await db.schema.createIndex('alerts_org_created').on('alerts').columns(['org_id', 'created_at', 'id']).execute();
        await db.schema.createTable('approvals')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id').onDelete('cascade'))
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('version', 'text', (c) => c.notNull())
          .addColumn('type', 'text', (c) => c.notNull())
          .addColumn('host_id', 'text')
          .addColumn('findings', 'text', (c) => c.notNull())
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('detected_at', 'text', (c) => c.notNull())
          .addColumn('decided_at', 'text')
          .addColumn('decided_by', 'text')
          .addUniqueConstraint('approvals_org_name_version', ['org_id', 'name', 'version'])
          .execute();
      },
    },
    '0002_login_failures': {
      async up(db: Kysely<unknown>) {
        // Failed logins, so every replica counts the same ones for the rate limit.
        await db.schema.createTable('login_failures')
          .addColumn('key', 'text', (c) => c.notNull())
          .addColumn('at', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('login_failures_key_at').on('login_failures').columns(['key', 'at']).execute();
      },
    },
    '0003_role_suggestions': {
      async up(db: Kysely<unknown>) {
        // Policy Advisor suggestions: proposed rule changes for a role and what became of them.
        await db.schema.createTable('role_suggestions')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id').onDelete('cascade'))
          .addColumn('role_id', 'text', (c) => c.notNull().references('roles.id').onDelete('cascade'))
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('changes', 'text', (c) => c.notNull())
          .addColumn('applied', 'text')
          .addColumn('window_since', 'text', (c) => c.notNull())
          .addColumn('window_until', 'text', (c) => c.notNull())
          .addColumn('host_count', 'integer', (c) => c.notNull())
          .addColumn('event_count', 'integer', (c) => c.notNull())
          .addColumn('decided_at', 'text')
          .addColumn('decided_by', 'text')
          .execute();
        await db.schema.createIndex('role_suggestions_org_created').on('role_suggestions').columns(['org_id', 'created_at', 'id']).execute();
      },
    },
    '0004_org_advisor_settings': {
      async up(db: Kysely<unknown>) {
        // Policy Advisor settings of an org as JSON; null means the defaults.
        await db.schema.alterTable('orgs').addColumn('advisor', 'text').execute();
      },
    },
    '0005_advisor_schedule': {
      async up(db: Kysely<unknown>) {
        // The scheduled analysis per org: one row, claimed by the replica that runs it.
        await db.schema.createTable('advisor_runs')
          .addColumn('org_id', 'text', (c) => c.primaryKey().references('orgs.id').onDelete('cascade'))
          .addColumn('last_started_at', 'text')
          .addColumn('last_finished_at', 'text')
          .addColumn('claimed_by', 'text')
          .addColumn('claimed_until', 'text')
          .addColumn('last_result', 'text')
          .execute();
        await db.schema.alterTable('role_suggestions').addColumn('origin', 'text', (c) => c.notNull().defaultTo('manual')).execute();
      },
    },
    '0006_session_summaries': {
      async up(db: Kysely<unknown>) {
        // One summary row per (host, session), kept at ingest and prune: the sessions list pages
        // over its index instead of grouping every audit entry. Back-filled from the stored entries.
        await db.schema.createTable('fleet_sessions')
          .addColumn('org_id', 'text', (c) => c.notNull())
          .addColumn('host_id', 'text', (c) => c.notNull())
          .addColumn('session', 'text', (c) => c.notNull())
          .addColumn('agent', 'text')
          .addColumn('first_time', 'text', (c) => c.notNull())
          .addColumn('last_time', 'text', (c) => c.notNull())
          .addColumn('calls', 'integer', (c) => c.notNull())
          .addColumn('blocked', 'integer', (c) => c.notNull())
          .addColumn('would_block', 'integer', (c) => c.notNull())
          .addPrimaryKeyConstraint('fleet_sessions_pk', ['host_id', 'session'])
          .execute();
        await db.schema.createIndex('fleet_sessions_org_last').on('fleet_sessions').columns(['org_id', 'last_time', 'host_id', 'session']).execute();
        await db.schema.createIndex('fleet_sessions_host_last').on('fleet_sessions').columns(['host_id', 'last_time', 'session']).execute();
        await db.schema.createIndex('fleet_sessions_org_first').on('fleet_sessions').columns(['org_id', 'first_time']).execute();
        await rebuildAllSessions(db);
      },
    },
    '0007_host_role_assigned_at': {
      async up(db: Kysely<unknown>) {
        // When each host was put under its current role, so the Policy Advisor reads only the
        // activity a host recorded under that role. For hosts stored before, the time of their last
        // entry recorded under another role's name (a role renamed since counts as another), else
        // their enrollment, stands in for it.
        await db.schema.alterTable('hosts').addColumn('role_assigned_at', 'text').execute();
        await sql`update hosts set role_assigned_at = coalesce((
            select max(a.time) from fleet_audit a
            where a.org_id = hosts.org_id and a.host_id = hosts.id and a.role is not null
              and a.role <> coalesce((select r.name from roles r where r.id = hosts.role_id), (select d.name from roles d where d.org_id = hosts.org_id and d.is_default = 1), '')
          ), enrolled_at)`.execute(db);
      },
    },
  };
}

export function migrateFleetToLatest(db: Kysely<FleetDatabase>, dialect: Dialect): Promise<void> {
  return runMigrations(db as Kysely<unknown>, dialect, { store: 'the fleet store', table: 'warden_fleet_migrations', migrations: fleetMigrations(dialect) });
}
