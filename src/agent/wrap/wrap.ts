// `warden wrap`: every local MCP server of a client rewritten to run through `warden proxy`, with a
// backup of each file touched and a record of each change for `warden unwrap`.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../../core/errors.js';
import { backupFile, readConfig, sha256, writeConfig } from '../install/config-files.js';
import { configTargets, fileTarget, type ClientEnv, type ConfigTarget, type McpClient, type Scope } from './clients.js';
import { planWrap, type FilePlan } from './plan-wrap.js';
import type { Launcher, ProxyOptions } from './proxy-argv.js';
import { readWrapRecord, withWrapChange, wrappedIn, writeWrapRecord, WRAP_RECORD_FILE, type WrapRecord } from './wrap-record.js';

export interface WrapOptions {
  readonly clients: readonly McpClient[];
  /** One file instead of the clients' usual ones (one client only). */
  readonly configFile?: string;
  readonly scope?: Scope;
  readonly launcher: Launcher;
  readonly proxy: ProxyOptions;
  readonly servers?: readonly string[];
  readonly wardenHome: string;
  readonly env: ClientEnv;
  readonly dryRun: boolean;
  readonly now: Date;
}

export interface FileWrap extends Omit<FilePlan, 'text' | 'change'> {
  readonly backup?: string;
}

export interface WrapReport {
  readonly dryRun: boolean;
  readonly record: string;
  readonly files: readonly FileWrap[];
  /** Names given with --servers that no file holds. */
  readonly unknownServers: readonly string[];
  readonly warnings: readonly string[];
}

function apply(plan: FilePlan, o: WrapOptions, record: WrapRecord): { file: FileWrap; record: WrapRecord } {
  const { text, change, ...report } = plan;
  if (plan.status !== 'change' || text === undefined || !change || o.dryRun) return { file: report, record };
  // The client may have rewritten the file since it was read (Claude Code rewrites ~/.claude.json often).
  const now = readConfig(plan.file);
  if (now.kind !== 'text' || sha256(now.text) !== change.before) {
    return { file: { ...report, status: 'error', message: `not changed: ${plan.file} changed while it was being wrapped; run wrap again` }, record };
  }
  // Recorded before the file changes, so that a file wrap changed is always one unwrap can restore;
  // a file that then cannot be written takes its change out of the record again.
  const next = withWrapChange(record, { client: plan.client, file: plan.file, format: plan.format }, { at: o.now.toISOString(), ...change });
  try {
    writeWrapRecord(o.wardenHome, next);
  } catch (error) {
    return { file: { ...report, status: 'error', message: `not changed: cannot write the wrap record in ${o.wardenHome}: ${reason(error)}` }, record };
  }
  try {
    const backup = backupFile(plan.file, join(o.wardenHome, 'backups', plan.client), o.now);
    writeConfig(plan.file, text);
    return { file: { ...report, backup }, record: next };
  } catch (error) {
    try {
      writeWrapRecord(o.wardenHome, record);
    } catch {
      // The record then names a change the file does not have: unwrap finds the entries unwrapped and says so.
    }
    return { file: { ...report, status: 'error', message: `not changed: cannot write ${plan.file}: ${reason(error)}` }, record };
  }
}

/** A file system error as a person reads it: its message without the stack. */
const reason = (error: unknown): string => (error instanceof Error ? error.message : String(error));

export function runWrap(o: WrapOptions): WrapReport {
  const existing = readWrapRecord(o.wardenHome);
  if (existing.kind === 'error') throw new UsageError(`${existing.message}; move it aside to wrap again`);
  if (o.configFile !== undefined && o.clients.length !== 1) throw new UsageError('--config names one client\'s file: give exactly one --client with it');
  const targets: ConfigTarget[] = o.configFile !== undefined ? [fileTarget(o.clients[0]!, o.configFile)] : o.clients.flatMap((c) => configTargets(c, o.env, o.scope));
  let record = existing.record;
  const files: FileWrap[] = [];
  for (const target of targets) {
    const done = apply(planWrap(target, { launcher: o.launcher, proxy: o.proxy, only: o.servers, ours: wrappedIn(record, target.file) }), o, record);
    record = done.record;
    files.push(done.file);
  }
  const seen = new Set(files.flatMap((f) => f.servers.map((s) => s.name)));
  const unknownServers = (o.servers ?? []).filter((s) => !seen.has(s));
  const warnings: string[] = [];
  if (o.proxy.policy === undefined && !existsSync(join(o.wardenHome, 'policy.yaml'))) {
    warnings.push(`there is no ${join(o.wardenHome, 'policy.yaml')}: the proxy refuses to start without a policy; install one (\`warden install\`) or wrap again with --policy FILE`);
  }
  return { dryRun: o.dryRun, record: join(o.wardenHome, WRAP_RECORD_FILE), files, unknownServers, warnings };
}
