// `warden approvals`: the calls held for a person (the ask verdict) by `warden gateway` and
// `warden proxy`, from any shell on this host. The holder waits for the decision written here.
import { hostname, userInfo } from 'node:os';
import type { Command } from 'commander';
import { UsageError } from '../../core/errors.js';
import { APPROVAL_STATUSES, ApprovalError, ApprovalQueue, approvalsFile, type ApprovalStatus, type HeldCallRow } from '../../store/approvals/approval-queue.js';
import { wardenHome } from '../warden-home.js';

const who = (): string => {
  let user = process.env.USER ?? 'unknown';
  try {
    user = userInfo().username;
  } catch {
    // No passwd entry: keep $USER.
  }
  return `${user}@${hostname()}`;
};

function withQueue<T>(fn: (q: ApprovalQueue) => T): T {
  const q = ApprovalQueue.open(approvalsFile(wardenHome()));
  try {
    return fn(q);
  } finally {
    q.close();
  }
}

/** A pending row past its expiry: its holder is gone (it would have rejected it). */
const stale = (r: HeldCallRow, now: number): boolean => r.status === 'pending' && Date.parse(r.expiresAt) + 5_000 < now;

function line(r: HeldCallRow, now: number): string {
  const state = stale(r, now) ? 'stale (its holder stopped)' : r.status === 'pending' ? `pending until ${r.expiresAt}` : `${r.status}${r.decidedBy ? ` by ${r.decidedBy}` : ''} at ${r.decidedAt ?? '?'}`;
  const args = JSON.stringify(r.arguments);
  return [
    `${r.id}  ${r.subject}  ${state}`,
    `    held at ${r.createdAt} by ${r.holder}${r.session ? `, session ${r.session}` : ''}`,
    `    why: ${r.reason}${r.rule ? ` (rule ${r.rule}, ${r.severity})` : ''}`,
    `    arguments: ${args.length > 300 ? `${args.slice(0, 300)}…` : args}`,
    ...(r.note && r.status !== 'pending' ? [`    note: ${r.note}`] : []),
  ].join('\n');
}

function decide(id: string, status: 'approved' | 'rejected', reason: string | undefined, json: boolean | undefined): void {
  const now = Date.now();
  const row = withQueue((q) => {
    const before = q.get(id);
    if (!before) throw new UsageError(`no held call with id ${id} (see warden approvals list)`);
    if (stale(before, now)) throw new UsageError(`${id} expired at ${before.expiresAt} and its holder is gone; nothing is waiting for it`);
    try {
      return q.decide(id, status, who(), reason ?? null);
    } catch (error) {
      if (error instanceof ApprovalError) throw new UsageError(error.message, { cause: error });
      throw error;
    }
  });
  if (json) console.log(JSON.stringify(row));
  else console.log(`${status} ${row.id} (${row.subject}) as ${row.decidedBy}; ${status === 'approved' ? 'the call goes on to the server' : 'the client gets an error'}`);
}

export function registerApprovals(program: Command): void {
  const cmd = program
    .command('approvals')
    .description('List, approve or reject the MCP tool calls held for a person (the ask verdict)')
    .addHelpText('after', `
Calls are held by warden gateway and warden proxy when the role says ask. Each waits until it is
approved or rejected here, or until the holder's approval timeout rejects it. Decisions record
who made them (user@host) and when; the holder writes them to the audit log.`);

  cmd.command('list')
    .description('Show held calls (pending ones unless --status or --all)')
    .option('--status <status>', `only calls in this state (${APPROVAL_STATUSES.join(', ')})`)
    .option('--all', 'every state, newest first')
    .option('--limit <n>', 'at most this many', '100')
    .option('--json', 'print a JSON array')
    .action((o: { status?: string; all?: boolean; limit: string; json?: boolean }) => {
      if (o.status !== undefined && !(APPROVAL_STATUSES as readonly string[]).includes(o.status)) throw new UsageError(`--status wants one of ${APPROVAL_STATUSES.join(', ')} (got "${o.status}")`);
      const limit = Number(o.limit);
      if (!Number.isInteger(limit) || limit < 1) throw new UsageError(`--limit wants a positive whole number (got "${o.limit}")`);
      const status = o.all ? undefined : ((o.status ?? 'pending') as ApprovalStatus);
      const rows = withQueue((q) => q.list({ status, limit }));
      const now = Date.now();
      if (o.json) {
        console.log(JSON.stringify(rows.map((r) => ({ ...r, stale: stale(r, now) }))));
        return;
      }
      if (rows.length === 0) {
        console.log(status === 'pending' ? 'No calls are waiting for approval.' : 'No held calls match.');
        return;
      }
      console.log(rows.map((r) => line(r, now)).join('\n'));
    });

  cmd.command('approve')
    .description('Let a held call go on to the server')
    .argument('<id>', 'the id from warden approvals list')
    .option('--reason <text>', 'why (recorded with the decision)')
    .option('--json', 'print the decided call as JSON')
    .action((id: string, o: { reason?: string; json?: boolean }) => decide(id, 'approved', o.reason, o.json));

  cmd.command('reject')
    .description('Refuse a held call: the client gets JSON-RPC error -32600 with the reason')
    .argument('<id>', 'the id from warden approvals list')
    .option('--reason <text>', 'why (recorded, and shown to the client)')
    .option('--json', 'print the decided call as JSON')
    .action((id: string, o: { reason?: string; json?: boolean }) => decide(id, 'rejected', o.reason, o.json));
}
