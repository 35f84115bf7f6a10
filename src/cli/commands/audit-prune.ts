// `warden audit prune`: deletes old entries, leaving a signed anchor so the rest still verifies. On a
// host enrolled in a control plane, entries the server has not received are kept (the upload
// cursor says where its copy ends) unless --force says otherwise, loudly.
import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { AuditLog } from '../../audit/audit-log.js';
import type { AuditStore } from '../../audit/audit-store.js';
import { checkpointCopyFile } from '../../audit/checkpoint-copy.js';
import { loadOrCreateHostKey } from '../../audit/host-key.js';
import { UsageError } from '../../core/errors.js';
import { readUploadCursor } from '../../agent/sync/audit-uploader.js';
import { readServerLink } from '../../agent/sync/server-link.js';
import { wardenHome } from '../warden-home.js';
import { parseDuration } from './audit-filters.js';
import { auditHomePaths, openExistingStore, withStore } from './audit-open.js';

const DAY_MS = 86_400_000;

interface PruneOptions {
  olderThan: string;
  force?: boolean;
  json?: boolean;
}

/** The control plane this host uploads to, and how far its copy of the log goes. */
interface Upload {
  readonly server: string;
  /** The last entry the server holds; null when it is not known (nothing uploaded yet, or the link unreadable). */
  readonly uploadedThrough: number | null;
}

function uploadOf(home: string): Upload | null {
  let link;
  try {
    link = readServerLink(home);
  } catch (error) {
    // agent.yaml is there but unreadable: enrolled in something; nothing is known to be uploaded.
    return { server: `(unreadable agent.yaml: ${(error as Error).message})`, uploadedThrough: null };
  }
  if (!link) return null;
  return { server: link.url, uploadedThrough: readUploadCursor(home, link.url, link.hostId)?.stored ?? null };
}

const entries = (n: number): string => `${n.toLocaleString('en-US')} ${n === 1 ? 'entry' : 'entries'}`;

export function registerAuditPrune(audit: Command): void {
  audit
    .command('prune')
    .description('Delete audit log entries older than a given age')
    .requiredOption('--older-than <age>', 'age of the entries to delete: 90d, 12w, 48h')
    .option('--force', 'on a host enrolled in a control plane, delete old entries it has not received yet too (they are lost to it)')
    .option('--json', 'print what was pruned and kept as one JSON object')
    .addHelpText('after', `
The hash of the last entry deleted is kept as an anchor signed by the host key, so the entries
kept still verify (warden audit verify).

On a host enrolled in a control plane (warden install --server), entries the control plane has
not received yet are kept, however old: the daemon uploads them first. --force deletes them as
well; the control plane then never gets them, and its copy of this host's log stops at the gap.

Example:
  warden audit prune --older-than 90d`)
    .action(async (o: PruneOptions) => {
      const ms = parseDuration(o.olderThan);
      if (ms === null) throw new UsageError(`--older-than wants an age such as 90d, 12w or 48h, not "${o.olderThan}"`);
      const paths = auditHomePaths();
      const upload = uploadOf(wardenHome());
      const store = await openExistingStore(paths);
      if (!store) {
        if (o.json) console.log(JSON.stringify({ pruned: 0, anchorSeq: null, olderThan: o.olderThan, enrolled: upload !== null, server: upload?.server ?? null, uploadedThrough: upload?.uploadedThrough ?? null, keptNotUploaded: 0, deletedNotUploaded: 0, forced: Boolean(o.force) }));
        else console.log(`no audit log at ${paths.db}: nothing to prune`);
        return;
      }
      await withStore(store, async () => {
        if (!existsSync(paths.privateKey)) throw new UsageError(`no signing key at ${paths.privateKey}: the anchor of a prune must be signed by the key that signed the log`);
        const log = await AuditLog.open(store, loadOrCreateHostKey(paths.keysDir), { checkpointCopy: checkpointCopyFile(paths.checkpointCopy), checkpointIntervalMs: 0 });
        try {
          await prune(log, store, ms, upload, o);
        } finally {
          await log.close();
        }
      });
    });
}

async function prune(log: AuditLog, store: AuditStore, ms: number, upload: Upload | null, o: PruneOptions): Promise<void> {
  const days = ms / DAY_MS;
  const before = new Date(Date.now() - ms).toISOString();
  // First what the control plane has (everything, when there is none), then what it lacks only with --force.
  const first = await log.prune(days, upload ? (upload.uploadedThrough ?? 0) : undefined);
  let pruned = first.pruned;
  let anchor = first.anchor;
  let kept = upload ? await store.count({ until: before }) : 0;
  let deletedNotUploaded = 0;
  const holds = upload ? (upload.uploadedThrough === null ? `${upload.server} has received none of this host's log as far as is known here` : `${upload.server} holds entries up to ${upload.uploadedThrough}`) : '';
  if (upload && kept > 0 && o.force) {
    console.error(`WARNING: --force: deleting ${entries(kept)} older than ${o.olderThan} that the control plane has not received (${holds}). They are lost to it for good, and its copy of this host's log cannot continue past the gap.`);
    const second = await log.prune(days);
    pruned += second.pruned;
    anchor = second.anchor ?? anchor;
    deletedNotUploaded = second.pruned;
    kept = 0;
  }
  if (o.json) {
    console.log(JSON.stringify({ pruned, anchorSeq: anchor?.seq ?? null, olderThan: o.olderThan, enrolled: upload !== null, server: upload?.server ?? null, uploadedThrough: upload?.uploadedThrough ?? null, keptNotUploaded: kept, deletedNotUploaded, forced: Boolean(o.force) }));
    return;
  }
  const lines = [anchor && pruned > 0 ? `pruned ${entries(pruned)} older than ${o.olderThan} (up to entry ${anchor.seq}); the rest chains from a signed anchor` : `no entries older than ${o.olderThan}${kept > 0 ? ' pruned' : ''}`];
  if (kept > 0) lines.push(`kept ${entries(kept)} older than ${o.olderThan} not yet uploaded to the control plane (${holds}); they are pruned once uploaded (--force deletes them now)`);
  console.log(lines.join('\n'));
}
