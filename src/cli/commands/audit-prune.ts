// `warden audit prune`: deletes old entries, leaving a signed anchor so the rest still verifies.
import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { AuditLog } from '../../audit/audit-log.js';
import { checkpointCopyFile } from '../../audit/checkpoint-copy.js';
import { loadOrCreateHostKey } from '../../audit/host-key.js';
import { UsageError } from '../../core/errors.js';
import { parseDuration } from './audit-filters.js';
import { auditHomePaths, openExistingStore, withStore } from './audit-open.js';

const DAY_MS = 86_400_000;

export function registerAuditPrune(audit: Command): void {
  audit
    .command('prune')
    .description('Delete audit log entries older than a given age')
    .requiredOption('--older-than <age>', 'age of the entries to delete: 90d, 12w, 48h')
    .addHelpText('after', `
The hash of the last entry deleted is kept as an anchor signed by the host key, so the entries
kept still verify (warden audit verify).

Example:
  warden audit prune --older-than 90d`)
    .action(async (o: { olderThan: string }) => {
      const ms = parseDuration(o.olderThan);
      if (ms === null) throw new UsageError(`--older-than wants an age such as 90d, 12w or 48h, not "${o.olderThan}"`);
      const paths = auditHomePaths();
      const store = await openExistingStore(paths);
      if (!store) {
        console.log(`no audit log at ${paths.db}: nothing to prune`);
        return;
      }
      await withStore(store, async () => {
        if (!existsSync(paths.privateKey)) throw new UsageError(`no signing key at ${paths.privateKey}: the anchor of a prune must be signed by the key that signed the log`);
        const log = await AuditLog.open(store, loadOrCreateHostKey(paths.keysDir), { checkpointCopy: checkpointCopyFile(paths.checkpointCopy), checkpointIntervalMs: 0 });
        try {
          const { pruned, anchor } = await log.prune(ms / DAY_MS);
          console.log(anchor ? `pruned ${pruned.toLocaleString('en-US')} entries older than ${o.olderThan} (up to entry ${anchor.seq}); the rest chains from a signed anchor` : `no entries older than ${o.olderThan}`);
        } finally {
          await log.close();
        }
      });
    });
}
