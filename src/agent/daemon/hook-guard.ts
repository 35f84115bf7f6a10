// Warden's hooks in the agent configs that install recorded: checked, and put back when they are
// gone or changed, with the install planners (so a restore writes exactly what install writes,
// backs the file up first and lands in the install record for uninstall to take back).
import type { Mode } from '../../core/vocabulary.js';
import { isWardenCommand, type InstallEnv } from '../install/agents.js';
import { applyPlan, hookCommand } from '../install/install.js';
import { readRecord, type AgentRecord } from '../install/install-record.js';
import { planAgent } from '../install/plan-agent.js';
import type { HookAgent } from '../../intercept/hooks/index.js';

export interface GuardOptions {
  readonly wardenHome: string;
  /** The command that runs Warden, for an agent whose recorded hook command cannot be read back. */
  readonly wardenCommand: string;
  readonly install: InstallEnv;
  /** The policy's mode, for the agents whose entries depend on it (Cursor's failClosed). */
  readonly mode: Mode | null;
  readonly now: Date;
}

export interface HookCheck {
  readonly agent: HookAgent;
  readonly file: string;
  /**
   * ok: every hook is there; restored: some were gone or changed and are back; conflict: a
   * different Warden hook is there (left alone); error: the file cannot be read or parsed, or the
   * restore failed.
   */
  readonly status: 'ok' | 'restored' | 'conflict' | 'error';
  /** The hook events restored. */
  readonly events: readonly string[];
  readonly message?: string;
}

/** The hook command install wrote for the agent (the Node CLI or the compiled client), from its record. */
export function recordedHookCommand(entry: AgentRecord): string | null {
  const ours = isWardenCommand(entry.agent);
  let found: string | null = null;
  const visit = (v: unknown): void => {
    if (typeof v === 'string' && ours(v)) found = v;
    else if (Array.isArray(v)) v.forEach(visit);
    else if (typeof v === 'object' && v !== null) Object.values(v).forEach(visit);
  };
  for (const change of entry.changes) {
    visit(change.added?.map((a) => a.entry));
    for (const m of (change.block ?? '').matchAll(/^command = ("(?:[^"\\]|\\.)*")$/gm)) {
      try {
        visit(JSON.parse(m[1]!));
      } catch {
        // not a string install wrote
      }
    }
  }
  return found;
}

/** Checks every recorded agent's hooks and restores what is missing. */
export function guardHooks(o: GuardOptions): HookCheck[] {
  const read = readRecord(o.wardenHome);
  if (read.kind === 'error') return [];
  let record = read.record;
  const checks: HookCheck[] = [];
  for (const entry of read.record.agents) {
    const { agent } = entry;
    const command = recordedHookCommand(entry) ?? hookCommand(o.wardenCommand, agent);
    const plan = planAgent(agent, { install: o.install, command, mode: o.mode });
    const base = { agent, file: plan.file, events: [] };
    if (plan.status === 'present') checks.push({ ...base, status: 'ok' });
    else if (plan.status === 'conflict') checks.push({ ...base, status: 'conflict', message: plan.message ?? plan.notes.join('; ') });
    else if (plan.status === 'error') checks.push({ ...base, status: 'error', message: plan.message });
    else {
      try {
        record = applyPlan(plan, { wardenHome: o.wardenHome, dryRun: false, now: o.now }, record).record;
        checks.push({ ...base, status: 'restored', events: plan.events });
      } catch (error) {
        checks.push({ ...base, status: 'error', message: `cannot restore Warden's hooks in ${plan.file}: ${(error as Error).message}` });
      }
    }
  }
  return checks;
}
