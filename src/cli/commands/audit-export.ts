// `warden audit export`: the audit log, filtered, as csv, json, ndjson or SARIF.
import { Option, type Command } from 'commander';
import { once } from 'node:events';
import { closeSync, fsyncSync, openSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { AuditFilter, AuditStore } from '../../audit/audit-store.js';
import type { AuditRecord } from '../../audit/entry.js';
import { EXPORT_FORMATS, exportRecords, type ExportFormat, type Write } from '../../audit/export/export.js';
import { packageRoot } from '../../core/package-root.js';
import { addFilterOptions, parseFilter, parseLimit, type FilterOptions } from './audit-filters.js';
import { auditHomePaths, openExistingStore, withStore } from './audit-open.js';

interface ExportOptions extends FilterOptions {
  format: ExportFormat;
  output?: string;
}

const PAGE = 1_000;

/** Matching entries in log order; with a limit, the `limit` most recent ones. */
async function* matching(store: AuditStore | null, filter: AuditFilter, limit: number | null): AsyncIterable<AuditRecord> {
  if (!store) return;
  if (limit !== null) {
    const newest: AuditRecord[] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<AuditStore['query']>> = await store.query(filter, { limit: Math.min(PAGE, limit - newest.length), cursor });
      newest.push(...page.records);
      cursor = page.nextCursor;
    } while (cursor !== null && newest.length < limit);
    yield* newest.reverse();
    return;
  }
  let cursor: string | null = null;
  do {
    const page: Awaited<ReturnType<AuditStore['query']>> = await store.query(filter, { limit: PAGE, cursor, order: 'oldest' });
    yield* page.records;
    cursor = page.nextCursor;
  } while (cursor !== null);
}

function stdoutWriter(): Write {
  return async (chunk) => {
    if (!process.stdout.write(chunk)) await once(process.stdout, 'drain');
  };
}

function toolVersion(): string | undefined {
  try {
    return (JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version?: string }).version;
  } catch {
    return undefined;
  }
}

export function registerAuditExport(audit: Command): void {
  addFilterOptions(audit.command('export').description('Write the audit log out as csv, json, ndjson or SARIF'))
    .addOption(new Option('-f, --format <format>', 'output format').choices(EXPORT_FORMATS).makeOptionMandatory())
    .option('-o, --output <file>', 'write to this file (created 0600) instead of standard output')
    .addHelpText('after', `
Entries are written oldest first. SARIF 2.1.0 holds one run whose results are the entries that were
blocked, would have been blocked (monitor mode), held for approval, denied, or flagged.

Examples:
  warden audit export --format ndjson --since 7d > last-week.ndjson
  warden audit export --format sarif --severity high+ --output warden.sarif
  warden audit export --format csv --decision blocked --host prod-db-1`)
    .action(async (o: ExportOptions) => {
      const filter = parseFilter(o);
      const limit = parseLimit(o.limit, null);
      const store = await openExistingStore(auditHomePaths());
      const run = async (): Promise<void> => {
        if (o.output === undefined) {
          await exportRecords(o.format, matching(store, filter, limit), stdoutWriter(), { toolVersion: toolVersion() });
          return;
        }
        const fd = openSync(o.output, 'w', 0o600);
        let buffered = '';
        const write: Write = (chunk) => {
          buffered += chunk;
          if (buffered.length >= 1 << 16) { writeSync(fd, buffered); buffered = ''; }
        };
        try {
          await exportRecords(o.format, matching(store, filter, limit), write, { toolVersion: toolVersion() });
          writeSync(fd, buffered);
          fsyncSync(fd);
        } finally {
          closeSync(fd);
        }
      };
      if (store) await withStore(store, run);
      else await run();
    });
}
