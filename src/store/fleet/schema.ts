// The fleet tables of the control plane, as Kysely sees them. Types only.
// Times are UTC ISO 8601 text (sorts and reads back exactly in every dialect); flags are 0/1
// integers; JSON members are text.
import type { ColumnType, Generated } from 'kysely';
import type { AuditEntriesTable } from '../schema.js';

/** PostgreSQL hands bigints back as strings; rows are mapped with Number(). */
type BigInt = ColumnType<number | string, number, number>;

export interface OrgsTable {
  id: string;
  name: string;
  retention_days: number;
  created_at: string;
  /** AdvisorSettings as JSON; null means the defaults. */
  advisor: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface UsersTable {
  id: string;
  org_id: string;
  /** Lower case; unique across orgs, since login asks for the email only. */
  email: string;
  /** `scrypt$N$r$p$salt$hash`, salt and hash base64. */
  password_hash: string;
  role: string;
  created_at: string;
}

export interface LoginSessionsTable {
  /** SHA-256 of the session token: a database dump holds no usable session. */
  id: string;
  user_id: string;
  org_id: string;
  csrf_token: string;
  created_at: string;
  expires_at: string;
}

export interface RolesTable {
  id: string;
  org_id: string;
  name: string;
  description: string;
  mode: string;
  is_default: number;
  /** JSON: the policy role's rules and settings (on_unresolved, commands, mcp, files, web, defaults, detection). */
  spec: string;
  /** JSON: the detectors.risk section, or null. */
  risk: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface HostsTable {
  id: string;
  org_id: string;
  hostname: string;
  role_id: string | null;
  /** When the host was put under its current role (role_id, or the org default when null); null only before migration 0007 ran. */
  role_assigned_at: ColumnType<string | null, string | undefined, string>;
  /** SHA-256 of the host token. */
  token_hash: string;
  /** The host's Ed25519 audit key (SPKI PEM), pinned at enrollment. */
  public_key: string;
  key_id: string;
  os: string | null;
  agent_version: string | null;
  enrolled_at: string;
  last_seen_at: string | null;
  /** Highest contiguous audit seq stored, and that entry's hash (or the anchor's). */
  last_seq: BigInt;
  last_hash: string | null;
  integrity: string;
}

export interface EnrollmentTokensTable {
  id: string;
  org_id: string;
  token_hash: string;
  role_id: string | null;
  created_by: string | null;
  created_at: string;
  expires_at: string;
  revoked_at: string | null;
  uses: number;
}

export interface VariablesTable {
  id: string;
  org_id: string;
  name: string;
  builtin: number;
  /** JSON: [{value, patterns}]. */
  values_json: string;
  updated_at: string;
}

/** A host's audit entry as the server holds it: the host's columns, under the org and host it came from. */
export interface FleetAuditTable extends Omit<AuditEntriesTable, 'seq'> {
  id: Generated<BigInt>;
  org_id: string;
  host_id: string;
  seq: BigInt;
}

export interface HostCheckpointsTable {
  host_id: string;
  kind: string;
  seq: BigInt;
  hash: string;
  time: string;
  key_id: string;
  signature: string;
}

export interface AlertsTable {
  id: string;
  org_id: string;
  kind: string;
  severity: string;
  title: string;
  detail: string;
  status: string;
  host_id: string | null;
  audit_id: string | null;
  /** One alert per key and org (an integrity break at one seq is raised once). */
  dedupe_key: string | null;
  created_at: string;
  updated_at: string;
  resolved_at: string | null;
  updated_by: string | null;
}

export interface ApprovalsTable {
  id: string;
  org_id: string;
  name: string;
  /** '' when the host did not say. */
  version: string;
  type: string;
  host_id: string | null;
  findings: string;
  status: string;
  detected_at: string;
  decided_at: string | null;
  decided_by: string | null;
}

export interface LoginFailuresTable {
  /** Client address and email, hashed: `sha256(address|email)`. */
  key: string;
  at: string;
}

export interface RoleSuggestionsTable {
  id: string;
  org_id: string;
  role_id: string;
  created_at: string;
  /** pending | applied | discarded */
  status: string;
  /** The proposed changes, JSON. */
  changes: string;
  /** Indexes of the changes applied, JSON; null until applied. */
  applied: string | null;
  window_since: string;
  window_until: string;
  host_count: number;
  event_count: number;
  decided_at: string | null;
  decided_by: string | null;
  /** manual (an admin asked) | scheduled (the org's analysis schedule). */
  origin: Generated<string>;
}

/** The Policy Advisor's scheduled analysis of one org: when it last ran, and which server holds it now. */
export interface AdvisorRunsTable {
  org_id: string;
  last_started_at: string | null;
  last_finished_at: string | null;
  /** The replica running the analysis now, and until when its claim holds (a crashed replica's claim runs out). */
  claimed_by: string | null;
  claimed_until: string | null;
  /** What the last finished run did, JSON. */
  last_result: string | null;
}

/** One agent session on one host, summarised as its entries are stored (see session-summary.ts). */
export interface FleetSessionsTable {
  org_id: string;
  host_id: string;
  session: string;
  /** The greatest agent name among the session's entries. */
  agent: string | null;
  first_time: string;
  last_time: string;
  calls: number;
  blocked: number;
  would_block: number;
}

export interface FleetDatabase {
  fleet_sessions: FleetSessionsTable;
  role_suggestions: RoleSuggestionsTable;
  advisor_runs: AdvisorRunsTable;
  login_failures: LoginFailuresTable;
  orgs: OrgsTable;
  users: UsersTable;
  login_sessions: LoginSessionsTable;
  roles: RolesTable;
  hosts: HostsTable;
  enrollment_tokens: EnrollmentTokensTable;
  variables: VariablesTable;
  fleet_audit: FleetAuditTable;
  host_checkpoints: HostCheckpointsTable;
  alerts: AlertsTable;
  approvals: ApprovalsTable;
}
