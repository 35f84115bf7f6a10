// What `warden proxy` and `warden gateway` both open before the first message: the policy and the
// role, the engine with the rule pack and detectors, the audit log, the optional JSONL log, and the
// approval channel for calls the role asks about. Closed in the reverse order.
import { hostname } from 'node:os';
import { detectorsFor, loadJudgeParts } from '../../agent/hook/local-judge.js';
import { Engine } from '../../core/engine/engine.js';
import { UsageError } from '../../core/errors.js';
import { openApprovals, type Approvals } from '../../intercept/mcp/approvals/open-approvals.js';
import { auditRecorder } from '../../intercept/mcp/audit-recorder.js';
import { engineJudge } from '../../intercept/mcp/engine-judge.js';
import { JsonlLog } from '../../intercept/mcp/jsonl-log.js';
import { openHostAuditLog, type HostAuditLog } from '../../store/host-audit-log.js';
import { loadPolicyOrFail, resolvePolicyPath } from '../policy-file.js';
import { wardenHome } from '../warden-home.js';

export interface McpJudgingOptions {
  /** The server name in rules (server/tool). */
  readonly server: string;
  readonly policy?: string;
  readonly role?: string;
  readonly host?: string;
  readonly log?: string;
  /** Who holds calls, as `warden approvals list` shows it. */
  readonly holder: string;
  readonly approvalTimeoutMs: number;
  readonly say: (text: string) => void;
}

export interface McpJudging {
  readonly host: string;
  readonly judge: ReturnType<typeof engineJudge>;
  readonly recorder: ReturnType<typeof auditRecorder>;
  readonly jsonl: JsonlLog | null;
  readonly audit: HostAuditLog;
  readonly approvals: Approvals;
  /** Withdraws held calls (with `why`), then closes the logs. */
  close(why?: string): Promise<void>;
}

export async function openMcpJudging(o: McpJudgingOptions): Promise<McpJudging> {
  const { policy, warnings } = loadPolicyOrFail(resolvePolicyPath(o.policy));
  for (const w of warnings) o.say(`warning: ${w}`);
  if (o.role !== undefined && !policy.roles.has(o.role)) throw new UsageError(`no role named "${o.role}" in the policy (roles: ${[...policy.roles.keys()].join(', ')})`);
  const parts = await loadJudgeParts();
  if (parts.kind === 'error') throw new UsageError(parts.message);
  const engine = new Engine(policy, parts.parts.parser, parts.parts.rules, await detectorsFor(policy, parts.parts));
  const host = o.host ?? hostname();
  const judge = engineJudge(engine, { role: o.role, host });
  const jsonl = o.log ? JsonlLog.open(o.log) : null;
  const home = wardenHome();
  const audit = await openHostAuditLog(home);
  const approvals = openApprovals(home, {
    holder: o.holder,
    timeoutMs: o.approvalTimeoutMs,
    warn: o.say,
    onHeld: (row) => o.say(`held ${row.subject} for approval ${row.id} (${row.reason}); decide with: warden approvals approve ${row.id}  |  warden approvals reject ${row.id}`),
    onSettled: (row) => {
      o.say(`${row.id} ${row.subject}: ${row.status}${row.decidedBy ? ` by ${row.decidedBy}` : ''}${row.note ? ` (${row.note})` : ''}`);
      jsonl?.write({ ts: new Date().toISOString(), type: 'approval', id: row.id, server: o.server, subject: row.subject, status: row.status, decided_by: row.decidedBy, decided_at: row.decidedAt, note: row.note, held_at: row.createdAt });
    },
  });
  return {
    host,
    judge,
    recorder: auditRecorder({ server: o.server, audit: audit.log, jsonl, host }),
    jsonl,
    audit,
    approvals,
    async close(why) {
      approvals.close(why);
      // Calls just withdrawn record their outcome on the next turns of the event loop.
      if (why !== undefined) await new Promise((resolve) => setTimeout(resolve, 100));
      jsonl?.close();
      await audit.close();
    },
  };
}
