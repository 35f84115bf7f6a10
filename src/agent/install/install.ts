// `warden install`: the policy into WARDEN_HOME, Warden's hooks into each agent's user config,
// a backup of every file touched, and a record of each change for `warden uninstall`.
import { join } from 'node:path';
import { UsageError } from '../../core/errors.js';
import type { HookAgent } from '../../intercept/hooks/index.js';
import type { InstallEnv } from './agents.js';
import { backupFile, writeConfig } from './config-files.js';
import { installPolicy, type PolicyInstall } from './install-policy.js';
import { readRecord, withChange, writeRecord, RECORD_FILE, type InstallRecord } from './install-record.js';
import { planAgent, type AgentPlan } from './plan-agent.js';

export interface InstallOptions {
  readonly agents: readonly HookAgent[];
  /** The command that runs Warden, without `hook <agent>`: absolute, so agents find it whatever their PATH. */
  readonly wardenCommand: string;
  /** The compiled hook client (absolute, shell-quoted), when there is one: agents then run `<hookClient> <agent>`. */
  readonly hookClient?: string;
  readonly wardenHome: string;
  readonly install: InstallEnv;
  /** A policy file to install instead of the starter policy. */
  readonly policyFile?: string;
  /** Replace an existing policy.yaml. */
  readonly force: boolean;
  readonly dryRun: boolean;
  readonly now: Date;
}

export interface AgentInstall extends Omit<AgentPlan, 'text' | 'change' | 'createdDirs'> {
  readonly backup?: string;
}

export interface InstallReport {
  readonly dryRun: boolean;
  readonly wardenHome: string;
  readonly policy: PolicyInstall;
  readonly agents: readonly AgentInstall[];
  readonly record: string;
}

export const hookCommand = (wardenCommand: string, agent: HookAgent, hookClient?: string): string =>
  hookClient ? `${hookClient} ${agent}` : `${wardenCommand} hook ${agent}`;

/** Writes a plan's file (backed up first) and records the change; a dry run or a plan with nothing to add writes nothing. */
export function applyPlan(plan: AgentPlan, o: Pick<InstallOptions, 'wardenHome' | 'dryRun' | 'now'>, record: InstallRecord): { report: AgentInstall; record: InstallRecord } {
  const { text, change, createdDirs, ...report } = plan;
  if (plan.status !== 'add' || text === undefined || !change || o.dryRun) return { report, record };
  const backup = plan.createdFile ? undefined : backupFile(plan.file, join(o.wardenHome, 'backups', plan.agent), o.now);
  writeConfig(plan.file, text);
  const entry = { agent: plan.agent, file: plan.file, format: plan.format, createdFile: plan.createdFile, createdDirs };
  const next = withChange(record, entry, { at: o.now.toISOString(), ...change });
  // Recorded after each file, so an interrupted install can still be undone.
  writeRecord(o.wardenHome, next);
  return { report: backup ? { ...report, backup } : report, record: next };
}

export function runInstall(o: InstallOptions): InstallReport {
  const existing = readRecord(o.wardenHome);
  if (existing.kind === 'error') throw new UsageError(`${existing.message}; move it aside to install again`);
  const policy = installPolicy({ wardenHome: o.wardenHome, file: o.policyFile, force: o.force, dryRun: o.dryRun, now: o.now });
  let record = existing.record;
  const agents: AgentInstall[] = [];
  for (const agent of o.agents) {
    const plan = planAgent(agent, { install: o.install, command: hookCommand(o.wardenCommand, agent, o.hookClient), mode: policy.mode });
    const done = applyPlan(plan, o, record);
    record = done.record;
    agents.push(done.report);
  }
  return { dryRun: o.dryRun, wardenHome: o.wardenHome, policy, agents, record: join(o.wardenHome, RECORD_FILE) };
}
