// The control plane's store: one object per table family, the audit ingest and reads, and the
// notifier that tells every server process sharing the database about policy changes. The
// dialects differ only in how they open and notify (sqlite/, postgres/).
import { sql, type Kysely } from 'kysely';
import type { SignedCheckpoint } from '../../audit/checkpoint.js';
import type { AuditRecord } from '../../audit/entry.js';
import type { Dialect } from '../migrations.js';
import { AdvisorRuns } from './advisor-runs.js';
import { Alerts } from './alerts.js';
import { Approvals } from './approvals.js';
import { ingestAudit, type IngestResult } from './audit-ingest.js';
import { firstFleetActivity, iterateFleetAudit, pruneFleetAudit, queryFleetAudit, type FleetAuditFilter, type FleetEntry, type FleetPage } from './audit-query.js';
import { EnrollmentTokens } from './enrollment-tokens.js';
import { Hosts } from './hosts.js';
import { LoginFailures } from './login-failures.js';
import type { FleetNotifier } from './notifier.js';
import { LoginSessions, Orgs, Users } from './orgs.js';
import { Roles } from './roles.js';
import type { FleetDatabase } from './schema.js';
import { listSessions, sessionCalls, type SessionPage } from './sessions.js';
import { Suggestions } from './suggestions.js';
import type { HostRecord } from './types.js';
import { Variables } from './variables.js';

export class FleetStore {
  readonly orgs: Orgs;
  readonly users: Users;
  readonly loginSessions: LoginSessions;
  readonly loginFailures: LoginFailures;
  readonly roles: Roles;
  readonly hosts: Hosts;
  readonly enrollmentTokens: EnrollmentTokens;
  readonly variables: Variables;
  readonly alerts: Alerts;
  readonly approvals: Approvals;
  readonly suggestions: Suggestions;
  readonly advisorRuns: AdvisorRuns;

  constructor(
    readonly db: Kysely<FleetDatabase>,
    readonly dialect: Dialect,
    readonly notifier: FleetNotifier,
    /** Runs at close, before the connection goes (SQLite leaves its planner statistics here). */
    private readonly beforeClose: () => void = () => undefined,
  ) {
    this.orgs = new Orgs(db);
    this.users = new Users(db);
    this.loginSessions = new LoginSessions(db);
    this.loginFailures = new LoginFailures(db);
    this.roles = new Roles(db);
    this.hosts = new Hosts(db);
    this.enrollmentTokens = new EnrollmentTokens(db);
    this.variables = new Variables(db);
    this.alerts = new Alerts(db);
    this.approvals = new Approvals(db);
    this.suggestions = new Suggestions(db);
    this.advisorRuns = new AdvisorRuns(db);
  }

  ingest(host: HostRecord, records: readonly AuditRecord[], checkpoints: readonly SignedCheckpoint[]): Promise<IngestResult> {
    return ingestAudit(this.db, this.dialect, host, records, checkpoints);
  }

  queryAudit(orgId: string, filter: FleetAuditFilter, page: { limit: number; cursor?: string | null }): Promise<FleetPage> {
    return queryFleetAudit(this.db, orgId, filter, page);
  }

  iterateAudit(orgId: string, filter: FleetAuditFilter): AsyncGenerator<FleetEntry> {
    return iterateFleetAudit(this.db, orgId, filter);
  }

  firstActivity(orgId: string, hosts: readonly { readonly hostId: string; readonly since?: string }[], types: readonly string[], modes?: readonly string[]): Promise<string | null> {
    return firstFleetActivity(this.db, orgId, hosts, types, modes);
  }

  pruneAudit(orgId: string, before: string): Promise<number> {
    return pruneFleetAudit(this.db, this.dialect, orgId, before);
  }

  listSessions(orgId: string, f: { hostId?: string; since?: string; until?: string; limit: number; cursor?: string | null }): Promise<SessionPage> {
    return listSessions(this.db, orgId, f);
  }

  sessionCalls(orgId: string, session: string, hostId: string | undefined, limit: number): Promise<FleetEntry[]> {
    return sessionCalls(this.db, orgId, session, hostId, limit);
  }

  /** True when the database answers. */
  async ping(): Promise<boolean> {
    try {
      await sql`select 1`.execute(this.db);
      return true;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    await this.notifier.close();
    this.beforeClose();
    await this.db.destroy();
  }
}
