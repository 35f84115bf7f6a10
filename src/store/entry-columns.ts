// The columns of one audit entry, from its time to its findings: the host's own log and the
// fleet's copy of every host's log store the same entry the same way.
import type { CreateTableBuilder } from 'kysely';

export function withEntryColumns<T extends string>(table: CreateTableBuilder<T>): CreateTableBuilder<T> {
  return table
    .addColumn('time', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('host', 'text')
    .addColumn('agent', 'text')
    .addColumn('session', 'text')
    .addColumn('tool', 'text')
    .addColumn('cwd', 'text')
    .addColumn('binary', 'text')
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('arguments', 'text', (c) => c.notNull())
    .addColumn('verdict', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('severity', 'text', (c) => c.notNull())
    .addColumn('role', 'text')
    .addColumn('mode', 'text')
    .addColumn('rule', 'text')
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('latency_ms', 'double precision')
    .addColumn('findings', 'text', (c) => c.notNull());
}
