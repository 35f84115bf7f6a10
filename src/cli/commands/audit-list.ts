// `warden audit list`: the most recent entries of the audit log, filtered.
import type { Command } from 'commander';
import type { AuditRecord } from '../../audit/entry.js';
import { recordJson } from '../../audit/export/record-json.js';
import { styler } from '../style.js';
import { addFilterOptions, parseFilter, parseLimit, type FilterOptions } from './audit-filters.js';
import { auditHomePaths, openExistingStore, withStore } from './audit-open.js';

interface ListOptions extends FilterOptions {
  json?: boolean;
}

const DEFAULT_LIMIT = 50;
const MAX_SUBJECT = 120;

function line(r: AuditRecord, s: ReturnType<typeof styler>): string {
  const outcome = r.outcome.toUpperCase().padEnd(11);
  const coloured = r.outcome === 'blocked' || r.outcome === 'denied' ? s.red(outcome) : r.outcome === 'allowed' || r.outcome === 'approved' ? s.green(outcome) : s.yellow(outcome);
  const subject = r.subject.replace(/[\r\n\t]+/g, ' ');
  const who = [r.host, r.agent].filter(Boolean).join(' ');
  return [
    s.dim(`#${r.seq}`.padStart(8)),
    r.time.replace('T', ' ').replace(/\.\d{3}Z$/, 'Z'),
    coloured,
    r.severity.padEnd(8),
    r.type.padEnd(13),
    who,
    subject.length > MAX_SUBJECT ? `${subject.slice(0, MAX_SUBJECT - 3)}...` : subject,
    r.rule ? s.cyan(`[${r.rule}]`) : '',
  ].filter((x) => x !== '').join('  ');
}

export function registerAuditList(audit: Command): void {
  addFilterOptions(audit.command('list').description('Show the most recent audit log entries, newest first'))
    .option('--json', 'print the entries as one JSON array')
    .addHelpText('after', `
Reads $WARDEN_HOME/audit.db. Shows the ${DEFAULT_LIMIT} most recent matching entries unless --limit says otherwise.

Examples:
  warden audit list --decision blocked,held --since 24h
  warden audit list --severity high+ --agent claude-code --json
  warden audit list --type mcp_tool_call --host prod-db-1 --limit 200`)
    .action(async (o: ListOptions) => {
      const filter = parseFilter(o);
      const limit = parseLimit(o.limit, DEFAULT_LIMIT) ?? DEFAULT_LIMIT;
      const paths = auditHomePaths();
      const store = await openExistingStore(paths);
      if (!store) {
        if (o.json) console.log('[]');
        else console.log(`no audit log at ${paths.db} yet`);
        return;
      }
      await withStore(store, async () => {
        const records: AuditRecord[] = [];
        let cursor: string | null = null;
        while (records.length < limit) {
          const page: Awaited<ReturnType<typeof store.query>> = await store.query(filter, { limit: Math.min(1_000, limit - records.length), cursor });
          records.push(...page.records);
          cursor = page.nextCursor;
          if (cursor === null) break;
        }
        if (o.json) {
          console.log(JSON.stringify(records.map(recordJson), null, 2));
          return;
        }
        const s = styler();
        for (const r of records) console.log(line(r, s));
        const total = await store.count(filter);
        const shown = records.length === total ? `${total} matching entr${total === 1 ? 'y' : 'ies'}` : `${records.length} of ${total} matching entries, newest first (--limit for more)`;
        console.log(s.dim(shown));
      });
    });
}
