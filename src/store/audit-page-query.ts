// Filtered pages and counts. Written once for every dialect, and shaped so that each statement
// has one obviously best plan, whatever the planner knows about the data:
// - a time range becomes a range of sequence numbers (entries are stored in time order), found
//   with two seeks on the time index, so pages never sort by time;
// - a criterion with several values is split into one query per combination of values, each
//   an equality that an index (value, seq) answers in page order; the pages are merged here.
//   An IN list would make the planner sort every match to find the first few.
import { sql, type Kysely, type SelectQueryBuilder } from 'kysely';
import type { AuditFilter, AuditPage, PageRequest } from '../audit/audit-store.js';
import { UsageError } from '../core/errors.js';
import { recordOf, type EntryRow } from './audit-rows.js';
import { COMMON_VALUE, FILTER_COLUMNS } from './migrations.js';
import type { StoreDatabase } from './schema.js';

type Db = Kysely<StoreDatabase>;
type EntryQuery<O> = SelectQueryBuilder<StoreDatabase, 'audit_entries', O>;
type Column = (typeof FILTER_COLUMNS)[number];
type Criteria = Partial<Record<Column, readonly string[]>>;

/** The largest page a query returns, whatever is asked. */
export const MAX_PAGE = 10_000;
/** Past this many combinations of values, the remaining criteria stay IN lists. */
const MAX_BRANCHES = 64;

interface SeqRange {
  /** Lowest seq included, if bounded. */
  readonly from?: number;
  /** Lowest seq excluded, if bounded. */
  readonly before?: number;
}

const criteriaOf = (f: AuditFilter): Criteria => ({
  outcome: f.outcomes,
  severity: f.severities,
  type: f.types,
  host: f.hosts,
  agent: f.agents,
  binary: f.binaries,
});

/** The first entry recorded at or after `time`, by the (time, seq) index. */
async function firstSeqAtOrAfter(db: Db, time: string): Promise<number | null> {
  const row = await db.selectFrom('audit_entries').select('seq').where('time', '>=', time).orderBy('time').orderBy('seq').limit(1).executeTakeFirst();
  return row ? Number(row.seq) : null;
}

/** The filter's time range as a seq range; null when no entry can match. */
async function seqRange(db: Db, f: AuditFilter): Promise<SeqRange | null> {
  let from: number | undefined;
  let before: number | undefined;
  if (f.since !== undefined) {
    const s = await firstSeqAtOrAfter(db, f.since);
    if (s === null) return null;
    from = s;
  }
  if (f.until !== undefined) {
    const s = await firstSeqAtOrAfter(db, f.until);
    if (s !== null) before = s;
  }
  if (from !== undefined && before !== undefined && from >= before) return null;
  return { from, before };
}

/** `column = value` or `column IN (...)`, saying outright when the common value is excluded so the partial index applies. */
function matching<O>(q: EntryQuery<O>, column: Column, values: readonly string[]): EntryQuery<O> {
  q = values.length === 1 ? q.where(column, '=', values[0]!) : q.where(column, 'in', [...values]);
  const common = (COMMON_VALUE as Partial<Record<Column, string>>)[column];
  return common !== undefined && !values.includes(common) ? q.where(column, '<>', common) : q;
}

function constrained<O>(q: EntryQuery<O>, criteria: Criteria, range: SeqRange): EntryQuery<O> {
  for (const column of FILTER_COLUMNS) {
    const values = criteria[column];
    if (values && values.length) q = matching(q, column, values);
  }
  if (range.from !== undefined) q = q.where('seq', '>=', range.from);
  if (range.before !== undefined) q = q.where('seq', '<', range.before);
  return q;
}

/** Every combination of single values, as long as there are not too many; the rest stay lists. */
export function branches(criteria: Criteria): Criteria[] {
  let out: Criteria[] = [{ ...criteria }];
  for (const column of FILTER_COLUMNS) {
    const values = criteria[column];
    if (!values || values.length < 2 || out.length * values.length > MAX_BRANCHES) continue;
    out = out.flatMap((b) => values.map((v) => ({ ...b, [column]: [v] })));
  }
  return out;
}

function cursorSeq(cursor: string): number {
  const n = /^[1-9][0-9]{0,15}$/.test(cursor) ? Number(cursor) : Number.NaN;
  if (!Number.isSafeInteger(n)) throw new UsageError(`not a page cursor: ${JSON.stringify(cursor)}`);
  return n;
}

export async function queryPage(db: Db, filter: AuditFilter, page: PageRequest): Promise<AuditPage> {
  const limit = Math.min(MAX_PAGE, Math.max(1, Math.floor(page.limit)));
  const newest = page.order !== 'oldest';
  const cursor = page.cursor ? cursorSeq(page.cursor) : undefined;
  let range = await seqRange(db, filter);
  if (range === null) return { records: [], nextCursor: null };
  if (cursor !== undefined) range = newest ? { ...range, before: Math.min(range.before ?? Infinity, cursor) } : { ...range, from: Math.max(range.from ?? 0, cursor + 1) };
  const parts = await Promise.all(
    branches(criteriaOf(filter)).map((criteria) =>
      constrained(db.selectFrom('audit_entries').selectAll(), criteria, range).orderBy('seq', newest ? 'desc' : 'asc').limit(limit + 1).execute(),
    ),
  );
  const rows: EntryRow[] = parts.length === 1 ? parts[0]! : parts.flat().sort((a, b) => (newest ? Number(b.seq) - Number(a.seq) : Number(a.seq) - Number(b.seq)));
  const records = rows.slice(0, limit).map(recordOf);
  return { records, nextCursor: rows.length > limit ? String(records[records.length - 1]!.seq) : null };
}

export async function countEntries(db: Db, filter: AuditFilter = {}): Promise<number> {
  const range = await seqRange(db, filter);
  if (range === null) return 0;
  const row = await constrained(db.selectFrom('audit_entries').select(sql<number | string>`count(*)`.as('n')), criteriaOf(filter), range).executeTakeFirst();
  return Number(row?.n ?? 0);
}
