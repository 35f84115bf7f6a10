// The reads every audit store dialect answers the same way, through Kysely; dialects add writes.
import type { Kysely } from 'kysely';
import type { AuditFilter, AuditPage, PageRequest } from '../audit/audit-store.js';
import type { SignedCheckpoint } from '../audit/checkpoint.js';
import type { AuditRecord } from '../audit/entry.js';
import { countEntries, queryPage } from './audit-page-query.js';
import { allCheckpoints, lastCheckpoint, lastEntry, readRange } from './audit-reads.js';
import type { StoreDatabase } from './schema.js';

export abstract class KyselyAuditReads {
  protected constructor(protected readonly db: Kysely<StoreDatabase>) {}

  last(): Promise<AuditRecord | null> {
    return lastEntry(this.db);
  }

  readRange(fromSeq: number, limit: number): Promise<AuditRecord[]> {
    return readRange(this.db, fromSeq, limit);
  }

  query(filter: AuditFilter, page: PageRequest): Promise<AuditPage> {
    return queryPage(this.db, filter, page);
  }

  async requestRecords(id: string): Promise<AuditRecord[] | null> {
    const mark = await this.db.selectFrom('audit_requests').select(['seq', 'count']).where('request_id', '=', id).executeTakeFirst();
    if (!mark) return null;
    const records = await readRange(this.db, Number(mark.seq), Number(mark.count));
    return records.filter((r) => r.seq < Number(mark.seq) + Number(mark.count));
  }

  count(filter?: AuditFilter): Promise<number> {
    return countEntries(this.db, filter);
  }

  checkpoints(): Promise<SignedCheckpoint[]> {
    return allCheckpoints(this.db);
  }

  lastCheckpoint(): Promise<SignedCheckpoint | null> {
    return lastCheckpoint(this.db);
  }
}
