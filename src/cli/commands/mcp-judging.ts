// What `warden proxy` and `warden gateway` both open before the first message: the policy and the
// role, the engine with the rule pack and detectors, the audit log, the optional JSONL log, and the
// approval channel for calls the role asks about. Closed in the reverse order.
import { hostname } from 'node:os';
import type { Parser } from 'web-tree-sitter';
import { detectorsFor, type JudgeParts } from '../../agent/hook/local-judge.js';
import { Engine } from '../../core/engine/engine.js';
import { UsageError, WardenError } from '../../core/errors.js';
import { formatProblem } from '../../core/policy/problems.js';
import { loadRuleFiles, loadSequenceFiles } from '../../core/rules/load-rule-files.js';
import { RulePack } from '../../core/rules/rule-pack.js';
import { openApprovals, type Approvals } from '../../intercept/mcp/approvals/open-approvals.js';
import { auditRecorder } from '../../intercept/mcp/audit-recorder.js';
import { engineJudge } from '../../intercept/mcp/engine-judge.js';
import { JsonlLog } from '../../intercept/mcp/jsonl-log.js';
import { warmUp, type WarmUp } from '../../intercept/mcp/warm-up.js';
import { openHostAuditLog, type HostAuditLog } from '../../store/host-audit-log.js';
import { DeclaredToolStore, declaredToolsFile } from '../../store/mcp-tools/declared-tools.js';
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
  /**
   * Starts running synthetic calls through a throwaway session with a judge of its own, so that
   * the first real calls run compiled code (warm-up.ts); stopped by close.
   */
  warmUp(rounds?: number): void;
  /** Withdraws held calls (with `why`), then closes the logs. */
  close(why?: string): Promise<void>;
}

/**
 * The engine parses shell only for `command` events, which an MCP session never makes (it judges
 * tool calls, results and descriptions), so the bash grammar (a wasm runtime of tens of MB) is
 * not loaded. Should a command event ever reach this engine, judging it throws, and the session
 * fails closed as for any error in judging.
 */
const NO_SHELL_PARSER = new Proxy({}, {
  get() {
    throw new WardenError('NO_SHELL_PARSER', 'an MCP session does not analyse shell command lines');
  },
}) as Parser;

/**
 * A session commits one entry per call, and when no other process holds the audit log open its
 * WAL starts empty, so each commit would extend the file and its fsync also journal the new size
 * (about twice the cost of rewriting blocks the file has). The session's log is opened with its
 * WAL written out to full size (preallocateWal), and a WAL checkpointed every 1,000 pages
 * (SQLite's default, ~4 MB: ~5 ms of zeros at open) keeps that small; the store's default of
 * 10,000 pages suits bulk appends.
 */
const SESSION_WAL_PAGES = 1_000;

/** Synthetic calls a session starts with: about half a second of CPU, after which a call costs near its steady CPU. */
const WARM_UP_ROUNDS = 1_000;

/** The rule pack and the detectors' sequences, without the bash parser. */
function loadMcpJudgeParts(): JudgeParts {
  const rules = loadRuleFiles();
  const sequences = loadSequenceFiles();
  if (!rules.value || !sequences.value) {
    const problem = [...rules.errors, ...sequences.errors][0];
    throw new UsageError(`the rule pack has errors${problem ? `: ${formatProblem(problem)}` : ''}`);
  }
  return { parser: NO_SHELL_PARSER, rules: new RulePack(rules.value), sequences: sequences.value };
}

export async function openMcpJudging(o: McpJudgingOptions): Promise<McpJudging> {
  const { policy, warnings } = loadPolicyOrFail(resolvePolicyPath(o.policy));
  for (const w of warnings) o.say(`warning: ${w}`);
  if (o.role !== undefined && !policy.roles.has(o.role)) throw new UsageError(`no role named "${o.role}" in the policy (roles: ${[...policy.roles.keys()].join(', ')})`);
  let parts: JudgeParts;
  try {
    parts = loadMcpJudgeParts();
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`cannot load the rule pack: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  const engine = new Engine(policy, parts.parser, parts.rules, await detectorsFor(policy, parts));
  const host = o.host ?? hostname();
  const home = wardenHome();
  let tools: DeclaredToolStore | null = null;
  try {
    tools = DeclaredToolStore.open(declaredToolsFile(home));
  } catch (error) {
    o.say(`warning: ${declaredToolsFile(home)} cannot be opened (${error instanceof Error ? error.message : String(error)}); declared tools are kept for this run only`);
  }
  const judge = engineJudge(engine, { role: o.role, host, remember: tools ? { server: o.server, memory: tools, warn: (m) => o.say(`warning: ${m}`) } : undefined });
  const jsonl = o.log ? JsonlLog.open(o.log) : null;
  const audit = await openHostAuditLog(home, { walAutocheckpointPages: SESSION_WAL_PAGES, preallocateWal: true });
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
  let warming: Promise<WarmUp | null> | null = null;
  return {
    host,
    judge,
    recorder: auditRecorder({ server: o.server, audit: audit.log, jsonl, host }),
    jsonl,
    audit,
    approvals,
    warmUp(rounds = WARM_UP_ROUNDS) {
      warming ??= detectorsFor(policy, parts).then(
        (detectors) => warmUp({ server: o.server, judge: engineJudge(new Engine(policy, parts.parser, parts.rules, detectors), { role: o.role, host }), rounds, host }),
        () => null,
      );
    },
    async close(why) {
      const warm = await warming;
      warm?.stop();
      await warm?.done;
      approvals.close(why);
      // Calls just withdrawn record their outcome on the next turns of the event loop.
      if (why !== undefined) await new Promise((resolve) => setTimeout(resolve, 100));
      jsonl?.close();
      tools?.close();
      await audit.close();
    },
  };
}
