// The audit store's migrations by name, and the table Kysely's migrator records them in, without
// Kysely: a process that only appends checks its schema is current against this list and loads
// Kysely only when it is not. audit-migration-names.test.ts keeps the list equal to migrations().
export const AUDIT_MIGRATIONS_TABLE = 'warden_migrations';
export const AUDIT_MIGRATION_NAMES: readonly string[] = ['0001_audit_log', '0002_audit_requests', '0003_audit_optional_columns'];
